"""Text cut to a length limit without breaking what a reader sees as one character: a letter with
its accents, an emoji with its modifiers, a flag. The `regex` module knows Unicode's grapheme
clusters (`\\X`); Python's own `re` does not."""

from __future__ import annotations

import regex

_GRAPHEME = regex.compile(r"\X")
ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """`text` if it has at most `limit` code points; else its longest run of whole graphemes that,
    with « … » after it, fits in `limit`."""
    if len(text) <= limit:
        return text
    kept, size = [], len(ELLIPSIS)
    for match in _GRAPHEME.finditer(text):
        grapheme = match.group()
        if size + len(grapheme) > limit:
            break
        kept.append(grapheme)
        size += len(grapheme)
    return "".join(kept).rstrip() + ELLIPSIS
