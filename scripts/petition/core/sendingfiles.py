"""Sendings of a campaign's letters and the answers received, as files in the repository.

A sending is `motions/<campagne>/envois/<AAAA-MM-JJ>-<destinataire>.yml`, an answer
`motions/<campagne>/reponses/<AAAA-MM-JJ>-<destinataire>.yml`; the letter sent and the answer are
PDFs under `motions/documents/`, each with its SHA-256. This module loads and checks each file on
its own and across files; what follows from them (statuses, figures) lives in `petition.campaign`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from petition.core import checks
from petition.core.files import ANSWERS_DIR, SENDINGS_DIR
from petition.core.model import MOTIONS_DIR, Campaign
from petition.core.problems import WARNING, Problem
from petition.core.schemas import load_mapping, schema_problems
from petition.core.yamlstrict import Path as KeyPath
from petition.core.yamlstrict import line_of

CHANNELS = ("courrier", "courriel", "remise en main propre")
RECORD_SCHEMA_LINE = "# yaml-language-server: $schema=../../../schema/{}.schema.json"


def record_filename(date: str, recipient: str) -> str:
    return f"{date}-{recipient}.yml"


def record_path(campaign: str, kind: str, date: str, recipient: str) -> str:
    """Where a sending (`sending`) or an answer (`answer`) is kept, relative to the repository."""
    folder = SENDINGS_DIR if kind == "sending" else ANSWERS_DIR
    return f"{MOTIONS_DIR}/{campaign}/{folder}/{record_filename(date, recipient)}"


def letter_document(campaign: str, recipient: str, date: str) -> str:
    """The archived PDF of a letter sent, as the record names it (relative to motions/)."""
    return f"documents/lettre-{campaign}-{recipient}-{date}.pdf"


def answer_document(campaign: str, recipient: str, date: str) -> str:
    return f"documents/reponse-{campaign}-{recipient}-{date}.pdf"


@dataclass
class Record:
    """A loaded sending or answer file: its data (French keys) and the line of each value."""

    DOCUMENT: ClassVar[str] = ""  # the key of the record's PDF

    path: str
    data: dict[str, Any]
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, *path: str | int) -> int:
        return line_of(self.lines, path)

    def text(self, key: str) -> str:
        value = self.data.get(key)
        return value if isinstance(value, str) else ""

    @property
    def campaign(self) -> str:
        return self.text("campagne")

    @property
    def recipient(self) -> str:
        return self.text("destinataire")

    @property
    def date(self) -> str:
        return self.text("date")

    @property
    def document(self) -> tuple[str, str]:
        """(fichier, sha256) of the record's PDF, empty strings where missing."""
        value = self.data.get(self.DOCUMENT)
        block = value if isinstance(value, dict) else {}
        fichier, digest = block.get("fichier"), block.get("sha256")
        return (fichier if isinstance(fichier, str) else "", digest if isinstance(digest, str) else "")


@dataclass
class Sending(Record):
    DOCUMENT: ClassVar[str] = "lettre"

    @property
    def channel(self) -> str:
        return self.text("canal")

    @property
    def office(self) -> str:
        return self.text("fonction")

    @property
    def holder(self) -> str:
        return self.text("titulaire")

    @property
    def figures(self) -> dict[str, Any]:
        value = self.data.get("chiffres")
        return value if isinstance(value, dict) else {}

    @property
    def bodies(self) -> list[str]:
        """The bodies the letter named, as `type:code`."""
        value = self.data.get("collectivites")
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


@dataclass
class Answer(Record):
    DOCUMENT: ClassVar[str] = "document"

    @property
    def sending_date(self) -> str:
        return self.text("envoi")

    @property
    def summary(self) -> str:
        return self.text("resume")

    @property
    def acknowledgements(self) -> list[str]:
        value = self.data.get("accuses_reception")
        items = value if isinstance(value, list) else []
        return [d for item in items if isinstance(item, dict) and isinstance(d := item.get("date"), str)]


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def analyse_record(kind: str, rel: str, raw: bytes, today: dt.date) -> tuple[Record | None,
                                                                           list[Problem]]:
    """Load and check one sending (`sending`) or answer (`answer`) file on its own."""
    loaded = load_mapping(rel, raw, "le fichier doit être un bloc de champs « clé: valeur », pas "
                          "une liste ni un texte seul : il est écrit par « petition sent » ou "
                          "« petition answer »")
    if isinstance(loaded, Problem):
        return None, [loaded]
    record: Record = (Sending if kind == "sending" else Answer)(rel, loaded.data, loaded.lines)
    problems = list(schema_problems(kind, loaded.data, rel, loaded.lines))
    first_line = RECORD_SCHEMA_LINE.format(kind)
    if not raw.startswith(first_line.encode()):
        problems.append(Problem(rel, 1, f"première ligne attendue : « {first_line} »", WARNING))
    if isinstance(record, Answer) and "resume" not in loaded.data:
        problems.append(Problem(rel, 1, "réponse sans résumé : ajoutez « resume: … », ce que dit "
                                "la réponse en quelques phrases (la page « Suivi » l'affiche)",
                                WARNING, "resume"))
    problems += _check_place(record)
    problems += _check_own_dates(record, today)
    return record, problems


