"""Files as publishers write them, for `petition discover`: the lines of a file of any encoding a
spreadsheet or a council's software produces, and its dates as they are written. The rows
themselves are read by `csvformats.TableReader`, the reader of `petition import`."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator
from typing import BinaryIO

from petition.core.problems import Problem


def stream_lines(stream: BinaryIO) -> Iterator[str]:
    """The lines of a CSV file as text, one at a time, line ends kept, as a publisher wrote them:
    UTF-8 (a BOM is dropped); a line that is not UTF-8 is read as cp1252, the Windows encoding of
    older spreadsheets, and failing that as Latin-1, which reads every byte (its control
    characters are then refused where the cells are used)."""
    first = True
    for raw in stream:
        if first:
            raw = raw.removeprefix(codecs.BOM_UTF8)
            first = False
        # A lone CR ends a line too (old Mac spreadsheets), as when the text is read whole.
        pieces = raw.splitlines(keepends=True) if b"\r" in raw.rstrip(b"\r\n") else (raw,)
        for piece in pieces:
            try:
                yield piece.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    yield piece.decode("cp1252")
                except UnicodeDecodeError:
                    yield piece.decode("latin-1")


def utf16_problem(start: bytes, display: str) -> Problem | None:
    """A file that starts with a UTF-16 mark (« texte Unicode ») cannot be read line by line."""
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Problem(display, 1, "fichier en UTF-16 (« texte Unicode ») : dans le tableur, "
                       "enregistrez-le en « CSV UTF-8 »")
    return None


_FRENCH_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                       r"(?:Z|[+-]\d{2}:?\d{2})?)?")


def read_date(value: str) -> str | None:
    """The ISO date (AAAA-MM-JJ) of a cell as publishers write it: AAAA-MM-JJ (with a time of
    day, sometimes), or JJ/MM/AAAA as a spreadsheet shows it; None if it is no real date."""
    text = value.strip()
    iso, french = _ISO_DATE.fullmatch(text), _FRENCH_DATE.fullmatch(text)
    parts = (iso.group(1), iso.group(2), iso.group(3)) if iso else \
        (french.group(3), french.group(2), french.group(1)) if french else None
    if parts is None:
        return None
    try:
        return dt.date(*(int(p) for p in parts)).isoformat()
    except ValueError:
        return None
