#!/usr/bin/env python3
"""Derive the compact referential shipped with `petition` from @etalab/decoupage-administratif.

Usage: python tools/build_referential.py [--package-dir DIR]

Without --package-dir, the pinned npm package is fetched with `npm pack` into a temporary folder.
The output, scripts/petition/data/referentiel.json, has one body per line so that a referential
update reads as a reviewable diff.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
VINTAGE = "COG 2026"
OUTPUT = Path(__file__).resolve().parent.parent / "scripts" / "petition" / "data" / "referentiel.json"
FORMER_TYPES = ("commune-deleguee", "commune-associee", "arrondissement-municipal")


def fetch(dest: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=dest, check=True)
    (tarball,) = dest.glob("*.tgz")
    with tarfile.open(tarball) as tar:
        tar.extractall(dest, filter="data")
    return dest / "package"


def derive(package_dir: Path) -> dict[str, Any]:
    def read(name: str) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = json.loads((package_dir / "data" / name).read_text("utf-8"))
        return data

    communes: dict[str, list[Any]] = {}
    former: dict[str, list[str]] = {}
    old_names: dict[str, list[str]] = {}
    raw_communes = read("communes.json")
    for c in raw_communes:
        if c["type"] == "commune-actuelle":
            communes[c["code"]] = [
                c["nom"], c["departement"], c["region"], c.get("siren", ""), c.get("population", 0)
            ]
    for c in raw_communes:
        if c["type"] == "commune-actuelle":
            for old in c.get("anciensCodes", []):
                if old not in communes:
                    former.setdefault(old, ["", c["code"], "ancien-code"])
        elif c["type"] in FORMER_TYPES:
            current = c.get("chefLieu") or c.get("commune")
            # A commune déléguée often keeps the code of the new commune: that code is current,
            # and the old name stays an accepted name for it (a motion from before the merger).
            if current and c["code"] not in communes and current in communes:
                former[c["code"]] = [c["nom"], current, c["type"]]
            elif c["code"] in communes and c["nom"] != communes[c["code"]][0]:
                old_names.setdefault(c["code"], []).append(c["nom"])
    epci = {
        e["code"]: [e["nom"], e["type"], sorted(m["code"] for m in e["membres"] if m["code"] in communes)]
        for e in read("epci.json")
    }
    departements = {d["code"]: [d["nom"], d.get("region", "")] for d in read("departements.json")}
    regions = {r["code"]: r["nom"] for r in read("regions.json")}
    return {
        "source": f"{PACKAGE}@{VERSION}",
        "millesime": VINTAGE,
        "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
        "regions": dict(sorted(regions.items())),
        "departements": dict(sorted(departements.items())),
        "communes": dict(sorted(communes.items())),
        "anciennes_communes": dict(sorted(former.items())),
        "anciens_noms": {k: sorted(set(v)) for k, v in sorted(old_names.items())},
        "epci": dict(sorted(epci.items())),
    }


def dump(data: dict[str, Any]) -> str:
    """JSON with one entry per line inside each table (stable, diff-friendly)."""
    lines = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        if isinstance(value, dict):
            lines.append(f"{json.dumps(key)}: {{")
            entries = list(value.items())
            for j, (k, v) in enumerate(entries):
                comma = "," if j < len(entries) - 1 else ""
                lines.append(f"{json.dumps(k, ensure_ascii=False)}: "
                             f"{json.dumps(v, ensure_ascii=False, separators=(',', ':'))}{comma}")
            lines.append("}" + sep)
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{sep}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, help="an unpacked npm package (folder with data/)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        package_dir = args.package_dir or fetch(Path(tmp))
        text = dump(derive(package_dir))
    json.loads(text)  # never ship a file that does not parse
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {len(text.encode()):,} octets")


if __name__ == "__main__":
    main()
