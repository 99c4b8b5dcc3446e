"""The letter as Markdown (what the site shows), from Jinja2 templates that escape every value.

Jinja2 escapes for HTML only when asked, and HTML escaping is not enough for Markdown (`[x](…)`,
`*`, `{ attr }` stay live). So the environment's `finalize` escapes every `{{ value }}` for
Markdown with the package's one rule (`petition.mdtext`): the syntax characters become numeric
character references, which every Markdown renderer shows as the character itself and never reads
as markup. Template code only ever comes from the package's own files: contributor text is passed
as data, never compiled. The site's templates use the same environment (`markdown_environment`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from petition.letters.compose import Letter
from petition.text.french import NBSP, NNBSP, number
from petition.text.mdtext import inline


def _finalize(value: object) -> str:
    """`Markup` is Markdown written by the package itself, with every value in it escaped."""
    if isinstance(value, Markup):
        return value
    return "" if value is None else inline(value)


def markdown_environment(package: str) -> Environment:
    """Jinja2 for the Markdown templates of `package` (its `templates` folder): every `{{ value }}`
    that is not `Markup` is escaped by `finalize`; HTML autoescaping would be the wrong escape."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701
    )


def _lines(values: Iterable[object]) -> Markup:
    """Several values on consecutive lines (a Markdown hard line break between them)."""
    return Markup("  \n".join(inline(v) for v in values))  # noqa: S704 - each value escaped


@cache
def environment() -> Environment:
    env = markdown_environment("petition.letters")
    env.filters["lines"] = _lines
    env.filters["number"] = number
    env.globals.update(NNBSP=NNBSP, NBSP=NBSP)  # spaces, left as they are by the escape
    return env


def render_markdown(letter: Letter) -> str:
    text = environment().get_template("letter.md.j2").render(letter=letter)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
