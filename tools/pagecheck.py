"""What a reader's browser gets from each kind of page of a built site: the HTML's weight gzipped
(as GitHub Pages sends it) and everything the page loads, its DOM nodes once loaded, any
horizontal overflow on a 375 px phone, and axe-core's serious or critical violations; and whether
the search and « Ma commune » find councils by the names people type.

Shared by the browser test on a small site (tests/test_readers_browser.py) and by `make test-scale`
(tools/scale.py) on the site of every council of France. Needs Playwright and Debian's Chromium.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import gzip
import io
import json
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
FILE_LABEL = {"bureau": "bureau", "téléphone": "telephone"}  # each screen's name in file names
AXE = Path(__file__).resolve().parent.parent / ".tools" / "axe-core" / "axe.min.js"

# The readers' targets (issue 27), at every scale.
MAX_PAGE_GZIP = 150_000
MAX_NODES = 3_000
MAX_DATA_GZIP = 50_000
_COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".csv", ".xsl", ".txt"}

# Every node of the document once loaded (elements, text, comments): what the browser keeps.
NODES_JS = """() => {
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ALL);
  let nodes = 1, elements = 1;
  while (walker.nextNode()) { nodes++; if (walker.currentNode.nodeType === 1) { elements++; } }
  return [nodes, elements];
}"""
# How far the page reaches past the right edge of the screen (0: no horizontal scrolling), and
# the widest element that does it.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const over = document.documentElement.scrollWidth - width;
  let culprit = "";
  if (over > 0) {
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0) {
        culprit = el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
          ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      }
    }
  }
  return [over, culprit];
}"""


class _Handler(SimpleHTTPRequestHandler):
    """Static files, text gzipped when the browser accepts it (as GitHub Pages serves them)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or path.suffix not in _COMPRESSED or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(folder: Path, under: str = "") -> Iterator[str]:
    """The folder served on localhost, under the path `under` as GitHub Pages serves a project's
    site (the 404 page links to its style sheets from there): yields its address (ending with /)."""
    with tempfile.TemporaryDirectory() as tmp:
        top = folder
        if under:
            top = Path(tmp)
            (top / under).symlink_to(folder.resolve())
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler,
                                                                          directory=str(top)))
        # Polled every 20 ms: shutdown() returns at once instead of after up to half a second.
        thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}/" + (f"{under}/" if under else "")
        finally:
            server.shutdown()
            server.server_close()
            thread.join()


class Traffic:
    """The requests a tab has in flight, watched from before its page loads, so that a check waits
    for the page to settle: loaded, every request answered, and its scripts done with what they
    had to do (its main thread idle, `IDLE_JS`) with no request started meanwhile: the fetches
    its scripts make after the load included. Playwright's "networkidle" waits for 500 ms of quiet
    after each page; a site served from this machine answers in a few milliseconds."""

    MARGIN = 0.03  # for the events of a request started just before the page went idle

    # Resolved once the page's main thread has run what it had to (promise callbacks, timers due,
    # the rendering they ask for): the fetch a script starts after the load is started by then.
    IDLE_JS = "() => new Promise((done) => requestIdleCallback(() => done(), {timeout: 2000}))"

    def __init__(self, tab: Any) -> None:
        self.tab = tab
        self.pending: set[Any] = set()
        self.started = 0
        tab.on("request", self._started)
        tab.on("requestfinished", self._ended)
        tab.on("requestfailed", self._ended)

    def _started(self, request: Any) -> None:
        self.pending.add(request)
        self.started += 1

    def _ended(self, request: Any) -> None:
        self.pending.discard(request)

    def goto(self, url: str, timeout: float = 30.0) -> None:
        """Open `url` and wait until its page has settled."""
        self.start(url)
        self.settle(timeout)

    def start(self, url: str) -> None:
        """Open `url` without waiting for its page to load (once the answer has begun): another
        tab can load meanwhile; `settle` then waits for it."""
        self.tab.goto(url, wait_until="commit")

    def settle(self, timeout: float = 30.0) -> None:
        self.tab.wait_for_load_state("load")
        deadline = time.monotonic() + timeout
        while True:
            while self.pending:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.tab.url} : {len(self.pending)} requête(s) sans "
                                       "réponse")
                self.tab.wait_for_timeout(10)  # lets Playwright deliver the tab's events
            started = self.started
            self.tab.evaluate(self.IDLE_JS)
            self.tab.wait_for_timeout(self.MARGIN * 1000)
            if not self.pending and self.started == started:
                return


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def kinds(site: Path, campaign: str) -> dict[str, str]:
    """One page of each kind the site has (the heaviest of its kind where there are several):
    name → path from the site's root."""
    c = f"campagnes/{campaign}/"
    wanted = {"accueil": "", "campagnes": "campagnes/", "campagne": c}

    def heaviest(pattern: str) -> str | None:
        found = sorted(site.glob(pattern), key=lambda p: (-p.stat().st_size, p.as_posix()))
        return found[0].parent.relative_to(site).as_posix() + "/" if found else None

    candidates = {
        "departement": heaviest(f"{c}[0-9][0-9ab]/index.html") or heaviest(f"{c}9[0-9][0-9]/index.html"),
        "departement-suite": heaviest(f"{c}[0-9][0-9ab]-[0-9]*/index.html"),
        "regions": heaviest(f"{c}regions/index.html"),
        "motion": heaviest(f"{c}commune-*/index.html"),
        "suivi": heaviest(f"{c}suivi/index.html"),
        "cibles": heaviest(f"{c}cibles/index.html"),
        "cibles-departement": heaviest(f"{c}cibles-*/index.html"),
    }
    wanted.update({k: v for k, v in candidates.items() if v})
    for name, path in (("lettres", "lettres/"), ("donnees", "donnees/"), ("methode", "methode/"),
                       ("contribuer", "contribuer/"), ("abonnement", "abonnement/")):
        if (site / path / "index.html").exists():
            wanted[name] = path
    wanted["recherche"] = "recherche/?q=lens"
    wanted["introuvable"] = "404.html"
    return wanted


