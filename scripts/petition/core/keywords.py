"""A campaign's expressions (`mots_cles`) and how a text is searched for them.

Both sides are folded the same way (`fold`): lower case, no accents (« é » → « e », « œ » →
« oe »), and every run of what is not a letter or a digit (hyphens, apostrophes, punctuation,
line breaks) is a separator. An expression then matches only whole words: « gare » is not
« garenne », and « TER » is never found inside another word. Between two words of an
expression any separator, or none, matches (« SNCF-Réseau », « SNCF Réseau », « SNCFRéseau »).

Linear and fast on the ~100,000 rows of a large publisher's file: a text that the Windows code
page cp1252 can hold (all of French) is folded by C-level passes over its bytes (the table is
computed from `fold` itself), then searched once by one compiled expression holding every
expression of the campaign; any other text goes through the full Unicode decomposition.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_WORD = re.compile(r"[\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
# Separates the texts of one row searched together: never part of an expression's match.
CELL_SEPARATOR = "\x1f"


def fold(text: str) -> str:
    """`text` as searched: lower case, no accents, words separated by single spaces."""
    if text.isascii():
        lowered = text.lower()
    else:
        lowered = _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()
        lowered = lowered.translate(_LIGATURES)
    return _NOT_WORD.sub(" ", lowered).strip()


def _byte_table() -> tuple[bytes, tuple[tuple[bytes, bytes], ...]]:
    """For text encoded in cp1252 (the Windows code page, which holds every character of French
    text: accents, « œ », « ’ », « € »…): each byte as `fold` writes its character (« É » →
    « e »), a space for what is not a letter or a digit, and for a character `fold` writes with
    several letters (« œ » → « oe », « ß » → « ss ») the byte of its lower case, replaced after.
    A character `fold` does not write in ASCII (« µ ») keeps its byte: the text then takes the
    full path."""
    table = bytearray(range(256))
    multi: dict[bytes, bytes] = {}
    for code in range(0x80, 256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # the five bytes cp1252 leaves undefined: never produced by encoding a text
        folded = fold(char)
        if not folded:
            table[code] = ord(" ")
        elif not folded.isascii():
            continue
        elif len(folded) == 1:
            table[code] = ord(folded)
        else:
            placeholder = char.lower().encode("cp1252")
            table[code] = placeholder[0]
            multi[placeholder] = folded.encode("ascii")
    table[ord("A"):ord("Z") + 1] = bytes(range(ord("a"), ord("z") + 1))
    table[ord("_")] = ord(" ")  # a separator for `fold`, a word character for `\b`
    return bytes(table), tuple(multi.items())


_BYTES, _MULTI = _byte_table()


def fold_fast(text: str) -> str:
    """`text` with the letters folded as `fold` does, separators left in place (the search
    treats any run of them as one): a few C-level passes for any text cp1252 can hold, the full
    Unicode decomposition for the others."""
    if text.isascii():
        return text.lower().replace("_", " ")
    try:
        raw = text.encode("cp1252").translate(_BYTES)
        for placeholder, letters in _MULTI:
            if placeholder in raw:
                raw = raw.replace(placeholder, letters)
        return raw.decode("ascii")
    except UnicodeError:
        return CELL_SEPARATOR.join(fold(part) for part in text.split(CELL_SEPARATOR))


# A separator inside an expression: any run of non-word characters, or nothing; never the
# boundary between two texts of a row. (Folded texts hold no underscore: `\b` is a boundary.)
_SEP = r"[^\w\x1f]*"


class Expressions:
    """The expressions of one campaign, compiled once; `find` says which one a text holds."""

    def __init__(self, expressions: Iterable[str]) -> None:
        self.by_folded: dict[str, str] = {}
        for expression in expressions:
            folded = fold(expression)
            if folded:
                self.by_folded.setdefault(folded, expression)
        # Longest first, so that the expression reported is the most precise one found there.
        self._names = sorted(self.by_folded, key=lambda f: (-len(f), f))
        body = "|".join(f"(?P<e{index}>{_SEP.join(re.escape(w) for w in folded.split(' '))})"
                        for index, folded in enumerate(self._names))
        self._pattern = re.compile(rf"\b(?:{body})\b") if body else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find_folded(self, folded: str) -> str | None:
        """The expression (as the campaign writes it) that a text folded by `fold_fast` holds."""
        if self._pattern is None:
            return None
        found = self._pattern.search(folded)
        if found is None or found.lastgroup is None:
            return None
        return self.by_folded[self._names[int(found.lastgroup[1:])]]

    def find(self, text: str) -> str | None:
        """The expression (as the campaign writes it) that `text` holds, or None."""
        return self.find_folded(fold_fast(text)) if text else None
