"""How the councils of the past and the census vintages of populations are said, in French and in
machine outputs: « Huby-Saint-Leu, aujourd'hui Hesdin-la-Forêt », « millésime 2022 », a
population not published (never 0). The places and their vintages come from the referential and
its history."""

from __future__ import annotations

from collections.abc import Iterable

from petition.core.referential import Body, Referential


def dated_name(ref: Referential, body: Body) -> str:
    """How a council of the past is shown: « Huby-Saint-Leu, aujourd'hui Hesdin-la-Forêt » (a
    commune before its merger), « CA du Calaisis (n'existe plus) »; others: their name."""
    if body.type == "epci" and body.until:
        return f"{body.nom} (n'existe plus)"
    today = ref.body("commune", body.today) if body.today else None
    if today is None:
        return body.nom
    return f"{body.nom}, aujourd'hui {today.nom}" if today.nom != body.nom else \
        f"{body.nom} (avant sa fusion)"


def population_known(ref: Referential, places: Iterable[str]) -> bool:
    """Whether every commune of the past among the places has a published population (one that
    merged before the oldest release has none here)."""
    history = ref.history
    return all((period := history.former(place)) is not None and period.population is not None
               for place in places if "@" in place)


def vintages(ref: Referential, places: Iterable[str]) -> list[int | None]:
    """The census years of the populations of a set of places (None: not given)."""
    found = {ref.history.vintage(place) for place in places}
    return sorted(found, key=lambda y: (y is None, y or 0))


def vintage_of(ref: Referential, places: Iterable[str]) -> int | list[int | None] | None:
    """The census year of a territory's population, for machine outputs: one year, or the years
    when its places have several (None: not given by the source)."""
    years = vintages(ref, places)
    return years[0] if len(years) == 1 else years or None


def vintage_text(ref: Referential, places: Iterable[str]) -> str:
    """Which population a set of places counts: the referential's, or the last one published
    for a commune of the past (« millésime 2022 »), or several."""
    places = tuple(places)
    years = vintages(ref, places)
    if years == [ref.history.current_vintage] or not years:
        return ref.population_vintage
    known = [str(y) for y in years if y is not None]
    overseas = "population légale d'une collectivité d'outre-mer, année de recensement non " \
        "précisée par la source"
    if not known:
        return overseas
    text = "population municipale INSEE, " + (
        f"millésime {known[0]}" if len(known) == 1 else
        f"millésimes {', '.join(known[:-1])} et {known[-1]}")
    if any("@" in place for place in places):
        text += ", la dernière publiée pour une commune qui a fusionné depuis"
    return text + (f" ; {overseas}" if None in years else "")
