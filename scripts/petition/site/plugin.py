"""The MkDocs plugin `petition`: adds the pages generated from motions/ to the build.

A thin adapter: it loads the repository, calls `pages.generate` and hands each file to MkDocs as a
generated file, so `mkdocs build` alone builds the whole site and nothing generated is committed.
It also lists the campaign pages under the nav entry `campagnes/index.md`, keeps the département
pages out of the navigation (the navigation is copied into every page), puts the templates of
`theme/` before the theme's own (the site's search in the header, a French footer, preview tags, no
request to GitHub's API), gives every page French spacing, lists the site's pages for the search,
and makes `mkdocs serve` rebuild when a motion changes.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from jinja2 import ChoiceLoader, Environment, PackageLoader
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from petition.core.repository import MOTIONS_DIR, RepositoryError, load_repository, today_default
from petition.site import escape
from petition.site.context import Settings
from petition.site.layout import CAMPAIGNS_DIR
from petition.site.pages import ASSETS_DIR, generate
from petition.site.search import PAGES
from petition.site.typography import french_html

log = logging.getLogger("mkdocs.plugins.petition")
CAMPAIGNS_INDEX = f"{CAMPAIGNS_DIR}/index.md"
_CAMPAIGN_PAGE = re.compile(rf"^{CAMPAIGNS_DIR}/[^/]+/index\.md$")
_GROUP_PAGE = re.compile(rf"^{CAMPAIGNS_DIR}/[^/]+/(?!index\.md$)[^/]+\.md$")
# The theme's compiled style sheets, which the motion pages (written outside the theme) link to.
_THEME_CSS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")


class _Download(File):
    """A file published as it is: never rendered as a page, whatever its name."""

    def is_documentation_page(self) -> bool:
        return False


class PetitionConfig(base.Config):  # type: ignore[no-untyped-call]
    repo = opt.Type(str, default=".")  # the motions repository, relative to mkdocs.yml


class PetitionPlugin(BasePlugin[PetitionConfig]):  # type: ignore[no-untyped-call]
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path).parent / self.config.repo).resolve()
        if not config.site_url:
            raise PluginError("petition : indiquez « site_url » dans mkdocs.yml (le flux Atom a "
                              "besoin d'adresses complètes)")
        config.extra_css.append(f"{ASSETS_DIR}/petition.css")
        # recherche.js first: petition.js uses its text helpers.
        config.extra_javascript.append(f"{ASSETS_DIR}/recherche.js")
        config.extra_javascript.append(f"{ASSETS_DIR}/petition.js")
        self.pages: list[list[str]] = []
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        try:
            repo = load_repository(self.root)
        except RepositoryError as exc:
            raise PluginError(f"petition : {exc}") from None
        bad = sorted({p.path for p in repo.errors})
        if bad:
            log.warning("%d fichier(s) de motion en erreur laissé(s) hors du site (premier : %s) : "
                        "lancez « petition validate »", len(bad), bad[0])
        generated = generate(repo, self.settings(config))
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"petition : docs/{path} est produit à partir des motions ; "
                                  "supprimez ce fichier de docs/")
            if isinstance(content, bytes):  # a download, even when named *.md (a letter)
                files.append(_Download.generated(config, path, content=content))
                continue
            inclusion = (InclusionLevel.NOT_IN_NAV if _GROUP_PAGE.match(path)
                         else InclusionLevel.UNDEFINED)
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        campaigns = [path for path in generated if _CAMPAIGN_PAGE.match(path)]
        if config.nav is not None:
            config.nav = expand_nav(config.nav, campaigns)
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """The theme's templates, with this package's few replacements first (theme/)."""
        theme = [env.loader] if env.loader is not None else []
        env.loader = ChoiceLoader([PackageLoader("petition.site", "theme"), *theme])
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """French spacing on the whole page, and the page recorded for the search: its title and
        its sections."""
        if page.file.inclusion.is_in_nav() or page.file.src_uri == "recherche.md":  # type: ignore[no-untyped-call]
            sections = [[html.unescape(str(item.title)), f"{page.url}{item.url}"]
                        for top in page.toc for item in [top, *top.children]]
            self.pages.append([html.unescape(str(page.title or "")), page.url,
                               *[x for section in sections for x in section]])
        return french_html(output)

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str:
        """The theme's own pages (404) get French spacing too."""
        return french_html(output_content)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The site's pages for the search (known only once MkDocs has read every page)."""
        path = Path(config.site_dir) / PAGES
        path.parent.mkdir(parents=True, exist_ok=True)
        pages = sorted(self.pages, key=lambda p: p[1])
        path.write_bytes(escape.json_bytes(pages))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.root / MOTIONS_DIR))
        return server

    def settings(self, config: MkDocsConfig) -> Settings:
        edit_base = None
        if config.repo_url and config.edit_uri:
            docs_edit = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri)
            rel = os.path.relpath(self.root, config.docs_dir).replace(os.sep, "/")
            edit_base = urljoin(docs_edit.rstrip("/") + "/", rel + "/")
        site_url = str(config.site_url)
        return Settings(site_name=config.site_name, site_url=site_url.rstrip("/") + "/",
                        edit_base=edit_base, directory_urls=config.use_directory_urls,
                        today=today_default(), repo_url=config.repo_url or "",
                        copyright=config.copyright or "",
                        stylesheets=(*theme_stylesheets(config.theme.dirs),
                                     f"{ASSETS_DIR}/petition.css"))


def theme_stylesheets(dirs: list[str]) -> list[str]:
    """The theme's compiled style sheets (their names carry a hash), relative to the site."""
    found = []
    for pattern in _THEME_CSS:
        for folder in dirs:
            matches = sorted(Path(folder).glob(pattern))
            if matches:
                found.append(matches[0].relative_to(folder).as_posix())
                break
    return found


def expand_nav(nav: Any, campaign_pages: list[str]) -> Any:
    """The nav with `campagnes/index.md` turned into a section: that page, then each campaign."""
    if isinstance(nav, list):
        return [expand_nav(item, campaign_pages) for item in nav]
    if isinstance(nav, dict):
        return {title: ([CAMPAIGNS_INDEX, *campaign_pages] if value == CAMPAIGNS_INDEX
                        else expand_nav(value, campaign_pages)) for title, value in nav.items()}
    return nav
