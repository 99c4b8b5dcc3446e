"""Letters sent and answers received: what follows from their records (each sending's status, the
`envois` of `petition stats`), and the writing of new records for `petition sent` and
`petition answer`.

A record is written once and never rewritten: the letter's PDF and the answer's PDF are archived
under motions/documents/ with their SHA-256, so later data changes never rewrite history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from petition.core.checks import MAX_DOCUMENT_BYTES
from petition.core.destinations import check_id, destination
from petition.core.model import MOTIONS_DIR, Campaign
from petition.core.problems import system_reason
from petition.core.repository import Repository
from petition.core.sendingfiles import (
    CHANNELS,
    RECORD_SCHEMA_LINE,
    Answer,
    Sending,
    answer_document,
    letter_document,
    record_path,
)
from petition.exchange.writer import dump_motion, write_new
from petition.text.french import date_long

SENT = "envoyee"
ANSWERED = "repondue"
FIGURE_KEYS = ("collectivites", "motions_adoptees", "population_couverte", "voix_pour",
               "premiere_seance", "derniere_seance")


class RecordError(Exception):
    """A sending or an answer that cannot be recorded, said in French. `usage`: the command was
    asked wrongly (exit 2); otherwise the data forbids it (exit 1)."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class Followup:
    """A sending with the answers recorded to it, earliest first."""

    sending: Sending
    answers: tuple[Answer, ...]

    @property
    def status(self) -> str:
        return ANSWERED if self.answers else SENT


def valid_records(repo: Repository) -> tuple[list[Sending], list[Answer]]:
    """The sendings and answers whose file has no error (what figures and the site use)."""
    bad = {p.path for p in repo.errors}
    return ([s for s in repo.sendings if s.path not in bad],
            [a for a in repo.answers if a.path not in bad])


def followups(repo: Repository, campaign_id: str) -> list[Followup]:
    """The campaign's valid sendings, by date then recipient, each with its answers."""
    sendings, answers = valid_records(repo)
    answered: dict[tuple[str, str], list[Answer]] = defaultdict(list)
    for answer in answers:
        if answer.campaign == campaign_id:
            answered[answer.recipient, answer.sending_date].append(answer)
    return [Followup(s, tuple(sorted(answered[s.recipient, s.date], key=lambda a: (a.date, a.path))))
            for s in sorted(sendings, key=lambda s: (s.date, s.recipient))
            if s.campaign == campaign_id]


def sendings_figure(items: list[Followup]) -> list[dict[str, Any]]:
    """The `envois` of `petition stats --format json` (contract.md's keys, then the office the
    letter went to and how)."""
    return [{"date": f.sending.date, "destinataire": f.sending.recipient, "statut": f.status,
             "reponse": {"date": f.answers[0].date} if f.answers else None,
             "fonction": f.sending.office, "canal": f.sending.channel or None} for f in items]


def recipients_figure(campaign: Campaign, today: dt.date) -> list[dict[str, Any]]:
    """The `destinataires` of `petition stats --format json`: each recipient's office in force
    today, or its neutral function; None when the campaign file records neither for today."""
    found = []
    for rid in _recipient_ids(campaign):
        office = campaign.office_at(rid, today)
        found.append({"id": rid, "titre": office.title if office is not None else None})
    return found


def add_sending_figures(repo: Repository, figures: dict[str, Any],
                        today: dt.date) -> dict[str, Any]:
    """`figures` (from figures.stats.all_figures) with each campaign's `destinataires` and
    `envois`."""
    for numbers in figures["campagnes"]:
        campaign = repo.campaigns[numbers["id"]]
        numbers["destinataires"] = recipients_figure(campaign, today)
        numbers["envois"] = sendings_figure(followups(repo, numbers["id"]))
    return figures


def previous_sendings(repo: Repository, campaign_id: str, recipient: str,
                      before: dt.date) -> list[Sending]:
    """The valid sendings to `recipient` dated before `before`, earliest first: what a new letter
    to the same recipient recalls."""
    return [f.sending for f in followups(repo, campaign_id)
            if f.sending.recipient == recipient and f.sending.date < before.isoformat()]


# --- writing -----------------------------------------------------------------------------------
def _recipient_ids(campaign: Campaign) -> list[str]:
    return [str(r.get("id")) for r in campaign.recipients if isinstance(r, dict)]


