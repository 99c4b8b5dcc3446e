"""The built site in a real browser: Debian's headless Chromium driven by Playwright, the site
served on localhost. Without Chromium these tests are skipped, except on CI (CI set), where they
fail: `.ci/run` installs it.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import RepoBuilder
from sitebuild import build_site, extra_motions, site_repo

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"bureau": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI : .ci/run doit l'installer)")
    pytest.skip(reason)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> RepoBuilder:
    builder = site_repo(tmp_path_factory.mktemp("depot"))
    for data in extra_motions():
        builder.add(data)
    return builder


@pytest.fixture(scope="module")
def base_url(depot: RepoBuilder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("site")
    result = build_site(depot.root, site, tmp_path_factory.mktemp("cache"))
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        _missing("Chromium absent (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright absent")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A desktop page that records console errors and every request to another host."""
    context = browser.new_context(viewport=VIEWPORTS["bureau"], accept_downloads=True)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
           if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: problems.append(f"erreur : {e}"))
    tab.on("request", lambda r: None if r.url.startswith(base_url)
           else problems.append(f"requête vers {r.url}"))
    tab.on("requestfailed", lambda r: problems.append(f"échec : {r.url}"))
    yield tab
    context.close()
    assert problems == []


def test_home_figures_are_the_stats(page: Any, base_url: str, depot: RepoBuilder) -> None:
    result = depot.run("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    expected = {"collectivites": total["collectivites"],
                "population_couverte": total["population_couverte"],
                "voix_pour": total["voix_pour"],
                **{k: v for k, v in total["par_type"].items()
                   if v or k in ("commune", "epci", "departement", "region")}}
    page.goto(base_url)
    shown = page.eval_on_selector_all(
        "[data-chiffre]", "els => els.map(e => [e.dataset.chiffre, "
                          "e.querySelector('.petition-valeur').textContent])")
    assert {key: int(re.sub(r"\D", "", text)) for key, text in shown} == expected
    # Lens adopted « à l'unanimité » without counts: 30 + 70 + 75 from the other bodies only.
    assert expected == {"collectivites": 5, "population_couverte": 5_992_194, "voix_pour": 175,
                        "commune": 2, "epci": 1, "departement": 1, "region": 1}


def test_map_colours_the_departements(page: Any, base_url: str) -> None:
    page.goto(base_url)
    svg = page.locator(".petition-carte-svg")
    assert svg.is_visible()
    assert svg.locator("g[data-departement]").count() == 101
    pas_de_calais = svg.locator('g[data-departement="62"]')
    assert pas_de_calais.get_attribute("class") == "petition-n2"  # Lens, Liévin, the CA
    assert svg.locator('g[data-departement="59"]').get_attribute("class") == "petition-n1"
    fills = page.eval_on_selector_all(
        ".petition-carte-svg g[data-departement] path",
        "els => els.map(e => [e.parentElement.dataset.departement, getComputedStyle(e).fill])")
    colours = dict(fills)
    assert colours["62"] == "rgb(127, 205, 187)"
    assert colours["59"] == "rgb(199, 233, 180)"
    assert colours["80"].startswith("url(")  # Somme: hatched, its région adopted a vœu
    assert colours["13"] == "rgb(227, 230, 234)"
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300


def test_search_finds_lens_and_opens_its_motion(page: Any, base_url: str) -> None:
    page.goto(base_url + "campagnes/canssm-2023/")
    page.locator(".petition-table").wait_for()  # built once its data has arrived
    assert page.locator(".petition-statique").is_hidden()  # it replaces the plain table
    page.fill(".petition-recherche input[name=nom]", "lens")
    rows = page.locator(".petition-table tbody tr")
    rows.first.wait_for()
    names = rows.locator("td.petition-col-nom").all_text_contents()
    assert names == ["CA de Lens - Liévin", "Lens"]
    assert page.locator(".petition-compte").text_content() == "2 sur 4"
    others = page.locator(".petition-autres li")
    others.first.wait_for()
    assert others.all_text_contents() == [
        "Lens-Lestang (Drôme) : pas encore de motion.",
        "Courcelles-lès-Lens (Pas-de-Calais) : pas encore de motion.",
        "Fouquières-lès-Lens (Pas-de-Calais) : territoire couvert par la motion de : "
        "CA de Lens - Liévin.",
        "Loison-sous-Lens (Pas-de-Calais) : territoire couvert par la motion de : "
        "CA de Lens - Liévin.",
        "Noyelles-sous-Lens (Pas-de-Calais) : territoire couvert par la motion de : "
        "CA de Lens - Liévin."]
    page.select_option(".petition-recherche select[name=type]", "commune")
    assert rows.locator("td.petition-col-nom").all_text_contents() == ["Lens"]
    page.click(".petition-table a:text-is('Lens')")
    page.wait_for_url(re.compile(r"/campagnes/canssm-2023/62/#commune-62498-lens-2023-09-27$"))
    heading = page.locator("#commune-62498-lens-2023-09-27")
    assert heading.text_content().startswith("Lens — motion du 27\u00a0septembre 2023")
    assert heading.is_visible()
    edit = page.locator("a.petition-modifier").nth(2)
    assert edit.get_attribute("href") == ("https://github.com/canssm-filieris/motions/edit/main/"
                                          "motions/canssm-2023/commune-62498-lens-2023-09-27.yml")


def test_filters_and_sort(page: Any, base_url: str) -> None:
    page.goto(base_url + "campagnes/canssm-2023/")
    page.select_option(".petition-recherche select[name=departement]", "59")
    names = page.locator(".petition-table td.petition-col-nom")
    assert names.all_text_contents() == ["Nord"]
    page.select_option(".petition-recherche select[name=departement]", "")
    page.click(".petition-table th button[data-tri=population]")
    assert names.all_text_contents() == ["Nord", "CA de Lens - Liévin", "Lens", "Liévin"]


def test_letter_pdf_downloads(page: Any, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + "lettres/")
    # No campaign declares a sender: every letter is a draft, and says so.
    link = page.locator("a", has_text="Télécharger le projet de lettre (PDF").nth(1)
    assert link.get_attribute("href").endswith("canssm-2023-ministre-sante.pdf")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "lettre.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes()[:5] == b"%PDF-"
    assert page.locator("details.petition-lettre").first.get_attribute("open") is not None


def test_screenshots(browser: Any, base_url: str, tmp_path_factory: pytest.TempPathFactory,
                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path_factory.mktemp("captures")
    shots = []
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        for slug, path in (("accueil", ""), ("campagne", "campagnes/canssm-2023/"),
                           ("departement", "campagnes/canssm-2023/62/")):
            tab.goto(base_url + path)
            tab.wait_for_load_state("networkidle")
            shot = folder / f"{slug}-{name}.png"
            tab.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            shots.append(shot)
        context.close()
    with capsys.disabled():
        print("\ncaptures d'écran :", *shots, sep="\n  ")
