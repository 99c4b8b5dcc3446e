"""The public site: generated Markdown (golden), escaping of contributor text, the strict MkDocs
build of a temporary repository, the feed, the downloads and the scale of the layout.

Regenerate the golden pages after an intended change with
`PETITION_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_site.py`, then read the diff.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
import pytest
import yaml

from conftest import (
    CAMPAIGN,
    CAMPAIGN_2022,
    DEFAULT_SOURCE,
    PROJECT,
    RECIPIENT,
    ROOT,
    TODAY,
    RepoBuilder,
    fixture_campaign,
    motion_data,
)
from petition.core.model import motion_filename
from petition.core.repository import load_repository
from petition.exchange.writer import dump_motion
from petition.letters import compose_letters, render_letters
from petition.site import (
    campaigns,
    downloads,
    escape,
    motionview,
    preview,
    publication,
    search,
    typography,
)
from petition.site.context import Settings
from petition.site.layout import href, md_link, url_of
from petition.site.pages import generate
from petition.site.plugin import PetitionPlugin
from petition.site.source import navigation
from petition.text.french import file_size
from sitebuild import build_site, extra_motions, site_config, site_repo

GOLDEN = Path(__file__).parent / "golden" / "site"
SETTINGS = Settings(site_name="Motions", site_url="https://exemple.fr/motions/",
                    edit_base="https://github.com/collectif-exemple/motions/edit/main/", today=TODAY,
                    repo_url="https://github.com/collectif-exemple/motions",
                    copyright="Données sous Licence Ouverte",
                    stylesheets=("assets/stylesheets/main.css", "assets/petition/petition.css"))
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences"]
HOSTILE = [
    "<script>alert('x')</script>", '<img src=x onerror="alert(1)">', "[clic](javascript:alert(1))",
    '[lien](https://exemple.fr){ onclick="alert(1)" }', '<iframe src="https://evil.example">',
    "{{ config.site_name }} {% include 'x' %}", '??? note "piège"', "<svg onload=alert(1)>",
    "![img](javascript:alert(1))", "<a href='javascript:alert(1)'>a</a>", "*gras* _it_ `code`",
    "1. liste", "# titre", "> citation", "---", "| a | b |", "&lt;déjà échappé&gt;",
]


# --- escaping ----------------------------------------------------------------------------------
def test_text_is_shown_as_typed() -> None:
    for value in HOSTILE:
        rendered = markdown.markdown(f"- **Objet** : {escape.text(value)}", extensions=EXTENSIONS)
        shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
        assert shown.replace("Objet : ", "").strip() == value
        assert rendered.count("<") == 6, rendered  # <ul>, <li>, <strong> and their ends only


def test_paragraphs_keep_lines_and_never_open_a_block() -> None:
    text = "\n".join(HOSTILE) + "\n\n    indenté\n2. suite"
    rendered = markdown.markdown(str(escape.paragraphs(text)), extensions=EXTENSIONS)
    tags = re.findall(r"<(\w+)", rendered)
    assert set(tags) == {"div", "p", "br"}, rendered  # one raw block: <div class="petition-texte">
    assert tags.count("p") == 2
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert [line for line in shown.split("\n") if line] == [*HOSTILE, "indenté", "2. suite"]


def test_exact_escapes() -> None:
    assert escape.text("Hauts-de-France (32) : 1. a_b") == "Hauts-de-France (32) : 1. a&#95;b"
    assert escape.text("1. ligne") == "1&#46; ligne"
    assert escape.text("- puce") == "&#45; puce"
    assert escape.text('<a href="x">') == "&lt;a href&#61;&quot;x&quot;&gt;"
    assert escape.text("[x](y){ #z }") == "&#91;x&#93;(y)&#123; &#35;z &#125;"
    assert escape.text("voir https://x.fr ou www.y.fr") == "voir https&#58;//x.fr ou www&#46;y.fr"
    assert escape.text("32\u00a0000  habitants") == "32\u00a0000 habitants"
    assert escape.url("javascript:alert(1)") is None
    assert escape.url("data:text/html,x") is None
    assert escape.url('https://ex.fr/a b"c(d)') == "https://ex.fr/a%20b%22c%28d%29"
    assert escape.url("https://ex.fr/?a=1&b=2") == "https://ex.fr/?a=1&amp;b=2"
    assert escape.anchor("commune-62498-lens-2023-09-27") == "commune-62498-lens-2023-09-27"


# --- layout ------------------------------------------------------------------------------------
def test_links_between_pages() -> None:
    assert url_of("campagnes/c/62.md", True) == "campagnes/c/62/"
    assert url_of("campagnes/c/index.md", True) == "campagnes/c/"
    assert url_of("campagnes/c/62.md", False) == "campagnes/c/62.html"
    assert href("campagnes/c/index.md", "campagnes/c/62.md", True, "x") == "62/#x"
    assert href("campagnes/c/62.md", "index.md", True) == "../../../"
    assert href("index.md", "campagnes/c/62.md", False) == "campagnes/c/62.html"
    assert href("campagnes/c/index.md", "donnees/communes.json", True) \
        == "../../donnees/communes.json"
    assert md_link("campagnes/c/62.md", "documents/a.pdf") == "../../documents/a.pdf"


def test_nav_lists_each_campaign_under_campagnes() -> None:
    nav = [{"Accueil": "index.md"}, {"Campagnes": "campagnes/index.md"}, {"Données": "d.md"}]
    pages = ["campagnes/a/index.md", "campagnes/b/index.md"]
    assert navigation(nav, pages) == [
        {"Accueil": "index.md"},
        {"Campagnes": ["campagnes/index.md", "campagnes/a/index.md", "campagnes/b/index.md"]},
        {"Données": "d.md"}]


# --- generated pages ---------------------------------------------------------------------------
@pytest.fixture
def small_repo(repo: RepoBuilder) -> RepoBuilder:
    repo.add(motion_data(
        demandes=["Décide de *consolider* l'offre", "Appuie la coopération"],
        texte="Considérant l'apport des bibliothèques,\n- une ligne\n\nLe Conseil demande :",
        sources=[{"url": "https://www.exemple.fr/lens/motion.pdf",
                  "description": "Extrait du registre (9.4)"}]))
    for data in extra_motions()[:3]:
        if data.get("sources") == [DEFAULT_SOURCE]:  # the golden pages predate the default
            del data["sources"]
        repo.add(data)
    return repo


def test_golden_pages(small_repo: RepoBuilder) -> None:
    files = generate(load_repository(small_repo.root), SETTINGS)
    chosen = {f"campagnes/{CAMPAIGN}/62.md": "departement-62.md",
              f"campagnes/{CAMPAIGN}/collectivites.json": "collectivites.json",
              f"campagnes/{CAMPAIGN}/commune-62498-lens-2023-09-27/index.html": "motion-lens.html",
              f"campagnes/{CAMPAIGN}/chiffres.json": "chiffres.json",
              f"campagnes/{CAMPAIGN}/badge.svg": "badge.svg"}
    if os.environ.get("PETITION_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        GOLDEN.mkdir(parents=True)
        for path, name in chosen.items():
            content = files[path]
            (GOLDEN / name).write_bytes(content if isinstance(content, bytes)
                                        else content.encode("utf-8"))
    for path, name in chosen.items():
        content = files[path]
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        assert text == (GOLDEN / name).read_text("utf-8"), path


def test_a_data_file_without_rows_comes_last_and_says_why(small_repo: RepoBuilder) -> None:
    # No motion of this repository has its act's number: the SCDL file has no row.
    files = generate(load_repository(small_repo.root), SETTINGS)
    scdl, text = files["donnees/deliberations-scdl.csv"], files["donnees.md"]
    assert isinstance(scdl, bytes) and isinstance(text, str)
    assert scdl.decode("utf-8").count("\n") == 1  # its header line alone
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    assert [row.split("]")[0] for row in rows[:3]] == [
        "| [motions.json", "| [motions.csv", "| [deliberations-scdl.csv"]
    assert "vide pour l'instant : il ne décrit que les motions adoptées dont on connaît le SIRET " \
        "de la collectivité et le numéro de l'acte" in rows[2]
    assert "vide pour l'instant" not in rows[0] + rows[1]


def test_generated_files(small_repo: RepoBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    files = generate(load_repository(small_repo.root), SETTINGS)
    pages = sorted(p for p, c in files.items() if isinstance(c, str))
    assert pages == ["abonnement.md", f"campagnes/{CAMPAIGN_2022}/index.md",
                     f"campagnes/{CAMPAIGN_2022}/suivi.md", f"campagnes/{CAMPAIGN}/62.md",
                     f"campagnes/{CAMPAIGN}/index.md", f"campagnes/{CAMPAIGN}/suivi.md",
                     "campagnes/index.md", "contribuer.md", "donnees.md", "index.md", "lettres.md",
                     "recherche.md"]
    downloads = {p for p, c in files.items() if isinstance(c, bytes)}
    assert {"feed.xml", f"campagnes/{CAMPAIGN}/feed.xml", f"campagnes/{CAMPAIGN_2022}/feed.xml",
            f"campagnes/{CAMPAIGN}/chiffres.json", f"campagnes/{CAMPAIGN}/badge.svg",
            "donnees/motions.json", "donnees/motions.csv", "donnees/deliberations-scdl.csv",
            "recherche/index.json", "recherche/noms/li.json", "recherche/codes/62.json",
            "partage.png", f"campagnes/{CAMPAIGN}/partage.png", "flux.xsl", "flux.css",
            f"lettres/{CAMPAIGN}-{RECIPIENT}.md.txt", f"lettres/{CAMPAIGN}-{RECIPIENT}.pdf",
            "assets/petition/petition.js", "assets/petition/petition.css",
            "assets/petition/recherche.js"} <= downloads
    # One page per motion, named by its file, and nothing else under its campaign's folder.
    motion_pages = sorted(p for p in downloads if p.endswith("/index.html"))
    assert motion_pages == [
        f"campagnes/{CAMPAIGN}/commune-62427-henin-beaumont-2023-10-02/index.html",
        f"campagnes/{CAMPAIGN}/commune-62498-lens-2023-09-27/index.html",
        f"campagnes/{CAMPAIGN}/commune-62510-lievin-2023-10-16/index.html",
        f"campagnes/{CAMPAIGN}/epci-246200364-ca-de-lens-lievin-2023-11-20/index.html"]
    assert files[f"lettres/{CAMPAIGN}-{RECIPIENT}.pdf"][:5] == b"%PDF-"
    # Deterministic: computed again, nothing kept from the first generation.
    monkeypatch.setattr("petition.letters.pdf._RENDERED", {})
    preview._picture.cache_clear()
    search.static.cache_clear()
    assert generate(load_repository(small_repo.root), SETTINGS) == files


@pytest.mark.parametrize(("day", "heading"), [
    ("2023-09-01", "## Contexte au 1er septembre 2023 { #contexte }"),
    ("2024-02-05", "## Contexte au 5 février 2024 { #contexte }"),
    (None, "## Contexte { #contexte }"),
])
def test_the_context_is_dated_when_the_campaign_dates_it(repo: RepoBuilder, day: str | None,
                                                         heading: str) -> None:
    path = repo.root / "motions" / CAMPAIGN / "campagne.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["contexte"] = "La situation décrite ce jour-là."
    data.pop("contexte_date", None)
    if day is not None:
        data["contexte_date"] = day
    repo.write(f"motions/{CAMPAIGN}/campagne.yml", dump_motion(data, kind="campaign"))
    assert repo.run("validate").exit_code == 0
    page = generate(load_repository(repo.root), SETTINGS)[f"campagnes/{CAMPAIGN}/index.md"]
    assert isinstance(page, str)
    lines = [line.replace("\xa0", " ").replace("\u202f", " ") for line in page.splitlines()]
    assert [line for line in lines if line.startswith("## Contexte")] == [heading]


def test_site_letters_are_the_cli_letters_composed_once(small_repo: RepoBuilder,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    repo = load_repository(small_repo.root)
    calls: list[str] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1])
        return compose_letters(*args, **kwargs)

    monkeypatch.setattr(downloads, "compose_letters", counting)
    files = generate(repo, SETTINGS)
    assert calls == [CAMPAIGN_2022, CAMPAIGN]  # one composition per campaign, both formats
    for campaign in calls:
        for fmt in ("md", "pdf"):
            for name, content in render_letters(repo, campaign, fmt, today=TODAY).items():
                # The Markdown as .md.txt: a .md file of the site's source would be a page.
                published = f"lettres/{name}.txt" if fmt == "md" else f"lettres/{name}"
                assert files[published] == content, name
    page = str(files["lettres.md"])
    # No sender declared, no title recorded for today: a draft to the neutral function.
    assert "<summary>Projet de lettre au ministre chargé de la culture</summary>" in page
    assert "**Projet de lettre** : aucun expéditeur n'est déclaré pour cette campagne" in page


def test_home_figures_are_the_stats(small_repo: RepoBuilder) -> None:
    files = generate(load_repository(small_repo.root), SETTINGS)
    stats = json.loads(small_repo.run("stats", "--format", "json").stdout)["total"]
    shown = dict(re.findall(r'data-chiffre="(\w+)" data-valeur="(\d+)"', str(files["index.md"])))
    assert shown == {"collectivites": str(stats["collectivites"]),
                     "population_couverte": str(stats["population_couverte"]),
                     "voix_pour": str(stats["voix_pour"]),
                     # the special councils' types show only when one of them adopted
                     **{k: str(v) for k, v in stats["par_type"].items()
                        if v or k in ("commune", "epci", "departement", "region")}}


def test_feed_without_history_is_dated_by_sessions(small_repo: RepoBuilder) -> None:
    """Outside a git clone, a motion's publication is its session date (the only date known)."""
    feed = generate(load_repository(small_repo.root), SETTINGS)["feed.xml"]
    assert isinstance(feed, bytes)
    root = ET.fromstring(feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.findtext("a:id", namespaces=ns) == "https://exemple.fr/motions/feed.xml"
    assert root.findtext("a:updated", namespaces=ns) == "2023-11-20T00:00:00Z"
    entries = root.findall("a:entry", ns)
    assert [e.findtext("a:updated", namespaces=ns) for e in entries] == [
        "2023-11-20T00:00:00Z", "2023-10-16T00:00:00Z", "2023-10-02T00:00:00Z",
        "2023-09-27T00:00:00Z"]
    assert entries[-1].findtext("a:id", namespaces=ns) == \
        f"https://exemple.fr/motions/campagnes/{CAMPAIGN}/commune-62498-lens-2023-09-27/"
    assert entries[-1].findtext("a:title", namespaces=ns) == \
        "Lens (commune)\u202f: motion adoptée le 27\u00a0septembre 2023"
    assert entries[2].findtext("a:title", namespaces=ns) == \
        "Hénin-Beaumont (commune)\u202f: motion rejetée le 2\u00a0octobre 2023"


def _commit(root: Path, message: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["add", "."], ["commit", "--quiet", "-m", message]):
        subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def test_feed_orders_by_publication_from_git_history(repo: RepoBuilder) -> None:
    subprocess.run(["git", "init", "--quiet", str(repo.root)], check=True)
    repo.add(motion_data())
    _commit(repo.root, "Lens", "2024-05-01T12:00:00+02:00")
    old = extra_motions()[0]  # Liévin, session of 16 October 2023, reported two years later
    repo.add({**old, "seance": {"date": "2021-03-01"}})
    _commit(repo.root, "Liévin", "2025-06-30T23:30:00-01:00")
    files = generate(load_repository(repo.root), SETTINGS)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(files["feed.xml"])
    assert root.findtext("a:updated", namespaces=ns) == "2025-07-01T00:30:00Z"
    entries = [(e.findtext("a:title", namespaces=ns), e.findtext("a:published", namespaces=ns))
               for e in root.findall("a:entry", ns)]
    assert entries == [("Liévin (commune)\u202f: motion adoptée le 1er\u00a0mars 2021",
                        "2025-07-01T00:30:00Z"),
                       ("Lens (commune)\u202f: motion adoptée le 27\u00a0septembre 2023",
                        "2024-05-01T10:00:00Z")]
    assert files[f"campagnes/{CAMPAIGN_2022}/feed.xml"] != files["feed.xml"]
    assert ET.fromstring(files[f"campagnes/{CAMPAIGN_2022}/feed.xml"]).findall("a:entry", ns) == []
    assert generate(load_repository(repo.root), SETTINGS) == files


def test_git_log_parsing_keeps_the_latest_addition() -> None:
    output = ("\x002026-01-02T10:00:00+01:00\n\nsub/motions/c/a.yml\n"
              "\x002025-01-02T10:00:00Z\n\nsub/motions/c/a.yml\nsub/motions/c/b.yml\n")
    assert publication.parse_log(output, "sub/") == {"motions/c/a.yml": "2026-01-02T09:00:00Z",
                                                     "motions/c/b.yml": "2025-01-02T10:00:00Z"}


def test_documents_are_published_and_nothing_else(repo: RepoBuilder) -> None:
    pdf = b"%PDF-1.4 motion"
    repo.write("motions/documents/lens-2023.pdf", pdf)
    (repo.root / "secret.txt").write_text("jeton")
    repo.add(motion_data(sources=[{"fichier": "documents/lens-2023.pdf",
                                   "sha256": hashlib.sha256(pdf).hexdigest()}]))
    files = generate(load_repository(repo.root), SETTINGS)
    assert files["documents/lens-2023.pdf"] == pdf
    page = files[f"campagnes/{CAMPAIGN}/commune-62498-lens-2023-09-27/index.html"]
    assert b'(<a href="../../../documents/lens-2023.pdf">document PDF</a>)' in page
    assert not any(b"jeton" in c for c in files.values() if isinstance(c, bytes))


# --- the built site ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture tree plus a few motions, built once with `mkdocs build --strict`."""
    root = tmp_path_factory.mktemp("depot")
    builder = site_repo(root)
    for data in extra_motions():
        builder.add(data)
    site = tmp_path_factory.mktemp("site")
    result = build_site(root, site, tmp_path_factory.mktemp("cache"))
    assert result.returncode == 0, result.stderr
    return site


def test_strict_build_has_every_page(built: Path) -> None:
    for path in ("index.html", "campagnes/index.html", f"campagnes/{CAMPAIGN}/index.html",
                 f"campagnes/{CAMPAIGN}/62/index.html", f"campagnes/{CAMPAIGN}/59/index.html",
                 f"campagnes/{CAMPAIGN_2022}/regions/index.html", "lettres/index.html",
                 "donnees/index.html", "contribuer/index.html", "feed.xml",
                 f"lettres/{CAMPAIGN}-{RECIPIENT}.pdf", f"lettres/{CAMPAIGN}-{RECIPIENT}.md.txt",
                 "donnees/motions.json", f"campagnes/{CAMPAIGN}/collectivites.json"):
        assert (built / path).is_file(), path
    page = (built / f"campagnes/{CAMPAIGN}/62/index.html").read_text("utf-8")
    for anchor in ("commune-62498-lens-2023-09-27", "commune-62510-lievin-2023-10-16",
                   "epci-246200364-ca-de-lens-lievin-2023-11-20"):
        # The older addresses (an anchor on the département's page) land on the motion's row,
        # which links to the motion's own page.
        assert f'<a href="../{anchor}/" id="{anchor}">' in page
    motion = (built / f"campagnes/{CAMPAIGN}/commune-62498-lens-2023-09-27/index.html")
    repo_url = site_config()["repo_url"]  # the repository's own address (mkdocs.yml)
    assert (f'href="{repo_url}/edit/main/motions/{CAMPAIGN}/'
            'commune-62498-lens-2023-09-27.yml"') in motion.read_text("utf-8")
    # Département pages stay out of the navigation.
    home = (built / "index.html").read_text("utf-8")
    assert f"campagnes/{CAMPAIGN}/62/" not in re.sub(r"<article.*</article>", "", home,
                                                     flags=re.S)
    pages = json.loads((built / "recherche/pages.json").read_text("utf-8"))
    assert [p[:2] for p in pages if p[1] in ("", "contribuer/")] == [
        ["Accueil", ""], ["Contribuer", "contribuer/"]]


def test_a_motion_in_error_fails_the_strict_build(tmp_path: Path) -> None:
    builder = site_repo(tmp_path / "depot", sample=False)
    builder.add(motion_data(vote={"resultat": "adoptee", "pour": 90}))  # more votes than votants
    result = build_site(builder.root, tmp_path / "site", tmp_path / "cache")
    assert result.returncode == 1
    assert "1 fichier(s) de motion en erreur laissé(s) hors du site (premier : motions/" \
        f"{CAMPAIGN}/commune-62498-lens-2023-09-27.yml) : lancez « petition validate »" \
        in result.stderr


def test_root_build_writes_the_pages_and_serve_watches_motions_and_docs(tmp_path: Path) -> None:
    """`mkdocs build` at the root: the plugin writes build/pages and points MkDocs at it."""
    from mkdocs.config import load_config

    builder = site_repo(tmp_path / "depot", sample=False)
    config = load_config(str(builder.root / "mkdocs.yml"))
    plugin = PetitionPlugin()
    plugin.load_config({})
    config = plugin.on_config(config)
    written = builder.root / "build" / "pages"
    assert config.docs_dir == str(written / "docs")
    assert config.theme.dirs[0] == str(written / "overrides")
    assert (written / "docs" / "index.md").is_file()
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    server = Server()
    assert plugin.on_serve(server, config=config, builder=None) is server
    assert watched == [str(builder.root / "motions"), str(builder.root / "docs")]


def test_nothing_is_generated_in_the_work_tree() -> None:
    assert not (ROOT / "docs" / "index.md").exists()
    assert not (ROOT / "docs" / "campagnes").exists()
    # Only the hand-written page: the methodology of the special councils (the contributing page
    # names the cause and its repository: it is generated from projet.yml).
    assert sorted(p.name for p in (ROOT / "docs").iterdir()) == ["methode.md"]


def test_no_request_to_a_third_party(built: Path) -> None:
    for page in built.rglob("*.html"):
        text = page.read_text("utf-8")
        for match in re.finditer(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="([^"]+)"', text):
            url = match.group(1)
            assert not url.startswith(("http:", "https:", "//")) or "rel=\"alternate\"" in \
                match.group(0) or "canonical" in match.group(0), (page, url)
    assert "fonts.googleapis" not in (built / "index.html").read_text("utf-8")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