def _campaign_with_recipient(repo: Repository, campaign_id: str, recipient: str) -> Campaign:
    """The campaign, which must exist, have no file in error and list `recipient`, both ids of the
    form that may name a file; else a RecordError (usage for what the command line got wrong)."""
    campaign = repo.campaigns.get(campaign_id)
    if campaign is None:
        known = ", ".join(sorted(repo.campaigns)) or "aucune"
        raise RecordError(f"campagne « {campaign_id} » inconnue (campagnes : {known})", usage=True)
    campaign_errors(repo, campaign_id)
    rids = _recipient_ids(campaign)
    if recipient not in rids:
        raise RecordError(f"destinataire « {recipient} » inconnu dans {campaign.path} "
                          f"(destinataires : {', '.join(rids) or 'aucun'})", usage=True)
    check_id(campaign_id, "campagne")
    check_id(recipient, "destinataire")
    return campaign


def check_sendable(repo: Repository, campaign_id: str, recipient: str, date: dt.date,
                   today: dt.date, channel: str | None) -> Campaign:
    """The campaign, if a sending to `recipient` on `date` can be recorded; else RecordError."""
    campaign = _campaign_with_recipient(repo, campaign_id, recipient)
    if date > today:
        raise RecordError(f"date d'envoi {date.isoformat()} dans le futur (aujourd'hui : "
                          f"{today.isoformat()}) : enregistrez l'envoi le jour où la lettre part",
                          usage=True)
    if channel is not None and channel not in CHANNELS:
        raise RecordError(f"moyen d'envoi « {channel} » inconnu : choisissez parmi "
                          f"{', '.join(CHANNELS)}", usage=True)
    if campaign.office_at(recipient, date) is None:
        raise RecordError(f"« {recipient} » n'occupe aucune fonction enregistrée le "
                          f"{date_long(date)} (aucun titre en vigueur ce jour-là, pas de "
                          f"« fonction ») : complétez ses « titres » dans {campaign.path}, ou "
                          "vérifiez la date")
    if campaign.sender is None:
        raise RecordError(f"{campaign.path} n'a pas d'« expediteur » : ses lettres sont des projets "
                          "et ne s'envoient pas ; ajoutez « expediteur: {nom: …} » à la campagne, "
                          "faites-le relire, puis enregistrez l'envoi")
    rel = record_path(campaign_id, "sending", date.isoformat(), recipient)
    if (repo.root / rel).exists():
        raise RecordError(f"un envoi à « {recipient} » est déjà enregistré le {date_long(date)} "
                          f"({rel}) : un seul envoi par destinataire et par jour ; rien n'a été "
                          "écrit")
    return campaign


def letter_figures(figures: dict[str, Any], votes_counted: bool) -> dict[str, Any]:
    """The figures a letter carried, for its record: unknown values stay absent."""
    chosen = {k: figures[k] for k in FIGURE_KEYS if figures.get(k) is not None}
    if not votes_counted:
        chosen.pop("voix_pour", None)
    return chosen


def record_sending(repo: Repository, campaign: Campaign, recipient: str, date: dt.date, *,
                   channel: str | None, letter_pdf: bytes, office: str, holder: str | None,
                   figures: dict[str, Any], bodies: list[str]) -> list[Path]:
    """Archive the letter's PDF and write the sending's record; the paths written."""
    day = date.isoformat()
    document = letter_document(campaign.id, recipient, day)
    data: dict[str, Any] = {"campagne": campaign.id, "destinataire": recipient, "date": day}
    if channel:  # recorded only when the coordinator said it (contract.md)
        data["canal"] = channel
    data["fonction"] = office
    if holder:
        data["titulaire"] = holder
    if campaign.sender is not None:
        data["expediteur"] = campaign.sender["nom"]
    data["lettre"] = {"fichier": document, "sha256": hashlib.sha256(letter_pdf).hexdigest()}
    if figures:
        data["chiffres"] = figures
    data["collectivites"] = sorted(bodies)
    return _write_pair(repo.root, document, letter_pdf,
                       record_path(campaign.id, "sending", day, recipient),
                       dump_motion(data, "sending", RECORD_SCHEMA_LINE))


def answered_sending(repo: Repository, campaign_id: str, recipient: str,
                     date: dt.date) -> Sending:
    """The latest recorded sending to `recipient` on or before `date` (what an answer answers)."""
    earlier = [s for s in repo.sendings if s.campaign == campaign_id and s.recipient == recipient
               and s.date <= date.isoformat()]
    if not earlier:
        raise RecordError(f"aucun envoi à « {recipient} » enregistré au plus tard le "
                          f"{date_long(date)} : enregistrez d'abord la lettre avec « petition sent "
                          f"--campaign {campaign_id} --recipient {recipient} --date AAAA-MM-JJ »")
    return max(earlier, key=lambda s: s.date)


