"""`petition pages`: the site's whole source as files, rendered with no plugin of ours by MkDocs
(Material), ProperDocs and Zensical, each giving every page, letter and data file; written again
only where something changed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CAMPAIGN, CAMPAIGN_2022, PROJECT, RECIPIENT, TODAY, RepoBuilder, motion_data
from petition.site.typography import french_markdown
from petition.text.french import NBSP, NNBSP
from sitebuild import extra_motions, site_repo

BIN = Path(sys.executable).parent
# Every page the site has for this repository (one motion of a région in CAMPAIGN_2022, the
# motions of extra_motions in CAMPAIGN), as built pages.
PAGES = {"index.html", "404.html", "campagnes/index.html", "lettres/index.html", "abonnement/index.html",
         "donnees/index.html", "methode/index.html", "contribuer/index.html",
         "recherche/index.html",
         f"campagnes/{CAMPAIGN}/index.html", f"campagnes/{CAMPAIGN}/62/index.html",
         f"campagnes/{CAMPAIGN}/59/index.html", f"campagnes/{CAMPAIGN}/suivi/index.html",
         f"campagnes/{CAMPAIGN_2022}/index.html", f"campagnes/{CAMPAIGN_2022}/suivi/index.html",
         f"campagnes/{CAMPAIGN_2022}/regions/index.html"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[RepoBuilder, Path]:
    builder = site_repo(tmp_path_factory.mktemp("depot"), sample=False)
    for data in extra_motions():
        builder.add(data)
    builder.add(motion_data(campagne=CAMPAIGN_2022, instance="Conseil régional", nature="voeu",
                            collectivite={"type": "region", "code": "32", "nom": "Hauts-de-France"},
                            seance={"date": "2022-06-23"}, presences={"effectif": 170},
                            vote={"resultat": "adoptee"}))
    folder = builder.root / "sortie"
    result = builder.run("--today", TODAY.isoformat(), "pages", "-o", str(folder))
    assert result.exit_code == 0, result.output
    return builder, folder


def _motion_pages(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.glob("campagnes/*/*/index.html")
            if p.parent.name not in {"suivi", "regions"} and not p.parent.name.isdigit()}


@pytest.mark.slow
@pytest.mark.parametrize("command", [["mkdocs", "build", "--strict"],
                                     ["properdocs", "build", "--strict"],
                                     ["zensical", "build"]])
def test_each_renderer_builds_every_page_with_no_plugin(written: tuple[RepoBuilder, Path],
                                                         tmp_path: Path, command: list[str]) -> None:
    _, folder = written
    source = tmp_path / "source"
    subprocess.run(["cp", "-r", str(folder), str(source)], check=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=source, env=env,
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    site = source / "site"
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    motions = {f"campagnes/{CAMPAIGN}/{stem}/index.html" for stem in (
        "commune-62510-lievin-2023-10-16", "epci-246200364-ca-de-lens-lievin-2023-11-20",
        "commune-62427-henin-beaumont-2023-10-02", "departement-59-nord-2023-12-11")}
    motions.add(f"campagnes/{CAMPAIGN_2022}/region-32-hauts-de-france-2022-06-23/index.html")
    assert built == PAGES | motions
    for data in (f"lettres/{CAMPAIGN}-{RECIPIENT}.pdf", f"lettres/{CAMPAIGN}-{RECIPIENT}.md.txt",
                 "donnees/motions.json", "donnees/motions.csv", "donnees/deliberations-scdl.csv",
                 "feed.xml", f"campagnes/{CAMPAIGN}/badge.svg", f"campagnes/{CAMPAIGN}/chiffres.json",
                 "recherche/index.json", "recherche/pages.json", "schema/motion.schema.json",
                 "sitemaps/pages.xml", "partage.png", "flux.xsl",
                 "assets/petition/petition.css", "assets/petition/recherche.js"):
        assert (site / data).read_bytes() == (folder / "docs" / data).read_bytes(), data
    # The sitemap's index (written as the theme's sitemap template) names the written lists.
    assert (site / "sitemap.xml").read_bytes() == (folder / "overrides" / "sitemap.xml") \
        .read_bytes().removeprefix(b"{% raw %}").removesuffix(b"{% endraw %}")
    # Nothing no page uses: the theme's own search and source maps are not published.
    assert not list(site.glob("assets/javascripts/lunr")) and not list(site.rglob("*.map"))
    home = (site / "index.html").read_text("utf-8")
    assert "petition-entete-recherche" in home  # the theme's templates of overrides/
    assert re.search(r'href="(\./)?assets/petition/petition\.css"', home)
    assert "fonts.googleapis.com" not in home  # no request to a third party (hazards.md 17)
    # The département pages stay out of the navigation.
    assert f"campagnes/{CAMPAIGN}/62/" not in home.split('<div class="md-content"')[0]
    letters = (site / "lettres" / "index.html").read_text("utf-8")
    # Saved under the letter's .md name (Zensical writes the link from the site's root).
    assert re.search(rf'download="{CAMPAIGN}-{RECIPIENT}\.md" href="(\.\./lettres/)?'
                     rf'{CAMPAIGN}-{RECIPIENT}\.md\.txt"', letters)


def test_the_written_config_carries_the_repository_settings(written: tuple[RepoBuilder, Path]) -> None:
    builder, folder = written
    config = yaml.safe_load((folder / "mkdocs.yml").read_text("utf-8"))
    root = yaml.safe_load((builder.root / "mkdocs.yml").read_text("utf-8"))
    for key in ("copyright", "markdown_extensions"):
        assert config[key] == root[key], key
    # What names the cause comes from projet.yml, whatever the repository's mkdocs.yml says.
    assert (config["site_name"], config["site_description"], config["site_url"],
            config["repo_url"], config["repo_name"]) == (
        f"Motions pour {PROJECT['cause']}", PROJECT["description"], PROJECT["site"],
        PROJECT["depot"], "exemple/bibliotheques")
    assert config["plugins"] == []
    assert config["docs_dir"] == "docs"
    assert config["theme"]["custom_dir"] == "overrides"
    assert config["nav"][1] == {"Campagnes": ["campagnes/index.md",
                                              f"campagnes/{CAMPAIGN_2022}/index.md",
                                              f"campagnes/{CAMPAIGN}/index.md"]}
    assert config["not_in_nav"] == ("/campagnes/*/*.md\n!/campagnes/*/index.md\n/abonnement.md\n"
                                    "/departements/*.md\n")
    methode = (folder / "docs" / "methode.md").read_text("utf-8")
    assert methode.startswith(f"---\nmodifier: {PROJECT['depot']}/edit/main/docs/methode.md\n---\n")
    pages = json.loads((folder / "docs" / "recherche" / "pages.json").read_text("utf-8"))
    assert [p[:2] for p in pages] == [
        ["Accueil", ""], ["Campagnes", "campagnes/"],
        [yaml.safe_load((builder.root / "motions" / CAMPAIGN_2022 / "campagne.yml")
                        .read_text("utf-8"))["titre"], f"campagnes/{CAMPAIGN_2022}/"],
        [yaml.safe_load((builder.root / "motions" / CAMPAIGN / "campagne.yml")
                        .read_text("utf-8"))["titre"], f"campagnes/{CAMPAIGN}/"],
        ["Contribuer", "contribuer/"], ["Données", "donnees/"], ["Lettres", "lettres/"],
        ["Méthode", "methode/"], ["Rechercher", "recherche/"]]


def test_a_second_run_rewrites_nothing_and_a_removed_motion_goes(written: tuple[RepoBuilder, Path],
                                                                 tmp_path: Path) -> None:
    builder, folder = written
    copy = tmp_path / "copie"
    subprocess.run(["cp", "-a", str(folder), str(copy)], check=True)
    before = {p: p.stat().st_mtime_ns for p in copy.rglob("*") if p.is_file()}
    again = builder.run("--today", TODAY.isoformat(), "pages", "-o", str(copy))
    assert again.exit_code == 0, again.output
    assert again.stderr.endswith(f" : 0 fichier(s) écrit(s), {len(before)} inchangé(s), "
                                 "0 retiré(s)\n")
    assert {p: p.stat().st_mtime_ns for p in copy.rglob("*") if p.is_file()} == before
    (builder.root / "motions" / CAMPAIGN / "commune-62427-henin-beaumont-2023-10-02.yml").unlink()
    try:
        builder.run("--today", TODAY.isoformat(), "pages", "-o", str(copy))
    finally:
        builder.add(extra_motions()[2])
    assert not (copy / "docs" / "campagnes" / CAMPAIGN / "commune-62427-henin-beaumont-2023-10-02").exists()
    departement = copy / "docs" / "campagnes" / CAMPAIGN / "62.md"  # its table lost a row
    assert departement.stat().st_mtime_ns != before[departement]
    assert (copy / "docs" / "contribuer.md").stat().st_mtime_ns == before[copy / "docs" / "contribuer.md"]


def test_a_folder_it_did_not_write_is_refused(repo: RepoBuilder, tmp_path: Path) -> None:
    folder = tmp_path / "mes-documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("à garder", "utf-8")
    result = repo.run("pages", "-o", str(folder))
    assert result.exit_code == 2
    assert f"{folder} n'est pas vide et n'a pas été écrit par « petition pages »" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_the_default_folder_named_with_o_is_made_as_the_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make site` runs « petition pages -o build/pages » in a fresh clone, without build/: the
    default folder is made whether it is named or not; another folder's parent is not."""
    repo = site_repo(tmp_path / "depot", sample=False)
    assert not (repo.root / "build").exists()
    monkeypatch.chdir(repo.root)
    result = repo.run("pages", "-o", "build/pages")
    assert result.exit_code == 0, result.stderr
    assert (repo.root / "build" / "pages" / "mkdocs.yml").is_file()
    result = repo.run("pages", "-o", "autre/pages")
    assert result.exit_code == 2
    assert "autre/pages : le dossier autre n'existe pas ; cette commande ne le crée pas" \
        in result.stderr
    assert not (repo.root / "autre").exists()


def test_french_spacing_is_in_the_markdown_text_only() -> None:
    page = ("---\ntitle: a : b\n---\n# Méthode : règles\n"
            "Voir « ceci » ; `a : b` [x](https://e.fr/?q=1) { .md-button } <a title=\"x : y\">t : u</a>\n"
            "```yaml\nclé : valeur\n```\n"
            "??? info \"Le tableau : détails\"\n"
            "<pre><code>a : b\nc ! d</code></pre>\nfin !")
    assert french_markdown(page) == (
        "---\ntitle: a : b\n---\n# Méthode&#8239;: règles\n"
        f"Voir «{NBSP}ceci{NBSP}»{NNBSP}; `a : b` [x](https://e.fr/?q=1) {{ .md-button }} "
        f"<a title=\"x : y\">t{NNBSP}: u</a>\n"
        "```yaml\nclé : valeur\n```\n"
        f"??? info \"Le tableau{NNBSP}: détails\"\n"
        f"<pre><code>a : b\nc ! d</code></pre>\nfin{NNBSP}!")
