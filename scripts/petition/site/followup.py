"""The « Suivi » of a campaign: its timeline (adoptions by month, each letter sent, each
acknowledgement and answer received), with the letter as sent and the answer to download; the
latest sending and answer for the home page, and the feed's entries for them.

Records with errors are left out, as motions are; an archived PDF is published only if its bytes
still have the SHA-256 its record gives (validate reports it otherwise).
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from petition.campaign.sendings import Followup, followups
from petition.core.checks import DOCUMENT_PATTERN, MAX_DOCUMENT_BYTES
from petition.core.model import DOCUMENTS_DIR, MOTIONS_DIR, Campaign
from petition.core.sendingfiles import Record
from petition.site.context import Site
from petition.site.layout import CAMPAIGNS_DIR, campaign_page, md_link
from petition.site.motionview import DOCUMENTS_SITE_DIR
from petition.site.render import page
from petition.text.french import MONTHS, date_long, file_size, plural, typeset, with_article

Files = dict[str, str | bytes]
CHANNEL_PHRASES = {"courrier": "par courrier", "courriel": "par courriel",
                   "remise en main propre": "remise en main propre"}


def followup_page(campaign_id: str) -> str:
    return f"{CAMPAIGNS_DIR}/{campaign_id}/suivi.md"


@dataclass
class Event:
    """One line of the timeline, in plain text (the template escapes it)."""

    key: str  # the ISO date that places it in the timeline
    when: str  # « 2 novembre 2026 », « septembre 2023 »
    kind: str  # adoptions, envoi, accuse, reponse
    title: str
    anchor: str = ""
    lines: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)


def addressee(sending: Record) -> str:
    """« Ministre de la Santé et de la Prévention (Aurélien Rousseau) »: the office the letter went
    to, and the person when the record names one."""
    office, holder = sending.text("fonction"), sending.text("titulaire")
    return f"{office} ({holder})" if holder else office


def sending_anchor(item: Followup) -> str:
    return f"envoi-{item.sending.date}-{item.sending.recipient}"


def answer_anchor(answer: Record) -> str:
    return f"reponse-{answer.date}-{answer.recipient}"


def archived(site: Site, record: Record) -> tuple[str, bytes] | None:
    """(site path, bytes) of the record's PDF, if it is still the file the record names."""
    fichier, digest = record.document
    if not DOCUMENT_PATTERN.match(fichier):
        return None
    folder = (site.repo.root / MOTIONS_DIR / DOCUMENTS_DIR).resolve()
    path = folder / PurePosixPath(fichier).name
    try:
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DOCUMENT_BYTES \
            or path.resolve().parent != folder:
        return None
    content = path.read_bytes()
    if not content.startswith(b"%PDF-") or hashlib.sha256(content).hexdigest() != digest:
        return None
    return f"{DOCUMENTS_SITE_DIR}/{path.name}", content


