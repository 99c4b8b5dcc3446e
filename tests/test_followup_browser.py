"""The « Suivi » page in a real browser: the built site of a campaign whose letter was sent and
answered, served on localhost (skipped without Chromium, except on CI)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import RepoBuilder
from sitebuild import pagecheck, served_site, site_repo
from test_browser import VIEWPORTS, _desktop_tab, page  # noqa: F401 - fixtures
from test_sendings import CID, MINISTER_ONLY, SENT_ON, adopted, campaign_repo, pdf_file

pytestmark = pytest.mark.browser
LETTER = f"lettre-{CID}-ministre-sante-{SENT_ON}.pdf"


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> RepoBuilder:
    repo = site_repo(tmp_path_factory.mktemp("depot"))
    campaign_repo(repo, MINISTER_ONLY)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    repo.add(adopted("departement", "59", "2026-11-10"))
    answer = pdf_file(tmp_path_factory.mktemp("courrier"))
    assert repo.run("answer", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                    "2026-11-20", "--document", str(answer), "--resume",
                    "Le cabinet annonce une mission d'inspection.",
                    "--accuse-reception", "2026-11-05").exit_code == 0
    return repo


@pytest.fixture(scope="module")
def base_url(depot: RepoBuilder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_site(depot.root, tmp_path_factory) as url:
        yield url


def test_followup_page_shows_the_timeline_and_gives_the_letter_sent(
        page: Any, base_url: str, depot: RepoBuilder, tmp_path: Path,  # noqa: F811 - fixture
        capsys: pytest.CaptureFixture[str]) -> None:
    pagecheck.Traffic(page).goto(base_url + f"campagnes/{CID}/suivi/")
    events = page.locator(".petition-evenement")
    assert events.count() == 6  # three months of adoptions, the letter, its receipt, the answer
    assert [events.nth(i).get_attribute("class").split()[-1] for i in range(6)] == [
        "petition-adoptions", "petition-adoptions", "petition-envoi", "petition-accuse",
        "petition-adoptions", "petition-reponse"]
    with page.expect_download() as download:
        page.get_by_role("link", name="La lettre telle qu'envoyée").click()
    saved = tmp_path / "lettre.pdf"
    download.value.save_as(saved)
    archived = (depot.root / "motions" / "documents" / LETTER).read_bytes()
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == hashlib.sha256(archived).hexdigest()
    shot = tmp_path / "suivi.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    with capsys.disabled():
        print("\ncapture d'écran du suivi :", shot)


def test_home_links_to_the_latest_answer(page: Any, base_url: str) -> None:  # noqa: F811
    traffic = pagecheck.Traffic(page)
    traffic.goto(base_url)  # leaving earlier would abort the search's scripts
    with page.expect_navigation():
        page.get_by_role("link", name="le 20 novembre 2026").click()
    traffic.settle()
    assert page.url.endswith(f"campagnes/{CID}/suivi/#reponse-2026-11-20-ministre-sante")
    assert page.locator("#reponse-2026-11-20-ministre-sante").is_visible()


def test_followup_page_on_a_phone(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["mobile"])
    tab = context.new_page()
    tab.goto(base_url + f"campagnes/{CID}/suivi/")
    width = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= VIEWPORTS["mobile"]["width"]  # nothing wider than the screen
