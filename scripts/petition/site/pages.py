"""Every generated file of the site, from a loaded repository: a pure function of the motions and
the build settings, knowing nothing of MkDocs (its plugin only adds these files to the build).

Pages are Markdown text (`str`), rendered by MkDocs with the theme; everything else is `bytes`,
published as it is: each motion's own page (small HTML, `motionpage`), data, downloads (letters in
Markdown included), the feeds, the search index, the site's own scripts and style sheet.
"""

from __future__ import annotations

from importlib import resources

from petition.core.repository import Repository
from petition.site import campaigns, downloads, feed, followup, home, search, share, targetspage
from petition.site.context import Settings, Site

ASSETS_DIR = "assets/petition"
ASSETS = ("petition.css", "petition.js", "recherche.js")


def generate(repo: Repository, settings: Settings) -> dict[str, str | bytes]:
    """{path in the site's source tree: Markdown text or file content}, sorted by path."""
    site = Site(repo, settings)
    files: dict[str, str | bytes] = {}
    files.update(home.pages(site))
    for campaign in site.campaigns:
        files.update(campaigns.pages(site, campaign))
        files.update(followup.pages(site, campaign))
        files.update(share.pages(site, campaign))
        if campaign.id in site.targets:
            files.update(targetspage.pages(site, campaign, site.targets[campaign.id]))
    files.update(downloads.pages(site))
    files.update(feed.feeds(site))
    files.update(search.pages(site))
    folder = resources.files("petition.site").joinpath("assets")
    for name in ASSETS:
        files[f"{ASSETS_DIR}/{name}"] = folder.joinpath(name).read_bytes()
    return dict(sorted(files.items()))
