"""A campaign's target page (`campagnes/<id>/cibles.md`): how many targeted councils adopted, how
much of their population is covered, a map of the départements shaded by the share of their
targets that adopted, the same figures as a table with each département's kit (one zip per
département), and the councils still to convince with a link to the pre-filled report form and to
their kit document. Up to LIST_ROWS councils to convince are listed on the page itself; past that,
each département has its own list (`cibles-62.md`, cut into sheets of LIST_ROWS: `cibles-62-2.md`),
which the map and the table link to: every page stays light on a phone, even with every council
of France as a target.

Only what the data says: a commune-level map would need boundaries this site does not ship, so
the map works by département and says so; a council covered by another's motion is shown as
covered, never as having adopted.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from petition.campaign.designation import named
from petition.campaign.kit import KitDocument, build_kit, normalised_zip, refusal
from petition.campaign.targets import ADOPTED, PENDING, REJECTED, STATUS_LABELS, Progress, TargetState
from petition.core.model import Campaign
from petition.core.referential import TYPE_LABELS, normalize_name
from petition.intake.issueform import form_url
from petition.site import escape, francemap, preview
from petition.site.context import Site
from petition.site.layout import CAMPAIGNS_DIR, campaign_page, href, md_link
from petition.site.render import page
from petition.site.typography import spacing
from petition.text.french import plural

Files = dict[str, str | bytes]
# (lowest share adopted, in %, legend label): the classes of the map, reusing its colours.
SHARES = ((0, "aucune n'a adopté"), (1, "moins d'un quart"), (25, "d'un quart à la moitié"),
          (50, "de la moitié aux trois quarts"), (75, "trois quarts ou plus"), (100, "toutes"))
REGIONS_ZIP = "regions"
# Councils to convince listed on one page (the target page, or one sheet of a département's list):
# a row is about twenty DOM nodes, the page stays under 3,000.
LIST_ROWS = 100


def targets_page(campaign_id: str) -> str:
    return f"{CAMPAIGNS_DIR}/{campaign_id}/cibles.md"


def list_page(campaign_id: str, group: str, sheet: int = 1) -> str:
    """A département's councils to convince (`group`: a département's code in lower case, or
    REGIONS_ZIP), sheet number `sheet`."""
    return f"{CAMPAIGNS_DIR}/{campaign_id}/cibles-{group.lower()}{'' if sheet == 1 else f'-{sheet}'}.md"


def kit_dir(campaign_id: str) -> str:
    return f"{CAMPAIGNS_DIR}/{campaign_id}/kit"


def share_class(adopted: int, total: int) -> int:
    """The map class of a département where `adopted` of its `total` targets adopted."""
    if adopted == 0:
        return 0
    if adopted == total:
        return len(SHARES) - 1
    share = 100 * adopted / total
    return max(i for i, (lowest, _) in enumerate(SHARES[:-1]) if share >= lowest)


@dataclass
class DepartementRow:
    code: str
    name: str
    total: int = 0
    adopted: int = 0
    rejected: int = 0
    pending: int = 0


def zip_groups(state: TargetState) -> tuple[str, ...]:
    """The département zips a council's document goes in: each département its territory
    touches; a région's (and an overseas collectivity's) in the zip of the régions."""
    if state.body.type in ("region", "com") or not state.departements:
        return (REGIONS_ZIP,)
    return state.departements


def _map(site: Site, rows: dict[str, DepartementRow], label: str,
         links: dict[str, str] | None = None) -> Markup:
    data = francemap.map_data()
    names = {code: name for code, (name, _) in site.ref.departements().items()}
    shapes = []

    def shape(code: str, drawing: str) -> str:
        row = rows.get(code)
        name = names.get(code, code)
        if row is None:
            css, tip = "petition-hors", spacing(f"{name} ({code}) : aucune collectivité ciblée")
        else:
            css = f"petition-n{share_class(row.adopted, row.total)}"
            tip = spacing(f"{name} ({code}) : {row.adopted} sur "
                          f"{plural(row.total, 'collectivité ciblée', 'collectivités ciblées')} "
                          f"{'a' if row.adopted < 2 else 'ont'} adopté le texte")
        group = (f'<g class="{css}" data-departement="{html.escape(code)}"><title>'
                 f"{html.escape(tip)}</title>{drawing}</g>")
        link = (links or {}).get(code)
        return f'<a href="{html.escape(link)}" aria-label="{html.escape(tip)}">{group}</a>' \
            if link else group

    for code, path in data.paths.items():
        shapes.append(shape(code, f'<path d="{path}"/>'))
    for index, (code, name) in enumerate(francemap.OVERSEAS):
        x, y = 12, 300 + index * 38
        shapes.append(shape(code, f'<rect x="{x}" y="{y}" width="24" height="24" rx="3"/>'
                                  f'<text x="{x + 29}" y="{y + 16}">{html.escape(name)}</text>'))
    role = "group" if links else "img"  # links in an image would be unreachable (axe)
    return escape.trusted(f'<svg class="petition-carte-svg" viewBox="{data.view_box}" role="{role}" '
                          f'aria-label="{html.escape(spacing(label))}" xmlns="http://www.w3.org/2000/svg">'
                          + "".join(shapes) + "</svg>")


def _legend() -> Markup:
    items = "".join(f'<li><span class="petition-pastille petition-n{i}"></span>'
                    f"{html.escape(text)}</li>" for i, (_, text) in enumerate(SHARES))
    items += '<li><span class="petition-pastille petition-hors"></span>pas de cible</li>'
    return escape.trusted(f'<ul class="petition-legende">{items}</ul>')


def _coverage(site: Site, state: TargetState) -> str:
    if not state.coverage:
        return ""
    names = [named(b, site.ref) for b in state.covered_by]
    shown = ", ".join(names[:3]) + (f" et {len(names) - 3} autre(s)" if len(names) > 3 else "")
    return ("couverte par " if state.coverage == "totale" else "en partie couverte par ") + shown


def pages(site: Site, campaign: Campaign, progress: Progress) -> Files:
    """The target page, each document of the kit, and one zip per département."""
    this = targets_page(campaign.id)
    repo_url = site.settings.repo_url

    def report(state: TargetState) -> str | None:
        body = state.body
        return form_url(repo_url, type=body.type, code=body.code, nom=body.nom,
                        campagne=campaign.id) if repo_url else None

    documents: dict[str, KitDocument] = {d.body_key: d for d in build_kit(
        campaign, progress.states, site.ref, report, site.settings.today)}
    files: Files = {}
    grouped: dict[str, list[KitDocument]] = defaultdict(list)
    for state in progress.states:
        doc = documents.get(state.body.key)
        if doc is None:
            continue
        files[f"{kit_dir(campaign.id)}/{doc.name}"] = doc.content
        for group in zip_groups(state):
            grouped[group].append(doc)
    names = {code: name for code, (name, _) in site.ref.departements().items()}
    zips: dict[str, str] = {}
    for group in sorted(grouped, key=lambda g: (g == REGIONS_ZIP, g)):
        docs = sorted(grouped[group], key=lambda d: d.name)
        path = f"{kit_dir(campaign.id)}/kit-{campaign.id}-{group.lower()}.zip"
        files[path] = normalised_zip((d.name, d.content) for d in docs)
        zips[group] = path

    rows: dict[str, DepartementRow] = {}
    others = DepartementRow(REGIONS_ZIP, "Régions et collectivités d'outre-mer")
    for state in progress.states:
        if state.body.type in ("region", "com"):
            # A région would colour all its départements with one vote: a row of its own.
            counted = [others]
        else:
            counted = [rows.setdefault(code, DepartementRow(code, names.get(code, code)))
                       for code in state.departements]
        for row in counted:
            row.total += 1
            row.adopted += state.status == ADOPTED
            row.rejected += state.status == REJECTED
            row.pending += state.status == PENDING
    waiting = [s for s in progress.states if s.status != ADOPTED]
    by_group: dict[str, list[TargetState]] = defaultdict(list)
    for state in waiting:
        for group in zip_groups(state):
            by_group[group].append(state)
    split = len(waiting) > LIST_ROWS
    listed = None
    lists: dict[str, str] = {}
    if split:
        for group, states in by_group.items():
            lists[group] = list_page(campaign.id, group)
            files.update(_lists(site, campaign, group, states, documents, report,
                                f"{names.get(group, group)} ({group})" if group != REGIONS_ZIP
                                else others.name))
    else:
        listed = [_listed(site, this, campaign, s, documents, report(s)) for s in waiting]
    # The départements by région (a list: a few DOM nodes each), the régions' own targets last.
    regions = site.ref.departements()
    by_region: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in [*(rows[k] for k in sorted(rows)), *([others] if others.total else [])]:
        region = site.ref.region_name(regions[row.code][1]) if row.code in regions else ""
        by_region[region].append({
            "name": f"{row.name} ({row.code})" if row.code != REGIONS_ZIP else row.name,
            "row": row, "list": md_link(this, lists[row.code]) if row.code in lists else None,
            "zip": md_link(this, zips[row.code]) if row.code in zips else None,
            "kit": len(grouped.get(row.code, []))})
    table = [{"region": region, "deps": by_region[region]} for region in sorted(
        by_region, key=lambda r: (r == "", normalize_name(r)))]
    figures = progress.figures()
    population, covered = figures["population"], figures["population_couverte"]
    directory_urls = site.settings.directory_urls
    files[this] = page(
        "cibles.md.j2", {"title": f"Collectivités ciblées · {campaign.title}",
                         "description": f"{figures['adoptees']} sur {figures['total']} "
                                        f"collectivités ciblées ont adopté la motion « "
                                        f"{campaign.title} » : la carte, les conseils à "
                                        "convaincre et leurs projets de motion.",
                         "partage_image": preview.campaign_image(campaign.id)},
        c=campaign, f=figures, percent_covered=(100 * covered / population) if population else None,
        percent_adopted=100 * figures["adoptees"] / figures["total"],
        covered_pending=sum(1 for s in progress.states if s.status == PENDING and s.coverage),
        map=_map(site, rows, f"Carte des collectivités ciblées : {campaign.title}",
                 {code: href(this, path, directory_urls) for code, path in lists.items()}),
        legend=_legend(), attribution=francemap.attribution(),
        table=table, listed=listed, split=split, waiting=len(waiting), no_kit=bool(refusal(campaign)),
        campaign_link=md_link(this, campaign_page(campaign.id)),
        vintage=site.ref.population_vintage,
        departements=sorted({s.departements[0] for s in waiting if s.departements}),
        departement_names=names)
    return files


def _lists(site: Site, campaign: Campaign, group: str, states: list[TargetState],
           documents: dict[str, KitDocument], report: Any, title: str) -> Files:
    """A département's councils to convince, in sheets of LIST_ROWS."""
    files: Files = {}
    states = sorted(states, key=lambda s: (normalize_name(s.body.nom), s.body.type, s.body.code))
    sheets = [states[i:i + LIST_ROWS] for i in range(0, len(states), LIST_ROWS)]
    for number, chunk in enumerate(sheets, 1):
        this = list_page(campaign.id, group, number)
        pages_ = [{"number": n, "first": sheet[0].body.nom, "last": sheet[-1].body.nom,
                   "link": md_link(this, list_page(campaign.id, group, n))}
                  for n, sheet in enumerate(sheets, 1)] if len(sheets) > 1 else []
        where = f"{title}, page {number} sur {len(sheets)}" if len(sheets) > 1 else title
        files[this] = page(
            "cibles-liste.md.j2", {"title": f"Conseils à convaincre : {where} · {campaign.title}",
                                   "hide": ["toc"],
                                   "partage_image": preview.campaign_image(campaign.id)},
            c=campaign, title=title, total=len(states), number=number, sheets=pages_,
            no_kit=bool(refusal(campaign)),
            listed=[_listed(site, this, campaign, s, documents, report(s)) for s in chunk],
            targets_link=md_link(this, targets_page(campaign.id)),
            campaign_link=md_link(this, campaign_page(campaign.id)))
    return files


def _listed(site: Site, this: str, campaign: Campaign, state: TargetState,
            documents: dict[str, KitDocument], report_url: str | None) -> dict[str, Any]:
    body = state.body
    doc = documents.get(body.key)
    names = [site.ref.departement_name(d) for d in state.departements[:2]]
    return {"name": body.nom, "type": TYPE_LABELS.get(body.type, body.type), "code": body.code,
            "departement": state.departements[0] if state.departements else "",
            "departements": ", ".join(names) + (" …" if len(state.departements) > 2 else ""),
            "status": STATUS_LABELS[state.status], "coverage": _coverage(site, state),
            "report": escape.trusted(escape.url(report_url) or "") if report_url else None,
            "codes": " ".join(state.departements),
            "kit": href(this, f"{kit_dir(campaign.id)}/{doc.name}", site.settings.directory_urls)
            if doc else None}