def timeline(site: Site, campaign: Campaign, items: list[Followup],
             documents: dict[str, bytes]) -> list[Event]:
    """Every event of the campaign, oldest first; `documents` receives the PDFs to publish."""
    here = followup_page(campaign.id)
    events = []
    # A month's adoptions sit at its last session: every one of them had happened by then.
    months: dict[str, list[str]] = {}
    for entry in site.by_campaign.get(campaign.id, []):
        if entry.motion.adopted:
            months.setdefault(entry.motion.date[:7], []).append(entry.motion.date)
    for month, dates in sorted(months.items()):
        year, number = month.split("-")
        events.append(Event(max(dates), f"{MONTHS[int(number) - 1]} {year}", "adoptions",
                            f"{plural(len(dates), 'motion adoptée', 'motions adoptées')} en "
                            "séance ce mois-là", anchor=f"adoptions-{month}"))
    for item in items:
        s = item.sending
        event = Event(s.date, date_long(s.date), "envoi", f"Lettre envoyée à : {addressee(s)}",
                      anchor=sending_anchor(item))
        # The channel is said only when the coordinator recorded it (`petition sent --canal`).
        how = [CHANNEL_PHRASES.get(s.channel, s.channel)] if s.channel else []
        sender = s.text("expediteur")
        event.lines.append(" ".join(["Envoyée", *how, *([f"par {with_article(sender)}"] if sender
                                                         else [])]) + ".")
        figures = s.figures
        if isinstance(figures.get("collectivites"), int):
            carried = f"La lettre nommait {plural(figures['collectivites'], 'collectivité')}"
            if isinstance(figures.get("population_couverte"), int):
                carried += (f", soit {plural(figures['population_couverte'], 'habitant')} "
                            "(chacun compté une fois)")
            event.lines.append(carried + ".")
        if item.answers:
            first = item.answers[0]
            event.lines.append(f"Réponse reçue le {date_long(first.date)}.")
        else:
            event.lines.append("Pas de réponse enregistrée à ce jour.")
        _attach(site, s, here, "La lettre telle qu'envoyée", event, documents)
        events.append(event)
        acknowledged: set[str] = set()
        for answer in item.answers:
            for day in answer.acknowledgements:
                if day not in acknowledged:
                    acknowledged.add(day)
                    events.append(Event(day, date_long(day), "accuse", "Accusé de réception de la "
                                        f"lettre du {date_long(s.date)} ({addressee(s)})"))
            reply = Event(answer.date, date_long(answer.date), "reponse",
                          f"Réponse de : {addressee(s)}", anchor=answer_anchor(answer))
            reply.lines.append(f"À la lettre du {date_long(s.date)}.")
            summary = answer.text("resume")
            reply.lines.append(f"Résumé : « {summary} »" if summary else
                               "Résumé non saisi : lisez le document.")
            _attach(site, answer, here, "La réponse", reply, documents)
            events.append(reply)
    for event in events:
        event.title = typeset(event.title)
        event.lines = [typeset(line) for line in event.lines]
    order = {"adoptions": 0, "envoi": 1, "accuse": 2, "reponse": 3}
    return sorted(events, key=lambda e: (e.key, order[e.kind], e.anchor))


def _attach(site: Site, record: Record, here: str, label: str, event: Event,
            documents: dict[str, bytes]) -> None:
    found = archived(site, record)
    if found is None:
        event.lines.append("Document non publié : il manque ou a changé depuis son "
                           "enregistrement.")
        return
    path, content = found
    documents[path] = content
    event.links.append({"label": f"{label} (PDF, {file_size(content)})", "link": md_link(here, path),
                        "name": PurePosixPath(path).name})


def pages(site: Site, campaign: Campaign) -> Files:
    items = followups(site.repo, campaign.id)
    documents: dict[str, bytes] = {}
    events = timeline(site, campaign, items, documents)
    here = followup_page(campaign.id)
    files: Files = dict(documents)
    files[here] = page("suivi.md.j2", {"title": f"Suivi · {campaign.title}"}, c=campaign,
                       events=events, status=status(items),
                       campaign_link=md_link(here, campaign_page(campaign.id)),
                       letters=md_link(here, "lettres.md", campaign.id))
    return files


def status(items: list[Followup]) -> dict[str, Any]:
    """How many letters and answers, and the latest of each."""
    answers = [a for item in items for a in item.answers]
    last_sent = max(items, key=lambda f: (f.sending.date, f.sending.recipient), default=None)
    last_answer = max(answers, key=lambda a: (a.date, a.recipient), default=None)
    return {"sent": len(items), "answered": sum(1 for f in items if f.answers),
            "answers": len(answers),
            "last_sent": None if last_sent is None else {
                "date": last_sent.sending.date, "to": addressee(last_sent.sending),
                "anchor": sending_anchor(last_sent)},
            "last_answer": None if last_answer is None else {
                "date": last_answer.date, "anchor": answer_anchor(last_answer),
                "to": next(addressee(f.sending) for f in items if last_answer in f.answers)}}


def latest(site: Site, from_page: str) -> dict[str, Any]:
    """The latest sending and the latest answer over every campaign, for the home page."""
    best: dict[str, Any] = {"sent": None, "answer": None}
    for campaign in site.campaigns:
        state = status(followups(site.repo, campaign.id))
        link = md_link(from_page, followup_page(campaign.id))
        for key, found in (("sent", state["last_sent"]), ("answer", state["last_answer"])):
            if found and (best[key] is None or found["date"] > best[key]["date"]):
                best[key] = {**found, "campaign": campaign.title,
                             "link": f"{link}#{found['anchor']}"}
    return best
