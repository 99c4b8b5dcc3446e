"""Dates as people type them, read one way everywhere: command-line options, `petition new`, the
issue form, `validate --fix`, PETITION_TODAY. Stored and shown ISO (`2024-02-05`).

Accepted: `2024-02-05`, `05/02/2024` (day first, as in France; also `5.2.2024`, `5-2-2024`),
« 5 février 2024 », « 1er mars 2024 », « mardi 5 février 2024 », « le 5 fevrier 2024 ». A year
in two digits is ambiguous (which century?), a day that does not exist (31/02) impossible: both are
refused with a French message that gives the accepted forms. Imports stay ISO only: the contract
fixes their date column as `YYYY-MM-DD`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

ACCEPTED = ("formes acceptées : AAAA-MM-JJ (2024-02-05), JJ/MM/AAAA (05/02/2024) ou en toutes "
            "lettres (5 février 2024, 1er mars 2024)")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
# Folded (no accents, lower case) month names and their usual abbreviations → month number.
_MONTH_WORDS = {
    **{name: number for number, name in enumerate(
        ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
         "octobre", "novembre", "decembre"), start=1)},
    "janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})")
_WORDS = re.compile(r"(?:(?:le|du)\s+)?(?:(?:" + "|".join(_WEEKDAYS) + r")\s+)?"
                    r"(1\s*er|premier|\d{1,2})\s+([a-z]+)\.?\s+(\d{2}|\d{4})")


class DateError(ValueError):
    """Not a date one can read for sure; the message says why, in French, and what to write."""


def _quoted(text: str) -> str:
    """« text », cut after 57 characters: a pasted paragraph is not repeated whole."""
    text = text.strip()
    return f"« {text if len(text) <= 60 else text[:57] + '…'} »"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("\u00a0", " ").replace("\u202f", " "))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def _build(text: str, year: str, month: int, day: int) -> str:
    if len(year) == 2:
        raise DateError(f"{_quoted(text)} : l'année s'écrit avec ses quatre chiffres (20{year}, pas "
                        f"{year}) ; {ACCEPTED}")
    if not 1 <= month <= 12:
        hint = " (le jour s'écrit d'abord : JJ/MM/AAAA)" if 1 <= day <= 12 else ""
        raise DateError(f"{_quoted(text)} : il n'y a pas de mois {month}{hint} ; {ACCEPTED}")
    last = calendar.monthrange(int(year), month)[1]
    if not 1 <= day <= last:
        name = MONTHS[month - 1]
        why = f" ({name} {year} n'a que {last} jours)" if day > last else ""
        raise DateError(f"{_quoted(text)} : le {day} {name} {year} n'existe pas{why} ; vérifiez la "
                        "date sur le document")
    return dt.date(int(year), month, day).isoformat()


def parse_date(text: str) -> str:
    """The ISO date `text` means, or DateError."""
    value = text.strip()
    folded = _fold(value)
    iso = _ISO.fullmatch(folded)
    if iso:
        return _build(value, iso[1], int(iso[2]), int(iso[3]))
    numeric = _NUMERIC.fullmatch(folded)
    if numeric:
        return _build(value, numeric[4], int(numeric[3]), int(numeric[1]))
    words = _WORDS.fullmatch(re.sub(r"\s+", " ", folded))
    if words and words[2] in _MONTH_WORDS:
        day = 1 if not words[1][0].isdigit() or words[1].replace(" ", "") == "1er" else int(words[1])
        return _build(value, words[3], _MONTH_WORDS[words[2]], day)
    if words:
        raise DateError(f"{_quoted(text)} : mois « {words[2]} » inconnu ; {ACCEPTED}")
    raise DateError(f"{_quoted(text)} n'est pas une date lisible ; {ACCEPTED}")


def read_date(text: str) -> dt.date:
    """`parse_date` as a date object."""
    return dt.date.fromisoformat(parse_date(text))
