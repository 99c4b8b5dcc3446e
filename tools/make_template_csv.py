"""Write a template CSV for `petition import` with one adopted motion per current commune code of
the referential, as that commune was on the session's date (Hesdin before Hesdin-la-Forêt was
created; a commune not yet created then is left out), and only where a council sat that day (not
Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna, the TAAF districts or Clipperton): the synthetic
"every council of France" data set of the benchmark (34,950 rows with the shipped referential).

Deterministic: the same arguments give the same bytes.

    python tools/make_template_csv.py -o communes.csv [--limit N] [--delimiter ';'] [--objet TEXTE]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

from petition.core.history import SITTING
from petition.core.referential import referential
from petition.exchange.csvformats import TEMPLATE_COLUMNS

FIRST_SESSION = dt.date(2023, 9, 4)
SESSION_DAYS = 120


def council_size(population: int) -> int:
    """Members of a municipal council by population (CGCT L2121-2, simplified)."""
    for limit, members in ((100, 7), (500, 11), (1500, 15), (2500, 19), (3500, 23), (5000, 27),
                           (10000, 29), (20000, 33), (30000, 35), (40000, 39), (50000, 43),
                           (60000, 45), (80000, 49), (100000, 53), (150000, 55), (200000, 59),
                           (250000, 61), (300000, 65)):
        if population < limit:
            return members
    return 69


OBJET = "Motion d'essai du banc de mesure"


def rows(limit: int | None, objet: str = OBJET) -> list[list[str]]:
    """The first `limit` communes (by code) whose council sat on its session's date."""
    ref = referential()
    out: list[list[str]] = []
    for index, code in enumerate(sorted(ref.commune_codes())):
        if limit is not None and len(out) >= limit:
            break
        date = FIRST_SESSION + dt.timedelta(days=index % SESSION_DAYS)
        then = ref.history.commune(code, date.isoformat())
        body = ref.body("commune", code, date.isoformat())
        if body is None or (then is not None and then.state != SITTING) \
                or ref.not_sitting(body, date.isoformat()) is not None:
            continue
        effectif = council_size(ref.population(ref.territory(body)))
        presents = effectif - 1 - index % 3
        pouvoirs = min(index % 4, effectif - presents)
        contre = index % 2
        abstentions = index % 3 % 2
        pour = presents + pouvoirs - contre - abstentions
        out.append(["commune", code, body.nom, date.isoformat(), "motion", objet,
                    str(effectif), str(presents), str(pouvoirs), str(pour), str(contre),
                    str(abstentions), "adoptee",
                    f"https://deliberations.example.fr/{code}/{date.isoformat()}-motion.pdf"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-o", "--output", type=Path, help="CSV file (default: standard output)")
    parser.add_argument("--limit", type=int, help="only the first N communes, by code")
    parser.add_argument("--delimiter", default=",", choices=[",", ";"])
    parser.add_argument("--objet", default=OBJET, help="the motions' subject")
    args = parser.parse_args(argv)
    handle = args.output.open("w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        writer = csv.writer(handle, delimiter=args.delimiter, lineterminator="\r\n")
        writer.writerow(TEMPLATE_COLUMNS)
        writer.writerows(rows(args.limit, args.objet))
    finally:
        if args.output:
            handle.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
