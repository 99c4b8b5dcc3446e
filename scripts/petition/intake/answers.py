"""`petition new`'s answers: each checked as soon as it is given, against the answers before it
and the repository (the URL, counts against the effectif, a duplicate as soon as the body and the
date are known), and kept in a file when nothing could be written, so that nobody types them twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from petition.core import checks
from petition.core.characters import value_problem
from petition.core.cut import cut
from petition.core.destinations import Destination, UnsafePath, WriteError, chosen
from petition.core.model import Motion, slugify
from petition.core.opendata import siret_problem
from petition.core.problems import system_reason
from petition.core.referential import referential
from petition.core.repository import Repository
from petition.core.schemas import field_schema
from petition.core.yamlstrict import YamlError, load_bytes
from petition.exchange.rows import parse_cell
from petition.exchange.writer import replace_file, write_new
from petition.intake.newmotion import QUESTIONS


def _order() -> tuple[str, ...]:
    """Every question of `petition new`, in the order asked: the template's columns, whether the
    vote was unanimous right after the result, and the full text last."""
    order: list[str] = []
    for name in QUESTIONS:
        order.append(name)
        if name == "resultat":
            order.append("unanimite")
    return (*order, "texte")


ORDER = _order()
_COUNTS = ("effectif", "presents", "pouvoirs", "pour", "contre", "abstentions")
_VOTE = ("resultat", "unanimite", "pour", "contre", "abstentions")
MAX_TEXT = 100_000
MAX_ANSWERS_BYTES = 1024 * 1024
NO_SOURCE = ("sans adresse web, personne ne pourra vérifier la motion : si le document est un PDF, "
             "un coordinateur pourra le déposer dans motions/documents/")


# The file's message names YAML keys; here, the question is the place to act.
_INFERRED = ("ce nombre est celui des votants, avec « à l'unanimité » : il semble déduit, or "
             "l'unanimité dit seulement qu'aucune voix n'est contre (des abstentions sont "
             "possibles) ; laissez vide si le document ne donne pas le détail des voix")


class AnswersError(Exception):
    """A file of kept answers that cannot be read back (a usage error)."""


def _count(answers: dict[str, str], name: str) -> int | None:
    value = answers.get(name, "")
    return int(value) if value.isascii() and value.isdigit() else None


def _vote_problems(answers: dict[str, str]) -> dict[str, str]:
    """Message → level of every attendance or vote problem the answers make."""
    presences = {k: v for k in _COUNTS[:3] if (v := _count(answers, k)) is not None}
    vote: dict[str, Any] = {k: v for k in _COUNTS[3:] if (v := _count(answers, k)) is not None}
    vote["resultat"] = answers.get("resultat") or "adoptee"
    flag = parse_cell("bool", answers["unanimite"])[0] if answers.get("unanimite") else None
    if flag is not None:
        vote["unanimite"] = flag
    motion = Motion("", {"presences": presences, "vote": vote})
    return {p.message: p.level for p in [*checks.check_votes(motion),
                                         *checks.check_inferred_counts(motion)]}


def duplicate_of(repo: Repository, campaign: str, answers: dict[str, str]) -> str:
    """The file already holding this body's motion of that date in this campaign, or ""."""
    wanted = (campaign, answers.get("type", ""), answers.get("code", "").upper(),
              answers.get("date", ""))
    if not all(wanted):
        return ""
    return next((m.path for m in repo.motions if m.identity == wanted), "")


def check_in_context(name: str, answers: dict[str, str], campaign: str,
                     repo: Repository) -> tuple[list[str], list[str]]:
    """(errors, warnings) the answer to `name` brings, given every answer before it: what a
    prompt says at once, and asks again for when it is an error."""
    if name in ORDER:  # kept or given answers further on are checked when their turn comes
        answers = {k: v for k, v in answers.items() if k not in ORDER[ORDER.index(name) + 1:]}
    value = answers.get(name, "")
    if name in ("code", "date"):
        found = duplicate_of(repo, campaign, answers)
        if found:
            return [f"doublon : {found} existe déjà pour cette collectivité à cette date de séance "
                    "dans cette campagne ; vérifiez la date, ou complétez ce fichier-là"], []
    if name == "siret" and value:
        ref = referential()
        body = ref.body(answers.get("type", ""), answers.get("code", "").upper())
        problem = siret_problem(value, body, ref, answers.get("date") or None) \
            if len(value) == 14 and value.isdigit() else ""
        return ([problem] if problem else []), []
    if name in _COUNTS or name in _VOTE:
        before = _vote_problems({k: v for k, v in answers.items() if k != name})
        after = _vote_problems(answers)
        brought = [(_INFERRED if "source_decompte" in m else m, level)
                   for m, level in after.items() if m not in before]
        return ([m for m, level in brought if level == "erreur"],
                [m for m, level in brought if level != "erreur"])
    if name == "url":
        if not value:
            return [], [NO_SOURCE]
        from jsonschema import Draft202012Validator, FormatChecker  # not on every command's start

        schema = field_schema("motion", ("sources", 0, "url"))
        if not Draft202012Validator(schema, format_checker=FormatChecker()).is_valid(value):
            return [f"« {cut(value, 80)} » n'est pas une adresse web : copiez l'adresse complète du "
                    "document, qui commence par https:// (ou laissez vide)"], []
    if name == "texte" and value:
        if len(value) > MAX_TEXT:
            return [f"texte de {len(value)} caractères, au plus {MAX_TEXT} : ne gardez que la "
                    "motion elle-même"], []
        problem = value_problem(value, multiline=True)
        if problem:
            return [problem], []
    return [], []


