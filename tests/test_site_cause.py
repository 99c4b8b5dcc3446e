"""The site names its cause from projet.yml, and is useful before any campaign: with zero campaigns
and zero motions, the site builds and its home page says what the repository is for and how to add
the first campaign and motion, with no empty table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, RepoBuilder, project_text
from petition.core.repository import load_repository
from petition.site.pages import generate
from petition.site.project import LOCAL_SITE, SITE_REQUIRED, project_config
from petition.site.source import settings_of
from petition.site.typography import spacing
from sitebuild import build_site, site_repo


def _empty(root: Path) -> RepoBuilder:
    builder = site_repo(root, sample=False)
    for folder in (builder.root / "motions").iterdir():
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    return builder


def _pages(builder: RepoBuilder) -> dict[str, str | bytes]:
    return generate(load_repository(builder.root),
                    settings_of(project_config(builder.root), TODAY, None))


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("vide")
    builder = _empty(work / "depot")
    assert builder.run("validate").exit_code == 0
    result = build_site(builder.root, work / "site", work / "cache")
    assert result.returncode == 0, result.stderr
    return work / "site"


def _main(page: Path) -> str:
    text = page.read_text("utf-8")
    return text.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]


def test_an_empty_repository_has_a_useful_home_page(empty_site: Path) -> None:
    home = _main(empty_site / "index.html")
    assert f"Motions pour {PROJECT['cause']}" in home
    assert PROJECT["description"] in home  # what the repository is for
    assert 'id="pour-commencer"' in home
    assert "<code>petition campaign new</code>" in home and "<code>petition new</code>" in home
    assert "<table" not in home and "petition-chiffre" not in home and "<svg" not in home
    assert "Ma commune" not in home  # nothing to find yet


def test_every_page_of_an_empty_site_says_there_is_nothing_yet(empty_site: Path) -> None:
    assert "Aucune campagne pour l'instant" in _main(empty_site / "campagnes" / "index.html")
    assert "Aucune campagne, donc aucune lettre pour l'instant." in \
        _main(empty_site / "lettres" / "index.html")
    assert "Aucune campagne pour l'instant." in _main(empty_site / "donnees" / "index.html")
    for page in empty_site.rglob("*.html"):
        tables = re.findall(r"<table>.*?</table>", _main(page) if "md-content" in
                            page.read_text("utf-8") else "", flags=re.S)
        assert all("<td>" in table for table in tables), page  # no table without a row


def test_the_name_comes_from_projet_yml_at_the_next_build(tmp_path: Path) -> None:
    builder = _empty(tmp_path / "depot")
    first = _pages(builder)["index.md"]
    builder.write("projet.yml", project_text(cause=None, titre=None, nom="Gare de la vallée",
                                             description=None))
    second = _pages(builder)["index.md"]
    assert isinstance(first, str) and isinstance(second, str)
    assert f"# Motions pour {PROJECT['cause']}\n" in first
    assert "# Gare de la vallée\n" in second
    assert ("Ce site rassemble les motions et les vœux adoptés par les conseils des collectivités "
            "(communes, intercommunalités, départements, régions) pour « Gare de la vallée », "
            "chacun avec sa source.") in second
    feed = _pages(builder)["feed.xml"]
    assert isinstance(feed, bytes)
    text = feed.decode("utf-8")
    assert f"<title>{spacing('Gare de la vallée : motions, lettres et réponses')}</title>" in text
    assert spacing("des collectivités pour « Gare de la vallée », adoptés ou rejetés") in text


def test_a_site_without_its_address_is_built_for_the_preview(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _empty(tmp_path / "depot")
    builder.write("projet.yml", project_text(site=None))
    result = builder.run("pages", "-o", str(tmp_path / "sortie"))
    assert result.exit_code == 0, result.output
    assert f"projet.yml : pas d'adresse « site » : le site est écrit pour l'aperçu local ({LOCAL_SITE})" \
        in result.stderr
    assert f"site_url: {LOCAL_SITE}\n" in (tmp_path / "sortie" / "mkdocs.yml").read_text("utf-8")
    # The publishing workflow asks for the address.
    monkeypatch.setenv(SITE_REQUIRED, "1")
    result = builder.run("pages", "-o", str(tmp_path / "autre"))
    assert result.exit_code == 2
    assert "projet.yml : indiquez « site », l'adresse où le site est publié" in result.stderr
