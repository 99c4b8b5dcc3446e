"""The site's whole source as files (`petition pages`): from a loaded repository, every page as
Markdown, the data files, the assets, the theme's few replacements and the `mkdocs.yml` that
renders them, with no plugin of ours. MkDocs (Material), ProperDocs and Zensical all build it.

    mkdocs.yml    the repository's own settings (`project`), with the navigation listing every
                  campaign, the département pages kept out of it, the site's style sheet and scripts
    docs/         every page (generated, and the hand-written ones of the repository's docs/), the
                  data, feeds, letters, documents, the search's index and page list, the assets
    overrides/    the theme's templates this site replaces (`theme.custom_dir`)

What the renderer's plugin hooks once did is written into the files: French spacing is in the text
itself, the search's page list is computed here from the headings, motion pages are small HTML
files, and each hand-written page names its own edit address in its front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from petition.core.repository import Repository
from petition.site import pagelist
from petition.site.context import Settings
from petition.site.layout import CAMPAIGNS_DIR, MOTION_PAGE, url_of
from petition.site.pages import ASSETS_DIR, generate
from petition.site.project import ProjectConfig
from petition.site.search import PAGES
from petition.site.typography import french_markdown

DOCS = "docs"
OVERRIDES = "overrides"
CONFIG = "mkdocs.yml"
CAMPAIGNS_INDEX = f"{CAMPAIGNS_DIR}/index.md"
# The navigation when the repository's mkdocs.yml gives none; the campaigns' pages are listed
# after CAMPAIGNS_INDEX.
NAV = [{"Accueil": "index.md"}, {"Campagnes": CAMPAIGNS_INDEX}, {"Lettres": "lettres.md"},
       {"Données": "donnees.md"}, {"Méthode": "methode.md"}, {"Contribuer": "contribuer.md"},
       {"Rechercher": "recherche.md"}]
# A campaign's other pages (départements, régions, suivi, cibles) stay out of the navigation: it
# is copied into every page (performance.md).
NOT_IN_NAV = f"/{CAMPAIGNS_DIR}/*/*.md\n!/{CAMPAIGNS_DIR}/*/index.md\n/abonnement.md\n/departements/*.md\n"
_CAMPAIGN_PAGE = re.compile(rf"^{CAMPAIGNS_DIR}/[a-z0-9][a-z0-9-]*/index\.md$")
# The theme's compiled style sheets, which the motion pages (HTML written here) link to.
_THEME_CSS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
# The theme's files no page of this site uses: its search (the site has its own) and the source
# maps of its scripts and style sheets. Each is shadowed by an empty file of docs/ that the
# config excludes (`exclude_docs`): MkDocs then copies neither (no plugin needed).
_UNUSED_THEME = ("assets/javascripts/lunr/**/*", "assets/javascripts/workers/*", "assets/**/*.map")
SITEMAP = "sitemap.xml"
SITEMAP_DIR = "sitemaps"
SITEMAP_URLS = 50_000  # the protocol's limit per file
EXTRA_CSS = (f"{ASSETS_DIR}/petition.css",)
# recherche.js first: petition.js uses its text helpers.
EXTRA_JAVASCRIPT = (f"{ASSETS_DIR}/recherche.js", f"{ASSETS_DIR}/petition.js")

Files = dict[str, bytes]


class SourceError(ValueError):
    """The site cannot be written as asked (a hand-written page where a generated one goes)."""


def theme_folder() -> Path | None:
    """The installed Material theme's templates, whose style sheets the motion pages reuse."""
    try:
        return Path(str(resources.files("material").joinpath("templates")))
    except ModuleNotFoundError:
        return None


def theme_stylesheets(folder: Path | None) -> list[str]:
    """The theme's compiled style sheets (their names carry a hash), relative to the site."""
    found: list[str] = []
    if folder is None:
        return found
    for pattern in _THEME_CSS:
        matches = sorted(folder.glob(pattern))
        if matches:
            found.append(matches[0].relative_to(folder).as_posix())
    return found


def unused_theme_files(folder: Path | None) -> list[str]:
    """The theme's static files no page uses, relative to the site."""
    if folder is None:
        return []
    return sorted({p.relative_to(folder).as_posix() for pattern in _UNUSED_THEME
                   for p in folder.glob(pattern) if p.is_file()})