def _check_place(r: Record) -> Iterator[Problem]:
    """The folder and the file name follow from the content."""
    parts = PurePosixPath(r.path).parts  # motions/<campagne>/<envois|reponses>/<file>
    if r.campaign and len(parts) == 4 and parts[1] != r.campaign:
        yield Problem(r.path, r.line("campagne"), f"campagne « {r.campaign} » rangée dans le dossier "
                      f"« {parts[1]} » : déplacez le fichier dans motions/{r.campaign}/{parts[2]}/",
                      field="campagne")
    if r.date and r.recipient:
        expected = record_filename(r.date, r.recipient)
        if parts[-1] != expected:
            yield Problem(r.path, 1, f"nom de fichier « {parts[-1]} » ne correspond pas au contenu "
                          f"(date et destinataire) : renommez-le « {expected} »", field="(fichier)")


def _future(r: Record, key: tuple[str | int, ...], value: str, today: dt.date) -> Iterator[Problem]:
    day = _day(value)
    if day is not None and day > today:
        yield Problem(r.path, r.line(*key), f"date « {value} » dans le futur (aujourd'hui : "
                      f"{today.isoformat()}) : vérifiez l'année", field=".".join(map(str, key)))


def _check_own_dates(r: Record, today: dt.date) -> Iterator[Problem]:
    yield from _future(r, ("date",), r.date, today)
    if not isinstance(r, Answer):
        return
    sent = _day(r.sending_date)
    yield from _future(r, ("envoi",), r.sending_date, today)
    answered = _day(r.date)
    if sent is not None and answered is not None and answered < sent:
        yield Problem(r.path, r.line("date"), f"réponse datée du {r.date}, avant l'envoi du "
                      f"{r.sending_date} auquel elle répond : vérifiez les deux dates", field="date")
    items = r.data.get("accuses_reception")
    for index, item in enumerate(items if isinstance(items, list) else []):
        value = item.get("date") if isinstance(item, dict) else None
        if not isinstance(value, str):
            continue
        key = ("accuses_reception", index, "date")
        yield from _future(r, key, value, today)
        day = _day(value)
        if day is not None and sent is not None and day < sent:
            yield Problem(r.path, r.line(*key), f"accusé de réception du {value}, avant l'envoi du "
                          f"{r.sending_date} : vérifiez la date", field="accuses_reception")


def check_records(sendings: list[Sending], answers: list[Answer], campaigns: dict[str, Campaign],
                  root: Path) -> Iterator[Problem]:
    """Across files: each record's campaign and recipient exist, each sending's campaign has a
    sender, each answer answers a recorded sending, and every PDF is there, unchanged."""
    sent = {(s.campaign, s.recipient, s.date) for s in sendings}
    for record in [*sendings, *answers]:
        campaign = campaigns.get(record.campaign)
        if record.campaign and campaign is None:
            known = ", ".join(sorted(campaigns)) or "aucune"
            yield Problem(record.path, record.line("campagne"), f"campagne « {record.campaign} » "
                          f"inconnue (campagnes : {known})", field="campagne")
            continue
        if campaign is None:
            continue
        rids = [r.get("id") for r in campaign.recipients if isinstance(r, dict)]
        if record.recipient and record.recipient not in rids:
            listed = ", ".join(str(r) for r in rids) or "aucun"
            yield Problem(record.path, record.line("destinataire"), f"destinataire "
                          f"« {record.recipient} » absent de {campaign.path} (destinataires : "
                          f"{listed}) : corrigez l'identifiant", field="destinataire")
        day = _day(record.date)
        if isinstance(record, Sending) and record.recipient in rids and day is not None \
                and campaign.office_at(record.recipient, day) is None:
            yield Problem(record.path, record.line("date"), f"« {record.recipient} » n'occupait "
                          f"aucune fonction enregistrée le {record.date} : complétez ses « titres » "
                          f"dans {campaign.path} ou corrigez la date", field="date")
        if isinstance(record, Sending) and campaign.sender is None:
            yield Problem(record.path, record.line("campagne"), f"envoi enregistré alors que "
                          f"{campaign.path} n'a pas d'« expediteur » : ses lettres sont des projets ; "
                          "ajoutez l'expéditeur à la campagne", field="campagne")
        if isinstance(record, Answer) and record.sending_date and \
                (record.campaign, record.recipient, record.sending_date) not in sent:
            yield Problem(record.path, record.line("envoi"), f"aucun envoi enregistré le "
                          f"{record.sending_date} à « {record.recipient} » : enregistrez-le avec "
                          "« petition sent » ou corrigez la date", field="envoi")
        key = record.DOCUMENT
        fichier, digest = record.document
        if fichier:
            yield from checks.check_document(record.path, fichier, digest or None, root,
                                             record.line(key, "fichier"), record.line(key),
                                             f"{key}.fichier", f"{key}.sha256", archived=True)