def read_pdf(path: Path) -> bytes:
    """A PDF given on the command line, under the rules of motions/documents/."""
    try:
        info = path.lstat()
    except OSError:
        raise RecordError(f"{path} introuvable : donnez le chemin du PDF de la réponse",
                          usage=True) from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        raise RecordError(f"{path} n'est pas un fichier ordinaire (lien symbolique ou dossier) : "
                          "donnez le PDF lui-même", usage=True)
    if info.st_size > MAX_DOCUMENT_BYTES:
        raise RecordError(f"{path} trop gros ({info.st_size} octets, maximum "
                          f"{MAX_DOCUMENT_BYTES}) : compressez le PDF", usage=True)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise RecordError(f"{path} illisible : {system_reason(exc)}", usage=True) from None
    if not content.startswith(b"%PDF-"):
        raise RecordError(f"{path} n'est pas un PDF (il ne commence pas par %PDF-) : numérisez la "
                          "réponse en PDF", usage=True)
    return content


def record_answer(repo: Repository, campaign_id: str, recipient: str, date: dt.date,
                  today: dt.date, document: Path, *, summary: str | None,
                  acknowledgements: list[dt.date]) -> list[Path]:
    """Copy the answer's PDF into motions/documents/ and write the answer's record."""
    _campaign_with_recipient(repo, campaign_id, recipient)
    for when, what in [(date, "de la réponse"), *((a, "de l'accusé de réception")
                                                   for a in acknowledgements)]:
        if when > today:
            raise RecordError(f"date {what} {when.isoformat()} dans le futur (aujourd'hui : "
                              f"{today.isoformat()})", usage=True)
    sending = answered_sending(repo, campaign_id, recipient, date)
    for ack in acknowledgements:
        if ack.isoformat() < sending.date:
            raise RecordError(f"accusé de réception du {date_long(ack)}, avant l'envoi du "
                              f"{date_long(sending.date)} : vérifiez la date", usage=True)
    content = read_pdf(document)
    day = date.isoformat()
    rel = record_path(campaign_id, "answer", day, recipient)
    if (repo.root / rel).exists():
        raise RecordError(f"une réponse de « {recipient} » est déjà enregistrée le "
                          f"{date_long(date)} ({rel}) : rien n'a été écrit")
    stored = answer_document(campaign_id, recipient, day)
    data: dict[str, Any] = {"campagne": campaign_id, "destinataire": recipient,
                            "envoi": sending.date, "date": day,
                            "document": {"fichier": stored,
                                         "sha256": hashlib.sha256(content).hexdigest()}}
    if summary:
        data["resume"] = summary
    if acknowledgements:
        data["accuses_reception"] = [{"date": a.isoformat()} for a in sorted(set(acknowledgements))]
    return _write_pair(repo.root, stored, content, rel, dump_motion(data, "answer", RECORD_SCHEMA_LINE))


def _write_pair(root: Path, document: str, content: bytes, rel: str, text: str) -> list[Path]:
    """The PDF, then the record that names it, each atomically and never over an existing file;
    if the record cannot be written, the PDF written for it is removed. Both places are checked
    before anything is written: inside the repository, through no link, and only the folders
    this command owns (motions/documents/, the campaign's envois/ or reponses/) are created."""
    pdf = destination(root, f"{MOTIONS_DIR}/{document}", create=1)
    record = destination(root, rel, create=1)
    # The same PDF already there without its record is what a run killed between the two writes
    # left (the letter of a day is the same bytes every time): it is taken, and the run finishes.
    if not write_new(pdf, content) and not (_same_bytes(pdf.path, content)
                                            and not record.path.exists()):
        raise RecordError(f"{MOTIONS_DIR}/{document} existe déjà : un document archivé ne se "
                          "remplace pas ; rien n'a été écrit")
    try:
        written = write_new(record, text)
    except BaseException:
        pdf.path.unlink(missing_ok=True)
        raise
    if not written:
        pdf.path.unlink(missing_ok=True)
        raise RecordError(f"{rel} existe déjà : rien n'a été écrit")
    return [pdf.path, record.path]


def _same_bytes(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def campaign_errors(repo: Repository, campaign_id: str) -> None:
    """A record is kept for good: refuse while the campaign's own files (its campagne.yml, motions,
    targets, sendings, answers) have errors, since a bad one may even name a path."""
    prefix = f"{MOTIONS_DIR}/{campaign_id}/"
    bad = sorted({p.path for p in repo.errors if p.path.startswith(prefix)})
    if bad:
        raise RecordError(f"{len(bad)} fichier(s) de la campagne en erreur (premier : {bad[0]}) : "
                          "corrigez-les (petition validate), puis recommencez. Rien n'a été écrit.")
