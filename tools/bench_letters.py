"""Time the PDF (and Markdown) letter naming every current commune of France (34,969 bodies).

Motions are generated in memory, one adopted motion per commune of the referential, in a copy of
the campaign of the tests' fictitious cause (tests/fixtures/); prints the times against the target
(PDF ≤ 30 s, performance.md).

    .venv/bin/python tools/bench_letters.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from petition.core.model import Motion
from petition.core.referential import referential
from petition.core.repository import Repository, load_repository
from petition.letters import render_letters

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)


def synthetic_repository(root: Path) -> Repository:
    """The fixture campaign, and one adopted motion per current commune in it."""
    fixtures = load_repository(ROOT / "tests" / "fixtures", today=TODAY, use_cache=False)
    campaign = fixtures.campaigns[max(fixtures.campaigns)]
    ref = referential()
    motions = []
    for index, code in enumerate(ref.commune_codes()):
        body = ref.body("commune", code)
        assert body is not None
        effectif = 11 + index % 59
        vote = ({"resultat": "adoptee", "unanimite": True, "pour": effectif, "contre": 0,
                 "abstentions": 0} if index % 3 else {"resultat": "adoptee"})
        date = (dt.date(2023, 9, 1) + dt.timedelta(days=index % 240)).isoformat()
        data = {"campagne": campaign.id, "collectivite": {"type": "commune", "code": code,
                                                          "nom": body.nom},
                "nature": "motion", "objet": "Motion pour la campagne de la lettre",
                "seance": {"date": date}, "vote": vote}
        motions.append(Motion(f"motions/{campaign.id}/commune-{code}-{date}.yml", data))
    return Repository(root, {campaign.id: campaign}, motions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the letters into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        repo = synthetic_repository(Path(tmp))
        built = time.perf_counter()
        print(f"{len(repo.motions)} motions generated in memory: {built - start:.1f} s")
        for fmt, target in (("md", None), ("pdf", 30.0)):
            start = time.perf_counter()
            files = render_letters(repo, next(iter(repo.campaigns)), fmt, today=TODAY)
            took = time.perf_counter() - start
            size = sum(len(b) for b in files.values())
            verdict = "" if target is None else (" OK" if took <= target else " TOO SLOW")
            goal = f" (target ≤ {target:.0f} s){verdict}" if target else ""
            print(f"letter {fmt}: {took:.1f} s{goal}, {size / 1e6:.1f} MB")
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                for name, content in files.items():
                    (args.out / name).write_bytes(content)


if __name__ == "__main__":
    main()
