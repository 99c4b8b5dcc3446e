"""A campaign's pages: its own page (text, demands, recipients, figures, map, the adopting bodies),
one page per département listing its motions, each motion's own page, the data the campaign's
search box reads, and what other sites reuse (figures, badge, feed)."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from typing import Any

from petition.campaign.sendings import followups
from petition.core.model import NATURES, Campaign
from petition.core.offices import office_at
from petition.core.referential import TYPE_LABELS, normalize_name
from petition.core.repository import today_default
from petition.core.vintages import dated_name, population_known, vintage_of
from petition.figures.statsformat import vintage_note
from petition.site import blocks, escape, motionpage, preview
from petition.site.context import Site
from petition.site.followup import followup_page
from petition.site.followup import status as followup_status
from petition.site.home import share_sentence
from petition.site.layout import REGIONS_GROUP, Entry, campaign_page, group_page, href, md_link
from petition.site.render import page
from petition.site.targetspage import targets_page
from petition.text import french
from petition.text.french import period

# Above this many adopting bodies the campaign page lists départements only, and its search box
# loads a département's list only when the reader asks for it: a page a telephone opens at once
# (the plain table is a dozen DOM nodes a row; the search box shows 50 rows at a time).
STATIC_TABLE_LIMIT = 100
FINDER_DATA = "collectivites.json"
FINDER_PARTS = "collectivites"

Files = dict[str, str | bytes]


def pages(site: Site, campaign: Campaign) -> Files:
    entries = site.by_campaign.get(campaign.id, [])
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.group].append(entry)
    index = campaign_page(campaign.id)
    bodies = adopters(entries)
    files: Files = {index: _campaign(site, campaign, entries, bodies, groups)}
    for group, items in groups.items():
        sheets: dict[int, list[Entry]] = defaultdict(list)
        for entry in items:
            sheets[entry.sheet].append(entry)
        for number in sheets:
            files[group_page(campaign.id, group, number)] = _group(site, campaign, group, items,
                                                                    sheets, number)
        title = group_title(site, group)
        for entry in items:
            files[entry.page] = motionpage.render(site, entry, title)
    files.update(finder_files(site, campaign, bodies))
    return files


def adopters(entries: list[Entry]) -> list[Entry]:
    """One entry per adopting body (its latest adopted motion), in alphabetical order."""
    latest: dict[str, Entry] = {}
    for entry in entries:
        if entry.motion.adopted:
            known = latest.get(entry.body.key)
            if known is None or entry.motion.date >= known.motion.date:
                latest[entry.body.key] = entry
    return sorted(latest.values(), key=lambda e: (normalize_name(e.body.nom), e.body.code))


def group_title(site: Site, group: str) -> str:
    if group == REGIONS_GROUP:
        return "Régions"
    code = group.upper()
    return f"{site.ref.departement_name(code)} ({code})"


def group_region(site: Site, group: str) -> str:
    """The name of the région of a département's page ("" for the page of the régions)."""
    region = site.ref.departements().get(group.upper(), ("", ""))[1]
    return site.ref.region_name(region) if region else ""


def _campaign(site: Site, campaign: Campaign, entries: list[Entry], bodies: list[Entry],
              groups: dict[str, list[Entry]]) -> str:
    index = campaign_page(campaign.id)
    rows = [_row(site, e, index) for e in bodies] if len(bodies) <= STATIC_TABLE_LIMIT else None
    # The départements by région (a list, not a table: a few DOM nodes each, the page stays light
    # with every département of France), the page of the régions' own motions last.
    by_region: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for group, items in sorted(groups.items(), key=lambda g: (g[0] == REGIONS_GROUP, g[0])):
        by_region[group_region(site, group) if group != REGIONS_GROUP else ""].append({
            "title": group_title(site, group), "link": md_link(index, group_page(
                campaign.id, group)),
            "bodies": len({e.body.key for e in items if e.motion.adopted}), "motions": len(items),
            "rejected": sum(not e.motion.adopted for e in items)})
    deps = [{"region": region, "deps": by_region[region]} for region in sorted(
        by_region, key=lambda r: (r == "", normalize_name(r)))]
    links = {g.upper(): href(index, group_page(campaign.id, g), site.settings.directory_urls)
             for g in groups if g != REGIONS_GROUP}
    figures = site.campaign_figures(campaign.id)
    meta = {"title": campaign.title, "description": share_sentence(figures, "adopté la motion"),
            "partage_image": preview.campaign_image(campaign.id)}
    return page("campagne.md.j2", meta, c=campaign, figures=figures,
                recipients=recipients_view(campaign, site.settings.today or today_default()),
                figure_items=blocks.figure_items(figures, vintage_note(figures, site.ref)),
                vintage=vintage_note(figures, site.ref),
                rows=rows, groups=deps,
                count=len(bodies),
                map=blocks.adoption_map(site, entries, links, campaign.title),
                finder_src=FINDER_DATA, rejected=sum(not e.motion.adopted for e in entries),
                letters=md_link(index, "lettres.md", campaign.id),
                followup=md_link(index, followup_page(campaign.id)),
                targets=site.targets.get(campaign.id),
                targets_link=md_link(index, targets_page(campaign.id)),
                followup_status=followup_status(followups(site.repo, campaign.id)),
                contribute=md_link(index, "contribuer.md"),
                contribute_url=href(index, "contribuer.md", site.settings.directory_urls))


