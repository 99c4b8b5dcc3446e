"""Which characters text from a stranger may hold, and how to show any text on a terminal.

One definition for the raw bytes of a file, for every decoded value (YAML escapes such as
`"\\u202E"`, `"\\0"`, `"\\x85"` or `"\\e"` give back exactly what the bytes may not carry), for CSV
cells, issue forms and answers to `petition new`: control characters, bidirectional controls,
invisible (format) characters, private-use characters, Unicode line separators, surrogates and
non-characters are refused everywhere; newline and tab only inside a multi-line text.

The same classes are escaped (`\\x1b`, `\\u202e`) by `shown`, the one function through which a
contributor's text reaches a terminal, a workflow log or a problem line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# Every code point of the general categories Cc, Cf, Co, Cs, Zl and Zp (Unicode 14, Python 3.11;
# tests/test_characters.py rebuilds these sets from unicodedata), and the non-characters
# (U+FDD0–U+FDEF and the last two of every plane), which XML refuses.
_CONTROLS = "\x00-\x1f\x7f-\x9f"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
           "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb")
_PRIVATE = "\ue000-\uf8ff"
_SEPARATORS = "\u2028\u2029"
_SURROGATES = "\ud800-\udfff"
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
# Beyond the first plane: format characters, the two private-use planes, the non-characters.
_ASTRAL = ("\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
           "\U000e0001\U000e0020-\U000e007f\U000f0000-\U0010ffff" + "".join(
               f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
               for plane in range(1, 15)))
_ASTRAL_BAD = re.compile(f"[{_ASTRAL}]")

# Python's `re` scans a class of first-plane ranges about as fast as it reads, but slows down
# tenfold with the ranges above it: the classes below hold the first plane's forbidden characters
# and every character above it, and `_search` checks an astral match against `_ASTRAL_BAD` (an
# emoji is allowed) before going on.
_OTHERS = _FORMAT + _PRIVATE + _SEPARATORS + _SURROGATES + _NONCHARACTERS + "\U00010000-\U0010ffff"
# In a value: everything but newline and tab, which only a multi-line text may hold.
_IN_VALUE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_OTHERS}]")
# In a file's text: the line ends of any system too (YAML turns them into newlines).
IN_FILE_CLASS = f"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_OTHERS}"
_IN_FILE = re.compile(f"[{IN_FILE_CLASS}]")
_ANY = re.compile(f"[{_CONTROLS}{_OTHERS}]")
# In text printed as lines: newline, tab and the CR of a CRLF line end (a CSV file) are kept; a
# lone CR would let the rest of a line overwrite its beginning.
_IN_LINES = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_OTHERS}]|\r(?!\n)")
_BREAKS = re.compile("[\n\t]")
_BIDI_SET = re.compile(f"[{_BIDI}]")


def _allowed(char: str) -> bool:
    """An astral character a class above matched that is not forbidden (an emoji)."""
    return char >= "\U00010000" and not _ASTRAL_BAD.match(char)


def _search(pattern: re.Pattern[str], text: str) -> int | None:
    """Index of the first forbidden character `pattern` finds in `text`, or None."""
    found = pattern.search(text)
    while found is not None and _allowed(found.group()):
        found = pattern.search(text, found.end())
    return found.start() if found is not None else None


MULTILINE_HINT = ("un texte sur plusieurs lignes n'est permis que dans les champs de texte "
                  "long (texte, notes, demandes…)")


def describe(char: str) -> str:
    """« caractère de contrôle interdit (U+001B) » and the like, in French."""
    cp = ord(char)
    name = unicodedata.name(char, "")
    code = f"U+{cp:04X}{' ' + name if name else ''}"
    if _BIDI_SET.match(char):
        kind = "caractère de contrôle bidirectionnel"
    elif char in "\n\t":
        kind = "retour à la ligne" if char == "\n" else "tabulation"
    elif cp < 0xA0:
        kind = "caractère de contrôle"
    elif char in "\u200b\u200c\u200d\u2060\ufeff":
        kind = "caractère invisible de largeur nulle"
    elif unicodedata.category(char) == "Cf":
        kind = "caractère invisible"
    elif unicodedata.category(char) == "Co":
        kind = "caractère à usage privé"
    elif char in _SEPARATORS:
        kind = "séparateur de ligne Unicode"
    elif unicodedata.category(char) == "Cs":
        kind = "demi-caractère UTF-16 isolé"
    else:
        kind = "non-caractère Unicode"
    return f"{kind} interdit ({code})"


def forbidden_in_file(text: str) -> int | None:
    """Index of the first character a file's text may not hold, or None."""
    return _search(_IN_FILE, text)


def forbidden_in_value(text: str, *, multiline: bool = False) -> int | None:
    """Index of the first character a value may not hold (newline and tab only when
    `multiline`), or None."""
    index = _search(_IN_VALUE, text)
    if index is None and not multiline:
        found = _BREAKS.search(text)
        index = found.start() if found else None
    return index


def value_problem(text: str, *, multiline: bool = False) -> str:
    """What is wrong with the characters of a value, in French ("" if nothing)."""
    index = forbidden_in_value(text, multiline=multiline)
    if index is None:
        return ""
    char = text[index]
    if char in "\n\t":
        what = "retour à la ligne" if char == "\n" else "tabulation"
        return (f"{what} interdit : ce champ tient sur une seule ligne ; {MULTILINE_HINT}")
    return f"{describe(char)} : supprimez-le, il peut masquer ou inverser le texte affiché"


def _escape(match: re.Match[str]) -> str:
    if _allowed(match.group()):
        return match.group()
    cp = ord(match.group())
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"


def shown(text: object, *, one_line: bool = True) -> str:
    """`text` safe to print: every control, invisible, private-use or separator character as a
    visible escape (`\\x1b`, `\\u202e`), so that nothing a contributor wrote can move the cursor,
    recolour, retitle or reorder a terminal. With `one_line=False`, newlines, tabs and CRLF line
    ends are kept."""
    value = str(text)
    pattern = _ANY if one_line else _IN_LINES
    return pattern.sub(_escape, value) if _search(pattern, value) is not None else value


def _json_escape(match: re.Match[str]) -> str:
    if _allowed(match.group()):
        return match.group()
    cp = ord(match.group())
    if cp < 0x10000:
        return f"\\u{cp:04x}"
    cp -= 0x10000
    return f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}"


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """`value` as JSON (UTF-8 text, not \\u-escaped) in which every character `shown` would
    escape is a JSON escape: the same data for a program, nothing active for a terminal."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _IN_VALUE.sub(_json_escape, text)