def html_gzip(site: Path, path: str) -> int:
    """The page's HTML, gzipped as a server sends it."""
    file = site / path.split("?")[0].split("#")[0]
    if file.is_dir() or not file.suffix:
        file = file / "index.html"
    return len(gzip.compress(file.read_bytes(), 6, mtime=0))


@dataclass
class Measure:
    page: str
    path: str
    html_gzip: int = 0
    loaded_gzip: int = 0  # every response of the load, gzipped (images as they are)
    nodes: int = 0
    elements: int = 0
    overflow: int = 0  # px past a 375 px screen
    overflow_by: str = ""
    axe: dict[str, list[str]] = field(default_factory=dict)  # viewport → violations
    shots: dict[str, Path] = field(default_factory=dict)  # "bureau", "téléphone"… → picture

    def problems(self) -> list[str]:
        found = []
        if self.html_gzip > MAX_PAGE_GZIP:
            found.append(f"{self.page} : {self.html_gzip} octets gzip > {MAX_PAGE_GZIP}")
        if self.nodes > MAX_NODES:
            found.append(f"{self.page} : {self.nodes} nœuds DOM > {MAX_NODES}")
        if self.overflow > 0:
            found.append(f"{self.page} : dépasse de {self.overflow} px à 375 px "
                         f"({self.overflow_by})")
        for viewport, violations in self.axe.items():
            found += [f"{self.page} ({viewport}) : axe {v}" for v in violations]
        return found


def table(measured: list[Measure]) -> str:
    """The measures as a table a terminal shows (kB: 1,000 bytes)."""
    lines = [f"{'page':20} {'HTML gzip':>10} {'chargé gzip':>12} {'nœuds DOM':>10} {'débord':>7} "
             f"{'axe':>4}  chemin"]
    for m in measured:
        lines.append(f"{m.page:20} {m.html_gzip / 1000:8.1f} ko {m.loaded_gzip / 1000:9.1f} ko "
                     f"{m.nodes:>10} {m.overflow:>5}px {sum(map(len, m.axe.values())):>4}  {m.path}")
    return "\n".join(lines)


# axe-core started on a page without waiting for it (its promise kept by the page), then its
# answer awaited. Only serious and critical violations are reported (`_violations`): a rule none
# of whose checks can find worse than a moderate fault (axe-core's own metadata: « region »,
# « heading-order », the landmarks' rules…) is not run, which takes a fifth of axe-core's time
# and changes no answer.
AXE_START_JS = """() => {
  const grave = new Set(['serious', 'critical']);
  const mild = new Set(['minor', 'moderate']);
  const rules = {};
  for (const rule of axe._audit.rules) {
    const impacts = [rule.impact, ...[...rule.any, ...rule.all, ...rule.none].map(
      (c) => ((axe._audit.checks[typeof c === 'string' ? c : c.id] || {}).metadata || {}).impact)];
    if (!impacts.some((i) => grave.has(i)) && impacts.some((i) => mild.has(i))) {
      rules[rule.id] = {enabled: false};
    }
  }
  window.__petitionAxe = axe.run(document, {resultTypes: ['violations'], rules});
}"""
AXE_RESULT_JS = "() => window.__petitionAxe"


def _violations(result: dict[str, Any]) -> list[str]:
    """axe-core's serious or critical violations, one line per element."""
    return [f"{v['id']} ({v['impact']}) : {n['target']}" for v in result["violations"]
            if v["impact"] in ("serious", "critical") for n in v["nodes"]]


