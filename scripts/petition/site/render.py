"""The Markdown templates of the site, with contributor text escaped by default.

Every `{{ value }}` is escaped like `escape.text` unless the value is already `Markup` (text escaped
by this package, or Markdown it wrote itself): forgetting a filter can only show too much as text,
never let markup through. Templates get data as values, so `{{ … }}` typed by a contributor is
printed, never evaluated. The environment is the letters' one (`markdown_environment`).
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

import yaml
from jinja2 import Environment
from markupsafe import Markup

from petition.letters.markdown import markdown_environment
from petition.site import escape
from petition.site.typography import spacing
from petition.text import french

_LINK = re.compile(r"^[A-Za-z0-9/._#:%~-]*$")


def _url(value: Any) -> Markup:
    safe = escape.url(value) if value else None
    return escape.trusted(safe or "")


def _number(value: int) -> Markup:
    return escape.trusted(french.number(value))


def _percent(value: float) -> Markup:
    """12.5 → « 12,5 % », 17484.5 → « 17 484,5 % » (French decimal comma and digit groups)."""
    whole, decimals = f"{value:.1f}".split(".")
    text = french.number(int(whole)) + ("" if decimals == "0" else f",{decimals}")
    return escape.trusted(text + french.NBSP + "%")


def _date(value: str) -> Markup:
    return escape.text(french.date_long(value))


def _plural(count: int, singular: str, plural_form: str | None = None) -> Markup:
    return escape.text(french.plural(count, singular, plural_form))


def _link(value: str) -> Markup:
    """A path or URL this package built itself (never contributor text): kept as is."""
    if not _LINK.match(value):
        raise ValueError(f"unexpected characters in a generated link: {value!r}")
    return escape.trusted(value)


@cache
def environment() -> Environment:
    env = markdown_environment("petition.site")
    env.filters.update(paragraphes=escape.paragraphs, url=_url, nombre=_number, date=_date,
                       pluriel=_plural, pourcent=_percent, lien=_link)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def page(template: str, meta: dict[str, Any], **context: Any) -> str:
    """A Markdown page: front matter (written by the YAML library, never by a template), then the
    rendered template. The theme prints the title and the description as HTML, unescaped (the
    description inside an attribute), and so do the site's templates with what a shared link shows
    (`partage_titre`, `partage_description`: the title and description unless given): they are
    escaped here, French spacing included (the theme's `striptags` would turn its narrow no-break
    spaces into plain ones)."""
    # What a shared link shows, unless the page says otherwise: its title and description.
    meta = {**meta, "partage_titre": meta.get("partage_titre", meta.get("title"))}
    if "description" in meta or "partage_description" in meta:
        meta["partage_description"] = meta.get("partage_description", meta.get("description"))
    meta = {key: value for key, value in meta.items() if value is not None}
    if "title" in meta:
        meta["title"] = html.escape(spacing(str(meta["title"])), quote=False)
    for key in ("description", "partage_titre", "partage_description"):
        if key in meta:
            meta[key] = html.escape(spacing(str(meta[key])))
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n" + render(template, **context)
