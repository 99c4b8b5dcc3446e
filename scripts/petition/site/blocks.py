"""Pieces shared by the home page and the campaign pages: the figures and the map."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from petition.core.referential import CONTRACT_TYPES, TYPE_LABELS, TYPE_PLURALS, TYPES
from petition.site import francemap
from petition.site.context import Site
from petition.site.layout import REGIONS_GROUP, Entry


@dataclass
class MapBlock:
    svg: Markup
    legend: Markup
    attribution: Markup
    rows: list[dict[str, Any]]  # the départements with an adoption, for the table version
    without: int  # how many départements have none


def figure_items(figures: dict[str, Any], vintage: str = "") -> list[dict[str, Any]]:
    """The figures shown in the banner, with the key `petition stats --format json` gives them:
    the three headline figures first, then the bodies by type."""
    items = [("collectivites", figures["collectivites"], "collectivité", "collectivités"),
             ("population_couverte", figures["population_couverte"], "habitant couvert",
              "habitants couverts"),
             ("voix_pour", figures["voix_pour"], "voix pour", "voix pour")]
    items += [(t, figures["par_type"][t], TYPE_LABELS[t], TYPE_PLURALS[t]) for t in TYPES
              if t in CONTRACT_TYPES or figures["par_type"][t]]
    # French: 0 and 1 take the singular.
    shown = [{"key": key, "value": value,
              "label": singular if value is None or value < 2 else several, "note": ""}
             for key, value, singular, several in items]
    # Which census the population is; the places counted with another one are named in the note
    # under the figures (a list too long for a figure's box on a phone).
    main, _, others = vintage.partition(" ; ")
    shown[1]["note"] = main + (" ; quelques lieux d'un autre millésime : voir la note" if others
                               else "")
    # Votes for are summed over known counts only: unknown is said, never shown as 0.
    known, adopted = figures.get("voix_pour_connues", 0), figures["motions_adoptees"]
    if not known:  # `voix_pour` is null: no count to show
        shown[2].update(value=None, label="voix pour : non connues" if adopted else
                        "voix pour : aucune motion adoptée", note="aucun décompte des voix connu")
    elif known < adopted:
        shown[2]["note"] = f"décompte connu pour {known} motions adoptées sur {adopted}" \
            if known > 1 else f"décompte connu pour 1 motion adoptée sur {adopted}"
    return shown


def adoption_map(site: Site, entries: list[Entry], links: dict[str, str], label: str) -> MapBlock:
    """Départements coloured by their adopting bodies (communes, intercommunalités placed there,
    the département itself); those of a région that adopted a motion are hatched."""
    bodies: dict[str, set[str]] = defaultdict(set)
    regions: set[str] = set()
    for entry in entries:
        if not entry.motion.adopted:
            continue
        if entry.group == REGIONS_GROUP:
            if entry.body.type == "region":
                regions.add(entry.body.code)
        else:
            bodies[entry.group.upper()].add(entry.body.key)
    departements = site.ref.departements()
    counts = {code: len(keys) for code, keys in bodies.items()}
    covered = {code for code, (_, region) in departements.items() if region in regions}
    names = {code: name for code, (name, _) in departements.items()}
    rows = [{"code": code, "name": name, "region": site.ref.region_name(region),
             "count": counts.get(code, 0), "covered": code in covered}
            for code, (name, region) in departements.items() if counts.get(code) or code in covered]
    grades = francemap.classes(counts.values())
    return MapBlock(
        svg=francemap.svg(counts, covered, names, links, f"Carte des adoptions : {label}", grades),
        legend=francemap.legend(grades),
        attribution=francemap.attribution(),
        rows=rows,
        without=len(departements) - len(rows),
    )