THEME_SCRIPTS = re.compile(r'<script>__md_scope=|<script>var target=document\.getElementById|'
                           r'<script id="__config" type="application/json">|'
                           r'<script src="(?:\.\./|\./|' + re.escape(urlsplit(PROJECT["site"]).path)
                           + r')*assets/(javascripts/bundle\.\w+\.min|petition/petition|'
                           r'petition/recherche)\.js"></script>')


def hostile_motion() -> dict[str, Any]:
    text = " ".join(HOSTILE)
    return motion_data(
        objet=text, instance=HOSTILE[0], texte="\n".join(HOSTILE), notes=text,
        demandes=HOSTILE, destinataires=HOSTILE[:4],
        seance={"date": "2023-09-27", "lieu": HOSTILE[1]},
        auteurs={"deposant": HOSTILE[2], "groupe": HOSTILE[3]},
        signataires=[{"nom": HOSTILE[7], "qualite": HOSTILE[5]}],
        # Valid URIs (a `"` or `<` is refused by `format: uri`) that would still break out of an
        # attribute written with single quotes, or carry an encoded tag.
        sources=[{"url": "https://exemple.fr/'onmouseover='alert(1)", "description": HOSTILE[4]},
                 {"url": "https://exemple.fr/x?a=%3Cscript%3E", "description": HOSTILE[8]}])


