"""What a letter says, as data: pure, so the Markdown and PDF renderers say exactly the same thing.

Every string here is final French text (typeset, no markup); the renderers only lay it out and
escape it. This module puts the letter together: its opening, figures, the campaign's text, sender
and closing; the bodies it lists (`bodies`), its recipient (`recipient`) and what it recalls of
earlier letters (`history`) are composed beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from petition.core.model import Campaign, Motion, slugify
from petition.core.offices import office_at
from petition.core.projectfile import Project
from petition.core.referential import Referential
from petition.core.sendingfiles import Sending
from petition.figures.stats import campaign_figures
from petition.figures.statsformat import vintage_note
from petition.letters.bodies import (
    ANNEX_THRESHOLD,
    Region,
    availability,
    counts_by_type,
    group_bodies,
)
from petition.letters.history import Voice, history
from petition.letters.recipient import NoRecipient, Recipient, recipient_of
from petition.text.french import date_long, enumerate_fr, number, paragraphs, period, plural, typeset

__all__ = ["ANNEX_THRESHOLD", "Letter", "NoRecipient", "Recipient", "compose_letters"]

DRAFT = "Projet de lettre"
DRAFT_NOTE = ("Projet de lettre : la campagne n'a pas déclaré d'expéditeur (« expediteur » dans son "
              "fichier campagne.yml). Ce texte ne peut être ni signé ni envoyé en l'état.")


@dataclass(frozen=True)
class Letter:
    file_stem: str  # the file name without its extension: `ma-campagne-ministre-sante`
    heading: str  # « Projet de lettre au ministre chargé de la santé »
    draft: bool  # no sender declared: a « projet de lettre », marked on every page
    draft_note: str
    recipient: Recipient
    issued: dt.date  # the day the letter is dated (and the PDF's creation date)
    date: str
    sender: tuple[str, ...]
    subject: str
    attachment: str
    salutation: str
    intro: tuple[str, ...]
    history: tuple[str, ...]  # what earlier letters to the same recipient said, and what changed
    text_lead: str
    text: tuple[str, ...]  # the campaign's common text, quoted
    demands: tuple[str, ...]
    figures: tuple[tuple[str, str], ...]
    list_title: str
    list_note: str
    regions: tuple[Region, ...]
    annexed: bool
    closing: tuple[str, ...]
    signature: tuple[str, ...]
    footer: str
    annex_title: str


def _intro(count: int, by_type: str, figures: dict[str, Any], title: str, voice: Voice,
           vintage: str) -> tuple[str, ...]:
    if not count:
        return (typeset("À ce jour, aucune collectivité n'a adopté de texte au titre de la campagne"
                        f" « {title} »."),)
    first, last = figures["premiere_seance"], figures["derniere_seance"]
    when = f"le {date_long(first)}" if first == last else \
        f"entre le {date_long(first)} et le {date_long(last)}"
    who = "qu'une collectivité" if count == 1 else f"que {plural(count, 'collectivité')}"
    population = plural(figures["population_couverte"], "habitant")
    territory = "Le territoire de cette collectivité compte" if count == 1 else \
        "Les territoires de ces collectivités comptent"
    each = "la liste ci-dessous indique le texte adopté" if count == 1 else \
        "la liste ci-dessous indique, pour chacune, le texte adopté"
    return (typeset(f"{voice.say('J’ai', 'Nous avons')} l'honneur de porter à votre connaissance "
                    f"{who} ({by_type}) {'a' if count == 1 else 'ont'} adopté, {when}, un texte "
                    f"relatif à la campagne « {title} » : {each}, la date de la séance et le "
                    "résultat du vote."),
            typeset(f"{territory} {population} ({vintage}), chaque habitant n'étant compté "
                    "qu'une fois."))


def _figures(campaign: Campaign, figures: dict[str, Any], by_type: str,
             counted: int, vintage: str) -> tuple[tuple[str, str], ...]:
    count, adopted = figures["collectivites"], figures["motions_adoptees"]
    if not counted:
        votes = "non connues (aucun décompte détaillé)"
    else:
        votes = number(figures["voix_pour"])
        if counted < adopted:
            votes += f", selon le décompte de {plural(counted, 'délibération')} sur " \
                f"{number(adopted)}"
    first, last = figures["premiere_seance"], figures["derniere_seance"]
    periode = campaign.data.get("periode") or {}
    if first:
        span = f"séance du {date_long(first)}" if first == last else \
            f"séances {period(first, last)}"
    elif periode:
        span = "campagne " + period(periode.get("debut"), periode.get("fin"))
    else:
        span = "—"
    rows = (("Collectivités", number(count) + (f" ({by_type})" if count else "")),
            ("Population des territoires", f"{plural(figures['population_couverte'], 'habitant')}"
                                           f", chacun compté une seule fois ({vintage})"),
            ("Voix pour", votes),
            ("Période", span))
    return tuple((label, typeset(value)) for label, value in rows)


def _sender(campaign: Campaign) -> tuple[tuple[str, ...], tuple[str, ...], Voice]:
    """The letterhead, the signature block and the voice, from `expediteur` only."""
    sender = campaign.sender
    if sender is None:
        return (), (), Voice(single=False)
    head = [sender["nom"], *(line for line in sender.get("adresse") or [] if isinstance(line, str))]
    if isinstance(sender.get("contact"), str):
        head.append(sender["contact"])
    people = [p for p in sender.get("signataires") or [] if isinstance(p, dict)
              and isinstance(p.get("nom"), str)]
    signature = [sender["nom"]]
    for person in people:
        quality = person.get("qualite")
        signature.append(f"{person['nom']}, {quality}" if isinstance(quality, str) else person["nom"])
    return (tuple(typeset(line) for line in head), tuple(typeset(line) for line in signature),
            Voice(single=len(people) == 1))


def _source(project: Project | None, stamp: str) -> str:
    """« du dépôt « Ligne de la vallée » (version 6aa3679) »: the repository by its name in
    projet.yml (« du dépôt des motions » without one)."""
    if project is None or not project.name:
        return f"du dépôt des motions{stamp}"
    return f"du dépôt « {project.name} »{stamp}"


def _text_lead(campaign: Campaign, text: tuple[str, ...], demands: tuple[str, ...]) -> str:
    authors = enumerate_fr(campaign.proposed_by)
    by = f" par {authors}" if authors else ""
    if text:
        to = " aux conseils" if campaign.proposed_to_councils else ""
        return typeset(f"Le texte proposé{to}{by} est le suivant :")
    if demands:
        return typeset(f"Le texte proposé{by} formule les demandes suivantes :")
    return ""


def compose_letters(campaign: Campaign, motions: list[Motion], ref: Referential, today: dt.date,
                    version: str | None,
                    sent: Mapping[str, Sequence[Sending]] | None = None, *,
                    project: Project | None = None) -> list[Letter]:
    """The letters of a campaign dated `today`, one per recipient, each to the office in force
    that day: all but the recipient is composed once. `sent`: the letters already sent to each
    recipient before `today`, earliest first, which the new letter recalls. `project`: the
    repository's projet.yml, which the letters name as their source (its name, its site).

    Raises NoRecipient when a recipient has no title in force and no function recorded."""
    offices = []
    for index, data in enumerate(campaign.recipients):
        if not isinstance(data, dict):
            continue
        office = office_at(data, today)
        if office is None:
            raise NoRecipient(campaign, index, today)
        offices.append(office)
    mine = [m for m in motions if m.campaign == campaign.id]
    figures = campaign_figures(campaign, mine, ref)
    adopted = [(m, body) for m in mine
               if m.adopted and (body := ref.body(m.body_type, m.code, m.date or None)) is not None]
    count = figures["collectivites"]
    annexed = count > ANNEX_THRESHOLD
    title = typeset(campaign.title)
    by_type = enumerate_fr(counts_by_type(figures["par_type"]))
    text = tuple(paragraphs(campaign.data.get("texte") or ""))
    demands = tuple(typeset(d) for d in campaign.demands)
    counted = figures["voix_pour_connues"]
    bodies = plural(count, "collectivité")
    stamp = f" (version {version})" if version else ""
    vintage = vintage_note(figures, ref)
    footer = (f"Lettre établie le {date_long(today)} à partir des données {_source(project, stamp)}"
              f" : {plural(figures['motions_adoptees'], 'motion adoptée', 'motions adoptées')}"
              f" de la campagne « {campaign.id} » ; collectivités et populations selon le "
              f"référentiel officiel {ref.vintage} ({ref.source}), {vintage}.")
    sender, signature, voice = _sender(campaign)
    draft = campaign.sender is None
    intro = _intro(count, by_type, figures, title, voice, vintage)
    rows = _figures(campaign, figures, by_type, counted, vintage)
    list_note = typeset(f"La liste complète des {bodies}, avec le texte adopté, la date de chaque "
                        "séance et le résultat du vote, figure en annexe." if annexed else
                        "" if count else "Aucune collectivité pour l'instant.")
    regions = group_bodies(adopted, ref)
    available = availability([m for m, _ in adopted], voice.say)
    listing = "Les collectivités et les textes adoptés"
    letters = []
    for who in (recipient_of(office) for office in offices):
        kind = DRAFT if draft else "Lettre"
        letters.append(Letter(
            file_stem=slugify(f"{campaign.id}-{who.id or 'destinataire'}") or "lettre",
            heading=typeset(f"{kind} {who.to}"),
            draft=draft,
            draft_note=typeset(DRAFT_NOTE) if draft else "",
            recipient=who,
            issued=today,
            date=f"Le {date_long(today)}",
            sender=sender,
            subject=title,
            attachment=f"liste des {bodies} et des textes adoptés (annexe)" if annexed else "",
            salutation=f"{who.salutation},",
            intro=intro,
            history=history((sent or {}).get(who.id, ()), who, adopted, ref, voice),
            text_lead=_text_lead(campaign, text, demands),
            text=text,
            demands=demands,
            figures=rows,
            list_title="Répartition par région" if annexed else listing,
            list_note=list_note,
            regions=regions,
            annexed=annexed,
            closing=(available,
                     typeset(f"{voice.say('Je vous prie', 'Nous vous prions')} d'agréer, "
                             f"{who.salutation}, l'expression de {voice.say('ma', 'notre')} très "
                             "haute considération.")),
            signature=signature,
            footer=typeset(footer),
            annex_title=typeset(f"Annexe : les {bodies} et les textes adoptés"),
        ))
    return letters
