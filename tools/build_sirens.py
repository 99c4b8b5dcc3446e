#!/usr/bin/env python3
"""Derive scripts/petition/data/sirens.json, the SIREN of each département's and région's council
(and of the collectivités that stand for them), from a public source that copied them from the
Sirene register, with its denominations.

Usage:
    git -C DORA show "$COMMIT:$FILE" > source.py && python tools/build_sirens.py source.py

with COMMIT=cd0b98f6a89efc0bfcab138dc64edb6c89b7c0ff and
FILE=dora/structures/management/commands/import_1jeune1solution.py.

DORA is a clone of the public repository gip-inclusion/dora-back. Its file lists, for each
département and région code, the SIRET of the council's head office as the Sirene register gave it
in April 2022, with the register's denomination in a comment. Only the SIREN (the first nine digits)
is kept: it never changes, whereas a head office may move. Every number is checked (Luhn) before it
is written.

What the source maps to another body is left out, never guessed: the départements replaced by
another council (2A and 2B by the Collectivité de Corse, 972 and 973 by the collectivités
territoriales uniques, 75 by the Ville de Paris, which the referential knows as commune 75056, 67 and
68 by the Collectivité européenne d'Alsace) and the région of Mayotte (the Département de Mayotte
exercises its powers). The collectivités d'outre-mer are not in the source: they stay absent, and a
SIRET on their motions is checked only against the SIRENs of the other bodies.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from stdnum.fr import siret as siret_number

OUTPUT = Path(__file__).resolve().parent.parent / "scripts" / "petition" / "data" / "sirens.json"
SOURCE = ("gip-inclusion/dora-back, commit cd0b98f6a89efc0bfcab138dc64edb6c89b7c0ff (14 avril 2022), "
          "fichier dora/structures/management/commands/import_1jeune1solution.py : SIRET du siège "
          "de chaque conseil départemental et régional au répertoire Sirene, avec sa dénomination")
# Codes whose entry in the source is another body's SIRET (see the module's docstring).
NOT_THEIR_OWN = {"departement": {"2A", "2B", "75", "972", "973", "67", "68"},
                 "region": {"06", "973"}}
# The first day a council holds the SIREN listed: a council created then, with a new legal unit
# (the regions merged on 1 January 2016 by loi n° 2015-29 du 16 janvier 2015; the collectivités
# territoriales uniques; the Collectivité de Corse; the Collectivité européenne d'Alsace). Before
# that day, the same code named another legal unit whose SIREN no source here gives.
SINCE = {("region", "27"): "2016-01-01", ("region", "28"): "2016-01-01",
         ("region", "32"): "2016-01-01", ("region", "44"): "2016-01-01",
         ("region", "75"): "2016-01-01", ("region", "76"): "2016-01-01",
         ("region", "84"): "2016-01-01", ("region", "02"): "2015-12-18",
         ("region", "03"): "2015-12-18", ("region", "94"): "2018-01-01",
         ("departement", "6AE"): "2021-01-01"}
ENTRY = re.compile(r'"(\w+)": "(\d{14})",(?:\s+# (.*))?')


def table(text: str, name: str, kind: str) -> dict[str, dict[str, str]]:
    start = text.index(f"{name} = {{")
    block = text[start:text.index("}\n", start)]
    found: dict[str, dict[str, str]] = {}
    for code, siret, denomination in ENTRY.findall(block):
        if code in NOT_THEIR_OWN[kind]:
            continue
        if not siret_number.is_valid(siret):
            raise SystemExit(f"{kind} {code} : SIRET {siret} invalide dans la source")
        entry = {"siren": siret[:9], "denomination": denomination.split(" TODO")[0].strip()}
        if (kind, code) in SINCE:
            entry["depuis"] = SINCE[kind, code]
        found[code] = entry
    return dict(sorted(found.items()))


def main() -> None:
    text = Path(sys.argv[1]).read_text("utf-8")
    data = {
        "source": SOURCE,
        "description": "SIREN des conseils départementaux et régionaux (catégories juridiques "
                       "7220 et 7230 du répertoire Sirene) et des collectivités qui en tiennent "
                       "lieu ; « depuis » : premier jour où le conseil de ce code porte ce SIREN. "
                       "Un conseil absent n'a pas de SIREN connu ici.",
        "departement": table(text, "SIRET_BY_DEPARTEMENT_CODE", "departement"),
        "region": table(text, "SIRET_BY_REGION_CODE", "region"),
    }
    # One council per line: an update reads as a reviewable diff.
    lines = ["{", f' "source": {json.dumps(data["source"], ensure_ascii=False)},',
             f' "description": {json.dumps(data["description"], ensure_ascii=False)},']
    for kind in ("departement", "region"):
        rows = [f'  {json.dumps(code)}: {json.dumps(entry, ensure_ascii=False)}'
                for code, entry in data[kind].items()]
        lines += [f' "{kind}": {{', ",\n".join(rows), " }" + ("," if kind == "departement" else "")]
    lines.append("}")
    OUTPUT.write_text("\n".join(lines) + "\n", "utf-8")
    assert json.loads(OUTPUT.read_text("utf-8")) == data
    print(f"{OUTPUT} : {len(data['departement'])} départements, {len(data['region'])} régions")


if __name__ == "__main__":
    main()