def read_text_file(path: str) -> tuple[str, str]:
    """(text, "") from a text file named in an answer, or ("", what is wrong)."""
    target = Path(path).expanduser()
    try:
        if target.stat().st_size > 4 * MAX_TEXT:
            return "", f"« {path} » est trop gros pour un texte de motion"
        raw = target.read_bytes()
    except OSError as exc:
        return "", f"« {path} » illisible : {system_reason(exc, brief=True)}"
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return "", (f"« {path} » n'est pas en UTF-8 : enregistrez-le en « Texte (UTF-8) » puis "
                    "donnez-le à nouveau")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n"), ""


# --- answers kept in a file -------------------------------------------------------------------
def _answers_text(campaign: str, answers: dict[str, str]) -> str:
    body = yaml.safe_dump({"campagne": campaign, "reponses": answers}, allow_unicode=True,
                          sort_keys=False, width=100)
    return ("# Réponses gardées par « petition new » : corrigez-les si besoin, puis reprenez avec\n"
            "# petition new --resume CE-FICHIER\n" + body)


def keep_answers(root: Path, campaign: str, answers: dict[str, str],
                 resumed: Path | None = None) -> Path | None:
    """Write the answers to a file and return it: the file resumed from, or a new one in the
    current folder, the home folder or the temporary folder (the first that takes it); inside the
    repository `root`, under its rules (no link)."""
    text = _answers_text(campaign, answers)
    if resumed is not None:
        try:
            replace_file(chosen(root, resumed), text.encode("utf-8"))
            return resumed
        except (UnsafePath, WriteError):
            pass
    stem = "-".join(filter(None, ("petition-new", slugify(answers.get("code", "")),
                                  answers.get("date", "") if answers.get("date", "")[:1].isdigit()
                                  else "")))
    for folder in (Path.cwd(), Path.home(), Path(tempfile.gettempdir())):
        for number in range(1, 100):
            target = folder / (f"{stem}.yml" if number == 1 else f"{stem}-{number}.yml")
            try:
                if write_new(chosen(root, target), text):
                    return target
            except (UnsafePath, WriteError):
                break
    return None


def load_answers(path: Path) -> tuple[str, dict[str, str]]:
    """The campaign and answers of a file written by `keep_answers` (and maybe edited)."""
    try:
        raw = path.read_bytes()[:MAX_ANSWERS_BYTES + 1]
    except OSError as exc:
        raise AnswersError(f"{path} illisible : {system_reason(exc, brief=True)}") from None
    if len(raw) > MAX_ANSWERS_BYTES:
        raise AnswersError(f"{path} : fichier trop gros pour des réponses de petition new")
    try:
        data = load_bytes(raw).data
    except YamlError as exc:
        raise AnswersError(f"{path}:{exc.line}: {exc.message}") from None
    answers = data.get("reponses") if isinstance(data, dict) else None
    campaign = data.get("campagne") if isinstance(data, dict) else None
    if not isinstance(campaign, str) or not isinstance(answers, dict):
        raise AnswersError(f"{path} : ce n'est pas un fichier de réponses de petition new "
                           "(il faut « campagne: » et « reponses: »)")
    unknown = sorted(str(k) for k in answers if k not in ORDER)
    if unknown:
        raise AnswersError(f"{path} : réponse(s) inconnue(s) {', '.join(unknown)} ; "
                           f"questions : {', '.join(ORDER)}")
    return campaign, {str(k): "" if v is None else str(v) for k, v in answers.items()}


# --- the session in progress, kept as it is typed ---------------------------------------------
def session_file(root: Path) -> Path:
    """Where `petition new` keeps the answers of the session in progress for the repository at
    `root`: outside the repository (never committed), one file per repository."""
    override = os.environ.get("PETITION_STATE_DIR")
    xdg = os.environ.get("XDG_STATE_HOME")
    base = Path(override) if override else \
        (Path(xdg) if xdg else Path.home() / ".local" / "state") / "petition"
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return base / f"nouvelle-motion-{digest}.yml"


def save_session(root: Path, campaign: str, answers: dict[str, str]) -> Path | None:
    """Keep the answers given so far (written whole or not at all); None when no folder takes
    them (the questions go on: a full disk must not stop someone typing)."""
    target = session_file(root)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # The user's own state folder, chosen by the program, never from data: no path check.
        replace_file(Destination(target, str(target)), _answers_text(campaign, answers).encode())
    except (OSError, WriteError):
        return None
    return target


def load_session(root: Path) -> tuple[str, dict[str, str]] | None:
    """The campaign and answers of an interrupted session, or None (none, or unreadable)."""
    target = session_file(root)
    if not target.is_file():
        return None
    try:
        return load_answers(target)
    except AnswersError:
        return None


def drop_session(root: Path) -> None:
    with contextlib.suppress(OSError):
        session_file(root).unlink()
