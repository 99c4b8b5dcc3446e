"""Contributor text to Markdown (or HTML) that shows it as text, never as markup (hazards.md 8).

One rule serves every context the site puts text in (a paragraph, a table cell, a heading, a raw
HTML block, a double-quoted attribute): `&`, `<`, `>` and `"` become HTML entities; the characters
that open Markdown syntax anywhere in a line (backslash, backquote, `*`, `_`, braces, brackets,
`|`, `~`, `^`) become numeric character references; so does the first character of a line when
it is punctuation (a list item, a heading, a quote, a rule, an admonition would start there), and
the dot after a number starting a line (an ordered list). Python-Markdown passes references
through untouched and the browser shows the characters they stand for: `<script>`,
`[x](javascript:…)`, `{ onclick="…" }`, `??? note` are shown as typed. No link, image, attribute
list or HTML tag can form without one of those characters. Templates receive contributor text as
values, so `{{ … }}` and `{% … %}` typed by a contributor are printed, never evaluated.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_SYNTAX = "\\`*_{}[]|~^"
_TABLE = str.maketrans({**_NAMED, **{c: f"&#{ord(c)};" for c in _SYNTAX}})
_SPACES = re.compile(r"\s+")
_LINE_START = re.compile(r"^(\d*)([^\w\s&])")
_URL_SAFE = ":/?#@!$&+,;=%~-._"


def trusted(value: str) -> Markup:
    """Markdown or HTML this package wrote itself, with every contributor value in it escaped by
    `text` or `paragraphs` (or sanitised by nh3): the one place such text is marked safe."""
    return Markup(value)  # noqa: S704 - see the docstring


def text(value: object) -> Markup:
    """One line of text, safe anywhere in Markdown or HTML; runs of white space become one."""
    line = _SPACES.sub(" ", str(value)).strip()
    return trusted(_first(line.translate(_TABLE)))


def paragraphs(value: object) -> Markup:
    """A multi-line text as Markdown paragraphs: blank lines separate paragraphs, each line of a
    paragraph is kept as a line (hard break), indentation is dropped."""
    blocks = re.split(r"\n\s*\n", str(value).replace("\r\n", "\n").strip())
    rendered = []
    for block in blocks:
        lines = [_first(_SPACES.sub(" ", line).strip().translate(_TABLE))
                 for line in block.split("\n") if line.strip()]
        if lines:
            rendered.append("  \n".join(lines))
    return trusted("\n\n".join(rendered))


def _first(line: str) -> str:
    """The line with its first punctuation mark as a reference when it starts the line, or follows
    the number starting it (`1.` opens an ordered list)."""
    return _LINE_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", line, count=1)


def url(value: object) -> str | None:
    """An http(s) address made safe for a Markdown link or an HTML attribute, or None."""
    raw = str(value).strip()
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(raw, safe=_URL_SAFE).replace("&", "&amp;")


def anchor(value: str) -> str:
    """An HTML id from a file stem (already `[a-z0-9-]` for a valid motion; forced here anyway)."""
    return re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "motion"
