"""Contributor text on the site: escaped by the package's one Markdown rule (`petition.mdtext`),
then marked safe for the templates, which receive it as values, so `{{ … }}` and `{% … %}` typed
by a contributor are printed, never evaluated. Also: safe link targets and anchors.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from petition.text.mdtext import inline

_URL_SAFE = ":/?#@!$&+,;=%~-._"


def trusted(value: str) -> Markup:
    """Markdown or HTML this package wrote itself, with every contributor value in it escaped by
    `text` or `paragraphs` (or sanitised by nh3): the one place the site marks such text safe."""
    return Markup(value)  # noqa: S704 - see the docstring


def text(value: object) -> Markup:
    """One line of text, safe anywhere in Markdown or HTML; runs of white space become one."""
    return trusted(inline(value))


def paragraphs(value: object) -> Markup:
    """A multi-line text as Markdown paragraphs: blank lines separate paragraphs, each line of a
    paragraph is kept as a line (hard break), indentation is dropped."""
    blocks = re.split(r"\n\s*\n", str(value).replace("\r\n", "\n").strip())
    rendered = []
    for block in blocks:
        lines = [inline(raw) for raw in block.split("\n") if raw.strip()]
        if lines:
            rendered.append("  \n".join(lines))
    return trusted("\n\n".join(rendered))


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
