"""The built site in a real browser: Debian's headless Chromium driven by Playwright, the site
served on localhost. Without Chromium these tests are skipped, except on CI (CI set), where they
fail: `.ci/run` installs it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import (
    CAMPAIGN,
    CAMPAIGN_2022,
    RECIPIENT,
    RepoBuilder,
    fixture_campaign,
    leave,
    module_tab,
    motion_data,
)
from sitebuild import extra_motions, served_site, site_config, site_repo

pytestmark = pytest.mark.browser

VIEWPORTS = {"bureau": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}
# The site's own addresses (mkdocs.yml): its links are checked against them.
SITE_URL = site_config()["site_url"]
REPO_URL = site_config()["repo_url"]
CAMPAIGN_TITLE = fixture_campaign(CAMPAIGN)["titre"]


# Lille's council rejected the motion; Avion's motion, voted early, was reported last.
LILLE = motion_data(collectivite={"type": "commune", "code": "59350", "nom": "Lille"},
                    seance={"date": "2023-10-05"},
                    vote={"resultat": "rejetee", "pour": 12, "contre": 25, "abstentions": 0})
AVION = motion_data(collectivite={"type": "commune", "code": "62065", "nom": "Avion"},
                    seance={"date": "2023-09-28"})


def _git(root: Path, *args: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> RepoBuilder:
    """The real motions and a few more, committed in 2025; Avion's, with an older session date than
    most, committed last (2026)."""
    builder = site_repo(tmp_path_factory.mktemp("depot"))
    for data in [*extra_motions(), LILLE]:
        builder.add(data)
    _git(builder.root, "init", "--quiet", "--initial-branch=main", date="2025-01-01T10:00:00+01:00")
    _git(builder.root, "add", ".", date="2025-01-01T10:00:00+01:00")
    _git(builder.root, "commit", "--quiet", "-m", "motions", date="2025-01-01T10:00:00+01:00")
    builder.add(AVION)
    _git(builder.root, "add", ".", date="2026-03-02T09:30:00+01:00")
    _git(builder.root, "commit", "--quiet", "-m", "Avion", date="2026-03-02T09:30:00+01:00")
    return builder


@pytest.fixture(scope="module")
def base_url(depot: RepoBuilder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served under site_url's path, as GitHub Pages serves it: the 404 page links to its
    style sheets from there."""
    with served_site(depot.root, tmp_path_factory, urlsplit(SITE_URL).path.strip("/")) as url:
        yield url


@pytest.fixture(scope="module")
def _desktop_tab(browser: Any, base_url: str) -> Iterator[tuple[Any, list[str]]]:
    """The module's desktop tab and what it records: console errors, every request to another
    host."""
    with module_tab(browser, viewport=VIEWPORTS["bureau"], accept_downloads=True) as tab:
        problems: list[str] = []
        tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
               if m.type in ("error", "warning") else None)
        tab.on("pageerror", lambda e: problems.append(f"erreur : {e}"))
        tab.on("request", lambda r: None if r.url.startswith(base_url) or r.url == "about:blank"
               else problems.append(f"requête vers {r.url}"))
        # A request cut short because the test moved on to the next page is not a failure.
        tab.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED"
               else problems.append(f"échec : {r.url} ({r.failure})"))
        yield tab, problems


@pytest.fixture
def page(_desktop_tab: tuple[Any, list[str]], base_url: str) -> Iterator[Any]:
    """A desktop page that records console errors and every request to another host: the
    module's tab, left as a new one for the next test (conftest.leave)."""
    tab, problems = _desktop_tab
    yield tab
    leave(tab, base_url)
    found = problems[:]
    problems.clear()
    assert found == []


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
    # Lens adopted « à l'unanimité » without counts: 30 + 70 + 75 from the other bodies, and 37
    # from Avion's.
    assert expected == {"collectivites": 6, "population_couverte": 5_992_194, "voix_pour": 212,
                        "commune": 3, "epci": 1, "departement": 1, "region": 1}


