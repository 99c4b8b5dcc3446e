"""`petition new`: one motion from answers (prompts or options), read and checked by the same rules
as an imported row and a file, then written under its proper name, never over an existing file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from petition.core.characters import value_problem
from petition.core.dates import DateError, parse_date
from petition.core.destinations import destination
from petition.core.opendata import formula_message, formula_start
from petition.core.problems import Problem, sort_problems
from petition.core.referential import TYPE_LABELS, Body, Referential
from petition.core.repository import MOTIONS_DIR, Repository
from petition.core.statuses import INSTANCES
from petition.exchange.csvformats import FIELDS, TEMPLATE
from petition.exchange.csvformats import REQUIRED as REQUIRED_COLUMNS
from petition.exchange.rows import RowConverter, as_file, check_code, one_line, parse_cell
from petition.exchange.writer import write_new

# What `petition new` asks, in this order (template column names: read as a template row).
QUESTIONS = ("type", "code", "siret", "date", "nature", "objet", "identifiant", "instance",
             "effectif", "presents", "pouvoirs", "resultat", "pour", "contre", "abstentions", "url")
REQUIRED = REQUIRED_COLUMNS[TEMPLATE]
_KINDS = {c.name: c.kind for c in FIELDS[TEMPLATE]}
COUNTS = tuple(q for q in QUESTIONS if _KINDS[q] == "count")
NEW = "petition new"
_YES_NO = {**dict.fromkeys(("o", "oui", "y", "yes", "vrai", "true"), "oui"),
           **dict.fromkeys(("n", "non", "no", "faux", "false"), "non")}
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+")


def default_instance(ref: Referential, body_type: str, code: str, date: str) -> str:
    """The assembly of that body on that date (« Assemblée de Corse », « Conseil municipal »)."""
    body = ref.body(body_type, code.upper(), date or None) if body_type and code else None
    return body.instance if body else INSTANCES.get(body_type, "")


@dataclass
class Draft:
    """The file `petition new` would write, and what is wrong with it."""

    rel: str = ""
    text: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rel) and not any(p.is_error for p in self.problems)


def check_answer(name: str, value: str, today: dt.date | None = None) -> str:
    """What is wrong with one answer on its own ("" if nothing): for prompts to ask again."""
    value = canonical(name, value)
    if not value:
        return "réponse obligatoire" if name in REQUIRED else ""
    hidden = value_problem(value)  # every answer is one line: asked again at once
    if hidden:
        return hidden
    kind = _KINDS.get(name, "text")
    if kind == "text" and formula_start(value):
        return formula_message(value)
    if kind == "date":
        try:
            parse_date(value)
        except DateError as exc:
            return str(exc)
    parsed, error = parse_cell(kind, value)
    if not error and kind == "date" and today and dt.date.fromisoformat(parsed) > today:
        return f"date « {parsed} » dans le futur (aujourd'hui : {today.isoformat()}) : vérifiez " \
               "l'année"
    if not error and kind == "siret" and len(parsed) != 14:
        return f"« {value} » est un SIREN : écrivez le SIRET complet (14 chiffres), ou rien"
    return error


def canonical(name: str, value: str) -> str:
    """An acceptable answer in its canonical spelling (`Vœu` → `voeu`, ` 12 ` → `12`)."""
    value = value.strip()
    if value and name in ("type", "nature", "resultat"):
        return str(parse_cell(name, value)[0] or value)
    kind = _KINDS.get(name)
    if kind == "date" and value:  # people type dates the French way: read them so, store ISO
        try:
            return parse_date(value)
        except DateError:
            return value  # check_answer says why
    if kind == "count" and _GROUPED.fullmatch(value):
        return re.sub(r"\D", "", value)
    if kind == "bool":
        return _YES_NO.get(value.lower(), value)
    if kind == "siret":  # « 216 204 982 00013 », as printed on paper
        return "".join(value.split())
    return value


def find_bodies(ref: Referential, body_type: str, text: str) -> list[Body]:
    """The body with that code, or those whose name matches `text`."""
    text = text.strip()
    body = ref.body(body_type, text.upper())
    if body is not None:
        return [body]
    if check_code(body_type, text.upper()) or text.isdigit():
        return []
    return ref.search(text, body_type, limit=10)


def describe_body(body: Body, ref: Referential) -> str:
    """« Lens — commune 62498, Pas-de-Calais (62), Hauts-de-France »."""
    parts = [f"{TYPE_LABELS[body.type]} {body.code}"]
    if body.departement and body.type != "departement":
        parts.append(f"{ref.departement_name(body.departement)} ({body.departement})")
    if body.region:
        parts.append(ref.region_name(body.region))
    former = f" (ancienne commune {body.former_name})" if body.former_name else ""
    return f"{body.nom}{former} — {', '.join(parts)}"


def draft_motion(repo: Repository, campaign: str, answers: dict[str, str], ref: Referential,
                 today: dt.date) -> Draft:
    """The motion the answers describe, checked like a file of the repository."""
    row = RowConverter(TEMPLATE, campaign, ref).convert(1, answers)
    if answers.get("texte"):  # not a template column: the prompt reads it from a file or types it
        row.data["texte"] = answers["texte"]
    rel = f"{MOTIONS_DIR}/{campaign}/{row.filename}" if row.filename else ""
    where = rel or NEW
    draft = Draft(problems=[Problem(where, 1, one_line(f"« {column} » : {message}" if column else message),
                                    level, column) for column, message, level in row.problems])
    if row.refused or not rel:
        return draft
    draft.rel = rel
    for motion in repo.motions:
        if motion.identity == row.identity:
            draft.problems.append(Problem(rel, 1, f"doublon : {motion.path} existe déjà pour cette "
                                          "collectivité, cette date de séance et cette campagne ; "
                                          "complétez ce fichier-là"))
    draft.text, found = as_file(rel, row.data, repo.campaigns, today)
    draft.problems = sort_problems(draft.problems + found)
    return draft


def write_draft(repo: Repository, draft: Draft) -> bool:
    """Write the draft's file; False if a file already has that name (nothing is overwritten)."""
    return write_new(destination(repo.root, draft.rel), draft.text)
