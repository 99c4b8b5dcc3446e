"""One motion as the sentences a reader sees (plain text: the templates escape all of it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from petition.core.model import NATURES, Motion
from petition.core.referential import TYPE_LABELS
from petition.core.vintages import dated_name
from petition.site.context import Site
from petition.site.layout import Entry, md_link
from petition.text.french import NBSP, date_long, enumerate_fr, plural

DOCUMENTS_SITE_DIR = "documents"
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:h.]([0-5]\d)\Z")


@dataclass
class Source:
    label: str
    url: str | None = None  # an http(s) address as written (the template makes it safe)
    document: str | None = None  # a Markdown link to the PDF published with the site


@dataclass
class MotionView:
    anchor: str
    heading: str
    body: str
    nature: str
    session: str
    result: str
    objet: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    demands: list[str] = field(default_factory=list)
    text: str | None = None
    notes: str | None = None
    people: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    edit_url: str | None = None


def view(site: Site, entry: Entry) -> MotionView:
    m, body = entry.motion, entry.body
    nature = NATURES.get(m.nature, m.nature)
    kind = TYPE_LABELS.get(body.type, body.type)
    where = [f"{kind.capitalize()} de {body.nom}" if body.type == "commune" else
             f"{kind.capitalize()} : {body.nom}", f"code officiel {body.code}"]
    if body.type in ("commune", "epci") and body.departement:
        where.append(f"{site.ref.departement_name(body.departement)} ({body.departement})")
    if body.region and body.type != "region":
        where.append(site.ref.region_name(body.region))
    if body.former_name:
        where.append(f"délibération de l'ancienne commune {body.former_name}")
    today = site.ref.body("commune", body.today) if body.today else None
    if today is not None:  # a commune before its merger: its own council, its own population
        where.append(f"aujourd'hui partie de {today.nom} (code officiel {today.code})")
    return MotionView(
        anchor=entry.anchor,
        heading=f"{dated_name(site.ref, body)} — {nature.lower()} du {date_long(m.date)}",
        body=" · ".join(where),
        nature=nature + (f" (nomenclature ACTES {m.data['matiere']})" if m.data.get("matiere")
                         else ""),
        session=_session(m),
        result=result_text(m),
        objet=str(m.data.get("objet", "")),
        facts=_facts(m),
        recipients=[str(r) for r in m.data.get("destinataires") or []],
        demands=[str(d) for d in m.data.get("demandes") or []],
        text=m.data.get("texte"),
        notes=m.data.get("notes"),
        people=_people(m),
        sources=_sources(m, entry.page),
        edit_url=site.edit_url(m.path),
    )


def _session(m: Motion) -> str:
    """« Conseil municipal, séance du 27 septembre 2023 à 18 h 30, salle… » (each part when
    known; never « Séance, séance du… » when the instance is not recorded)."""
    seance: dict[str, Any] = m.data.get("seance") or {}
    kind = str(seance.get("type") or "séance")
    instance = m.data.get("instance")
    text = (f"{instance}, {kind[0].lower()}{kind[1:]}" if instance else kind.capitalize()) + \
        f" du {date_long(m.date)}"
    if seance.get("heure"):
        text += f" à {clock(str(seance['heure']))}"
    if seance.get("lieu"):
        text += f", {seance['lieu']}"
    roles = [f"présidence : {seance['presidence']}"] if seance.get("presidence") else []
    if seance.get("secretaire"):
        roles.append(f"secrétaire de séance : {seance['secretaire']}")
    return text + (f" ({' ; '.join(roles)})" if roles else "")


def clock(value: str) -> str:
    """`14:00` → « 14 h », `09:05` → « 9 h 05 » (French hours); anything else as written."""
    match = _CLOCK.match(value.strip())
    if not match:
        return value
    hours, minutes = int(match.group(1)), match.group(2)
    return f"{hours}{NBSP}h" + ("" if minutes == "00" else f"{NBSP}{minutes}")


def result_text(m: Motion) -> str:
    """« Adoptée à l'unanimité (voix non connues) », « Adoptée : 30 voix pour, 2 contre… »."""
    vote: dict[str, Any] = m.data.get("vote") or {}
    text = m.result.capitalize()
    if vote.get("unanimite"):
        text += " à l'unanimité"
    counts = [plural(vote[key], label, several) for key, label, several in
              (("pour", "voix pour", "voix pour"), ("contre", "contre", "contre"),
               ("abstentions", "abstention", None),
               ("sans_participation", "ne prenant pas part au vote", "ne prenant pas part au vote"))
              if isinstance(vote.get(key), int)]
    # Unknown counts are said to be unknown, never left to read as none.
    return text + (f" : {', '.join(counts)}" if counts else " (voix non connues)")


def _facts(m: Motion) -> list[tuple[str, str]]:
    facts = []
    presences: dict[str, Any] = m.data.get("presences") or {}
    counts = [plural(presences[key], label, several) for key, label, several in
              (("effectif", "membre en exercice", "membres en exercice"),
               ("presents", "présent", None), ("pouvoirs", "pouvoir", None),
               ("excuses", "excusé", None), ("absents", "absent", None))
              if isinstance(presences.get(key), int)]
    if counts:
        facts.append(("Présences", ", ".join(counts)))
    dates: dict[str, Any] = m.data.get("dates") or {}
    steps = [f"{label} le {date_long(dates[key])}" for key, label in
             (("convocation", "convocation"), ("reception", "réception"),
              ("affichage", "affichage"), ("transmission", "transmission en préfecture"))
             if dates.get(key)]
    if steps:
        facts.append(("Dates", ", ".join(steps)))
    authors: dict[str, Any] = m.data.get("auteurs") or {}
    who = [f"{label} : {authors[key]}" for key, label in
           (("deposant", "déposé par"), ("groupe", "groupe"), ("rapporteur", "rapporteur"))
           if authors.get(key)]
    if authors.get("organisations"):
        who.append("à l'initiative de " + enumerate_fr([str(o) for o in authors["organisations"]]))
    if who:
        facts.append(("Auteurs", " ; ".join(who)))
    return facts


def _people(m: Motion) -> list[str]:
    names: dict[str, Any] = (m.data.get("presences") or {}).get("noms") or {}
    lines = []
    for key, label in (("presents", "Présents"), ("excuses", "Excusés"), ("absents", "Absents")):
        if names.get(key):
            lines.append(f"{label} : " + ", ".join(str(n) for n in names[key]))
    if names.get("pouvoirs"):
        lines.append("Pouvoirs : " + ", ".join(f"{p.get('mandant')} à {p.get('mandataire')}"
                                               for p in names["pouvoirs"]))
    for signer in m.data.get("signataires") or []:
        lines.append(f"Signé : {signer.get('nom')}" + (f", {signer['qualite']}"
                                                        if signer.get("qualite") else ""))
    return lines


def _sources(m: Motion, page: str) -> list[Source]:
    found = []
    for source in m.data.get("sources") or []:
        label = str(source.get("description") or "Document original")
        document = None
        if source.get("fichier"):
            name = str(source["fichier"]).rsplit("/", 1)[-1]
            document = md_link(page, f"{DOCUMENTS_SITE_DIR}/{name}")
        found.append(Source(label, source.get("url"), document))
    return found
