#!/usr/bin/env python3
"""Derive the postal codes of every current commune, for the site's « Ma commune » search.

Usage: python tools/build_postcodes.py [--package-dir DIR]

From the same pinned @etalab/decoupage-administratif as the referential (`build_referential.py`),
fetched with `npm pack` unless --package-dir is given. The output,
scripts/petition/data/codes-postaux.json, maps each commune's INSEE code (and each arrondissement
municipal's, for Paris, Lyon and Marseille: « 75013 » finds Paris 13e) to its postal codes, one
per line (a reviewable diff); kept apart from the referential because only the site reads it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from build_referential import INTEGRITY, PACKAGE, VERSION
from npm_data import DATA_DIR, build

OUTPUT = DATA_DIR / "codes-postaux.json"


def derive(package_dir: Path) -> dict[str, Any]:
    raw: list[dict[str, Any]] = json.loads((package_dir / "data" / "communes.json")
                                           .read_text("utf-8"))
    codes = {c["code"]: " ".join(sorted(set(c.get("codesPostaux") or []))) for c in raw
             if c["type"] in ("commune-actuelle", "arrondissement-municipal")}
    return {
        "source": f"{PACKAGE}@{VERSION}",
        "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
        "codes_postaux": {code: value for code, value in sorted(codes.items()) if value},
    }


def main() -> None:
    build(__doc__, PACKAGE, VERSION, INTEGRITY, OUTPUT, derive)


if __name__ == "__main__":
    main()