def settings_of(project: ProjectConfig, today: dt.date, theme: Path | None) -> Settings:
    return Settings(site_name=project.site_name, site_url=project.site_url,
                    edit_base=project.edit_base, directory_urls=project.directory_urls,
                    today=today, repo_url=project.repo_url, copyright=project.copyright,
                    stylesheets=(*theme_stylesheets(theme), *EXTRA_CSS), project=project.project)


def site_source(repo: Repository, project: ProjectConfig, today: dt.date) -> Files:
    """{path relative to the written folder: bytes}, sorted by path."""
    project.check_site()
    theme = theme_folder()
    generated = generate(repo, settings_of(project, today, theme))
    docs: dict[str, str | bytes] = {}
    for path, content in generated.items():
        docs[path] = french_markdown(content) if isinstance(content, str) else content
    docs.update(_hand_written(repo.root, project, set(generated)))
    # The motion pages link to the theme's style sheets: given with them, whatever theme renders
    # the other pages (MkDocs gives the theme's own file, the same bytes, the same address).
    for css in theme_stylesheets(theme):
        if theme is not None:
            docs.setdefault(css, (theme / css).read_bytes())
    campaigns = sorted(p for p in docs if _CAMPAIGN_PAGE.match(p))
    nav = navigation(project.rendering.get("nav") or NAV, campaigns)
    docs[PAGES] = _page_list(docs, nav, project.directory_urls)
    maps = sitemaps(docs, project.site_url, project.directory_urls)
    index = maps.pop(SITEMAP)
    docs.update(maps)
    unused = unused_theme_files(theme)
    for path in unused:
        docs.setdefault(path, b"")
    files: Files = {f"{DOCS}/{path}": content.encode("utf-8") if isinstance(content, str)
                    else content for path, content in docs.items()}
    files.update(overrides())
    # The sitemap's index replaces the theme's sitemap template (each generator renders that
    # template into sitemap.xml), as text: nothing in it is read as a template.
    files[f"{OVERRIDES}/{SITEMAP}"] = b"{% raw %}" + index + b"{% endraw %}"
    files[CONFIG] = config_text(project, nav, unused).encode("utf-8")
    return dict(sorted(files.items()))


def sitemaps(docs: dict[str, str | bytes], site_url: str, directory_urls: bool) -> dict[str, bytes]:
    """The sitemap of every page a reader may land on: the Markdown pages (those out of the
    navigation too) and each motion's own page, which no generator knows of. `sitemap.xml` is an
    index of the files that list them (`sitemaps/pages.xml`, `sitemaps/motions-1.xml`…, at most
    the protocol's 50,000 addresses each): the theme's script reads `sitemap.xml` on every page
    (for its language links), so it stays a few hundred bytes whatever the number of motions.
    The index is published as the theme's `sitemap.xml` template (see `site_source`)."""
    from xml.sax.saxutils import escape as xml_escape

    pages = sorted(url_of(path, directory_urls) for path in docs
                   if path.endswith(".md") and path != "404.md")
    motions = sorted(url_of(path, directory_urls) for path, content in docs.items()
                     if path.endswith("/" + MOTION_PAGE) and path.startswith(CAMPAIGNS_DIR + "/")
                     and isinstance(content, bytes))
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    space = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'

    def urlset(chunk: list[str]) -> bytes:
        lines = "".join(f"<url><loc>{xml_escape(site_url + u)}</loc></url>\n" for u in chunk)
        return f"{head}<urlset {space}>\n{lines}</urlset>\n".encode()

    files = {f"{SITEMAP_DIR}/pages.xml": urlset(pages)}
    for number, start in enumerate(range(0, len(motions), SITEMAP_URLS), 1):
        files[f"{SITEMAP_DIR}/motions-{number}.xml"] = urlset(motions[start:start + SITEMAP_URLS])
    entries = "".join(f"<sitemap><loc>{xml_escape(site_url + path)}</loc></sitemap>\n"
                      for path in files)
    files[SITEMAP] = f"{head}<sitemapindex {space}>\n{entries}</sitemapindex>\n".encode()
    return files


def _hand_written(root: Path, project: ProjectConfig, generated: set[str]) -> dict[str, str | bytes]:
    """The repository's own pages (docs/), French spacing added and their edit address in their
    front matter (`modifier`); its other files as they are."""
    folder = root / project.docs_dir
    found: dict[str, str | bytes] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        rel = path.relative_to(folder).as_posix()
        if rel in generated:
            raise SourceError(f"{project.docs_dir}/{rel} : cette page est produite à partir des "
                              f"motions ; supprimez ce fichier de {project.docs_dir}/")
        if path.suffix != ".md":
            found[rel] = path.read_bytes()
            continue
        text = path.read_text("utf-8")
        edit = project.edit_url(f"{project.docs_dir}/{rel}")
        found[rel] = french_markdown(_with_meta(text, {"modifier": edit} if edit else {}))
    return found


