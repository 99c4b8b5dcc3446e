"""What every page generator needs: the loaded repository, the settings of the build, the place of
each motion and the figures, computed once per build."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from petition.campaign.figures import campaign_stats
from petition.campaign.targets import Progress, progress
from petition.core.model import Campaign, Motion
from petition.core.projectfile import Project
from petition.core.referential import Referential, referential
from petition.core.repository import Repository, today_default
from petition.site import publication
from petition.site.layout import Entry, entries
from petition.site.publication import Publications


@dataclass(frozen=True)
class Settings:
    """Settings of the build, from mkdocs.yml (the one place the repository URL is written)."""

    site_name: str
    site_url: str  # absolute, ends with "/": the feed needs absolute addresses
    edit_base: str | None = None  # repository paths are appended to it: ".../edit/main/"
    directory_urls: bool = True
    today: dt.date | None = None
    repo_url: str = ""  # the repository on GitHub: issues and pre-filled forms
    copyright: str = ""  # the footer's line
    stylesheets: tuple[str, ...] = ()  # relative to the site's root: the theme's, then ours
    project: Project | None = None  # projet.yml: the cause, as the home page and the feed name it


@dataclass
class Site:
    repo: Repository
    settings: Settings
    ref: Referential = field(default_factory=referential)

    @cached_property
    def campaigns(self) -> list[Campaign]:
        return [self.repo.campaigns[k] for k in sorted(self.repo.campaigns)]

    @cached_property
    def motions(self) -> list[Motion]:
        """The valid motions: files with errors are left out, as in `petition stats`."""
        return self.repo.valid_motions()

    @cached_property
    def entries(self) -> list[Entry]:
        """Every valid motion, placed."""
        return entries(self.motions, self.ref)

    @cached_property
    def publications(self) -> Publications:
        return publication.read(self.repo.root)

    def published_at(self, entry: Entry) -> str:
        return self.publications.of(entry.motion)

    @cached_property
    def published(self) -> list[Entry]:
        """Every motion, the latest published first (the feeds, the home page)."""
        return sorted(self.entries, key=lambda e: (self.published_at(e), e.motion.date,
                                                   e.motion.path), reverse=True)

    @cached_property
    def by_campaign(self) -> dict[str, list[Entry]]:
        grouped: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            grouped[entry.motion.campaign].append(entry)
        return grouped

    @cached_property
    def figures(self) -> dict[str, Any]:
        """Exactly what `petition stats --format json` prints."""
        return campaign_stats(self.repo, self.settings.today or today_default(), ref=self.ref)

    @cached_property
    def targets(self) -> dict[str, Progress]:
        """Each campaign's declared targets and their states (campaigns without any left out)."""
        return {cid: progress(listed, self.motions, self.ref)
                for cid, listed in sorted(self.repo.targets.items())
                if listed.targets and cid in self.repo.campaigns}

    @cached_property
    def project(self) -> Project:
        """The cause: projet.yml's settings, or the site's name alone when a build is given none."""
        return self.settings.project or Project(self.settings.site_name,
                                                title_set=self.settings.site_name)

    def campaign_figures(self, campaign_id: str) -> dict[str, Any]:
        return next(c for c in self.figures["campagnes"] if c["id"] == campaign_id)

    def campaign_title(self, campaign_id: str) -> str:
        campaign = self.repo.campaigns.get(campaign_id)
        return campaign.title if campaign else campaign_id

    def edit_url(self, path: str) -> str | None:
        base = self.settings.edit_base
        return base + path if base else None

    def absolute(self, url: str) -> str:
        return self.settings.site_url + url
