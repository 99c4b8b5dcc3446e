"""The site's pages for the search (`recherche/pages.json`), computed from the written Markdown: each
page in the navigation with its title, its address and its sections (the first two levels of its
table of contents), as MkDocs's `toc` extension names and numbers them.

Only the headings are rendered (one Markdown conversion of a page's heading lines), so the list
costs little even when a page is long, and it is the same whatever renders the site.
"""

from __future__ import annotations

import html
import re
from typing import Any

import markdown  # type: ignore[import-untyped]
import yaml

from petition.site.layout import url_of
from petition.site.typography import fenced

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.safe_load(match.group(1))
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def headings(text: str) -> list[str]:
    """The ATX heading lines of a Markdown page, fenced code left out."""
    return [line for line, code in fenced(text.split("\n")) if not code and line.startswith("#")]


def sections(text: str) -> list[tuple[str, str]]:
    """(title, id) of the page's headings of the first two levels of its table of contents."""
    converter = markdown.Markdown(extensions=["toc", "attr_list"])
    converter.convert("\n\n".join(headings(text)))
    found = []
    for top in converter.toc_tokens:
        for item in [top, *top["children"]]:
            found.append((html.unescape(item["name"]), item["id"]))
    return found


def page_entry(src: str, text: str, nav_title: str | None, directory_urls: bool) -> list[str]:
    """[title, url, section title, section url, …]: one page of `recherche/pages.json`."""
    meta, body = _front_matter(text)
    found = sections(body)
    title = nav_title or meta.get("title") or (found[0][0] if found else "")
    url = url_of(src, directory_urls)
    return [html.unescape(str(title)), url, *[x for name, anchor in found
                                              for x in (name, f"{url}#{anchor}")]]