def test_map_colours_the_departements(page: Any, base_url: str) -> None:
    page.goto(base_url)
    svg = page.locator(".petition-carte-svg")
    assert svg.is_visible()
    assert svg.locator("g[data-departement]").count() == 101
    pas_de_calais = svg.locator('g[data-departement="62"]')
    assert pas_de_calais.get_attribute("class") == "petition-n2"  # Lens, Liévin, Avion, the CA
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
    page.goto(base_url + f"campagnes/{CAMPAIGN}/")
    page.locator(".petition-table").wait_for()  # built once its data has arrived
    assert page.locator(".petition-statique").is_hidden()  # it replaces the plain table
    page.fill(".petition-recherche input[name=nom]", "lens")
    rows = page.locator(".petition-table tbody tr")
    rows.first.wait_for()
    names = rows.locator("td.petition-col-nom").all_text_contents()
    assert names == ["CA de Lens - Liévin", "Lens"]
    assert page.locator(".petition-recherche .petition-compte").text_content() == "2 sur 5"
    others = page.locator(".petition-autres li")
    others.first.wait_for()
    assert others.all_text_contents() == [
        "Lens-Lestang (Drôme)\u202f: pas encore de motion.",
        "Courcelles-lès-Lens (Pas-de-Calais)\u202f: pas encore de motion.",
        "Fouquières-lès-Lens (Pas-de-Calais)\u202f: territoire couvert par la motion adoptée par "
        "la communauté d'agglomération de Lens - Liévin.",
        "Loison-sous-Lens (Pas-de-Calais)\u202f: territoire couvert par la motion adoptée par "
        "la communauté d'agglomération de Lens - Liévin.",
        "Noyelles-sous-Lens (Pas-de-Calais)\u202f: territoire couvert par la motion adoptée par "
        "la communauté d'agglomération de Lens - Liévin."]
    page.select_option(".petition-recherche select[name=type]", "commune")
    assert rows.locator("td.petition-col-nom").all_text_contents() == ["Lens"]
    page.click(".petition-table a:text-is('Lens')")
    page.wait_for_url(re.compile(rf"/campagnes/{CAMPAIGN}/commune-62498-lens-2023-09-27/$"))
    assert page.locator("h1").text_content() == "Lens — motion du 27\u00a0septembre 2023"
    edit = page.locator("a", has_text="Modifier sur GitHub")
    assert edit.get_attribute("href") == (f"{REPO_URL}/edit/main/"
                                          f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml")


def test_filters_and_sort(page: Any, base_url: str) -> None:
    page.goto(base_url + f"campagnes/{CAMPAIGN}/")
    page.select_option(".petition-recherche select[name=departement]", "59")
    names = page.locator(".petition-table td.petition-col-nom")
    assert names.all_text_contents() == ["Nord"]
    page.select_option(".petition-recherche select[name=departement]", "")
    page.click(".petition-table th button[data-tri=population]")
    assert names.all_text_contents() == ["Nord", "CA de Lens - Liévin", "Lens", "Liévin", "Avion"]


def test_letter_pdf_downloads(page: Any, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + "lettres/")
    # No campaign declares a sender: every letter is a draft, and says so.
    link = page.locator("a", has_text="Télécharger le projet de lettre (PDF").nth(1)
    assert link.get_attribute("href").endswith(f"{CAMPAIGN}-{RECIPIENT}.pdf")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "lettre.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes()[:5] == b"%PDF-"
    assert page.locator("details.petition-lettre").first.get_attribute("open") is not None


def _header_results(page: Any, query: str) -> Any:
    page.fill("#petition-q", query)
    page.locator(f"#petition-resultats-entete[data-rendu='{query}']").wait_for()
    return page.locator("#petition-resultats-entete .petition-resultat")


@pytest.mark.parametrize("query", ["Liévin", "lievin", "LIEVIN"])
def test_header_search_finds_a_council_with_or_without_accents(page: Any, base_url: str,
                                                               query: str) -> None:
    page.goto(base_url + "contribuer/")
    results = _header_results(page, query)
    first = results.first
    assert first.locator(".petition-resultat-nom").text_content() == \
        "Liévin · commune, Pas-de-Calais (62)"
    assert first.locator(".petition-resultat-etat").text_content() == (
        f"{CAMPAIGN_TITLE}\u202f: motion adoptée le 16\u00a0octobre 2023")
    names = results.locator(".petition-resultat-nom a, .petition-resultat-nom strong")
    assert "CA de Lens - Liévin" in names.all_text_contents()


def test_header_search_finds_late_and_rejected_motions_and_any_commune(page: Any,
                                                                       base_url: str) -> None:
    page.goto(base_url)
    avion = _header_results(page, "avion").first
    assert avion.locator("a").get_attribute("href").endswith(
        f"campagnes/{CAMPAIGN}/commune-62065-avion-2023-09-28/")
    lille = _header_results(page, "Lille").first
    assert lille.locator(".petition-resultat-etat").text_content().endswith(
        "motion rejetée le 5\u00a0octobre 2023")
    marseille = _header_results(page, "marseille").first
    assert marseille.locator(".petition-resultat-etat").text_content() == \
        "Pas de motion de son conseil enregistrée ici\u202f: voir si son territoire est couvert"
    contribuer = _header_results(page, "contribuer").first
    assert contribuer.text_content() == "Contribuer · page du site"


def test_a_motion_page_opens_from_the_search(page: Any, base_url: str) -> None:
    page.goto(base_url + "donnees/")
    _header_results(page, "lievin").first.locator("a").click()
    page.wait_for_url(re.compile(rf"/campagnes/{CAMPAIGN}/commune-62510-lievin-2023-10-16/$"))
    assert page.locator("h1").text_content() == "Liévin — motion du 16\u00a0octobre 2023"
    og = dict(page.eval_on_selector_all(
        "meta[property^='og:']", "els => els.map(e => [e.getAttribute('property'), e.content])"))
    assert og["og:title"] == f"Liévin\u202f: motion adoptée le 16\u00a0octobre 2023 · {CAMPAIGN_TITLE}"
    assert og["og:url"] == (f"{SITE_URL}campagnes/{CAMPAIGN}/"
                            "commune-62510-lievin-2023-10-16/")
    report = page.locator("a", has_text="Signaler une erreur").get_attribute("href")
    assert report.startswith(f"{REPO_URL}/issues/new?title=Erreur")
    assert f"motions%2F{CAMPAIGN}%2Fcommune-62510-lievin-2023-10-16.yml" in report
    assert page.locator("dd", has_text="Conseil municipal").text_content() == \
        "Conseil municipal, séance du 16\u00a0octobre 2023"


def _my_commune(page: Any, query: str, code: str) -> dict[str, str]:
    page.fill(".petition-ma-commune input", query)
    choice = page.locator(f".petition-choix-commune[data-code='{code}']")
    card = page.locator(f".petition-carte-commune[data-code='{code}']")
    # The commune named exactly is shown at once; otherwise the reader picks it.
    choice.or_(card).first.wait_for()
    if not card.count():
        choice.click()
    card.wait_for()
    return dict(page.eval_on_selector_all(
        ".petition-etat-campagne", "els => els.map(e => [e.dataset.campagne, e.dataset.etat])"))


def test_my_commune_gives_each_state(page: Any, base_url: str) -> None:
    page.goto(base_url)
    assert _my_commune(page, "Liévin", "62510") == {CAMPAIGN_2022: "couverte",
                                                     CAMPAIGN: "adoptee"}
    block = page.locator(f".petition-etat-campagne[data-campagne='{CAMPAIGN}']")
    assert block.locator("a", has_text="Voir la motion").get_attribute("href").endswith(
        f"campagnes/{CAMPAIGN}/commune-62510-lievin-2023-10-16/")
    form = block.locator("a", has_text="formulaire pré-rempli").get_attribute("href")
    assert form.startswith(f"{REPO_URL}/issues/new?template=")
    assert f"campagne={CAMPAIGN}" in form and "code=62510" in form and "nom=Li%C3%A9vin" in form
    assert _my_commune(page, "Fouquières-lès-Lens", "62351")[CAMPAIGN] == "couverte"
    assert page.locator(f".petition-etat-campagne[data-campagne='{CAMPAIGN}'] "
                        ".petition-etat-texte").text_content() == (
        "Couverte\u202f: le territoire de la commune est couvert par la motion adoptée par la "
        "communauté d'agglomération de Lens - Liévin. ")
    assert _my_commune(page, "lille", "59350") == {CAMPAIGN_2022: "couverte",
                                                    CAMPAIGN: "rejetee"}
    assert page.locator(f".petition-etat-campagne[data-campagne='{CAMPAIGN}'] "
                        ".petition-etat-texte").text_content().endswith(
        "Son territoire reste couvert par la motion adoptée par le département du Nord. ")
    assert page.locator(f".petition-etat-campagne[data-campagne='{CAMPAIGN}'] "
                        ".petition-etat-texte").text_content().startswith(
        "Rejetée\u202f: le conseil municipal a rejeté la motion le 5\u00a0octobre 2023")
    assert _my_commune(page, "Lens-Lestang", "26162") == {CAMPAIGN_2022: "en_attente",
                                                           CAMPAIGN: "en_attente"}
    assert _my_commune(page, "62800", "62510")[CAMPAIGN] == "adoptee"  # a postal code


def test_my_commune_from_a_link(page: Any, base_url: str) -> None:
    page.goto(base_url + "?commune=26162&nom=Lens-Lestang#ma-commune")
    page.locator(".petition-carte-commune").wait_for()
    assert page.locator(".petition-carte-commune h3").text_content() == "Lens-Lestang (Drôme)"


def test_feed_lists_the_motion_published_last_first(page: Any, base_url: str) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(page.request.get(base_url + "feed.xml").body())
    entries = feed.findall("a:entry", ns)
    assert entries[0].findtext("a:title", namespaces=ns) == \
        "Avion (commune)\u202f: motion adoptée le 28\u00a0septembre 2023"
    assert entries[0].findtext("a:published", namespaces=ns) == "2026-03-02T08:30:00Z"
    assert feed.findtext("a:updated", namespaces=ns) == "2026-03-02T08:30:00Z"
    assert {e.findtext("a:updated", namespaces=ns) for e in entries[1:]} == \
        {"2025-01-01T09:00:00Z"}
    assert len(entries) == 8  # every motion, Lille's rejection included
    campaign = ET.fromstring(page.request.get(base_url + f"campagnes/{CAMPAIGN_2022}/feed.xml").body())
    assert [e.findtext("a:title", namespaces=ns) for e in campaign.findall("a:entry", ns)] == \
        ["Hauts-de-France (région)\u202f: vœu adopté le 23\u00a0juin 2022"]


PAGES = {"accueil": "", "campagnes": "campagnes/", "campagne": f"campagnes/{CAMPAIGN}/",
         "departement": f"campagnes/{CAMPAIGN}/62/",
         "motion": f"campagnes/{CAMPAIGN}/commune-62510-lievin-2023-10-16/",
         "lettres": "lettres/", "donnees": "donnees/", "contribuer": "contribuer/",
         "methode": "methode/", "suivi": f"campagnes/{CAMPAIGN}/suivi/",
         "recherche": "recherche/?q=lens", "introuvable": "404.html"}


def test_keyboard_reaches_the_search_with_a_visible_focus(page: Any, base_url: str) -> None:
    page.goto(base_url + f"campagnes/{CAMPAIGN}/commune-62510-lievin-2023-10-16/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "petition-q":
            break
    assert page.evaluate("document.activeElement.id") == "petition-q"
    page.keyboard.type("lievin")
    page.locator("#petition-resultats-entete .petition-resultat").first.wait_for()
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.textContent, "
                            "getComputedStyle(document.activeElement).outlineStyle]")
    assert focused == ["Liévin", "solid"]


def test_french_spacing_and_no_english_footer(page: Any, base_url: str) -> None:
    for path in PAGES.values():
        page.goto(base_url + path)
        text = page.evaluate("document.body.innerText")
        assert not re.search(r"\S [:;!?](\s|$)", text), (path, re.findall(r".{20}\S [:;!?]\s", text))
        assert "Made with" not in text
        assert not re.search(r"« | »", text), path


def test_on_a_phone_a_list_reads_as_stacked_rows_and_names_stay_whole(browser: Any,
                                                                       base_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["mobile"])
    tab = context.new_page()
    tab.goto(base_url + f"campagnes/{CAMPAIGN}/62/")
    # Each motion a block (its name on a line of its own), nothing to scroll sideways.
    rows = tab.eval_on_selector_all(".petition-motions tbody tr", "rows => rows.map(r => "
                                    "[getComputedStyle(r).display, r.innerText.split('\\n')[0]])")
    assert rows == [["block", name] for name in ("Avion", "CA de Lens - Liévin", "Hénin-Beaumont",
                                                 "Lens", "Liévin")]
    assert tab.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["mobile"]["width"]
    # A name may wrap between its words, never inside one: each word sits on a single line.
    broken = tab.evaluate("""() => {
        const found = [];
        for (const a of document.querySelectorAll('td a')) {
            const text = a.firstChild, range = document.createRange();
            for (const m of text.textContent.matchAll(/[^\\s-]+/g)) {
                range.setStart(text, m.index);
                range.setEnd(text, m.index + m[0].length);
                if (range.getClientRects().length !== 1) { found.push(m[0]); }
            }
        }
        return found;
    }""")
    assert broken == []
    context.close()
