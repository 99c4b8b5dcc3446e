"""Where things live on the site.

Each motion has a page of its own, named by its file: `campagnes/ma-campagne/commune-62498-lens-
2023-09-27/`, an address that follows from the file alone and never moves. These pages are small
HTML files written by this package (`motionpage`), not MkDocs pages: with every commune of France,
35,000 copies of the theme's navigation would pass GitHub Pages' size limit (performance.md).

Each campaign also lists its motions by département (`campagnes/<campagne>/<dep>.md`, régions
together in `campagnes/<campagne>/regions.md`), cut into sheets of SHEET_ROWS motions
(`…/62-2.md`, `…/62-3.md`) so that a phone opens each at once even for the 890 communes of the
Pas-de-Calais. A row there keeps the motion's file name as its anchor; an older address
`…/62/#commune-62498-lens-2023-09-27` whose row is on another sheet is sent to the motion's own
page by the site's script (the anchor is the page's folder).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath

from petition.core.model import Motion
from petition.core.referential import Body, Referential, normalize_name
from petition.site.escape import anchor

REGIONS_GROUP = "regions"
CAMPAIGNS_DIR = "campagnes"
MOTION_PAGE = "index.html"
# Motions per sheet of a département's list (about a dozen DOM nodes each: the page stays under
# 3,000 with the theme's own).
SHEET_ROWS = 120


@dataclass(frozen=True)
class Entry:
    """A valid motion with its body as the referential knows it, and its place on the site."""

    motion: Motion
    body: Body
    group: str  # a département code in lower case, or REGIONS_GROUP
    sheet: int = 1  # the sheet of the group's list that holds it

    @property
    def page(self) -> str:
        """The motion's own page (a source path: `…/<file stem>/index.html`)."""
        return motion_page(self.motion.campaign, self.anchor)

    @property
    def group_page(self) -> str:
        """The sheet of the campaign's page for the motion's département (or the régions) that
        lists it."""
        return group_page(self.motion.campaign, self.group, self.sheet)

    @cached_property
    def anchor(self) -> str:
        return anchor(PurePosixPath(self.motion.path).stem)


def campaign_page(campaign_id: str) -> str:
    return f"{CAMPAIGNS_DIR}/{campaign_id}/index.md"


def group_page(campaign_id: str, group: str, sheet: int = 1) -> str:
    """A département's list (its first sheet, or sheet number `sheet`)."""
    return f"{CAMPAIGNS_DIR}/{campaign_id}/{group}{'' if sheet == 1 else f'-{sheet}'}.md"


def motion_page(campaign_id: str, stem: str) -> str:
    """A motion's page; `stem` is its file name without `.yml`, made safe by `escape.anchor`. The
    name always holds a letter and a hyphen, so it never collides with a département's page."""
    return f"{CAMPAIGNS_DIR}/{campaign_id}/{stem}/{MOTION_PAGE}"


def group_of(body: Body, ref: Referential) -> str:
    """The page a body's motions go to: its département; for an intercommunalité across several,
    the one holding most of its communes; régions on a page of their own."""
    if body.type == "region":
        return REGIONS_GROUP
    if body.departement:
        return body.departement.lower()
    counts = ref.departements_of(body)
    if not counts:
        return REGIONS_GROUP
    best = max(counts.values())
    return min(dep for dep, n in counts.items() if n == best).lower()


def entries(motions: list[Motion], ref: Referential) -> list[Entry]:
    """The motions the referential knows, sorted by campaign, page, body name, date, file, each
    with the sheet of its département's list."""
    found: list[tuple[Motion, Body, str]] = []
    groups: dict[str, str] = {}
    for motion in motions:
        body = ref.body(motion.body_type, motion.code, motion.date or None)
        if body is None:
            continue  # a valid motion always has a known body; never guess a place
        if body.key not in groups:
            groups[body.key] = group_of(body, ref)
        found.append((motion, body, groups[body.key]))
    found.sort(key=lambda e: (e[0].campaign, e[2], normalize_name(e[1].nom), e[0].date,
                              e[0].path))
    placed: list[Entry] = []
    rank: dict[tuple[str, str], int] = {}
    for motion, body, group in found:
        position = rank[(motion.campaign, group)] = rank.get((motion.campaign, group), -1) + 1
        placed.append(Entry(motion, body, group, position // SHEET_ROWS + 1))
    return placed


def url_of(src: str, directory_urls: bool) -> str:
    """The URL (relative to the site root) of a generated file or page. A motion's page is a
    folder's `index.html`: its URL is the folder, whatever `use_directory_urls` says."""
    if src.endswith("/" + MOTION_PAGE):
        return src[: -len(MOTION_PAGE)]
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if directory_urls:
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/"
    return stem + ".html"


def href(from_page: str, to_src: str, directory_urls: bool, fragment: str = "") -> str:
    """A relative link from the page `from_page` to `to_src`, for raw HTML and JSON data (MkDocs
    only rewrites the links of Markdown)."""
    here = url_of(from_page, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    target = url_of(to_src, directory_urls)
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if (not target or target.endswith("/")) and rel != ".":
        rel += "/"
    elif rel == ".":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


def md_link(from_page: str, to_src: str, fragment: str = "") -> str:
    """A Markdown link from one source file to another: MkDocs turns it into the right URL and
    checks that the target exists."""
    rel = posixpath.relpath(to_src, posixpath.dirname(from_page) or ".")
    return rel + (f"#{fragment}" if fragment else "")
