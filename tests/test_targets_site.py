"""The target page of a campaign: progress, map by département, the councils to convince with
their report form and kit document, the kit as one zip per département."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, TODAY, RepoBuilder
from petition.core.referential import referential
from petition.core.repository import load_repository
from petition.site.context import Settings
from petition.site.pages import generate
from petition.site.targetspage import SHARES, share_class
from test_targets import DOUAI, EPCI, HARNES, LENS, LIEVIN, targeted

REPO_URL = "https://github.com/collectif-exemple/motions"
SETTINGS = Settings(site_name="Motions", site_url="https://exemple.fr/motions/", today=TODAY,
                    repo_url=REPO_URL)
PAGE = f"campagnes/{CAMPAIGN}/cibles.md"
KIT = f"campagnes/{CAMPAIGN}/kit"


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> RepoBuilder:
    """test_targets' campaign with its targets, built once: the tests only read it."""
    return targeted(RepoBuilder(tmp_path_factory.mktemp("depot")), tmp_path_factory.mktemp("csv"))


@pytest.fixture(scope="module")
def site(depot: RepoBuilder) -> dict[str, str | bytes]:
    return generate(load_repository(depot.root), SETTINGS)


def _page(site: dict[str, str | bytes]) -> str:
    page = site[PAGE]
    assert isinstance(page, str)
    return page


def test_progress_says_how_many_adopted_and_the_share_covered(site: dict[str, str | bytes]) -> None:
    page = _page(site)
    assert '<progress max="6" value="2">' in page
    assert "<strong>2 sur 6\u00a0collectivités ciblées</strong> ont adopté le texte ; rejeté : 1 ; " \
           "en attente : 3, dont 2 au moins en partie couverte(s)" in page
    ref = referential()
    covered = ref.population(ref.territory(ref.body("departement", "62")))  # type: ignore[arg-type]
    total = covered + ref.population([DOUAI])
    share = f"{100 * covered / total:.1f}".replace(".", ",")
    assert f"<strong>{share}\u00a0% de la population ciblée couverte</strong>" in page


def test_the_map_shades_each_departement_by_its_share_adopted(
        site: dict[str, str | bytes]) -> None:
    page = _page(site)
    # Pas-de-Calais: the département itself and Lens adopted, out of 5 targets there (the EPCI,
    # Lens, Liévin, Harnes, the département); Nord: Douai, which did not adopt; elsewhere none.
    assert share_class(2, 5) == 2 and SHARES[2][1] == "d'un quart à la moitié"
    assert '<g class="petition-n2" data-departement="62">' in page
    assert '<g class="petition-n0" data-departement="59">' in page
    assert '<g class="petition-hors" data-departement="80">' in page
    # The same figures, by région, with each département's kit.
    assert (f"### Hauts-de-France\n\n- Nord (59) : 1\u00a0ciblée, 0 a adopté, 0 a rejeté, 1 en "
            f"attente · [kit : 1\u00a0projet de motion (zip)](kit/kit-{CAMPAIGN}-59.zip)\n"
            f"- Pas-de-Calais (62) : 5\u00a0ciblées, 2 ont adopté, 1 a rejeté, 2 en attente · "
            f"[kit : 2\u00a0projets de motion (zip)](kit/kit-{CAMPAIGN}-62.zip)\n") in page


@pytest.mark.parametrize(("adopted", "total", "expected"), [
    (0, 4, 0), (1, 5, 1), (1, 4, 2), (2, 4, 3), (3, 4, 4), (99, 100, 4), (4, 4, 5)])
def test_share_classes(adopted: int, total: int, expected: int) -> None:
    assert share_class(adopted, total) == expected


def test_the_councils_to_convince_link_to_the_form_and_their_document(
        site: dict[str, str | bytes]) -> None:
    page = _page(site)
    rows = re.findall(r'<tr data-nom="([^"]*)" data-departements="([^"]*)">(.*?)</tr>', page)
    assert [(name, deps) for name, deps, _ in rows] == [
        ("Douai", "59"), ("Harnes", "62"), ("Liévin", "62"), ("CA de Lens - Liévin", "62")]
    cells = {name: html for name, _, html in rows}
    assert f"{REPO_URL}/issues/new?template=signaler-motion.yml&amp;type=Commune&amp;code=" \
           f"{HARNES}&amp;nom=Harnes&amp;campagne={CAMPAIGN}" in cells["Harnes"]
    assert '<a href="../kit/motion-commune-62413-harnes.docx" download>DOCX</a>' in cells["Harnes"]
    assert "couverte par le département du Pas-de-Calais" in cells["Harnes"]
    # Liévin rejected: the form to report a new vote, no ready-made motion.
    assert "rejetée" in cells["Liévin"] and "DOCX" not in cells["Liévin"]
    assert quote("Liévin") in cells["Liévin"]


def test_the_kit_is_published_per_document_and_per_departement(
        site: dict[str, str | bytes]) -> None:
    docs = sorted(p.rsplit("/", 1)[1] for p in site if p.startswith(KIT) and p.endswith(".docx"))
    assert docs == ["motion-commune-59178-douai.docx", "motion-commune-62413-harnes.docx",
                    f"motion-epci-{EPCI}-ca-de-lens-lievin.docx"]
    by_zip = {}
    for path in (p for p in site if p.startswith(KIT) and p.endswith(".zip")):
        content = site[path]
        assert isinstance(content, bytes)
        by_zip[path.rsplit("/", 1)[1]] = sorted(zipfile.ZipFile(io.BytesIO(content)).namelist())
    assert by_zip == {f"kit-{CAMPAIGN}-59.zip": ["motion-commune-59178-douai.docx"],
                      f"kit-{CAMPAIGN}-62.zip": ["motion-commune-62413-harnes.docx",
                                                 f"motion-epci-{EPCI}-ca-de-lens-lievin.docx"]}
    harnes = zipfile.ZipFile(io.BytesIO(site[f"{KIT}/kit-{CAMPAIGN}-62.zip"]))  # type: ignore[arg-type]
    assert harnes.read("motion-commune-62413-harnes.docx") == \
        site[f"{KIT}/motion-commune-62413-harnes.docx"]


def test_a_rebuild_changes_no_byte(depot: RepoBuilder, site: dict[str, str | bytes]) -> None:
    again = generate(load_repository(depot.root), SETTINGS)
    assert {k: v for k, v in site.items() if k.startswith(KIT)} == \
        {k: v for k, v in again.items() if k.startswith(KIT)}


def test_the_campaign_page_links_to_its_targets(site: dict[str, str | bytes]) -> None:
    page = site[f"campagnes/{CAMPAIGN}/index.md"]
    assert isinstance(page, str)
    assert "**Collectivités ciblées** : 2 sur 6 ont adopté le texte, 3 en attente. " \
           "[Les conseils à convaincre, la carte et le kit](cibles.md)" in page
    assert f"campagnes/{CAMPAIGN_2022}/cibles.md" not in site


def test_no_target_page_without_targets(repo: RepoBuilder, tmp_path: Path) -> None:
    files = generate(load_repository(repo.root), SETTINGS)
    assert not any("cibles" in path or "/kit/" in path for path in files)
    assert LENS and LIEVIN  # the fixture's codes, shared with test_targets
