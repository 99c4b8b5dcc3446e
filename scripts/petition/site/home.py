"""The home page (figures, progress of each campaign, map, latest adoptions) and the list of
campaigns."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from petition.core.referential import TYPE_LABELS
from petition.figures.statsformat import vintage_note
from petition.intake.issueform import form_url
from petition.site import blocks, escape, followup
from petition.site.context import Site
from petition.site.layout import campaign_page, href, md_link
from petition.site.render import page

LATEST = 10
HOME = "index.md"
CAMPAIGNS = "campagnes/index.md"


SEARCH_PAGE = "recherche.md"
CONTRIBUTE = "contribuer.md"
# A campaign id for the examples when the repository has none yet.
EXAMPLE_CAMPAIGN = "ma-campagne-2026"


def pages(site: Site) -> dict[str, str | bytes]:
    return {HOME: _home(site), CAMPAIGNS: _campaigns(site), CONTRIBUTE: _contribute(site),
            SEARCH_PAGE: page("recherche.md.j2", {"title": "Rechercher", "hide": ["toc"]},
                              contribute=md_link(SEARCH_PAGE, "contribuer.md"),
                              campaigns=_campaign_items(site, SEARCH_PAGE))}


def _campaign_items(site: Site, from_page: str) -> list[dict[str, Any]]:
    return [{"title": c.title, "link": md_link(from_page, campaign_page(c.id)),
             "resume": c.data.get("resume"), "fig": site.campaign_figures(c.id)}
            for c in site.campaigns]


def latest(site: Site, from_page: str, count: int = LATEST) -> list[dict[str, Any]]:
    """The adoptions most recently published on the site (not the latest sessions: a motion
    reported late is news too)."""
    adopted = [e for e in site.published if e.motion.adopted]
    return [{"date": e.motion.date, "name": e.body.nom, "link": md_link(from_page, e.page),
             "type": TYPE_LABELS.get(e.body.type, e.body.type),
             "place": site.ref.departement_name(e.body.departement) if e.body.departement
             else (site.ref.region_name(e.body.region) if e.body.region else ""),
             "campaign": site.campaign_title(e.motion.campaign)}
            for e in adopted[:count]]


def _home(site: Site) -> str:
    total = site.figures["total"]
    meta = {"title": "Accueil", "hide": ["toc"]}
    vintage = vintage_note(total, site.ref)
    items = blocks.figure_items(total, vintage)
    return page("accueil.md.j2", meta, title=site.project.title, welcome=welcome(site),
                figure_items=items, total=total,
                vintage=vintage,
                campaigns=_campaign_items(site, HOME), latest=latest(site, HOME),
                followup=followup.latest(site, HOME),
                map=blocks.adoption_map(site, site.entries, {}, "toutes les campagnes"),
                contribute=md_link(HOME, "contribuer.md"), data=md_link(HOME, "donnees.md"),
                contribute_url=href(HOME, "contribuer.md", site.settings.directory_urls),
                method=md_link(HOME, "donnees.md", "methodologie"))


def welcome(site: Site) -> list[Markup]:
    """The home page's opening paragraphs: projet.yml's presentation, else its description, else
    what the site gathers (each paragraph escaped as Markdown text)."""
    project = site.project
    text = project.presentation or project.description or (
        "Ce site rassemble les motions et les vœux adoptés par les conseils des collectivités "
        f"(communes, intercommunalités, départements, régions) pour {project.for_cause}, chacun "
        "avec sa source.")
    parts = re.split(r"\n\s*\n", text.strip())
    return [escape.text(" ".join(part.split())) for part in parts if part.strip()]


def _contribute(site: Site) -> str:
    """How to add a motion: the issue form of the repository (projet.yml's « depot »), or a pull
    request, with the most recent campaign as the example."""
    project = site.project
    repo_url = site.settings.repo_url.rstrip("/")
    example = max(site.repo.campaigns) if site.repo.campaigns else EXAMPLE_CAMPAIGN
    objet = f"Motion pour {project.cause}" if project.cause else f"Motion : {project.name}"
    return page("contribuer.md.j2", {"title": "Contribuer"}, for_cause=project.for_cause,
                form_url=form_url(repo_url) if repo_url else "", repo_url=repo_url,
                example=escape.trusted(example),  # an id: [a-z0-9-], nothing to escape
                objet=escape.trusted(json.dumps(objet, ensure_ascii=False)),  # in a code block
                method=md_link(CONTRIBUTE, "methode.md"),
                schema=md_link(CONTRIBUTE, "schema/motion.schema.json"))


def _campaigns(site: Site) -> str:
    return page("campagnes.md.j2", {"title": "Campagnes"},
                campaigns=_campaign_items(site, CAMPAIGNS), home=md_link(CAMPAIGNS, HOME, "pour-commencer"))
