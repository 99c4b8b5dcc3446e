"""Every kind of page as a reader gets it, in Debian's Chromium (tools/pagecheck.py): light (HTML
≤ 150 kB gzipped, ≤ 3,000 DOM nodes once loaded), no horizontal scrolling on a 375 px phone, no
serious or critical axe-core violation on a desktop screen or a phone; councils found by the names
people type; the feed readable in a browser; what a shared link shows; the sitemap.

The site is small (a département's list cut in two sheets, targets listed by département): the
same checks run on the site of every council of France in `make test-scale`
(tests/test_scale_browser.py). Accessibility of every kind of page is checked here.
Skipped without Chromium, except on CI, where they fail.
"""

from __future__ import annotations

import io
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image

from conftest import (
    CAMPAIGN,
    CAMPAIGN_2022,
    PROJECT,
    fixture_campaign,
    leave,
    missing,
    module_tab,
    motion_data,
)
from petition.core.referential import referential
from petition.site.feed import ENTRIES
from petition.site.layout import SHEET_ROWS
from petition.site.targetspage import LIST_ROWS
from sitebuild import build_site, extra_motions, site_config, site_repo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import pagecheck  # tools/ is not a package

pytestmark = pytest.mark.browser

SITE_URL = site_config()["site_url"]
UNDER = urlsplit(SITE_URL).path.strip("/")
# One more commune than a sheet holds: the Pas-de-Calais's list takes two sheets.
PAS_DE_CALAIS = [c for c in referential().commune_codes() if c.startswith("62")
                 and c not in ("62498", "62510", "62427", "62065")][:SHEET_ROWS + 1]