def _with_meta(text: str, extra: dict[str, Any]) -> str:
    """A page with `extra` added to its front matter (created if it has none)."""
    if not extra:
        return text
    meta: dict[str, Any] = {}
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            loaded = yaml.safe_load(text[4:end])
            meta = loaded if isinstance(loaded, dict) else {}
            text = text[end + 5:]
    front = yaml.safe_dump({**meta, **extra}, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{text.lstrip(chr(10))}"


def navigation(nav: Any, campaign_pages: list[str]) -> Any:
    """The site's navigation (the repository's): `campagnes/index.md` turned into a section, that
    page then each campaign's."""
    if isinstance(nav, list):
        return [navigation(item, campaign_pages) for item in nav]
    if isinstance(nav, dict):
        return {title: ([CAMPAIGNS_INDEX, *campaign_pages] if value == CAMPAIGNS_INDEX
                        else navigation(value, campaign_pages)) for title, value in nav.items()}
    return nav


def _nav_pages(nav: Any, title: str | None = None) -> dict[str, str | None]:
    """Every page of the navigation: its title there (None for a page listed without one)."""
    found: dict[str, str | None] = {}
    if isinstance(nav, list):
        for item in nav:
            found.update(_nav_pages(item))
    elif isinstance(nav, dict):
        for key, value in nav.items():
            found.update(_nav_pages(value, key if isinstance(value, str) else None))
    elif isinstance(nav, str) and nav.endswith(".md"):
        found[nav] = title
    return found


def _page_list(docs: dict[str, str | bytes], nav: Any,
               directory_urls: bool) -> bytes:
    from petition.site.escape import json_bytes

    entries = []
    for src, title in _nav_pages(nav).items():
        text = docs.get(src)
        if isinstance(text, str):
            entries.append(pagelist.page_entry(src, text, title, directory_urls))
    return json_bytes(sorted(entries, key=lambda p: p[1]))


def overrides() -> Files:
    """The theme's templates this site replaces (the `theme/` folder of this package)."""
    folder = resources.files("petition.site").joinpath("theme")
    found: Files = {}

    def walk(node: Any, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".html"):
                found[f"{OVERRIDES}/{prefix}{child.name}"] = child.read_bytes()

    walk(folder, "")
    return found


def config_data(project: ProjectConfig, nav: Any, unused: Sequence[str] = ()) -> dict[str, Any]:
    """The written mkdocs.yml, as data: the repository's rendering settings, and what this folder
    holds."""
    rendering = dict(project.rendering)
    theme = dict(rendering.get("theme") or {})
    theme["custom_dir"] = OVERRIDES
    theme.setdefault("variant", "classic")  # Zensical: Material's look (MkDocs ignores it)
    # What names the cause comes from projet.yml (`project`), the rest from mkdocs.yml.
    named = {"site_name": project.site_name, "site_description": project.description,
             "site_url": project.site_url, "repo_url": project.repo_url,
             "repo_name": project.repo_name}
    config: dict[str, Any] = {key: value for key, value in named.items() if value}
    config.update({key: rendering[key] for key in ("copyright", "use_directory_urls")
                   if key in rendering})
    config.update(docs_dir=DOCS, edit_uri="", theme=theme, plugins=[],
                  markdown_extensions=rendering.get("markdown_extensions") or [],
                  extra_css=list(EXTRA_CSS), extra_javascript=list(EXTRA_JAVASCRIPT),
                  nav=nav, not_in_nav=NOT_IN_NAV)
    if unused:
        config["exclude_docs"] = "".join(f"/{path}\n" for path in unused)
    for key in ("validation", "extra"):
        if key in rendering:
            config[key] = rendering[key]
    return config


def config_text(project: ProjectConfig, nav: Any, unused: Sequence[str] = ()) -> str:
    header = ("# Written by `petition pages` from the repository's mkdocs.yml and motions: do not edit\n"
              "# (the next run rewrites it). Build with `mkdocs build`, `properdocs build` or\n"
              "# `zensical build` in this folder; no plugin is needed.\n")
    return header + yaml.safe_dump(config_data(project, nav, unused), allow_unicode=True,
                                   sort_keys=False, width=100)
