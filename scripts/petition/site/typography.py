"""French spacing on a built HTML page, as the letters have it: a narrow no-break space before
« ; : ! ? » and a no-break space inside « », so a line never starts with « : » or « ».

It works on the text between tags only (never inside a tag, its attributes, or the content of
`script`, `style`, `pre`, `code`, `textarea`), decoding character references first so that
`&amp;` is never read as a `;`, and in one linear pass per page (hazards.md 21).
"""

from __future__ import annotations

import html
import re

from petition.text.french import NBSP, NNBSP

_TOKENS = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_SKIP = frozenset({"script", "style", "pre", "code", "textarea"})
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
# A plain space (or a run of them) before high punctuation becomes a narrow no-break space, but
# only where the mark ends a word group: « 14:00 » and « https:// » have no space before « : ».
_HIGH = re.compile(r"[ \u00a0\u202f]+([;:!?]+)(?=\s|$|[»)\].,])")
_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE = re.compile(r"[ \u00a0\u202f]*»")


def spacing(text: str) -> str:
    """French spacing on plain text (not HTML)."""
    text = _HIGH.sub(lambda m: NNBSP + m.group(1), text)
    text = _OPEN.sub("«" + NBSP, text)
    return _CLOSE.sub(NBSP + "»", text)


def french_html(page: str) -> str:
    """The page with French spacing in its text; markup and skipped elements left as they are."""
    out: list[str] = []
    skipping: str | None = None
    position = 0
    for match in _TOKENS.finditer(page):
        out.append(_text(page[position:match.start()], skipping))
        tag = match.group(0)
        out.append(tag)
        position = match.end()
        name = _TAG_NAME.match(tag)
        if name is None:
            continue
        element = name.group(1).lower()
        if tag.startswith("</"):
            if skipping == element:
                skipping = None
        elif skipping is None and element in _SKIP and not tag.endswith("/>"):
            skipping = element
    out.append(_text(page[position:], skipping))
    return "".join(out)


def _text(segment: str, skipping: str | None) -> str:
    if skipping is not None or not segment or not any(c in segment for c in ";:!?«»"):
        return segment
    changed = spacing(html.unescape(segment))
    return html.escape(changed, quote=False)
