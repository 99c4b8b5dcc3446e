"""Text shortened for a length limit, never through a character a reader sees as one.

`text[:n]` counts code points: it can keep an `e` and drop the accent written after it (macOS
writes « é » as two), split an emoji sequence (👩‍⚕️, a flag), keep half of a CR LF, or cut an
escape that stands for one character (`\\u202e`, as `shown` writes them) or a placeholder between
private-use marks (`\\ue000conseil\\ue001`), leaving a private-use character where a name should be.
`cut` moves the cut back to the nearest boundary of an extended grapheme cluster (UAX #29, for
the cases French text meets) outside such a unit, in time linear in the limit. Written here rather
than with the `regex` module's `\\X`: that one takes quadratic time on a run of regional
indicators (measured: 10,000 of them 0.28 s, 20,000 1.2 s), an input anyone can paste.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"
# What stands for one character or one value and must be kept whole or dropped whole: an escape
# as `petition.core.characters.shown` writes it, a placeholder between private-use marks.
_UNITS = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})|\ue000[^\ue000\ue001]{0,64}\ue001")
_LONGEST_UNIT = 66
_ZWJ = "\u200d"


def _extends(char: str) -> bool:
    """Whether `char` belongs to the cluster before it (a combining mark, a joiner, a variation
    selector, an emoji modifier or tag, a conjoining Hangul vowel or final)."""
    code = ord(char)
    return (unicodedata.category(char) in ("Mn", "Mc", "Me") or char == _ZWJ
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF  # variation selectors
            or 0x1F3FB <= code <= 0x1F3FF  # skin tones
            or 0xE0020 <= code <= 0xE007F  # tags (subdivision flags)
            or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF)  # Hangul V and T jamo


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def boundary(text: str, index: int) -> bool:
    """Whether `text[:index]` ends on a grapheme cluster boundary."""
    if index <= 0 or index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    if before == "\r" and after == "\n":
        return False
    if _extends(after):
        return False
    if before == _ZWJ and unicodedata.category(after) == "So":
        return False  # an emoji ZWJ sequence: 👩‍⚕
    if _regional(before) and _regional(after):
        run = 0  # flags pair regional indicators from the start of their run
        while index - 1 - run >= 0 and _regional(text[index - 1 - run]):
            run += 1
        return run % 2 == 0
    return True


def cut(text: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """`text` if it has at most `limit` characters; else its beginning, cut at a boundary that
    splits no grapheme, escape or placeholder, without the white space before the cut, followed
    by `ellipsis`, within `limit`."""
    if len(text) <= limit:
        return text
    end = max(limit - len(ellipsis), 0)
    # A unit (escape, placeholder) that straddles the cut is dropped whole.
    window_start = max(end - _LONGEST_UNIT, 0)
    for match in _UNITS.finditer(text, window_start, end + _LONGEST_UNIT):
        if match.start() < end < match.end():
            end = match.start()
            break
    while end > 0 and not boundary(text, end):
        end -= 1
    return text[:end].rstrip() + ellipsis