def recipients_view(campaign: Campaign, today: dt.date) -> list[dict[str, Any]]:
    """Each recipient as readers see it: to whom a letter dated today goes, and the dated titles
    the function has borne."""
    views = []
    for data in campaign.recipients:
        if not isinstance(data, dict):
            continue
        office = office_at(data, today)
        titles = []
        for title in data.get("titres") or []:
            if not isinstance(title, dict) or not isinstance(title.get("titre"), str):
                continue
            when = period(title.get("du"), title.get("au"))
            if title.get("termine") is True:
                when += ", puis changé à une date non enregistrée"
            holder = title.get("titulaire")
            titles.append({"title": title["titre"], "when": when,
                           "holder": holder if isinstance(holder, str) else ""})
        views.append({"today": office.title if office else "", "neutral": bool(office and
                      office.neutral), "holder": office.holder if office else "",
                      "titles": titles})
    return views


def _row(site: Site, entry: Entry, from_page: str) -> dict[str, Any]:
    body = entry.body
    return {"name": body.nom, "type": TYPE_LABELS.get(body.type, body.type),
            "departement": site.ref.departement_name(body.departement) if body.departement
            else "", "region": site.ref.region_name(body.region) if body.region else "",
            "date": entry.motion.date, "link": md_link(from_page, entry.page)}


def _group(site: Site, campaign: Campaign, group: str, items: list[Entry],
           sheets: dict[int, list[Entry]], number: int) -> str:
    """One sheet of a département's list: its motions, the figures of the whole département, and
    the way to the other sheets, each named by the first and last names it lists."""
    this = group_page(campaign.id, group, number)
    rows = [{"name": e.body.nom, "anchor": e.anchor, "link": md_link(this, e.page),
             "type": TYPE_LABELS.get(e.body.type, ""), "date": e.motion.date,
             "nature": NATURES.get(e.motion.nature, e.motion.nature),
             "result": e.motion.result} for e in sheets[number]]
    title = group_title(site, group)
    adopted = len({e.body.key for e in items if e.motion.adopted})
    where = f"{title}, page {number} sur {len(sheets)}" if len(sheets) > 1 else title
    meta = {"title": f"{where} · {campaign.title}", "hide": ["toc"],
            "partage_image": preview.campaign_image(campaign.id),
            "description": f"{title} : "
                           f"{french.plural(adopted, 'collectivité a adopté', 'collectivités ont adopté')}"
                           f" la motion « {campaign.title} », chacune avec sa source."}
    pages_ = [{"number": n, "first": sheet[0].body.nom, "last": sheet[-1].body.nom,
               "link": md_link(this, group_page(campaign.id, group, n))}
              for n, sheet in sorted(sheets.items())] if len(sheets) > 1 else []
    return page("departement.md.j2", meta, title=title, c=campaign,
                campaign_link=md_link(this, campaign_page(campaign.id)),
                campaign_href=href(this, campaign_page(campaign.id), site.settings.directory_urls),
                region=group_region(site, group), rows=rows, total=len(items),
                adopted=adopted, number=number, sheets=pages_,
                rejected=sum(not e.motion.adopted for e in items))


def finder_files(site: Site, campaign: Campaign, bodies: list[Entry]) -> Files:
    """The search box's data: one file with every adopting body; above STATIC_TABLE_LIMIT, one
    file per département (`collectivites/<dep>.json`) and an index of them, so a reader downloads
    only the département they choose (the whole list of France would be ~1 MB gzipped)."""
    folder = posixpath.dirname(campaign_page(campaign.id))
    if len(bodies) <= STATIC_TABLE_LIMIT:
        return {f"{folder}/{FINDER_DATA}": escape.json_bytes(finder_data(site, campaign, bodies))}
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in bodies:
        groups[entry.group].append(entry)
    files: Files = {}
    parts = []
    for group in sorted(groups, key=lambda g: (g == REGIONS_GROUP, g)):
        name = f"{FINDER_PARTS}/{group}.json"
        files[f"{folder}/{name}"] = escape.json_bytes(finder_data(site, campaign, groups[group]))
        parts.append([group_title(site, group), len(groups[group]), name])
    index = {**finder_data(site, campaign, []), "parties": parts, "total": len(bodies)}
    files[f"{folder}/{FINDER_DATA}"] = escape.json_bytes(index)
    return files


def finder_data(site: Site, campaign: Campaign, bodies: list[Entry]) -> dict[str, Any]:
    """The adopting bodies (`adopters`) for the search box, links relative to the page."""
    index = campaign_page(campaign.id)
    lines = []
    for e in bodies:
        body = e.body
        territory = site.ref.territory(body)
        lines.append([dated_name(site.ref, body), body.type, body.code, body.departement or "",
                      body.region or "", e.motion.date, e.motion.nature,
                      site.ref.population(territory) if population_known(site.ref, territory)
                      else None,
                      href(index, e.page, site.settings.directory_urls),
                      vintage_of(site.ref, territory)])
    departements = site.ref.departements()
    return {
        "campagne": campaign.id,
        "colonnes": ["nom", "type", "code", "departement", "region", "date", "nature",
                     "population", "lien", "population_millesime"],
        "population_millesime": site.ref.history.current_vintage,
        "lignes": lines,
        "types": TYPE_LABELS,
        "natures": NATURES,
        "departements": {code: [name, region] for code, (name, region) in departements.items()},
        "regions": {code: site.ref.region_name(code)
                    for code in sorted({r for _, r in departements.values() if r})},
    }
