"""Shared fixtures: small motion repositories in tmp_path, a fixed "today", an isolated cache."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import gc
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

import sharedbrowser
from petition.__main__ import cli
from petition.exchange.writer import dump_motion

ROOT = Path(__file__).resolve().parent.parent
# The tests' own repository data (tests/fixtures/README.md): a fictitious cause, never this
# repository's motions/, so that the suite runs the same in a repository of any cause, or of none.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 11, 22)
# The fixture campaigns every test uses: tests name them through these constants, never by a
# literal id, so that the fixtures can change without touching the tests.
CAMPAIGN = "bibliotheques-2023"
CAMPAIGN_2022 = "bibliotheques-2022"
# The one recipient of both fixture campaigns (`destinataires[0].id`).
RECIPIENT = "ministre-culture"
# The fixture tree's two motions (RepoBuilder(sample=True)).
SAMPLE_LENS = f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml"
SAMPLE_REGION = f"motions/{CAMPAIGN_2022}/region-32-hauts-de-france-2022-06-23.yml"
# The subject of the motions that `motion_data` writes.
OBJET = "Motion pour les bibliothèques de proximité"

# Property tests: a bounded number of generated inputs in the suite (`make test`); the `fuzz` profile
# runs them on many more (`pytest -m hypothesis --hypothesis-profile=fuzz`, PETITION_FUZZ_EXAMPLES
# each). No
# deadline: a slow machine is not a failure (speed is the benchmark's, tools/bench.py).
settings.register_profile("suite", max_examples=50, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=int(os.environ.get("PETITION_FUZZ_EXAMPLES", "3000")),
                          deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")


@functools.cache
def _fixture_file(rel: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((FIXTURES / rel).read_text("utf-8"))
    return data


def fixture_data(rel: str) -> dict[str, Any]:
    """A fixture file (its path under tests/fixtures/, e.g. SAMPLE_LENS), as data: tests compute
    the facts they expect from it rather than copy them."""
    return copy.deepcopy(_fixture_file(rel))


def fixture_campaign(campaign: str) -> dict[str, Any]:
    """A fixture campaign's campagne.yml, as data."""
    return fixture_data(f"motions/{campaign}/campagne.yml")


@pytest.fixture(scope="session", autouse=True)
def _isolated_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The same "today" and a cache folder of the session's own for the fixtures built once per
    module or session (before any test's own `_isolated`): never the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PETITION_CACHE_DIR", str(tmp_path_factory.mktemp("cache-session")))
        patch.setenv("PETITION_TODAY", TODAY.isoformat())
        yield


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test gets its own cache folder, its own folder for `petition new`'s sessions and the
    same "today"; CI's own setting (which turns the cache off) is removed so that each test
    decides it."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("PETITION_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("PETITION_STATE_DIR", str(tmp_path_factory.mktemp("etat")))
    monkeypatch.setenv("PETITION_TODAY", TODAY.isoformat())


# The settings of every test repository (projet.yml): a fictitious cause, with its addresses.
PROJECT = {"nom": "Bibliothèques de proximité", "cause": "les bibliothèques de proximité",
           "description": "Les motions des conseils pour les bibliothèques de proximité.",
           "site": "https://exemple.github.io/bibliotheques/",
           "depot": "https://github.com/exemple/bibliotheques"}


def project_text(**overrides: Any) -> str:
    """A projet.yml: PROJECT with `overrides` (None removes a key)."""
    data = {k: v for k, v in {**PROJECT, **overrides}.items() if v is not None}
    return "# yaml-language-server: $schema=schema/project.schema.json\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=1000)


# Every test motion names its document: a motion without a source is a warning.
DEFAULT_SOURCE = {"url": "https://www.example.fr/deliberations/motion.pdf"}


def motion_data(**overrides: Any) -> dict[str, Any]:
    """A valid adopted motion of Lens in campaign CAMPAIGN; keyword arguments replace keys."""
    data: dict[str, Any] = {
        "campagne": CAMPAIGN,
        "collectivite": {"type": "commune", "code": "62498", "nom": "Lens"},
        "instance": "Conseil municipal",
        "nature": "motion",
        "objet": OBJET,
        "seance": {"date": "2023-09-27"},
        "presences": {"effectif": 39, "presents": 29, "pouvoirs": 8},
        "vote": {"resultat": "adoptee", "pour": 37, "contre": 0, "abstentions": 0},
        "sources": [DEFAULT_SOURCE],
    }
    data.update(overrides)
    return data


class RepoBuilder:
    """A motions repository in a temporary folder, with the two fixture campaigns' files and no
    motion; with `sample`, the whole fixture tree: both campaigns and their two rich motions,
    Lens's (attendance lists, proxies, signatories, a long text, unanimity without counts) and the
    Hauts-de-France region's vœu."""

    def __init__(self, root: Path, *, sample: bool = False) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "projet.yml").write_text(project_text(), "utf-8")
        if sample:
            shutil.copytree(FIXTURES / "motions", root / "motions")
            return
        for campaign in (CAMPAIGN_2022, CAMPAIGN):
            target = root / "motions" / campaign
            target.mkdir(parents=True)
            shutil.copy(FIXTURES / "motions" / campaign / "campagne.yml", target / "campagne.yml")

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    def add(self, data: dict[str, Any], name: str | None = None) -> Path:
        """Write a motion under its proper name (or `name`) in its campaign folder."""
        from petition.core.model import motion_filename
        from petition.core.referential import referential

        body = data["collectivite"]
        known = referential().body(body["type"], body["code"])
        official = body["nom"]
        if known and body["nom"] not in referential().accepted_names(known):
            official = known.former_name or known.nom
        name = name or motion_filename(body["type"], body["code"], official, data["seance"]["date"])
        return self.write(f"motions/{data['campagne']}/{name}", dump_motion(data))

    def run(self, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, ["--repo", str(self.root), *args], input=input,
                                  catch_exceptions=False)


