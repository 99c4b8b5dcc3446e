"""A motion's own page: a small HTML file written here rather than by MkDocs.

MkDocs would copy its theme's navigation into each page (~23 KB each, and minutes of work at the
ceiling of 35,000 motions, performance.md). These pages reuse the theme's style sheets and the
site's search, at a few kilobytes each. Contributor text is escaped by Jinja's HTML autoescape:
templates get it as data and never evaluate it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from urllib.parse import urlencode

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from petition.core.model import NATURES
from petition.site import escape
from petition.site.context import Site
from petition.site.layout import Entry, campaign_page, href, url_of
from petition.site.motionview import MotionView, view
from petition.site.preview import campaign_image
from petition.site.typography import french_html, spacing
from petition.text.french import date_long

SEARCH_SCRIPT = "assets/petition/recherche.js"


@dataclass(frozen=True)
class PageInfo:
    title: str  # « Liévin : motion adoptée le 16 octobre 2023 »
    description: str
    url: str  # absolute
    state: str  # adoptee | rejetee
    campaign: str
    campaign_url: str
    group: str
    group_url: str
    report_url: str | None
    edit_url: str | None
    image: str  # absolute: the campaign's picture for shared links


def _paragraphs(value: object) -> list[list[str]]:
    """A multi-line text as paragraphs of lines (blank lines separate paragraphs)."""
    blocks = re.split(r"\n\s*\n", str(value).replace("\r\n", "\n").strip())
    return [[line.strip() for line in block.split("\n") if line.strip()] for block in blocks
            if block.strip()]


@cache
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([PackageLoader("petition.site", "templates"),
                             PackageLoader("petition.site", "theme")]),
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(paragraphs=_paragraphs, url=_safe_url)
    return env


def _safe_url(value: object) -> str:
    """An http(s) address for an attribute (autoescape then escapes its `&`), or ""."""
    safe = escape.url(value) if value else None
    return safe.replace("&amp;", "&") if safe else ""


def report_url(repo_url: str, title: str, page_url: str, path: str) -> str:
    """A new GitHub issue, its title and body filled in, to report a mistake on a motion."""
    body = f"{page_url}\n{path}\n\nCe qui est inexact, et le document qui le montre :\n"
    return f"{repo_url.rstrip('/')}/issues/new?" + urlencode({"title": f"Erreur : {title}",
                                                              "body": body})


def info(site: Site, entry: Entry, view_: MotionView, group_title: str) -> PageInfo:
    m = entry.motion
    directory_urls = site.settings.directory_urls
    page = entry.page
    nature = NATURES.get(m.nature, m.nature).lower()
    title = f"{entry.body.nom} : {nature} {m.result} le {date_long(m.date)}"
    campaign = site.campaign_title(m.campaign)
    # The preview says who voted what; the motion's own wording stays in the page.
    description = f"{view_.body}. {view_.result}."
    url = site.absolute(url_of(page, directory_urls))
    return PageInfo(
        # Attributes too (the previews of shared links) carry French spacing.
        title=spacing(title), description=spacing(description.strip()), url=url,
        state="adoptee" if m.adopted else "rejetee",
        campaign=spacing(campaign),
        campaign_url=href(page, campaign_page(m.campaign), directory_urls),
        group=group_title,
        group_url=href(page, entry.group_page, directory_urls, entry.anchor),
        report_url=(report_url(site.settings.repo_url, title, url, m.path)
                    if site.settings.repo_url else None),
        edit_url=view_.edit_url,
        image=site.absolute(campaign_image(m.campaign)))


def render(site: Site, entry: Entry, group_title: str) -> bytes:
    view_ = view(site, entry)
    root = "../" * (PurePosixPath(entry.page).parent.as_posix().count("/") + 1)
    text = environment().get_template("motion.html.j2").render(
        m=view_, p=info(site, entry, view_, group_title), root=root, base_url=root.rstrip("/"),
        site_name=site.settings.site_name, copyright=site.settings.copyright,
        stylesheets=site.settings.stylesheets, script=SEARCH_SCRIPT)
    return french_html(text).encode("utf-8")