PICTURE_SCREENS = 3


def picture(tab: Any, path: Path) -> None:
    """The loaded page's first PICTURE_SCREENS screens (all of it when shorter) in JPEG, at the
    width of its screen: what a reader sees first, and what a long list's rows look like, without
    encoding the 20,000 px of a long page (Chromium's own capture beyond the screen: Playwright's
    clip stops at the screen)."""
    height = tab.evaluate("document.documentElement.scrollHeight")
    width = tab.viewport_size["width"]
    session = tab.context.new_cdp_session(tab)
    try:
        shot = session.send("Page.captureScreenshot", {
            "format": "jpeg", "quality": 85, "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "scale": 1,
                     "height": min(height, PICTURE_SCREENS * tab.viewport_size["height"])}})
    finally:
        session.detach()
    path.write_bytes(base64.b64decode(shot["data"]))


def measure(browser: Any, base: str, site: Path, pages: dict[str, str], with_axe: bool = True,
            prepare: dict[str, Callable[[Any], None]] | None = None,
            shots: Path | None = None) -> list[Measure]:
    """Each page loaded on a desktop screen and on a 375 px phone; `prepare[name]` acts on the
    loaded page before axe-core looks at it (answers a search, opens a box). The two screens are
    two contexts side by side: both load the page at once, axe-core looks at it on each, and both
    answers are collected after. With `shots`, each page is pictured there as loaded
    (`picture`), and a prepared one again once prepared (its screen, in PNG): NAME-SCREEN.jpg,
    NAME-SCREEN-prepare.png."""
    found = {name: Measure(name, path, html_gzip=html_gzip(site, path))
             for name, path in pages.items()}
    axe = with_axe and AXE.exists()
    sizes: dict[str, int] = {}
    weighed: dict[str, int] = {}  # by address: the site's files do not change while it is measured

    def weigh(response: Any) -> None:
        if response.url in weighed:  # a style sheet or script every page loads: weighed once
            sizes[response.url] = weighed[response.url]
            return
        try:
            body = response.body()
        except Exception:  # a redirect, an aborted request: nothing received
            return
        kind = response.headers.get("content-type", "")
        packed = any(t in kind for t in ("image/png", "image/jpeg", "font/", "woff"))
        sizes[response.url] = weighed[response.url] = \
            len(body) if packed else len(gzip.compress(body, 6, mtime=0))

    screens: dict[str, tuple[Any, Traffic]] = {}
    for label, viewport in (("bureau", DESKTOP), ("téléphone", PHONE)):
        context = browser.new_context(viewport=viewport)
        if axe:  # in every page before its own scripts: sent once
            context.add_init_script(path=str(AXE))
        tab = context.new_page()
        screens[label] = (tab, Traffic(tab))
    screens["bureau"][0].on("response", weigh)  # what a page loads is weighed once
    try:
        for name, path in pages.items():
            item = found[name]
            sizes.clear()
            for _, traffic in screens.values():
                traffic.start(base + path)
            for label, (tab, traffic) in screens.items():
                traffic.settle()
                if label == "bureau":
                    item.nodes, item.elements = tab.evaluate(NODES_JS)
                    item.loaded_gzip = sum(sizes.values())
                else:
                    item.overflow, item.overflow_by = tab.evaluate(OVERFLOW_JS)
                if shots is not None:
                    item.shots[label] = shots / f"{name}-{FILE_LABEL[label]}.jpg"
                    picture(tab, item.shots[label])
                if prepare and name in prepare:
                    prepare[name](tab)
                    if shots is not None:
                        item.shots[f"{label}, préparée"] = \
                            shots / f"{name}-{FILE_LABEL[label]}-prepare.png"
                        tab.screenshot(path=str(item.shots[f"{label}, préparée"]))
                if axe:
                    tab.evaluate(AXE_START_JS)  # its answer awaited once both screens have run it
            if axe:
                for label, (tab, _) in screens.items():
                    item.axe[label] = _violations(tab.evaluate(AXE_RESULT_JS))
    finally:
        for tab, _ in screens.values():
            tab.context.close()
    return list(found.values())


def data_files(site: Path) -> list[tuple[str, int]]:
    """The data files pages load on demand (search, lists), gzipped, heaviest first."""
    found = []
    for path in [*site.glob("recherche/**/*.json"), *site.glob("campagnes/*/*.json"),
                 *site.glob("campagnes/*/*/*.json")]:
        found.append((path.relative_to(site).as_posix(),
                      len(gzip.compress(path.read_bytes(), 6, mtime=0))))
    return sorted(found, key=lambda x: -x[1])


