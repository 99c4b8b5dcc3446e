"""The history of communes and intercommunalités: which council sat on a date.

Loaded once from the compact package data derived by `tools/build_history.py` from successive
releases of @etalab/decoupage-administratif (each one year's Code officiel géographique on
1 January, the DGCL's list of EPCI on 1 January, INSEE's populations of one census vintage), with
INSEE's history of communes (exact dates) before 2019.

The rule (docs/methode.md): on a date, the state is the one of the latest release in force, so a
change between two releases counts from the first release that shows it (1 January of its year;
exact dates before 2019). Where a date falls in a year no release describes (2020) or before the
first release that lists a body, the answer is still given, with what is uncertain about it.
This module knows no names of today's bodies (the referential does): it answers with codes and
with the communes of the past as periods.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

SITTING, GONE, NOT_YET = "sitting", "gone", "not-yet"
# Codes of the collectivités d'outre-mer: their populations come from their own censuses, whose
# years the package does not give.
COM_PREFIXES = ("975", "977", "978", "984", "986", "987", "988", "989")
MAYOTTE = "976"


@dataclass(frozen=True)
class Period:
    """A commune with its own council, or an EPCI, between two bounds: an exact ISO date, a year
    (« 2025 »: the first release showing the change, on 1 January), or None (open)."""

    code: str
    nom: str
    start: str | None
    end: str | None
    successor: str | None = None  # the commune whose council sits after `end`
    population: int | None = None  # its own last published population (a former commune)
    vintage: int | None = None  # that population's census year
    siren: str | None = None
    other_names: tuple[str, ...] = ()

    @property
    def current(self) -> bool:
        return self.end is None

    @property
    def place(self) -> str:
        """Its place in a territory: the code itself for today's commune, « code@end » for a
        commune of the past (its own population, a part of today's commune)."""
        return self.code if self.end is None else f"{self.code}@{self.end}"


# What the releases leave uncertain about a date: a body absent from the list of `before` and in
# the one of `after` (NEW); gone by the first release, at an unknown date (BEFORE_FIRST); in the
# list of `before`, gone from the one of `after`, the date in a year no release describes
# (NO_RELEASE).
NEW, BEFORE_FIRST, NO_RELEASE = "new", "before-first", "no-release"


@dataclass(frozen=True)
class Doubt:
    kind: str
    before: int | None
    after: int


@dataclass(frozen=True)
class Verdict:
    """Whether a council sat on a date: `state` SITTING (the `period` that sat), GONE (the
    `period` that no longer did; `instead` is the code of the commune whose council sat then),
    NOT_YET (the first `period`, not yet begun). `doubt`: what the releases leave uncertain."""

    state: str
    period: Period
    instead: str | None = None
    doubt: Doubt | None = None


def bound_date(bound: str) -> str:
    """The first day a bound is known to hold: « 2025 » → « 2025-01-01 »."""
    return f"{bound}-01-01" if len(bound) == 4 else bound


class History:
    def __init__(self, raw: dict[str, Any]) -> None:
        versions: dict[str, dict[str, Any]] = raw["versions"]
        self.source: str = raw["source"]
        self.licence: str = raw["licence"]
        self.versions = versions
        self.cog_years = tuple(sorted({v["cog"] for v in versions.values()}))
        self.epci_years = tuple(sorted({v["epci"] for v in versions.values()}))
        newest = versions[raw["referentiel"]]
        self.current_vintage: int = newest["population"]
        self.mayotte_vintage: int | None = raw.get("mayotte")
        self.vintages = {v["cog"]: v["population"] for v in versions.values()}
        self._raw_communes: dict[str, list[list[Any]]] = raw["communes"]
        self._communes: dict[str, tuple[Period, ...]] = {}
        self._raw_epci: dict[str, list[Any]] = raw["epci"]
        self._members: dict[str, dict[str, list[str]]] = raw["epci_membres"]
        self._contained: dict[str, tuple[str, ...]] = {}
        self._sirens: dict[str, str] | None = None
        self._since: dict[str, str | None] = {}  # code -> when today's commune began ("": always)

    # --- communes --------------------------------------------------------------------------
    def periods(self, code: str) -> tuple[Period, ...]:
        """Every period of the code, oldest first; () when the code is today's commune and sat
        under it through the whole history (or is unknown)."""
        found = self._communes.get(code)
        if found is None:
            rows = self._raw_communes.get(code, [])
            found = tuple(_period(code, row) for row in rows)
            self._communes[code] = found
        return found

    def commune(self, code: str, date: str) -> Verdict | None:
        """Whose council sat for `code` on `date` (ISO); None when the history has nothing to say
        (today's commune, in place on that date, or a code it does not know)."""
        since = self._since.get(code, "?")
        if since == "?":  # first time: from when the code's council is today's, if it ever is
            since = self._since[code] = self._current_since(code)
        if since is not None and date >= since:
            return None  # the hot path: today's commune, already in place on that date
        periods = self.periods(code)
        if not periods:
            return None
        chosen: Verdict | None = None
        for period in periods:
            begun, start_doubt = self._begun(period.start, date, self.cog_years)
            if begun is False:
                continue
            ended, end_doubt = self._ended(period.end, date, self.cog_years)
            if ended:
                continue
            doubt = start_doubt or end_doubt
            verdict = Verdict(SITTING, period, doubt=doubt)
            if doubt is None:
                return verdict
            chosen = chosen or verdict
        if chosen is not None:
            return chosen
        past = [p for p in periods if p.end is not None and bound_date(p.end) <= date]
        if not past:
            return Verdict(NOT_YET, periods[0])
        gone = past[-1]
        return Verdict(GONE, gone, instead=self.deliberating(gone.successor, date))

    def commune_by_siren(self, siren: str) -> str | None:
        """The code of a commune of the past with that SIREN (its own, before a merger)."""
        if self._sirens is None:
            self._sirens = {row[6]: code for code, rows in self._raw_communes.items()
                            for row in rows if len(row) > 6 and row[6]}
        return self._sirens.get(siren)

    def _current_since(self, code: str) -> str | None:
        """The first day a code's council is today's commune's ("" for a code the history does
        not list: always); None when the code is no commune today."""
        rows = self._raw_communes.get(code)
        if not rows:
            return ""
        last = rows[-1]
        if len(last) > 2 and last[2] is not None:
            return None
        return bound_date(last[1]) if last[1] else ""

    def deliberating(self, code: str | None, date: str) -> str | None:
        """The commune whose council sat on `date` for the territory of `code` (following later
        mergers): its code."""
        seen: set[str] = set()
        while code is not None and code not in seen:
            seen.add(code)
            verdict = self.commune(code, date)
            if verdict is None or verdict.state != GONE:
                return code
            code = verdict.period.successor
        return code

    def former(self, place: str) -> Period | None:
        """The commune of the past a place « code@end » stands for."""
        code, _, end = place.partition("@")
        return next((p for p in self.periods(code) if p.end == end), None) if end else None

    def containers(self, place: str) -> tuple[str, ...]:
        """The places a former commune became part of, in turn, up to today's commune (its code
        last): counting any of them whole counts it too."""
        found = self._contained.get(place)
        if found is None:
            chain: list[str] = []
            period = self.former(place)
            while period is not None and period.end is not None and period.successor:
                verdict = self.commune(period.successor, bound_date(period.end))
                if verdict is None or verdict.state != SITTING:
                    chain.append(self.deliberating(period.successor, "9999-12-31") or
                                 period.successor)
                    break
                chain.append(verdict.period.place)
                period = verdict.period if not verdict.period.current else None
            found = self._contained[place] = tuple(chain)
        return found

    def today(self, place: str) -> str | None:
        """Today's commune a former commune's place belongs to (its code)."""
        chain = self.containers(place)
        return chain[-1].partition("@")[0] if chain else None

    def vintage(self, place: str) -> int | None:
        """The census year of a place's population: a former commune's own, else the
        referential's (Mayotte's 2017 census; a collectivité d'outre-mer's year is not given)."""
        if "@" in place:
            period = self.former(place)
            return period.vintage if period else None
        if place.startswith(MAYOTTE):
            return self.mayotte_vintage
        if place.startswith(COM_PREFIXES):
            return None
        return self.current_vintage

    # --- intercommunalités --------------------------------------------------------------------
    def epci(self, siren: str, date: str) -> Verdict | None:
        """Whether the EPCI sat on `date`; None when it is in every list (or unknown)."""
        row = self._raw_epci.get(siren)
        if row is None:
            return None
        period = Period(siren, row[0], row[1], row[2],
                        other_names=tuple(row[3]) if len(row) > 3 else ())
        begun, doubt = self._begun(period.start, date, self.epci_years)
        if begun is False:
            return Verdict(NOT_YET, period)
        ended, end_doubt = self._ended(period.end, date, self.epci_years)
        if ended:
            return Verdict(GONE, period)
        return Verdict(SITTING, period, doubt=doubt or end_doubt)

    def epci_names(self, siren: str) -> tuple[str, ...]:
        """The names an EPCI had in earlier lists."""
        row = self._raw_epci.get(siren)
        return tuple(row[3]) if row is not None and len(row) > 3 else ()

    def members_year(self, siren: str, date: str) -> int | None:
        """The list whose members the EPCI had on `date` when they differ from today's: that
        list's year; None when today's members are those of the date."""
        stored = self._members.get(siren)
        if not stored:
            return None
        in_force = self.list_in_force(date, self.epci_years)
        later = sorted(int(y) for y in stored if int(y) >= in_force)
        return later[0] if later else None

    def last_year(self, siren: str) -> int | None:
        """The last list whose members the history keeps for the EPCI (a gone EPCI: its last)."""
        stored = self._members.get(siren)
        return max(int(y) for y in stored) if stored else None

    def last_members(self, siren: str) -> tuple[str, ...]:
        """The members an EPCI gone since had in its last list."""
        year = self.last_year(siren)
        return self.members(siren, year) if year else ()

    def members(self, siren: str, year: int) -> tuple[str, ...]:
        """The members the EPCI had in that year's list (codes of that year's communes)."""
        return tuple(self._members[siren][str(year)])

    def places_on(self, codes: tuple[str, ...], year: int) -> tuple[str, ...]:
        """Each code of that year's communes as the place it is (today's commune, or a commune of
        the past)."""
        day = f"{year}-01-01"
        places = []
        for code in codes:
            verdict = self.commune(code, day)
            places.append(verdict.period.place if verdict and verdict.state == SITTING else code)
        return tuple(places)

    # --- bounds ---------------------------------------------------------------------------------
    @staticmethod
    def list_in_force(date: str, years: tuple[int, ...]) -> int:
        """The year of the latest list in force on `date` (the oldest one before it)."""
        index = bisect_right(years, int(date[:4])) - 1
        return years[max(index, 0)]

    @staticmethod
    def _begun(bound: str | None, date: str, years: tuple[int, ...]) -> tuple[bool | None, Doubt | None]:
        """True when the period had begun on `date`, False when it had not, None when the
        releases cannot say (after the last list without it, before the first with it)."""
        if bound is None or date >= bound_date(bound):
            return True, None
        if len(bound) != 4:
            return False, None
        earlier = [y for y in years if y < int(bound)]
        if earlier and date <= f"{earlier[-1]}-01-01":
            return False, None
        return None, Doubt(NEW, earlier[-1] if earlier else None, int(bound))

    @staticmethod
    def _ended(bound: str | None, date: str, years: tuple[int, ...]) -> tuple[bool, Doubt | None]:
        """Whether the period had ended on `date`; between two releases the earlier one is in
        force, but a year no release describes (2020), or a change older than every release,
        leaves a doubt."""
        if bound is None:
            return False, None
        if date >= bound_date(bound):
            return True, None
        if len(bound) != 4:
            return False, None
        earlier = [y for y in years if y < int(bound)]
        if not earlier:
            return False, Doubt(BEFORE_FIRST, None, int(bound))
        if int(date[:4]) not in years and date > f"{earlier[-1]}-01-01":
            return False, Doubt(NO_RELEASE, earlier[-1], int(bound))
        return False, None


def _period(code: str, row: list[Any]) -> Period:
    values = [*row, *([None] * (8 - len(row)))]
    nom, start, end, successor, population, vintage, siren, others = values
    return Period(code, nom, start, end, successor, population, vintage, siren,
                  tuple(others or ()))


@cache
def history() -> History:
    """The history shipped with the package (loaded once per process)."""
    text = resources.files("petition.data").joinpath("historique.json").read_text("utf-8")
    return History(json.loads(text))
