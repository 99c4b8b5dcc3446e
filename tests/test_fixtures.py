"""The suite needs no data of the repository it runs in (issue 23): every test builds its repository
from tests/fixtures/, names the fixture campaigns through conftest's constants, and never names this
repository's own campaigns or addresses, so that it passes unchanged in a repository of any cause."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from conftest import (
    CAMPAIGN,
    CAMPAIGN_2022,
    FIXTURES,
    RECIPIENT,
    ROOT,
    SAMPLE_LENS,
    SAMPLE_REGION,
    RepoBuilder,
    fixture_campaign,
    fixture_data,
)
from petition.core.projectfile import load_project

TESTS = Path(__file__).resolve().parent


def files_under_tests() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def test_the_constants_name_the_fixture_campaigns() -> None:
    assert sorted(p.parent.name for p in (FIXTURES / "motions").glob("*/campagne.yml")) == \
        sorted([CAMPAIGN, CAMPAIGN_2022])
    for campaign in (CAMPAIGN, CAMPAIGN_2022):
        data = fixture_campaign(campaign)
        assert data["id"] == campaign
        assert [r["id"] for r in data["destinataires"]] == [RECIPIENT]
    assert fixture_data(SAMPLE_LENS)["campagne"] == CAMPAIGN
    assert fixture_data(SAMPLE_REGION)["campagne"] == CAMPAIGN_2022


def test_the_fixture_tree_is_what_sample_repo_holds(tmp_path: Path) -> None:
    sample = RepoBuilder(tmp_path / "depot", sample=True)
    held = sorted(p.relative_to(sample.root).as_posix()
                  for p in (sample.root / "motions").rglob("*.yml"))
    assert held == sorted([f"motions/{CAMPAIGN}/campagne.yml", f"motions/{CAMPAIGN_2022}/campagne.yml",
                           SAMPLE_LENS, SAMPLE_REGION])
    empty = RepoBuilder(tmp_path / "vide")
    assert sorted(p.relative_to(empty.root).as_posix()
                  for p in (empty.root / "motions").rglob("*.yml")) == \
        sorted([f"motions/{CAMPAIGN}/campagne.yml", f"motions/{CAMPAIGN_2022}/campagne.yml"])


def test_no_test_reads_the_repository_data() -> None:
    """The repository's motions/ is its cause's data: no test opens it (this file only lists its
    folders, below)."""
    reads = re.compile(r"""ROOT\s*/\s*["']motions\b|ROOT\s*/\s*f?["']motions/""")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in files_under_tests() if p.suffix == ".py"
                 and p != Path(__file__).resolve()
                 for n, line in enumerate(p.read_text("utf-8").splitlines(), 1) if reads.search(line)]
    assert offenders == []


def test_tests_name_the_fixture_campaigns_through_the_constants() -> None:
    """A test module names the fixture campaigns as CAMPAIGN and CAMPAIGN_2022, never by their ids:
    the fixtures can then change without touching the tests (data files are fixtures themselves)."""
    here = Path(__file__).resolve()
    literal = [f"{p.relative_to(ROOT)}:{n}" for p in files_under_tests()
               if p.suffix == ".py" and p.name != "conftest.py" and p != here
               for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
               if CAMPAIGN in line or CAMPAIGN_2022 in line]
    assert literal == []


def test_no_test_names_this_repository_s_campaigns_or_addresses() -> None:
    """Whatever the cause of the repository the suite runs in, no file under tests/ names its
    campaigns, its GitHub repository or its site's host (from projet.yml)."""
    campaigns = {p.name for p in (ROOT / "motions").glob("*") if (p / "campagne.yml").is_file()}
    project, _ = load_project(ROOT)
    names = {c.lower() for c in campaigns - {CAMPAIGN, CAMPAIGN_2022}}
    if project is not None:
        names.add(project.repo_name.lower())  # owner/name
        names.add(urlsplit(project.site_url).hostname or "")
    names.discard("")
    found = [f"{p.relative_to(ROOT)} : {name}" for p in files_under_tests()
             for text in [p.read_bytes().decode("utf-8", "replace").lower()]
             for name in sorted(names) if name in text]
    assert found == []
