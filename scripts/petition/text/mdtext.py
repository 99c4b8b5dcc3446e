"""Contributor text as inert Markdown: shown as typed, never as markup (hazards.md 8).

The one escaping rule for everything this package writes in Markdown (site pages, letters, pull
request summaries, issue comments). `&`, `<`, `>` and `"` become named HTML entities; the characters
that open Markdown syntax anywhere in a line (backslash, backquote, `*`, `_`, braces for attr_list
and template engines, brackets, `|`, `~`, `^`, `#`, `=`, `$` for extensions) become numeric
character references, and so does the first character of a line when it is punctuation (list,
heading, quote, admonition) or the dot after a number starting it (ordered list). Bare addresses
(`://`, `www.`) are broken so no renderer turns them into links. Renderers pass references
through and browsers show the characters they stand for: `<script>`, `[x](javascript:…)`,
`{ onclick="…" }`, `{{ 7*7 }}` are shown as typed, safe in a paragraph, a table cell, a heading,
a raw HTML block or a double-quoted attribute.
"""

from __future__ import annotations

import re

_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_SYNTAX = "\\`*_{}[]|~^#=$"
_TABLE = str.maketrans({**_NAMED, **{c: f"&#{ord(c)};" for c in _SYNTAX}})
# Every run of white space but no-break spaces (which French typography puts in numbers and dates).
_SPACES = re.compile(r"[ \t\r\n\v\f\u2028\u2029]+")
# At the start of a line: punctuation (list, heading, quote, admonition), or `1.` / `1)`.
_LINE_START = re.compile(r"^(\d+(?=[.)])|)([^\w\s&])")
_AUTOLINK = re.compile(r"(?i)(:)(?=//)|(?<=www)(\.)")


def inline(value: object) -> str:
    """One line of inert Markdown; runs of white space become one space."""
    return line(_SPACES.sub(" ", str(value)).strip(" "))


def line(value: str) -> str:
    """`value` (one line, spaces kept) as inert Markdown."""
    text = _AUTOLINK.sub(lambda m: f"&#{ord(m.group(0))};", value.translate(_TABLE))
    return _LINE_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text, count=1)


def after(value: object) -> str:
    """Like `inline`, for text that follows other text on its line (after « - **Objet** : »),
    where nothing can open a list, a heading or a quote: « stays «."""
    text = _SPACES.sub(" ", str(value)).strip(" ")
    return _AUTOLINK.sub(lambda m: f"&#{ord(m.group(0))};", text.translate(_TABLE))