def unused_theme_files(site: Path) -> list[str]:
    """Theme scripts no page uses: the theme's own search (this site has its own)."""
    return sorted(p.relative_to(site).as_posix() for pattern in (
        "assets/javascripts/lunr/**/*.js", "assets/javascripts/workers/*") for p in site.glob(pattern))


@dataclass(frozen=True)
class NameSearch:
    query: str
    type: str
    code: str


# Councils as people write their names, with and without accents and hyphens, by INSEE code and
# postal code: each must come first among the header's results.
NAME_SEARCHES = (
    NameSearch("Paris 13e", "arrondissement", "75113"),
    NameSearch("paris 13eme", "arrondissement", "75113"),
    NameSearch("Lyon 3e arrondissement", "arrondissement", "69383"),
    NameSearch("Marseille 1er", "arrondissement", "13201"),
    NameSearch("Marseille 7e", "arrondissement", "13201"),
    NameSearch("CA de Lens-Liévin", "epci", "246200364"),
    NameSearch("ca de lens lievin", "epci", "246200364"),
    NameSearch("Communauté d'agglomération de Lens-Liévin", "epci", "246200364"),
    NameSearch("Liévin", "commune", "62510"),
    NameSearch("lievin", "commune", "62510"),
    NameSearch("Saint Etienne", "commune", "42218"),
    NameSearch("saint-etienne-du-rouvray", "commune", "76575"),
    NameSearch("Hénin Beaumont", "commune", "62427"),
    NameSearch("62498", "commune", "62498"),
    NameSearch("2A004", "commune", "2A004"),
    NameSearch("62800", "commune", "62510"),
    NameSearch("75013", "arrondissement", "75113"),
    NameSearch("Hauts de France", "region", "32"),
    NameSearch("pas de calais", "departement", "62"),
)
# In « Ma commune »: the commune or arrondissement named, its card shown.
MY_COMMUNE = tuple(s for s in NAME_SEARCHES if s.type in ("commune", "arrondissement"))

FIRST_RESULT_JS = """(box) => {
  const first = box.querySelector('.petition-resultat[data-type]');
  return first ? [first.dataset.type, first.dataset.code] : null;
}"""


def _typed(tab: Any, driven: bool) -> None:
    """What was typed searched at once in a tab whose clock the check drives (`driven`): the
    scripts wait for the reader to stop typing (120 to 150 ms) before they search."""
    if driven:
        tab.clock.run_for(1000)


def header_search(tab: Any, query: str, driven: bool = False) -> tuple[str, str] | None:
    """The first council the header's search gives for `query` (the page is already open)."""
    toggle = ".petition-ouvrir-recherche"
    if tab.locator(toggle).is_visible() and tab.get_attribute(toggle, "aria-expanded") != "true":
        tab.click(toggle)
    tab.fill("#petition-q", query)
    _typed(tab, driven)
    box = tab.locator(f"#petition-resultats-entete[data-rendu={json.dumps(query, ensure_ascii=False)}]")
    box.wait_for()
    found = box.evaluate(FIRST_RESULT_JS)
    return None if found is None else (found[0], found[1])


def my_commune(tab: Any, query: str, driven: bool = False) -> str | None:
    """The code of the card « Ma commune » shows for `query` once answered (None: no card)."""
    tab.fill(".petition-ma-commune input", query)
    _typed(tab, driven)
    tab.locator(f".petition-ma-commune[data-rendu={json.dumps(query, ensure_ascii=False)}]").wait_for()
    cards = tab.locator(".petition-carte-commune")
    return cards.first.get_attribute("data-code") if cards.count() else None


def check_searches(browser: Any, base: str) -> list[str]:
    """Every name search and « Ma commune » answer that is not the expected council; and the
    card of an earlier query left on screen."""
    problems = []
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    # The page's clock driven by the check: each query searched without waiting for the reader to
    # stop typing (the searches, not the wait, are checked here; test_browser types for real).
    tab.clock.install()
    traffic = Traffic(tab)
    traffic.goto(base + "recherche/")
    for search in NAME_SEARCHES:
        got = header_search(tab, search.query, driven=True)
        if got != (search.type, search.code):
            problems.append(f"recherche « {search.query} » : {got}, attendu "
                            f"{(search.type, search.code)}")
    traffic.goto(base)
    for search in MY_COMMUNE:
        card = my_commune(tab, search.query, driven=True)
        if card != search.code:
            problems.append(f"Ma commune « {search.query} » : {card}, attendu {search.code}")
    # The card always answers the last query: none for a name that finds nothing, none for an
    # emptied field.
    for query in ("zzzzqx", ""):
        my_commune(tab, MY_COMMUNE[0].query, driven=True)
        if my_commune(tab, query, driven=True) is not None:
            problems.append(f"Ma commune « {query} » : la carte de la recherche précédente reste")
    context.close()
    return problems