def test_hostile_motions_are_shown_as_text(tmp_path: Path) -> None:
    builder = site_repo(tmp_path / "depot", sample=False)
    builder.add(hostile_motion())
    campaign = yaml.safe_load((builder.root / f"motions/{CAMPAIGN}/campagne.yml").read_text())
    campaign.update(titre="<script>alert('titre')</script> {{ 7*7 }}", demandes=HOSTILE,
                    resume=" ".join(HOSTILE))
    builder.write(f"motions/{CAMPAIGN}/campagne.yml", dump_motion(campaign, kind="campaign"))
    assert builder.run("validate").exit_code == 0, builder.run("validate").output
    site = tmp_path / "site"
    result = build_site(builder.root, site, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    motion_page = (site / f"campagnes/{CAMPAIGN}/commune-62498-lens-2023-09-27/index.html"
                   ).read_text("utf-8")
    assert "{{ config.site_name }} {% include 'x' %}" in html.unescape(motion_page)
    assert "{{ 7*7 }}" in html.unescape((site / "index.html").read_text("utf-8"))
    pages = list(site.rglob("*.html"))
    assert site / f"campagnes/{CAMPAIGN}/commune-62498-lens-2023-09-27/index.html" in pages
    for page in pages:
        text = page.read_text("utf-8")
        for script in re.finditer(r"<script\b[^>]*>", text):
            assert THEME_SCRIPTS.match(text, script.start()), (page, text[script.start():][:80])
        parser = _Tags()
        parser.feed(text)
        for tag, attrs in parser.tags:
            assert tag not in ("iframe", "object", "embed", "img"), (page, tag)
            for name, value in attrs:
                assert not name.startswith("on"), (page, tag, name, value)
                assert not (value or "").strip().lower().startswith(("javascript:", "data:")), \
                    (page, tag, name, value)
        assert not re.search(r"<[^>]*javascript:", text), page
        assert not re.search(r"<[a-z][^>]*\son\w+\s*=", text), page
    for data in [*site.glob("recherche/**/*.json"), site / "feed.xml"]:
        text = data.read_text("utf-8")
        assert "<script" not in text and "<img" not in text and "<iframe" not in text


def test_contribute_page_template_is_a_valid_motion(repo: RepoBuilder) -> None:
    page = generate(load_repository(repo.root), SETTINGS)["contribuer.md"]
    assert isinstance(page, str)
    (template,) = re.findall(r"```yaml\n(.*?)```", page, flags=re.S)
    assert template.startswith("# yaml-language-server: $schema=../../schema/motion.schema.json\n")
    data = yaml.safe_load(template)
    # Its campaign is one of the repository's own: here, a fixture campaign takes its place.
    template = template.replace(f"campagne: {data['campagne']}\n", f"campagne: {CAMPAIGN}\n", 1)
    assert yaml.safe_load(template)["campagne"] == CAMPAIGN
    body = data["collectivite"]
    name = motion_filename(body["type"], body["code"], body["nom"], data["seance"]["date"])
    repo.write(f"motions/{CAMPAIGN}/{name}", template)
    result = repo.run("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_site_links_to_github_come_from_projet_yml(repo: RepoBuilder) -> None:
    settings = Settings(site_name="Motions", site_url=PROJECT["site"], repo_url=PROJECT["depot"],
                        project=load_repository(repo.root).project)
    found = []
    for path, content in generate(load_repository(repo.root), settings).items():
        text = content if isinstance(content, str) else content.decode("utf-8", "replace")
        found += [(path, url) for url in re.findall(r"https://github\.com/[^\s)\"'<]+", text)]
    assert found  # the contributing page links to the repository and its form
    depot = PROJECT["depot"]
    assert all(url == depot or url.startswith(depot + "/") for _, url in found), found
    # The hand-written pages name no repository: they are the same in every repository.
    for page in (ROOT / "docs").glob("*.md"):
        assert "github.com/" not in page.read_text("utf-8"), page


def test_the_contributing_page_names_the_cause_and_its_form(repo: RepoBuilder) -> None:
    project = load_repository(repo.root).project
    page = generate(load_repository(repo.root), Settings(
        site_name="Motions", site_url=PROJECT["site"], repo_url=PROJECT["depot"], project=project))
    text = page["contribuer.md"]
    assert isinstance(text, str)
    assert f"un vœu pour {PROJECT['cause']} ? Ajoutez-le" in text
    assert f"({PROJECT['depot']}/issues/new?template=signaler-motion.yml)" in text
    assert f"`motions/{max(CAMPAIGN, CAMPAIGN_2022)}/commune-62498-lens-2023-09-27.yml`" in text
    # Without the repository's address: the form is named, no address is made up.
    bare = generate(load_repository(repo.root), Settings(
        site_name="Motions", site_url=PROJECT["site"], project=project))["contribuer.md"]
    assert isinstance(bare, str)
    assert "https://" not in bare.split("### Le modèle")[0]
    assert "dans l'onglet *Issues* du dépôt GitHub de la campagne" in bare


def test_schemas_are_published_where_their_id_points(built: Path) -> None:
    site_url = PROJECT["site"]  # the test repository's projet.yml
    for kind in ("motion", "campaign"):
        published = built / "schema" / f"{kind}.schema.json"
        # The repository's schema names no site (« "$id": "motion.schema.json" »); the published
        # copy says where it lives, and differs in nothing else.
        source = (ROOT / "schema" / f"{kind}.schema.json").read_text("utf-8")
        assert json.loads(source)["$id"] == f"{kind}.schema.json"
        assert published.read_text("utf-8") == source.replace(
            f'"$id": "{kind}.schema.json"', f'"$id": "{site_url}schema/{kind}.schema.json"')
    assert 'href="../schema/motion.schema.json"' in \
        (built / "donnees/index.html").read_text("utf-8")


def test_a_long_letter_is_downloaded_not_shown(small_repo: RepoBuilder,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    files = generate(load_repository(small_repo.root), SETTINGS)
    letter = files[f"lettres/{CAMPAIGN}-{RECIPIENT}.md.txt"]
    monkeypatch.setattr(downloads, "EMBED_LETTER_BYTES", len(letter) - 1)
    page = str(generate(load_repository(small_repo.root), SETTINGS)["lettres.md"])
    heading = f"## {fixture_campaign(CAMPAIGN)['titre']}"  # the campaign's section
    assert "petition-lettre" not in page.split(heading)[1]
    assert (f"cette lettre nomme trop de collectivités pour être affichée sur cette page "
            f"({file_size(letter)}) ; lisez-la en PDF ou en Markdown.") in page
    assert "petition-lettre" in str(files["lettres.md"]).split(heading)[1]


# --- French on the pages -----------------------------------------------------------------------
def test_hours_are_written_the_french_way() -> None:
    assert motionview.clock("14:00") == "14\u00a0h"
    assert motionview.clock("09:05") == "9\u00a0h\u00a005"
    assert motionview.clock("18h30") == "18\u00a0h\u00a030"
    assert motionview.clock("vers midi") == "vers midi"


def test_a_session_without_instance_or_type_is_said_once(repo: RepoBuilder) -> None:
    data = motion_data(seance={"date": "2023-11-09", "heure": "14:00"})
    del data["instance"]
    repo.add(data)
    (motion,) = load_repository(repo.root).valid_motions()
    assert motionview._session(motion) == "Séance du 9\u00a0novembre 2023 à 14\u00a0h"


def test_french_spacing_touches_text_only() -> None:
    page = ('<p title="a : b">Objet : x ; y ! « z »</p><code>a : b</code>'
            '<script>if (a ? b : c) {}</script><p>&amp; 14:00 https://x.fr/a</p>')
    assert typography.french_html(page) == (
        '<p title="a : b">Objet\u202f: x\u202f; y\u202f! «\u00a0z\u00a0»</p><code>a : b</code>'
        '<script>if (a ? b : c) {}</script><p>&amp; 14:00 https://x.fr/a</p>')


def test_search_words_and_files() -> None:
    assert search.words("Saint-Étienne-du-Rouvray") == ["saint", "etienne", "du", "rouvray"]
    assert search.words("St-Omer") == ["saint", "omer"]
    assert search.words("Paris 13ème") == search.words("paris 13e") == ["paris", "13e"]
    assert search.words("Marseille 1er") == search.words("marseille 1re") == ["marseille", "1e"]
    assert search.key_words("Le Touquet-Paris-Plage") == {"touquet", "paris", "plage"}
    assert search.key_words("Saint-Omer") == {"omer"}  # « saint »: a query names the saint
    assert search.key_words("Y") == {"y"}
    assert search.key_words("La") == {"la"}


def test_a_crowded_beginning_is_cut_until_each_file_is_small() -> None:
    # 300 names beginning « sa », each a row of about 60 bytes: over a 2,000-byte limit, « sa »
    # is cut into « sab », « sac »…, and a word that is itself « sa » gets its own file.
    names = [f"sa{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{i}" for i in range(300)] + ["sa"]
    rows = [["commune", f"{i:05d}", name, "62", "32", "", "", [], ""]
            for i, name in enumerate(names)]
    filed = {name: [i] for i, name in enumerate(names)}
    files = search.split(filed, rows, search.shard_key, limit=2_000)
    assert "sa" not in files and "sa_" in files and "saa" in files
    assert all(len(gzip.compress(json.dumps(v).encode())) <= 2_000 for v in files.values())
    assert sorted(r[2] for v in files.values() for r in v) == sorted(names)  # each row once
    # Every word is found in the file recherche.js reads for it.
    for i, name in enumerate(names):
        assert rows[i] in files[search.file_of(name, files)]
    assert search.file_of("sa", files) == "sa_"
    assert search.file_of("zz", files) is None


def test_a_long_list_is_cut_by_departement(small_repo: RepoBuilder,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(campaigns, "STATIC_TABLE_LIMIT", 2)
    files = generate(load_repository(small_repo.root), SETTINGS)
    index = json.loads(files[f"campagnes/{CAMPAIGN}/collectivites.json"])
    assert (index["lignes"], index["total"]) == ([], 3)
    assert index["parties"] == [["Pas-de-Calais (62)", 3, "collectivites/62.json"]]
    part = json.loads(files[f"campagnes/{CAMPAIGN}/collectivites/62.json"])
    assert [row[0] for row in part["lignes"]] == ["CA de Lens - Liévin", "Lens", "Liévin"]
