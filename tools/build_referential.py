#!/usr/bin/env python3
"""Derive the compact referential shipped with `petition` from @etalab/decoupage-administratif.

Usage: python tools/build_referential.py [--package-dir DIR]

Without --package-dir, the pinned npm package is fetched with `npm pack` into a temporary folder.
The output, scripts/petition/data/referentiel.json, has one body per line so that a referential
update reads as a reviewable diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from npm_data import DATA_DIR, build

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
# npm's `dist.integrity` of that release: the tarball is checked against it before it is read.
INTEGRITY = ("sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWp"
             "A5pmCaQ==")
VINTAGE = "COG 2026"
OUTPUT = DATA_DIR / "referentiel.json"
FORMER_TYPES = ("commune-deleguee", "commune-associee")
# epci.json lists the Métropole de Lyon (type MET69), a collectivité à statut particulier since
# 2015 (CGCT L3611-1), not an EPCI: it goes to a table of its own.
COLLECTIVITY_TYPES = ("MET69",)


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
    # The arrondissements municipaux of Paris, Lyon and Marseille: each has its own council
    # (CGCT L2511-1 ff.) and its own population, a part of its commune's.
    arrondissements = {
        c["code"]: [c["nom"], c["commune"], c.get("population", 0)]
        for c in raw_communes if c["type"] == "arrondissement-municipal" and c["commune"] in communes
    }

    def grouping(name: str) -> dict[str, list[Any]]:
        return {e["code"]: [e["nom"], e["type"], sorted(m["code"] for m in e["membres"]
                                                        if m["code"] in communes)]
                for e in read(name)}

    groups = grouping("epci.json")
    epci = {code: row for code, row in groups.items() if row[1] not in COLLECTIVITY_TYPES}
    collectivites = {code: row for code, row in groups.items() if row[1] in COLLECTIVITY_TYPES}
    # The collectivités d'outre-mer (zone "com") have codes in both files but are neither
    # départements nor régions: they get a table of their own.
    com = {r["code"]: r["nom"] for r in read("regions.json") if r.get("zone") == "com"}
    departements = {d["code"]: [d["nom"], d.get("region", "")] for d in read("departements.json")
                    if d["code"] not in com}
    regions = {r["code"]: r["nom"] for r in read("regions.json") if r["code"] not in com}
    # INSEE's « type de nom en clair » (0 « de », 1 « d' », 2 « du », 3 « de la », 4 « des »,
    # 5 « de l' »…): the preposition and article a council's name takes (« Conseil départemental
    # du Pas-de-Calais »), which the names alone do not say.
    articles = {
        "departements": {d["code"]: d["typeLiaison"] for d in sorted(read("departements.json"),
                                                                      key=lambda d: d["code"])
                         if d["code"] in departements and "typeLiaison" in d},
        "regions": {r["code"]: r["typeLiaison"] for r in sorted(read("regions.json"),
                                                                key=lambda r: r["code"])
                    if r["code"] in regions and "typeLiaison" in r},
        # Communes: only those not taking a plain « de » (« d'Arras », « du Portel »).
        "communes": {c["code"]: c["typeLiaison"] for c in sorted(raw_communes, key=lambda c: c["code"])
                     if c["type"] == "commune-actuelle" and c.get("typeLiaison")},
    }
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
        "arrondissements": dict(sorted(arrondissements.items())),
        "ept": dict(sorted(grouping("ept.json").items())),
        "collectivites": dict(sorted(collectivites.items())),
        "com": dict(sorted(com.items())),
        "liaisons": articles,
    }


def main() -> None:
    build(__doc__, PACKAGE, VERSION, INTEGRITY, OUTPUT, derive)


if __name__ == "__main__":
    main()
