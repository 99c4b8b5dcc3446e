"""One CSV row (or one `petition new` answer set) to motion data, with what is wrong with its cells.

Cells are read here (counts, dates, lists of values, SIRET/SIREN with python-stdnum, the body in
the referential); everything else a motion file must satisfy is left to the per-file checks, run on
the YAML text the row becomes, so that an imported row obeys exactly the rules of a file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.fr import siren as siren_number
from stdnum.fr import siret as siret_number

from petition.core import checks
from petition.core.characters import value_problem
from petition.core.model import NATURES, RESULTS, Campaign, Motion
from petition.core.problems import ERROR, WARNING, Problem
from petition.core.referential import TYPES, Body, Referential, normalize_name
from petition.core.repository import analyse
from petition.core.schemas import is_multiline
from petition.core.sirens import siren_owner
from petition.exchange.csvformats import FIELDS, REQUIRED, SCDL, TEMPLATE, Column, column_of, undefuse
from petition.exchange.writer import dump_motion

Identity = tuple[str, str, str, str]
_CHOICES = {
    "type": ({t: t for t in TYPES} | {"intercommunalite": "epci"},
             ", ".join(TYPES[:-1]) + " ou " + TYPES[-1]),
    "nature": ({n: n for n in NATURES}, "motion, voeu ou deliberation"),
    "resultat": ({r: r for r in RESULTS} | {"adopte": "adoptee", "rejete": "rejetee"},
                 "adoptee ou rejetee"),
}
_BOOLS = {"oui": True, "vrai": True, "true": True, "1": True,
          "non": False, "faux": False, "false": False, "0": False}
_EMPTY_HINTS = {
    "type": "indiquez " + ", ".join(TYPES[:-1]) + " ou " + TYPES[-1],
    "code": "indiquez le code officiel (INSEE pour une commune, SIREN pour un EPCI, numéro du "
            "département ou de la région)",
    "date": "indiquez la date de la séance, AAAA-MM-JJ",
    "nature": "indiquez motion, voeu ou deliberation",
    "objet": "recopiez l'objet ou le titre de la motion",
    "resultat": "indiquez adoptee ou rejetee",
    "COLL_SIRET": "indiquez le SIRET de la collectivité (14 chiffres, sur "
                  "annuaire-entreprises.data.gouv.fr)",
    "DELIB_DATE": "indiquez la date de la séance, AAAA-MM-JJ",
    "DELIB_OBJET": "recopiez l'objet de la délibération",
}
_LAYOUT = re.compile(r"[ \t]*[\n\t][ \t\n]*")
_SPREADSHEET_NUMBER = re.compile(r"\d+([.,]\d+)?[eE]\+?\d+")
_FRENCH_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_VOEU = re.compile(r"\bv(?:oe|œ)ux?\b")
_MOTION = re.compile(r"\bmotions?\b")
_GENERIC = {"communaute", "agglomeration", "communes", "metropole", "urbaine", "pays"}
# Far above any council or vote (the schema's bound then speaks), far below what int() refuses.
_MAX_COUNT_DIGITS = 18


@dataclass
class Converted:
    """A row turned into motion data: `problems` are (column, message, level)."""

    line: int
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    identity: Identity | None = None
    filename: str = ""

    @property
    def refused(self) -> bool:
        return any(level == ERROR for _, _, level in self.problems)


def one_line(text: str) -> str:
    """A message on one line whatever the cells it quotes (a problem is one line)."""
    return text.replace("\r\n", " ↵ ").replace("\n", " ↵ ").replace("\r", " ↵ ")


def fold(text: str) -> str:
    """Lower case without accents: `Vœu` → `voeu`, `Adoptée` → `adoptee`."""
    text = text.strip().casefold().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def parse_cell(kind: str, value: str) -> tuple[Any, str]:
    """The value of a non-empty cell, or (None, French message saying what to write)."""
    if kind == "count":
        if value.isascii() and value.isdigit():
            if len(value) > _MAX_COUNT_DIGITS:  # int() refuses past 4,300 digits
                return None, (f"« {value[:_MAX_COUNT_DIGITS]}… » ({len(value)} chiffres) : nombre "
                              "bien trop grand, vérifiez la case")
            return int(value), ""
        return None, (f"« {value} » n'est pas un nombre entier positif ou nul : écrivez un nombre "
                      "(par exemple 37), ou laissez la case vide si le nombre est inconnu")
    if kind == "date":
        return parse_date(value)
    if kind in _CHOICES:
        allowed, said = _CHOICES[kind]
        chosen = allowed.get(fold(value))
        return (chosen, "") if chosen else (None, f"« {value} » n'est pas permis : écrivez {said}")
    if kind == "bool":
        flag = _BOOLS.get(fold(value))
        return (flag, "") if flag is not None else (None, f"« {value} » : écrivez oui ou non")
    if kind == "siret":
        return parse_siret(value)
    return value, ""


def parse_date(value: str) -> tuple[str | None, str]:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value).isoformat(), ""
        french = _FRENCH_DATE.fullmatch(value)
        if french:
            day, month, year = (int(g) for g in french.groups())
            iso = dt.date(year, month, day).isoformat()
            return None, f"« {value} » n'est pas au format AAAA-MM-JJ : écrivez « {iso} »"
    except ValueError:
        pass
    return None, (f"« {value} » n'est pas une date valide : écrivez-la AAAA-MM-JJ "
                  "(par exemple 2023-09-27)")


def parse_siret(value: str) -> tuple[str | None, str]:
    """A valid SIRET (14 digits) or SIREN (9 digits), checked with python-stdnum."""
    if _SPREADSHEET_NUMBER.fullmatch(value):
        return None, (f"« {value} » : le tableur a transformé le numéro en nombre ; mettez la "
                      "colonne au format texte et recopiez les chiffres")
    number = siret_number.compact(value)
    module = siren_number if len(number) == 9 else siret_number
    try:
        return str(module.validate(number)), ""
    except InvalidLength:
        return None, (f"« {value} » : un SIRET a 14 chiffres (un SIREN 9) ; recopiez-le depuis "
                      "annuaire-entreprises.data.gouv.fr")
    except InvalidFormat:
        return None, f"« {value} » : un SIRET ne contient que des chiffres"
    except (InvalidChecksum, ValidationError):
        return None, (f"« {value} » n'est pas un {'SIREN' if len(number) == 9 else 'SIRET'} "
                      "valide (clé de contrôle fausse) : vérifiez chaque chiffre sur "
                      "annuaire-entreprises.data.gouv.fr")


def check_code(body_type: str, code: str) -> str:
    """What is wrong with the shape of a code for its type (before the referential)."""
    if body_type == "commune" and code.isdigit() and len(code) == 4:
        return (f"« {code} » : un code de commune a 5 caractères ; le tableur a sans doute supprimé "
                f"le zéro initial : écrivez « 0{code} » et mettez la colonne au format texte")
    if body_type == "departement" and code.isdigit() and len(code) == 1:
        return f"« {code} » : un numéro de département a 2 caractères : écrivez « 0{code} »"
    if body_type in ("epci", "ept", "collectivite") and not siren_number.is_valid(code):
        whose = "de l'intercommunalité" if body_type == "epci" else "de l'établissement"
        return (f"« {code} » n'est pas un SIREN valide (9 chiffres, clé de contrôle) : recopiez le "
                f"SIREN {whose} depuis annuaire-entreprises.data.gouv.fr")
    return ""


def set_path(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    """Set `value` at `path` (keys, and list indexes for `sources`), creating what is missing."""
    target: Any = data
    for part, following in pairwise(path):
        if isinstance(part, int):
            while len(target) <= part:
                target.append({})
            target = target[part]
        else:
            target = target.setdefault(part, [] if isinstance(following, int) else {})
    target[path[-1]] = value


def official_spelling(ref: Referential, body: Body, name: str) -> str | None:
    """The accepted name of `body` that `name` spells with other case, accents or hyphens."""
    wanted = normalize_name(name)
    return next((n for n in ref.accepted_names(body) if normalize_name(n) == wanted), None)


def as_file(rel: str, data: dict[str, Any], campaigns: dict[str, Campaign],
            today: dt.date) -> tuple[str, list[Problem]]:
    """The text of the file `data` becomes at `rel`, and its problems as a file of the repository
    (the checks of `petition validate` except duplicates, which callers know better)."""
    text = dump_motion(data)
    # A missing source is said where it is asked for (`petition new`'s URL question), not once
    # per imported row: `petition validate` reports it on the file.
    problems = [p for p in analyse("motion", rel, text.encode("utf-8"), today)[2]
                if p.field != "sources" or p.is_error]
    problems += checks.check_across([Motion(rel, data)], campaigns)
    return text, problems


def scdl_body(ref: Referential, number: str, date: str | None = None) -> Body | None:
    """The body an SCDL row's COLL_SIRET (a valid SIRET or SIREN) names, when its SIREN is known:
    the referential (with the session's `date`, also a commune of the past, by its own) or the
    shipped table of départements and régions (core.sirens)."""
    return siren_owner(number[:9], ref, date)


def name_matches(given: str, official: str) -> bool:
    """Whether a free-form name (« Ville de Lens ») names the official one (« Lens »)."""
    words = normalize_name(given).split()
    wanted = [w for w in normalize_name(official).split() if len(w) >= 4 and w not in _GENERIC]
    return all(w in words for w in wanted or normalize_name(official).split())


def _check_vote_reel(row: Converted, values: dict[str, Any]) -> None:
    """SCDL's VOTE_REEL is VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION: a row that says otherwise is
    refused; without the three counts it tells nothing a motion records, and is left aside."""
    reel = values.get("VOTE_REEL")
    if not isinstance(reel, int):
        return
    counts = [values.get(c) for c in ("VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")]
    known = [c for c in counts if isinstance(c, int)]
    if any(column.startswith("VOTE_") for column, _, _ in row.problems):
        return  # a count that is not a number: that is the row's problem
    if len(known) < len(counts):
        row.problems.append(("VOTE_REEL", f"VOTE_REEL ({reel}) n'est pas repris : sans VOTE_POUR, "
                             "VOTE_CONTRE et VOTE_ABSTENTION tous remplis, il ne dit pas qui a "
                             "voté quoi", WARNING))
    elif sum(known) != reel:
        row.problems.append(("VOTE_REEL", f"VOTE_REEL vaut {reel} mais VOTE_POUR + VOTE_CONTRE + "
                             f"VOTE_ABSTENTION = {sum(known)} : VOTE_REEL est le nombre de membres "
                             "qui ont pris part au vote, la somme des trois ; corrigez l'un ou "
                             "l'autre", ERROR))


class RowConverter:
    """Turns rows of one format into motion data for one campaign."""

    def __init__(self, fmt: str, campaign: str, ref: Referential) -> None:
        self.fmt = fmt
        self.campaign = campaign
        self.ref = ref
        self.columns: dict[str, Column] = {c.name: c for c in FIELDS[fmt]}

    def convert(self, line: int, cells: dict[str, str]) -> Converted:
        row = Converted(line, {"campagne": self.campaign})
        values: dict[str, Any] = {}
        for name, raw in cells.items():
            column = self.columns.get(name)
            if column is None or column.kind == "ignored":
                continue
            cell = self._cell(raw, column)
            if not cell:
                continue
            message = value_problem(cell, multiline=is_multiline("motion", column.path))
            if message:
                row.problems.append((name, message, ERROR))
                continue
            value, error = parse_cell(column.kind, cell)
            if error:
                row.problems.append((name, error, ERROR))
            else:
                values[name] = value
        for name in REQUIRED[self.fmt]:
            if not cells.get(name, "").strip():
                row.problems.append((name, f"case vide : {_EMPTY_HINTS[name]}", ERROR))
        if self.fmt == SCDL:
            _check_vote_reel(row, values)
        body = self._scdl_body(row, values) if self.fmt == SCDL else self._template_body(row, values)
        if row.refused or body is None:
            return row
        for name, value in values.items():
            column = self.columns[name]
            if column.kind != "campaign" and column.path:
                set_path(row.data, column.path, value)
        if self.fmt == SCDL:
            self._scdl_defaults(row)
        self._check_body(row, body)
        return row

    @staticmethod
    def _cell(raw: str, column: Column) -> str:
        """The cell as text: a spreadsheet's line breaks (Alt+Entrée) and tabs inside a one-line
        field are layout, not content, and become one space; a long text keeps its lines."""
        cell = undefuse(raw.replace("\r\n", "\n").replace("\r", "\n").strip())
        if column.path and is_multiline("motion", column.path):
            return cell
        return _LAYOUT.sub(" ", cell) if "\n" in cell or "\t" in cell else cell

    def _template_body(self, row: Converted, values: dict[str, Any]) -> Body | None:
        given = values.get("campagne")
        if given is not None and given != self.campaign:
            row.problems.append(("campagne", f"ligne de la campagne « {given} », pas de "
                                 f"« {self.campaign} » : importez-la avec --campaign {given}, ou "
                                 "retirez-la", ERROR))
        body_type, code = values.get("type"), values.get("code")
        if not isinstance(body_type, str) or not isinstance(code, str):
            return None
        code = values["code"] = code.upper()
        error = check_code(body_type, code)
        if error:
            row.problems.append(("code", error, ERROR))
            return None
        date = values.get("date")  # the body as it was on the session's date (a former commune)
        body = self.ref.body(body_type, code, date if isinstance(date, str) else None)
        if body is None:
            motion = Motion("", {"collectivite": {"type": body_type, "code": code,
                                                  "nom": values.get("nom", "")}})
            for problem in checks.check_body(motion, self.ref):
                row.problems.append((column_of(TEMPLATE, problem.field), problem.message, ERROR))
            return None
        name = values.get("nom")
        spelled = official_spelling(self.ref, body, name) if name else None
        if not name or spelled:  # the official spelling of the name given, or the default one
            values["nom"] = spelled or body.former_name or body.nom
        siret = values.get("siret")
        # Its SIREN against the body's is a rule of every motion file (core.opendata).
        if isinstance(siret, str) and len(siret) != 14:
            row.problems.append(("siret", f"« {siret} » est un SIREN : écrivez le SIRET complet "
                                 "(14 chiffres) ou laissez la case vide", ERROR))
        return body

    def _scdl_body(self, row: Converted, values: dict[str, Any]) -> Body | None:
        number = values.pop("COLL_SIRET", None)
        if not isinstance(number, str):
            return None
        date = values.get("DELIB_DATE")
        body = scdl_body(self.ref, number, date if isinstance(date, str) else None)
        if body is None:
            row.problems.append(("COLL_SIRET", f"SIREN {number[:9]} inconnu : l'import SCDL "
                                 "reconnaît par leur SIREN les communes, les intercommunalités, "
                                 "les établissements publics territoriaux et la Métropole de Lyon "
                                 "du référentiel officiel, et les départements et régions de la "
                                 "table des SIREN ; pour un autre conseil, utilisez le modèle "
                                 "(colonnes type, code…)", ERROR))
            return None
        if len(number) == 14:
            values["COLL_SIRET"] = number
        row.data["collectivite"] = {"type": body.type, "code": body.code, "nom": body.nom}
        given = str(values.get("COLL_NOM") or "")
        if given and not name_matches(given, body.nom):
            row.problems.append(("COLL_NOM", f"« {given} » ne ressemble pas à « {body.nom} », "
                                 "la collectivité de ce SIRET : vérifiez le SIRET", WARNING))
        return body

    @staticmethod
    def _scdl_defaults(row: Converted) -> None:
        """What SCDL implies: nature from the object, adopted unless the votes say otherwise. A
        deliberation published with as many votes for as against was adopted by the president's
        casting vote (CGCT L2121-20): adopted, with a warning to check the document."""
        data = row.data
        objet = fold(str(data.get("objet", "")))
        found = sorted((m.start(), kind) for kind, pattern in (("voeu", _VOEU), ("motion", _MOTION))
                       for m in [pattern.search(objet)] if m)
        data["nature"] = found[0][1] if found else "deliberation"
        vote = data.setdefault("vote", {})
        pour, contre = vote.get("pour"), vote.get("contre")
        known = pour is not None and contre is not None
        tie = known and pour == contre and pour > 0
        # The tie's warning is the file's own (procedure.check_casting_vote), said once.
        vote["resultat"] = "rejetee" if known and not tie and pour <= contre else "adoptee"

    def _check_body(self, row: Converted, body: Body) -> None:
        data = row.data
        collectivite, date = data["collectivite"], data.get("seance", {}).get("date")
        if not date:
            return
        row.filename = checks.expected_filename(self.ref, body, collectivite["type"],
                                                collectivite["code"], collectivite["nom"], date)
        row.identity = (self.campaign, collectivite["type"], collectivite["code"], date)
        motion = Motion(f"motions/{self.campaign}/{row.filename}", data)
        for problem in checks.check_body(motion, self.ref):
            if problem.is_error:
                row.problems.append((column_of(self.fmt, problem.field), problem.message, ERROR))
        if self.fmt == SCDL and data.get("identifiant") == row.filename.removesuffix(".yml"):
            del data["identifiant"]  # the export's stand-in for a missing DELIB_ID
