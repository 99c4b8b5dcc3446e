"""Contributor text on the site: escaped by the package's one Markdown rule (`petition.mdtext`),
then marked safe for the templates, which receive it as values, so `{{ … }}` and `{% … %}` typed
by a contributor are printed, never evaluated. Also: safe link targets and anchors.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from petition.text.mdtext import inline

_URL_SAFE = ":/?#@!$&+,;=%~-._"
# Every run of white space but no-break spaces (which French typography puts in numbers and dates).
_SPACES = re.compile(r"[ \t\r\n\v\f\u2028\u2029]+")


def trusted(value: str) -> Markup:
    """Markdown or HTML this package wrote itself, with every contributor value in it escaped by
    `text` or `paragraphs` (or sanitised by nh3): the one place the site marks such text safe."""
    return Markup(value)  # noqa: S704 - see the docstring


def text(value: object) -> Markup:
    """One line of text, safe anywhere in Markdown or HTML; runs of white space become one."""
    return trusted(inline(value))


def paragraphs(value: object) -> Markup:
    """A multi-line text as HTML paragraphs in one raw HTML block of the Markdown page: blank
    lines separate paragraphs, each line of a paragraph is kept as a line (`<br>`), indentation is
    dropped. Raw HTML, not escaped Markdown: Python-Markdown's inline processing rebuilds the
    paragraph once per escaped character (35 s for a 100,000-character text of « & » or « ` »),
    and many separate blocks cost it quadratic time too, while one raw block is passed through in
    linear time; it also keeps attr_list and template syntax inert. To be placed at the start of
    a line, outside any indented block."""
    blocks = re.split(r"\n\s*\n", str(value).replace("\r\n", "\n").strip())
    rendered = []
    for block in blocks:
        lines = [html.escape(_SPACES.sub(" ", raw).strip(" ")) for raw in block.split("\n")
                 if raw.strip()]
        if lines:
            rendered.append("<p>" + "<br>\n".join(lines) + "</p>")
    if not rendered:
        return trusted("")
    return trusted('<div class="petition-texte">\n' + "\n".join(rendered) + "\n</div>")


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


def json_bytes(data: object, indent: int | None = None) -> bytes:
    """JSON published with the site (UTF-8), `<` written `\\u003c`: the same data, and no text in it
    ever reads as a tag, even if the file is opened as a page."""
    text = json.dumps(data, ensure_ascii=False, indent=indent,
                      separators=(",", ":") if indent is None else None)
    return text.replace("<", "\\u003c").encode("utf-8")


def anchor(value: str) -> str:
    """An HTML id from a file stem (already `[a-z0-9-]` for a valid motion; forced here anyway)."""
    return re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "motion"