@pytest.fixture
def repo(tmp_path: Path) -> RepoBuilder:
    return RepoBuilder(tmp_path / "depot")


@pytest.fixture
def sample_repo(tmp_path: Path) -> RepoBuilder:
    """The fixture tree: both campaigns and their two motions (see RepoBuilder)."""
    return RepoBuilder(tmp_path / "depot", sample=True)


RunCli = Callable[..., Result]


# --- the browser: one Chromium for the whole session, a new context per test --------------------
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def missing(reason: str) -> None:
    """Skip a test whose tool is absent, except on CI (CI set), where it fails: `.ci/run` installs
    every tool the suite needs."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI : .ci/run doit l'installer)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright, launched once for the whole run and shared
    by every worker (tests/sharedbrowser.py). A module's tests share a tab (`module_tab`), left
    between tests as a new one would be (`leave`); no cookie, storage or page goes from one test to
    the next."""
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        missing("Chromium absent (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright absent")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.connect(sharedbrowser.address(CHROMIUM, CHROMIUM_ARGS))
        yield chromium
        chromium.close()  # this worker's contexts and connection; the controller stops the browser


@contextlib.contextmanager
def module_tab(browser: Any, **options: Any) -> Iterator[Any]:
    """One tab for a module's tests (a module fixture), in a context of its own made with
    `options`: a tab costs Chromium a process and its first page a cold start, about a second of
    CPU; each test then leaves it as `leave` says."""
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


def leave(tab: Any, base_url: str) -> None:
    """The tab as a new one would be for the next test: on a blank page, with no cookie and
    nothing the site stored (local and session storage, IndexedDB, caches of its scripts). The
    browser's HTTP cache stays, as it stays from page to page for a reader."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
    if tab.url.startswith(origin):  # the session storage lives in the tab, not the origin's data
        tab.evaluate("() => sessionStorage.clear()")
    tab.goto("about:blank")
    tab.context.clear_cookies()
    session = tab.context.new_cdp_session(tab)
    try:
        session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    finally:
        session.detach()


def pytest_configure(config: pytest.Config) -> None:
    sharedbrowser.prepare(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    sharedbrowser.stop(config)


def pytest_collection_finish(session: pytest.Session) -> None:
    # What collection loaded (the modules, the referential…) lives until the end: the garbage
    # collector no longer walks it again and again while the tests run, and takes the young
    # objects less often, as petition's own commands do (4 % less CPU for the site, letter and
    # kit tests).
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


# --- in parallel (pytest-xdist, `make test`): what is built once stays on one worker -------------
def _scope(nodeid: str) -> str:
    """The unit of work a worker takes whole: a module (its module fixtures, such as a built site,
    are built once)."""
    return nodeid.split("::", 1)[0]


def _is_browser_module(scope: str) -> bool:
    return "browser" in Path(scope).name


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return _scope(nodeid)

        def _assign_work_unit(self, node: Any) -> None:
            # The browser modules first: the longest units, the others fill in around them.
            for scope in [s for s in self.workqueue if _is_browser_module(s)][::-1]:
                self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

    return Scheduling(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("browser") and not _is_browser_module(_scope(item.nodeid)):
            raise pytest.UsageError(f"{item.nodeid} : un test du navigateur va dans un module "
                                    "dont le nom contient « browser » (ces modules passent en "
                                    "premier : les plus longs)")