# More councils to convince than one page lists: the Nord's communes, each listed by département.
NORD = [c for c in referential().commune_codes() if c.startswith("59")][:LIST_ROWS + 1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    builder = site_repo(tmp_path_factory.mktemp("depot"))
    ref = referential()
    for data in extra_motions():
        builder.add(data)
    for code in PAS_DE_CALAIS:
        body = ref.body("commune", code)
        assert body is not None
        builder.add(motion_data(collectivite={"type": "commune", "code": code, "nom": body.nom},
                                seance={"date": "2026-06-15"}, presences={},
                                vote={"resultat": "adoptee"}))
    targets = tmp_path_factory.mktemp("cibles") / "cibles.csv"
    targets.write_text("type,code\n" + "".join(f"commune,{c}\n" for c in NORD), encoding="utf-8")
    assert builder.run("targets", "import", str(targets), "--campaign", CAMPAIGN).exit_code == 0
    built = tmp_path_factory.mktemp("site")
    result = build_site(builder.root, built, tmp_path_factory.mktemp("cache"))
    assert result.returncode == 0, result.stderr
    return built


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with pagecheck.serve(site, UNDER) as url:
        yield url


@pytest.fixture(scope="module")
def _module_tab(browser: Any) -> Iterator[Any]:
    with module_tab(browser) as tab:
        yield tab


@pytest.fixture
def tab(_module_tab: Any, base: str) -> Iterator[Any]:
    """The module's tab, left as a new one for the next test (conftest.leave)."""
    yield _module_tab
    leave(_module_tab, base)


def _answered(tab: Any) -> None:
    """The home page with « Ma commune » answered and the header's results open."""
    pagecheck.my_commune(tab, "Liévin")
    pagecheck.header_search(tab, "lens")


@pytest.fixture(scope="module")
def measured(browser: Any, base: str, site: Path,
             tmp_path_factory: pytest.TempPathFactory) -> list[pagecheck.Measure]:
    """Every kind of page of the site, loaded once on each screen: measured, looked at by axe-core
    (when it is there) and pictured."""
    pages = pagecheck.kinds(site, CAMPAIGN)
    # Each kind this site has: a département's list in two sheets, the targets by département.
    assert {"accueil", "campagne", "departement", "departement-suite", "motion", "cibles",
            "cibles-departement", "abonnement", "introuvable"} <= set(pages)
    assert pages["departement"] == f"campagnes/{CAMPAIGN}/62/"
    return pagecheck.measure(browser, base, site, pages, shots=tmp_path_factory.mktemp("captures"),
                             prepare={"accueil": _answered, "recherche": lambda tab: tab.locator(
                                 ".petition-resultats-page .petition-resultat").first.wait_for()})


def test_every_kind_of_page_is_light_and_fits_a_phone(measured: list[pagecheck.Measure]) -> None:
    if not pagecheck.AXE.exists():
        missing("axe-core absent (make test le récupère : tools/fetch_axe.py)")
    assert [p for m in measured for p in m.problems()] == []
    assert all(set(m.axe) == {"bureau", "téléphone"} for m in measured)  # axe-core did run


def test_screenshots(measured: list[pagecheck.Measure], capsys: pytest.CaptureFixture[str]) -> None:
    """A picture of every kind of page on each screen (its first screens), and of the home page
    with « Ma commune » answered and the header's results open: printed for a human to look at."""
    for m in measured:
        wanted = {"bureau", "téléphone"} | ({"bureau, préparée", "téléphone, préparée"}
                                            if m.page in ("accueil", "recherche") else set())
        assert set(m.shots) == wanted, m.page
        for label, shot in m.shots.items():
            viewport = pagecheck.DESKTOP if label.startswith("bureau") else pagecheck.PHONE
            with Image.open(shot) as picture:
                assert picture.width == viewport["width"], shot
                screens = 1 if "préparée" in label else pagecheck.PICTURE_SCREENS
                assert viewport["height"] <= picture.height <= screens * viewport["height"], shot
                darkest, lightest = picture.convert("L").getextrema()
                assert lightest - darkest > 128, shot  # text on its background, not a blank page
    with capsys.disabled():
        print("\ncaptures d'écran :", *(s for m in measured for s in m.shots.values()), sep="\n  ")


# A page with faults of each weight: an image without text (critical), grey on white (serious),
# an empty heading (minor), text outside any landmark (moderate).
FAULTY_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title></head>
<body><h1>Essai</h1><h2></h2><img id="sans-texte" src="rien.png">
<p id="pale" style="color:#ccc;background:#fff">Texte trop pâle</p></body></html>"""


def test_axe_core_finds_the_same_grave_faults_with_only_the_rules_that_can_find_them(
        browser: Any, tmp_path: Path) -> None:
    if not pagecheck.AXE.exists():
        missing("axe-core absent (make test le récupère : tools/fetch_axe.py)")
    (tmp_path / "index.html").write_text(FAULTY_PAGE, "utf-8")
    with pagecheck.serve(tmp_path, "") as url:
        [found] = pagecheck.measure(browser, url, tmp_path, {"essai": ""})
        context = browser.new_context()
        context.add_init_script(path=str(pagecheck.AXE))
        tab = context.new_page()
        tab.goto(url)
        result = tab.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        context.close()
    # Every rule run: the mild faults are found too, and left out of the answer.
    assert {"empty-heading", "region"} <= {v["id"] for v in result["violations"]}
    every_rule = pagecheck._violations(result)
    assert every_rule == ["color-contrast (serious) : ['#pale']",
                          "image-alt (critical) : ['#sans-texte']"]
    assert found.axe == {"bureau": every_rule, "téléphone": every_rule}


def test_councils_are_found_by_the_names_people_type(browser: Any, base: str) -> None:
    assert pagecheck.check_searches(browser, base) == []


def test_nothing_is_shipped_that_no_page_uses(site: Path) -> None:
    assert pagecheck.unused_theme_files(site) == []
    heaviest = pagecheck.data_files(site)[0]
    assert heaviest[1] <= pagecheck.MAX_DATA_GZIP, heaviest


def test_a_feed_opened_in_a_browser_reads_as_a_french_page(tab: Any, base: str) -> None:
    tab.goto(base + f"campagnes/{CAMPAIGN}/feed.xml")
    tab.wait_for_load_state("load")
    title = fixture_campaign(CAMPAIGN)["titre"]
    assert tab.locator("h1").text_content() == f"{title}\u202f: motions, lettres et réponses"
    assert tab.locator(".avis").text_content().startswith("Ceci est un flux Atom\u202f:")
    # Its latest entries, each a link to its page, dated the French way.
    assert tab.locator("li h2 a").count() == ENTRIES
    assert re.fullmatch(r"Publié le (1er|\d{1,2})\u00a0[a-zéû]+ \d{4} · " + re.escape(title),
                        tab.locator(".date").first.text_content().strip())


def test_the_subscribe_page_gives_each_feed(tab: Any, base: str) -> None:
    tab.goto(base)
    tab.click("text=S'abonner aux nouvelles motions")
    tab.wait_for_load_state("load")
    assert tab.url == base + "abonnement/"
    addresses = tab.eval_on_selector_all("article li a[href$='feed.xml']",
                                         "links => links.map(a => a.textContent)")
    assert addresses == [f"{SITE_URL}feed.xml", f"{SITE_URL}campagnes/{CAMPAIGN_2022}/feed.xml",
                         f"{SITE_URL}campagnes/{CAMPAIGN}/feed.xml"]


def test_an_old_address_of_a_row_on_another_sheet_opens_the_motion(tab: Any, base: str) -> None:
    tab.goto(base + f"campagnes/{CAMPAIGN}/62/")
    assert tab.locator(".petition-feuillets a").first.get_attribute("href") == "../62-2/"
    tab.goto(base + f"campagnes/{CAMPAIGN}/62-2/")
    # A motion listed on the second sheet, by the address of the first (its anchor then).
    anchor = tab.locator(".petition-motions tbody tr td a").first.get_attribute("href").split("/")[1]
    tab.goto(base + f"campagnes/{CAMPAIGN}/62/#{anchor}")
    tab.wait_for_url(base + f"campagnes/{CAMPAIGN}/{anchor}/")
    assert tab.locator("h1").count() == 1


def _og(tab: Any) -> dict[str, str]:
    return dict(tab.eval_on_selector_all(
        "meta[property^='og:']", "els => els.map(e => [e.getAttribute('property'), e.content])"))


def test_shared_links_show_a_picture_and_say_what_the_page_is(tab: Any, base: str,
                                                               site: Path) -> None:
    from PIL import Image

    title = fixture_campaign(CAMPAIGN)["titre"]
    seen = {}
    for path in ("", f"campagnes/{CAMPAIGN}/", f"campagnes/{CAMPAIGN}/62/",
                 f"campagnes/{CAMPAIGN}/commune-62510-lievin-2023-10-16/"):
        tab.goto(base + path)
        seen[path] = _og(tab)
    home, campaign, departement, motion = seen.values()
    assert home["og:title"] == f"Motions pour {PROJECT['cause']}"  # projet.yml gives no titre
    assert home["og:image"] == SITE_URL + "partage.png"
    assert campaign["og:title"] == title
    assert campaign["og:description"].endswith("habitants couverts.")
    for page in (campaign, departement, motion):
        assert page["og:image"] == f"{SITE_URL}campagnes/{CAMPAIGN}/partage.png"
    assert departement["og:description"].startswith("Pas-de-Calais (62)\u202f: ")
    assert motion["og:title"] == f"Liévin\u202f: motion adoptée le 16\u00a0octobre 2023 · {title}"
    for picture in ("partage.png", f"campagnes/{CAMPAIGN}/partage.png"):
        assert Image.open(io.BytesIO((site / picture).read_bytes())).size == (1200, 630)


def test_the_sitemap_lists_every_page_a_reader_may_land_on(site: Path) -> None:
    space = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(site / "sitemap.xml").getroot()
    listed = set()
    for entry in index.findall("s:sitemap/s:loc", space):
        part = ET.parse(site / entry.text.removeprefix(SITE_URL)).getroot()  # type: ignore[union-attr]
        listed |= {loc.text for loc in part.findall("s:url/s:loc", space)}
    folders = (p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert listed == {SITE_URL + ("" if f == "." else f + "/") for f in folders}
    assert f"{SITE_URL}campagnes/{CAMPAIGN}/commune-62510-lievin-2023-10-16/" in listed


def test_the_home_map_links_each_departement_to_its_page(tab: Any, base: str) -> None:
    tab.goto(base)
    links = dict(tab.eval_on_selector_all(
        ".petition-carte-svg a", "as => as.map(a => [a.querySelector('g').dataset.departement, "
                                 "a.getAttribute('href')])"))
    # Pas-de-Calais and Nord have motions of this campaign only: its lists.
    assert links == {"62": f"campagnes/{CAMPAIGN}/62/", "59": f"campagnes/{CAMPAIGN}/59/"}
    legend = tab.eval_on_selector_all(".petition-legende li", "lis => lis.map(l => l.textContent)")
    assert legend[0] == "aucune" and legend[-1] == "couvert par le vote de la région"

