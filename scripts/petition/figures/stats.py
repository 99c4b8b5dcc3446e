"""Figures of a campaign and of the whole repository (the keys of `petition stats --format json`).

Only adopted motions count, except in `motions`. A body is counted once however many motions it
adopted; population couverte is the population of the union of the bodies' territories (nobody
counted twice), population cumulée the sum of each body's own population.

A body's territory is the one it had on its session's date (the Rhône without the Métropole de
Lyon from 2015, Paris Centre from 2020…), as places: communes, and for Paris, Lyon and Marseille
their arrondissements, so that an arrondissement's vœu counts its own population and adds
nothing inside a covered city (docs/methode.md).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable
from typing import Any

from petition.core.model import Campaign, Motion
from petition.core.referential import TYPES, Body, Referential, referential

# Each motion's body as it was on its session date, by (type, code, date): the campaigns' figures
# and the total look up the same motions.
BodyMemo = dict[tuple[str, str, str], Body | None]
_UNSEEN = Body("", "", "")


def figures(motions: Iterable[Motion], ref: Referential | None = None,
            memo: BodyMemo | None = None) -> dict[str, Any]:
    """The figures of a set of motion records (contract keys first, then extra keys)."""
    shared = referential()  # the one the cache's lookups were made with
    ref = ref or shared
    memo = {} if memo is None else memo
    records = list(motions)
    bodies: dict[tuple[str, str, str], Body] = {}  # by Body.key's parts
    known_dates: dict[tuple[str, str, str], str] = {}
    votes_for = known_votes = 0
    by_month: Counter[str] = Counter()
    dates: list[str] = []
    for motion in records:
        # campaign, type, code, name, date, adopted, votes for… (model.motion_facts): read once
        facts = motion.facts
        if not facts[5]:
            continue
        date = facts[4]
        cached = motion.session_body  # the cache's lookup, when it made it
        if cached is not None and ref is shared:
            body = Body(*cached) if cached else None
        else:
            key = (facts[1], facts[2], date)
            body = memo.get(key, _UNSEEN)
            if body is _UNSEEN:
                body = memo[key] = ref.body(facts[1], facts[2], date or None)
        if body is None:
            continue
        # A body whose territory changed (the Rhône in 2015) counts once, with its latest one.
        identity = (body.type, body.code, body.until)
        known = known_dates.get(identity)
        if known is None or known < date:
            bodies[identity], known_dates[identity] = body, date
        if facts[6] is not None:  # unknown is not 0: only known counts are summed
            votes_for += facts[6]
            known_votes += 1
        by_month[date[:7]] += 1
        dates.append(date)
    covered: set[str] = set()
    cumulated = 0
    territory, population = ref.territory, ref.population
    for body in bodies.values():
        places = territory(body)
        covered.update(places)
        cumulated += population(places)
    # The population of the union, and the places it counts with another census vintage than
    # the referential's (a commune of the past, Mayotte, a collectivité d'outre-mer).
    current = ref.history.current_vintage
    vintage = ref.history.vintage
    covered_population = 0
    others: list[str] = []
    for place, count in ref.counted(covered):
        covered_population += count
        if vintage(place) != current:
            others.append(place)
    by_type = Counter(b.type for b in bodies.values())
    communes_by_dep = Counter(b.departement for b in bodies.values()
                              if b.type == "commune" and b.departement)
    by_region = Counter(b.region for b in bodies.values() if b.region)
    return {
        "motions": len(records),
        "collectivites": len(bodies),
        "par_type": {t: by_type.get(t, 0) for t in TYPES},
        "population_couverte": covered_population,
        "population_cumulee": cumulated,
        "population_millesime": current,
        # Unknown is not 0: null when no adopted motion gives its count (contract.md).
        "voix_pour": votes_for if known_votes else None,
        "communes_par_departement": dict(sorted(communes_by_dep.items())),
        "motions_adoptees": len(dates),
        "voix_pour_connues": known_votes,
        "collectivites_par_region": dict(sorted(by_region.items())),
        "adoptions_par_mois": dict(sorted(by_month.items())),
        "premiere_seance": min(dates) if dates else None,
        "derniere_seance": max(dates) if dates else None,
        "populations_autres_millesimes": [place_record(ref, p) for p in sorted(others)],
    }


def place_record(ref: Referential, place: str) -> dict[str, Any]:
    """A place counted with a population of its own vintage: the commune of the past (or of
    Mayotte, of a collectivité d'outre-mer), its population and that population's census year."""
    period = ref.history.former(place)
    if period is not None:
        return {"code": period.code, "nom": period.nom, "aujourdhui": ref.history.today(place),
                "population": period.population, "millesime": period.vintage}
    body = ref.body("commune", place) or ref.body("arrondissement", place)
    return {"code": place, "nom": body.nom if body else place, "aujourdhui": None,
            "population": ref.population((place,)), "millesime": ref.history.vintage(place)}


# What campaign_figures adds to `figures`.
_CAMPAIGN_KEYS = frozenset({"id", "titre", "objectif", "progression_pourcent"})


def campaign_figures(campaign: Campaign, motions: Iterable[Motion],
                     ref: Referential | None = None, memo: BodyMemo | None = None) -> dict[str, Any]:
    numbers = figures((m for m in motions if m.campaign == campaign.id), ref, memo)
    goal = campaign.goal
    progress = round(100 * numbers["collectivites"] / goal, 1) if goal else None
    return {"id": campaign.id, **numbers, "titre": campaign.title, "objectif": goal,
            "progression_pourcent": progress}


def all_figures(campaigns: dict[str, Campaign], motions: list[Motion],
                only: str | None = None, ref: Referential | None = None) -> dict[str, Any]:
    """{"campagnes": [...], "total": {...}}; with `only`, that campaign alone (total = it)."""
    ref = ref or referential()
    chosen = [campaigns[only]] if only else [campaigns[k] for k in sorted(campaigns)]
    ids = {c.id for c in chosen}
    memo: BodyMemo = {}
    each = [campaign_figures(c, motions, ref, memo) for c in chosen]
    if len(chosen) == 1:  # the total counts the same motions: the same figures (a copy)
        total = copy.deepcopy({k: v for k, v in each[0].items() if k not in _CAMPAIGN_KEYS})
    else:
        total = figures((m for m in motions if m.campaign in ids), ref, memo)
    return {"campagnes": each, "total": total}
