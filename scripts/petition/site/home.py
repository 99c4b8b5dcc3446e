"""The home page (figures, progress of each campaign, map, latest adoptions) and the list of
campaigns."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from petition.core.referential import TYPE_LABELS
from petition.figures.statsformat import vintage_note
from petition.intake.issueform import form_url
from petition.site import blocks, escape, followup, preview
from petition.site.context import Site
from petition.site.layout import REGIONS_GROUP, Entry, campaign_page, group_page, href, md_link
from petition.site.render import page
from petition.text import french

LATEST = 10
HUBS_DIR = "departements"
HOME = "index.md"
CAMPAIGNS = "campagnes/index.md"


SEARCH_PAGE = "recherche.md"
CONTRIBUTE = "contribuer.md"
# A campaign id for the examples when the repository has none yet.
EXAMPLE_CAMPAIGN = "ma-campagne-2026"


def pages(site: Site) -> dict[str, str | bytes]:
    return {HOME: _home(site), CAMPAIGNS: _campaigns(site), CONTRIBUTE: _contribute(site),
            **_hubs(site),
            preview.HOME_IMAGE: preview.picture(
                _address(site.settings.site_url), site.project.title, site.figures["total"],
                "ont adopté une motion"),
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


def _address(url: str) -> str:
    """« exemple.fr/motions » from « https://exemple.fr/motions/ »."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


def share_sentence(figures: dict[str, Any], what: str) -> str:
    """« 3 collectivités ont adopté la motion ; 1 234 habitants couverts. »"""
    count = int(figures.get("collectivites") or 0)
    text = french.plural(count, "collectivité") + (" a " if count < 2 else " ont ") + what
    population = figures.get("population_couverte")
    if isinstance(population, int) and population:
        text += " ; " + french.plural(population, "habitant couvert", "habitants couverts")
    return text + "."


def _home(site: Site) -> str:
    total = site.figures["total"]
    meta = {"title": "Accueil", "hide": ["toc"], "partage_titre": site.project.title,
            "partage_description": share_sentence(total, "adopté une motion")}
    vintage = vintage_note(total, site.ref)
    items = blocks.figure_items(total, vintage)
    return page("accueil.md.j2", meta, title=site.project.title, welcome=welcome(site),
                figure_items=items, total=total,
                vintage=vintage,
                campaigns=_campaign_items(site, HOME), latest=latest(site, HOME),
                followup=followup.latest(site, HOME),
                map=blocks.adoption_map(site, site.entries, map_links(site),
                                        "toutes les campagnes"),
                contribute=md_link(HOME, "contribuer.md"), data=md_link(HOME, "donnees.md"),
                subscribe=md_link(HOME, "abonnement.md"),
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


def _by_departement(site: Site) -> dict[str, dict[str, list[Entry]]]:
    """The motions of each département's page, by campaign (régions left out: not on the map)."""
    found: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for entry in site.entries:
        if entry.group != REGIONS_GROUP:
            found[entry.group][entry.motion.campaign].append(entry)
    return found


def hub_page(group: str) -> str:
    """A département's page across campaigns, where several have motions there."""
    return f"{HUBS_DIR}/{group}.md"


def map_links(site: Site) -> dict[str, str]:
    """Each département of the home map to its page: the campaign's list of its motions, or, where
    several campaigns have motions there, the page that leads to each."""
    links = {}
    for group, campaigns in _by_departement(site).items():
        target = group_page(next(iter(campaigns)), group) if len(campaigns) == 1 \
            else hub_page(group)
        links[group.upper()] = href(HOME, target, site.settings.directory_urls)
    return links


def _hubs(site: Site) -> dict[str, str | bytes]:
    from petition.site.campaigns import group_title

    files: dict[str, str | bytes] = {}
    for group, campaigns in _by_departement(site).items():
        if len(campaigns) < 2:
            continue
        this = hub_page(group)
        title = group_title(site, group)
        rows = [{"title": site.campaign_title(cid), "link": md_link(this, group_page(cid, group)),
                 "bodies": len({e.body.key for e in items if e.motion.adopted}),
                 "motions": len(items)} for cid, items in sorted(campaigns.items())]
        files[this] = page("departement-campagnes.md.j2",
                           {"title": title, "hide": ["toc"],
                            "description": f"{title} : les motions de chaque campagne."},
                           title=title, rows=rows)
    return files


def _campaigns(site: Site) -> str:
    return page("campagnes.md.j2", {"title": "Campagnes"},
                campaigns=_campaign_items(site, CAMPAIGNS), home=md_link(CAMPAIGNS, HOME, "pour-commencer"))
