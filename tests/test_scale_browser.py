"""The readers' targets at the scale of every council of France (`make test-scale`, run by CI after
`make test`; left out of `make test`, which runs the same checks on a small site in
tests/test_readers_browser.py).

The site is built once per run (tools/scale.py): one adopted motion per commune with a council,
every council of France declared as a target. Each kind of page, opened in Debian's Chromium on a
desktop screen and on a 375 px phone, is at most 150 kB gzipped and 3,000 DOM nodes once loaded,
never wider than the phone, with no serious or critical axe-core violation; no search file
exceeds 50 kB gzipped; no theme script is shipped that no page uses; the name searches people
type find their council among all of them. Weights and counts are measured, never timed.

PETITION_SCALE_DIR keeps the built repository and site there (built once, reused by later runs).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import PROJECT, missing, project_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import pagecheck  # tools/ is not a package
import scale

pytestmark = [pytest.mark.browser, pytest.mark.scale]


@pytest.fixture(scope="module")
def work() -> Iterator[Path]:
    kept = os.environ.get("PETITION_SCALE_DIR")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        yield Path(kept)
        return
    with tempfile.TemporaryDirectory(prefix="petition-scale-") as tmp:
        yield Path(tmp)


@pytest.fixture(scope="module")
def site(work: Path) -> Path:
    repo = scale.build_repository(work, project=project_text())  # the tests' fictitious cause
    motions = sum(1 for _ in (repo / "motions" / scale.CAMPAIGN).glob("*-*-*.yml"))
    rows = (work / "communes-all.csv").read_text("utf-8").count("\n") - 1
    assert motions == rows > 34_000  # one per commune with a council
    return scale.build_site(repo, work)


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with pagecheck.serve(site, urlsplit(PROJECT["site"]).path.strip("/")) as url:
        yield url


def test_every_kind_of_page_is_light_and_fits_a_phone(browser: Any, base: str, site: Path) -> None:
    if not pagecheck.AXE.exists():
        missing("axe-core absent (make test le récupère : tools/fetch_axe.py)")
    pages = pagecheck.kinds(site, scale.CAMPAIGN)
    # The heavy kinds of this size: a département's list in sheets, targets by département.
    assert {"accueil", "campagne", "departement", "departement-suite", "motion", "cibles",
            "cibles-departement"} <= set(pages)
    measured = pagecheck.measure(browser, base, site, pages)
    print("\n" + pagecheck.table(measured))
    assert [p for m in measured for p in m.problems()] == []
    assert all(set(m.axe) == {"bureau", "téléphone"} for m in measured)  # axe-core did run


def test_search_files_are_light_and_nothing_unused_is_shipped(site: Path) -> None:
    files = pagecheck.data_files(site)
    assert [f for f in files if f[1] > pagecheck.MAX_DATA_GZIP] == []
    assert pagecheck.unused_theme_files(site) == []


def test_councils_are_found_by_the_names_people_type(browser: Any, base: str) -> None:
    assert pagecheck.check_searches(browser, base) == []
