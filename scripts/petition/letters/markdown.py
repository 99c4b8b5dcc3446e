"""The letter as Markdown (what the site shows), from Jinja2 templates that escape every value.

Jinja2 escapes for HTML only when asked, and HTML escaping is not enough for Markdown (`[x](…)`,
`*`, `{ attr }` stay live). So the environment's `finalize` escapes every `{{ value }}` for
Markdown: the syntax characters become numeric character references, which every Markdown
renderer shows as the character itself and never reads as markup. Template code only ever comes
from the package's own files: contributor text is passed as data, never compiled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..french import NBSP, NNBSP, number
from ..mdtext import inline
from .compose import Letter


class Md(str):
    """Markdown written by the package itself (not escaped again)."""


def md_escape(value: object) -> str:
    """Any value as inert Markdown text, on one line (the package's one rule, `mdtext`)."""
    return inline(value)


def _finalize(value: object) -> str:
    return value if isinstance(value, Md) else md_escape(value)


def _lines(values: Iterable[object]) -> Md:
    """Several values on consecutive lines (a Markdown hard line break between them)."""
    return Md("  \n".join(md_escape(v) for v in values))


def _number(value: int) -> str:
    return number(value)


@cache
def environment() -> Environment:
    # Values are escaped for Markdown by `finalize`: HTML autoescaping would be the wrong escape.
    env = Environment(
        loader=PackageLoader("petition.letters", "templates"),
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701
    )
    env.filters["lines"] = _lines
    env.filters["number"] = _number
    env.globals["NNBSP"] = Md(NNBSP)
    env.globals["NBSP"] = Md(NBSP)
    return env


def render_markdown(letter: Letter) -> str:
    text = environment().get_template("letter.md.j2").render(letter=letter)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
