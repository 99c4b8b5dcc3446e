"""French spacing on a built HTML page, as the letters have it: a narrow no-break space before
« ; : ! ? » and a no-break space inside « », so a line never starts with « : » or « ».

It works on the text between tags only (never inside a tag, its attributes, or the content of
`script`, `style`, `pre`, `code`, `textarea`), decoding character references first so that
`&amp;` is never read as a `;`, and in one linear pass per page (hazards.md 21).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

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


# In a line of Markdown, what is not text: code spans, HTML comments and tags, link targets and
# attribute lists. Spacing them would break them (`{ .md-button }`, `](a?b)`, `<a title="x :">`).
_MD_TOKENS = re.compile(r"(`+).*?\1|<!--.*?-->|<[^>]*>|\]\([^)]*\)|\{[^}\n]*\}")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# An admonition's marker (`!!! note "…"`, `??? info "…"`): the marks are syntax, not text.
_ADMONITION = re.compile(r"^(\s*(?:!!!|\?\?\?\+?)\s*)(.*)$")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_SPACE_REFS = re.compile(r"&(?:nbsp|#160|#x[aA]0|#8239|#x202[fF]);")
_NARROW = ("&#8239;", "&#x202f;")
_SKIP_BLOCK = re.compile(r"^\s*<(pre|script|style|code|textarea)\b", re.I)


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line of Markdown, and whether it belongs to a fenced code block (fences included)."""
    fence: str | None = None
    for line in lines:
        if fence is not None:
            yield line, True
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
        yield line, fence is not None


def french_markdown(text: str) -> str:
    """Markdown with French spacing in its text, so that every renderer shows it as the letters do:
    fenced code, code spans, HTML tags and the content of `pre`, `script`, `style` and `textarea`
    blocks, link targets, attribute lists and front matter are left as they are. Linear in the
    text's length (hazards.md 21)."""
    front = _FRONT_MATTER.match(text)
    head, body = (front.group(0), text[front.end():]) if front else ("", text)
    out: list[str] = []
    skipping: str | None = None
    for line, code in fenced(body.split("\n")):
        if code:
            out.append(line)
            continue
        if skipping is not None:
            out.append(line)
            if f"</{skipping}" in line.lower():
                skipping = None
            continue
        block = _SKIP_BLOCK.match(line)
        if block and f"</{block.group(1).lower()}" not in line.lower():
            skipping = block.group(1).lower()
            out.append(line)
            continue
        marker = _ADMONITION.match(line)
        if marker:
            out.append(marker.group(1) + _markdown_line(marker.group(2)))
        elif line.startswith("#"):
            # A heading's spaces as references: the table of contents keeps them so (its titles
            # are the heading's text with every run of white space made one plain space).
            out.append(_markdown_line(line).replace(NNBSP, "&#8239;").replace(NBSP, "&#160;"))
        else:
            out.append(_markdown_line(line))
    return head + "\n".join(out)


def _markdown_line(line: str) -> str:
    if not any(c in line for c in ";:!?«»"):
        return line
    # No-break spaces written as references count as the spaces they are (a letter's HTML).
    line = _SPACE_REFS.sub(lambda m: NNBSP if m.group(0).lower() in _NARROW else NBSP, line)
    out: list[str] = []
    position = 0
    for match in _MD_TOKENS.finditer(line):
        out.append(spacing(line[position:match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(spacing(line[position:]))
    return "".join(out)
