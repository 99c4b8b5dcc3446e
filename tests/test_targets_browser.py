"""The target page in a real browser: the councils to convince filtered by name and département,
the kit downloaded (skipped without Chromium, except on CI)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from conftest import CAMPAIGN, RepoBuilder
from sitebuild import pagecheck, served_site, site_repo
from test_browser import _desktop_tab, page  # noqa: F401 - fixtures
from test_targets import DOUAI, EPCI, HARNES, LENS, LIEVIN, _motion

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> RepoBuilder:
    repo = site_repo(tmp_path_factory.mktemp("depot"), sample=False)
    repo.add(_motion("commune", LENS, "Lens", "2023-09-27"))
    repo.add(_motion("commune", LIEVIN, "Liévin", "2023-10-16", "rejetee"))
    csv = tmp_path_factory.mktemp("csv") / "cibles.csv"
    csv.write_text(f"type,code\nepci,{EPCI}\ncommune,{LENS}\ncommune,{LIEVIN}\n"
                   f"commune,{HARNES}\ncommune,{DOUAI}\n", encoding="utf-8")
    assert repo.run("targets", "import", str(csv), "--campaign", CAMPAIGN).exit_code == 0
    return repo


@pytest.fixture(scope="module")
def base_url(depot: RepoBuilder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_site(depot.root, tmp_path_factory) as url:
        yield url


def _shown(page: Any) -> list[str]:  # noqa: F811 - the fixture's name
    return page.eval_on_selector_all("#petition-cibles tbody tr:not([hidden])",
                                     "rows => rows.map(r => r.dataset.nom)")


def test_the_councils_to_convince_are_filtered(page: Any, base_url: str) -> None:  # noqa: F811
    pagecheck.Traffic(page).goto(base_url + f"campagnes/{CAMPAIGN}/cibles/")
    assert _shown(page) == ["Douai", "Harnes", "Liévin", "CA de Lens - Liévin"]
    page.fill(".petition-filtre-cibles input", "lievin")  # accents ignored
    assert _shown(page) == ["Liévin", "CA de Lens - Liévin"]
    assert page.text_content(".petition-compte") == "2 collectivités affichées"
    page.fill(".petition-filtre-cibles input", "")
    page.select_option(".petition-filtre-cibles select", "59")
    assert _shown(page) == ["Douai"]
    assert page.text_content(".petition-compte") == "1 collectivité affichée"


def test_a_kit_document_downloads(page: Any, base_url: str, tmp_path: Path) -> None:  # noqa: F811
    page.goto(base_url + f"campagnes/{CAMPAIGN}/cibles/")
    with page.expect_download() as download:
        page.click(f"tr[data-nom='Harnes'] a[href$='motion-commune-{HARNES}-harnes.docx']")
    saved = tmp_path / "harnes.docx"
    download.value.save_as(saved)
    paragraphs = Document(io.BytesIO(saved.read_bytes())).paragraphs
    assert paragraphs[0].text == "Note pour le secrétariat"
    motion = next(p for p in paragraphs if p.paragraph_format.page_break_before)
    assert motion.text == "Le Conseil municipal de la Ville d’Harnes"  # INSEE: « d'Harnes »
