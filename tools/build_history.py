#!/usr/bin/env python3
"""Derive the history of communes and intercommunalités shipped with `petition` from successive
pinned releases of @etalab/decoupage-administratif.

Usage: python tools/build_history.py [--packages-dir DIR] [--output FILE]

Each release carries one year's Code officiel géographique (COG: the communes on 1 January), the
DGCL's list of EPCI on 1 January and INSEE's populations of one census vintage; release 0.8.0 also
carries INSEE's history of communes from 1943 to 1 January 2019, with exact dates. Every release is
fetched with `npm pack` and checked against its pinned npm integrity (sha512) before it is read,
and its README is checked to name the population source and the year this script says it carries.
Without --packages-dir, the releases are fetched into a temporary folder; with it, DIR/<version>/
holds each unpacked package (its package.json, README.md and data/).

The output, scripts/petition/data/historique.json, has one code per line (a reviewable diff):
- `communes`: every code whose council did not sit under the same commune through the whole
  history (merged, associated, created, re-established, renamed with a merger), as periods
  [nom, debut, fin, successeur, population, millesime, siren, autres_noms]. `debut` and `fin` are
  an exact date (INSEE's history, before 2019) or a year: the first COG, on 1 January of that year,
  that shows the change. `successeur` is the commune whose council sits after `fin`; a former
  period carries its own last published population and that population's census vintage.
- `epci`: the EPCI created after the oldest list or gone since, [nom, debut, fin, autres_noms];
  `epci_membres`: an EPCI's members in each list whose membership differs from the next list's
  (a gone EPCI: its last members), the current membership being the referential's.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from npm_data import DATA_DIR, dump, fetch, write

PACKAGE = "@etalab/decoupage-administratif"
OUTPUT = DATA_DIR / "historique.json"


@dataclass(frozen=True)
class Release:
    version: str
    integrity: str  # npm's dist.integrity: the tarball is checked against it before it is read
    cog: int  # the communes as on 1 January of that year
    epci: int  # the DGCL's list of EPCI as on 1 January of that year
    population: int  # INSEE's census vintage of its populations (population municipale)
    population_page: str  # the INSEE page its README gives as the source of those populations


# The releases the package's own README (« Millésimes et versions de package », in 6.0.0) gives
# for each year: 2019 → 0.7, 2020 « non disponible, sauf EPCI 2020 avec 0.8.0 », 2021 → 1.1.1,
# 2022 → 2.3.1, 2023 → 3.1.1, 2024 → 4.1.0, 2025 → 5.3.0, 2026 → 6.0.0. Not used: 0.3.0 to 0.6.2
# (the same COG 2019 and EPCI 2019, built before the history of communes was added), 1.0.0 (the
# COG 2021 of 1.1.1 without old codes), and each year's earlier releases (2.0.0 still had the 2019
# populations, 4.0.0 lacked three communes' populations, 5.0.0 gave Hesdin-la-Forêt the population
# of Hesdin alone).
#
# Census vintages: each README links INSEE's page of the populations it used; which census each
# page publishes is said by the package's history: the 2019 file's own header (« Recensement de la
# population 2016 », « en vigueur au 1er janvier 2019 »), then its commits « Update population to
# 2019 value for geo unit COG 2021 » (0.9.0-3, kept in 1.1.1), « update-pop-end-2022 » (2.3.0: the
# 2020 census, published at the end of 2022), « Add populations 2021 using geography 2023 »
# (4.0.0), « pop-2022-geo-2024 » (4.1.0), « Update pop 2023 and EPT to 2025 » (5.3.0; 6.0.0 keeps
# the same page). Mayotte's populations are INSEE's 2017 census in every release from 1.0.0 on
# (README: « population Mayotte INSEE 2017 »); the collectivités d'outre-mer have populations of
# their own censuses, whose years the package does not give.
RELEASES = (
    Release("0.7.0", "sha512-ezO+LHyIrJjDBlE7DxXSbvHxSliTGT4o4+w1pMaA6FjCVDFiW74zp5Lhmi1GpY2JcelKq4m8"
            "zHjDol08O6unqQ==", 2019, 2019, 2016, "statistiques/3677855"),
    Release("0.8.0", "sha512-BNO0BLfPyUvLpGAStdKpZAX80hUHdkhhD3GMu7HcwERqmshl96uIU0v3/1LlL23DiMs9qRyV"
            "IRnfDDIAfHaG/w==", 2019, 2020, 2016, "statistiques/3677855"),
    Release("1.1.1", "sha512-2yD0tkK+As9OlImYdFXn9O1ABtMpExpCq0A7/d/HpruMgg7NYymUeNnHN0r8ICWgcKE//3uv"
            "MXeQ00xdOwUiZg==", 2021, 2021, 2019, "statistiques/6011070"),
    Release("2.3.1", "sha512-52zR447e9Csr/HkzmLJIrOTCAuwJNd4O9fay8BRgOQUSbqaKOP6vFpsrj5lKlrH9vA+ii07h"
            "1TnChdMFZNgcwg==", 2022, 2022, 2020, "statistiques/6683035"),
    Release("3.1.1", "sha512-/1yqSlo6Xerdz1MN+rh57hDWcAam18gwSK5u4wFjT1glRUiN/o1A4IQe6pvB9JqGvHv6WbF5"
            "X7WyE+yxeMqLig==", 2023, 2023, 2020, "statistiques/6683035"),
    Release("4.1.0", "sha512-r0lO1qhb/R7golWwfPbkstpN3WeGuROIHoJhExY7251bkc7tjL48wsnh4/cWAQYux1y/EMST"
            "uOEwiMkh0/mK8g==", 2024, 2024, 2022, "statistiques/8290591"),
    Release("5.3.0", "sha512-I7PP8jiNOKwvBbdhoYPiwMaJ27x6aHwwGj5V0DMTOPu2YG6qyhGty1b0SIkCxpSHlUkASEfy"
            "bISY4ldkTcYbbw==", 2025, 2025, 2023, "statistiques/8680726"),
    Release("6.0.0", "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWc"
            "f+7bcWpA5pmCaQ==", 2026, 2026, 2023, "statistiques/8680726"),
)
HISTORY_FILE = "historique-communes.json"  # INSEE's history of communes, 1943 to 1 January 2019
MAYOTTE = "976"
MAYOTTE_VINTAGE = 2017
MAYOTTE_README = "population Mayotte INSEE 2017"
# A council that changes only its name keeps sitting: its periods join.
RENAMED = "changement de nom"
COLUMNS = {"communes": ["nom", "debut", "fin", "successeur", "population", "millesime", "siren",
                        "autres_noms"],
           "epci": ["nom", "debut", "fin", "autres_noms"]}


class ReleaseError(Exception):
    """A release that does not carry what this script says it does."""


def check_release(release: Release, folder: Path, newest_readme: str) -> None:
    """The package's own words agree with the pin: version, population source, year."""
    meta = json.loads((folder / "package.json").read_text("utf-8"))
    if meta.get("version") != release.version:
        raise ReleaseError(f"{release.version}: package.json says {meta.get('version')}")
    readme = (folder / "README.md").read_text("utf-8")
    if release.population_page not in readme:
        raise ReleaseError(f"{release.version}: README does not link {release.population_page}")
    row = re.search(rf"^\|\s*{release.epci}\s*\|([^|]*)\|", newest_readme, re.MULTILINE)
    short = release.version.rsplit(".", 1)[0]
    if row is None or not re.search(rf"\b({re.escape(release.version)}|{re.escape(short)})\b",
                                    row.group(1)):
        raise ReleaseError(f"{release.version}: the newest README gives another release for "
                           f"{release.epci}")


def _read(folder: Path, name: str) -> list[dict[str, Any]]:
    path = folder / "data" / name
    data: list[dict[str, Any]] = json.loads(path.read_text("utf-8")) if path.exists() else []
    return data


@dataclass
class Snapshot:
    """The communes of one COG (1 January of `year`)."""

    year: int
    release: Release
    current: dict[str, dict[str, Any]]  # code -> its commune-actuelle entry
    parent: dict[str, str]  # a code that is no commune any more -> the commune it belongs to
    self_delegated: set[str]  # codes with a commune déléguée of the same code (commune nouvelle)
    names: dict[str, str]  # the name of each commune déléguée or associée
    mayotte: bool  # Mayotte's populations are the 2017 census

    @classmethod
    def read(cls, release: Release, folder: Path) -> Snapshot:
        rows = _read(folder, "communes.json")
        current = {r["code"]: r for r in rows if r["type"] == "commune-actuelle"}
        parent: dict[str, str] = {}
        for row in rows:
            if row["type"] == "commune-actuelle":
                for old in row.get("anciensCodes", []):
                    if old not in current:
                        parent.setdefault(old, row["code"])
        for row in rows:  # a chef-lieu named by the entry itself wins over an old code's listing
            if row["type"] in ("commune-deleguee", "commune-associee") and \
                    row["code"] not in current and row.get("chefLieu") in current:
                parent[row["code"]] = row["chefLieu"]
        delegated = {r["code"] for r in rows if r["type"] == "commune-deleguee"
                     and r.get("chefLieu") == r["code"]}
        names = {r["code"]: r["nom"] for r in rows
                 if r["type"] in ("commune-deleguee", "commune-associee") and r["code"] not in current}
        readme = (folder / "README.md").read_text("utf-8")
        return cls(release.cog, release, current, parent, delegated, names,
                   MAYOTTE_README in readme)

    def vintage(self, code: str) -> int | None:
        if code.startswith(MAYOTTE):
            return MAYOTTE_VINTAGE if self.mayotte else None
        if code.startswith(("975", "977", "978", "984", "986", "987", "988", "989")):
            return None  # each collectivité d'outre-mer's own census, year not given
        return self.release.population


@dataclass
class Period:
    """A commune with its own council, from `start` to `end` (None: open)."""

    nom: str
    start: str | None
    end: str | None = None
    successor: str | None = None
    population: int | None = None
    vintage: int | None = None
    siren: str | None = None
    other_names: list[str] | None = None
    end_reason: str | None = None
    successor_id: str | None = None

    def close(self, end: str, successor: str | None, snapshot: Snapshot | None = None,
              code: str = "") -> None:
        self.end, self.successor = end, successor
        if snapshot is not None:
            row = snapshot.current[code]
            self.population = row.get("population")
            self.vintage = snapshot.vintage(code) if self.population is not None else None
            self.siren = row.get("siren")

    def rename(self, name: str) -> None:
        if name != self.nom:
            names = self.other_names or []
            self.other_names = sorted({*names, self.nom} - {name})
            self.nom = name

    def row(self) -> list[Any]:
        values = [self.nom, self.start, self.end, self.successor, self.population, self.vintage,
                  self.siren, self.other_names]
        while values and values[-1] is None:  # a current period is [nom, debut]
            values.pop()
        return values


def history_periods(entries: list[dict[str, Any]]) -> dict[str, list[Period]]:
    """INSEE's history (type COM = a commune with its council) as periods by code, renames
    joined, each ended period with the code of the commune whose council took over."""
    by_id = {e["id"]: e for e in entries}

    def successor(entry_id: str | None) -> str | None:
        seen = set()
        while entry_id and entry_id not in seen:
            seen.add(entry_id)
            entry = by_id.get(entry_id)
            if entry is None:
                return None
            if entry["type"] == "COM":
                return str(entry["code"])
            entry_id = entry.get("pole")
        return None

    by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        if entry["type"] == "COM":
            by_code[entry["code"]].append(entry)
    periods: dict[str, list[Period]] = {}
    for code, found in by_code.items():
        found.sort(key=lambda e: e.get("dateDebut") or "")
        joined: list[Period] = []
        for entry in found:
            last = joined[-1] if joined else None
            if last is not None and last.end_reason == RENAMED and \
                    last.end == entry.get("dateDebut"):
                last.nom = entry["nom"]  # the names before 2019 are not kept (size, use)
                last.end, last.end_reason = entry.get("dateFin"), entry.get("raisonFin")
                last.successor_id = entry.get("successeur")
                continue
            joined.append(Period(entry["nom"], entry.get("dateDebut"), entry.get("dateFin"),
                                 end_reason=entry.get("raisonFin"),
                                 successor_id=entry.get("successeur")))
        for period in joined:
            if period.end is not None:
                period.successor = successor(period.successor_id)
        periods[code] = joined
    return periods


def follow(periods: dict[str, list[Period]], snapshots: list[Snapshot]) -> None:
    """Extend the periods with each COG after the history's end, one year's changes at a time."""
    first = snapshots[0]
    for code, row in first.current.items():
        found = periods.setdefault(code, [])
        if not found or found[-1].end is not None:
            found.append(Period(row["nom"], None))  # not in INSEE's history (outre-mer)
    for previous, snapshot in itertools.pairwise(snapshots):
        when = str(snapshot.year)
        gone = {code: snapshot.parent.get(code) for code in previous.current
                if code not in snapshot.current}
        absorbing = {code for code in gone.values() if code}
        for code, row in previous.current.items():
            period = periods[code][-1]
            if code in gone:
                period.close(when, gone[code], previous, code)
                continue
            now = snapshot.current[code]
            sirens = row.get("siren"), now.get("siren")
            if code in absorbing or (code in snapshot.self_delegated and
                                     code not in previous.self_delegated) or \
                    (all(sirens) and sirens[0] != sirens[1]):
                period.close(when, code, previous, code)
                periods[code].append(Period(now["nom"], when))
            else:
                period.rename(now["nom"])
        for code, row in snapshot.current.items():
            if code not in previous.current:
                periods.setdefault(code, []).append(Period(row["nom"], when))
    # Codes that every COG gives as part of another commune, and INSEE's history does not give
    # (a commune that changed département before merging): no council since the first COG at
    # least, date unknown.
    for snapshot in snapshots:
        for code, parent in sorted(snapshot.parent.items()):
            if code not in periods:
                periods[code] = [Period(snapshot.names.get(code, ""), None, str(first.year),
                                        parent)]


def commune_rows(periods: dict[str, list[Period]]) -> dict[str, list[list[Any]]]:
    """Only the codes whose council did not sit under one commune through the whole history."""
    rows = {}
    for code, found in sorted(periods.items()):
        if len(found) == 1 and found[0].start is None and found[0].end is None and \
                not found[0].other_names:
            continue
        rows[code] = [p.row() for p in found]
    return rows


def epci_tables(lists: dict[int, dict[str, dict[str, Any]]]) -> tuple[dict[str, Any],
                                                                     dict[str, Any]]:
    """The EPCI that were not in every list, and the members an EPCI had in each list whose
    membership differs from the next list's."""
    years = sorted(lists)
    newest = lists[years[-1]]
    epci: dict[str, list[Any]] = {}
    members: dict[str, dict[str, list[str]]] = {}
    for siren in sorted({s for found in lists.values() for s in found}):
        present = [y for y in years if siren in lists[y]]
        if present != years[years.index(present[0]):years.index(present[-1]) + 1]:
            raise ReleaseError(f"EPCI {siren} missing from a list between two others")
        names = [lists[y][siren]["nom"] for y in present]
        start = str(present[0]) if present[0] != years[0] else None
        end = None if present[-1] == years[-1] else str(years[years.index(present[-1]) + 1])
        others = sorted(set(names) - {names[-1]})
        if start or end or others:
            epci[siren] = [names[-1], start, end] + ([others] if others else [])
        for year in present:
            codes = sorted(m["code"] for m in lists[year][siren]["membres"])
            later = years[years.index(year) + 1] if year != years[-1] else None
            following = lists[later].get(siren) if later else None
            if following is None and siren in newest:
                continue  # the newest list: the referential's own membership
            if following is None or codes != sorted(m["code"] for m in following["membres"]):
                members.setdefault(siren, {})[str(year)] = codes
    return epci, members


def derive(releases: Iterable[Release], folders: dict[str, Path]) -> dict[str, Any]:
    releases = sorted(releases, key=lambda r: (r.cog, r.epci))
    history = next(_read(folders[r.version], HISTORY_FILE) for r in releases
                   if (folders[r.version] / "data" / HISTORY_FILE).exists())
    by_year: dict[int, Release] = {r.cog: r for r in releases}  # each year's latest release
    snapshots = [Snapshot.read(r, folders[r.version]) for r in by_year.values()]
    periods = history_periods(history)
    open_codes = {code for code, found in periods.items() if found[-1].end is None}
    unknown = open_codes - set(snapshots[0].current)
    if unknown:
        raise ReleaseError(f"history's communes not in the first COG: {sorted(unknown)[:5]}")
    follow(periods, snapshots)
    lists = {r.epci: {e["code"]: e for e in _read(folders[r.version], "epci.json")}
             for r in releases}
    epci, members = epci_tables(lists)
    newest = releases[-1]
    return {
        "source": f"{PACKAGE}, versions {', '.join(r.version for r in releases)}",
        "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
        "versions": {r.version: {"integrity": r.integrity, "cog": r.cog, "epci": r.epci,
                                 "population": r.population,
                                 "population_source": f"https://www.insee.fr/fr/"
                                                      f"{r.population_page}"}
                     for r in releases},
        "mayotte": MAYOTTE_VINTAGE if snapshots[-1].mayotte else None,
        "referentiel": newest.version,
        "colonnes": COLUMNS,
        "communes": commune_rows(periods),
        "epci": epci,
        "epci_membres": members,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--packages-dir", type=Path, help="DIR/<version>/ holds each release")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folders = {}
        for release in RELEASES:
            if args.packages_dir:
                folders[release.version] = args.packages_dir / release.version
            else:
                folders[release.version] = fetch(PACKAGE, release.version,
                                                 Path(tmp) / release.version, release.integrity)
        newest = (folders[RELEASES[-1].version] / "README.md").read_text("utf-8")
        for release in RELEASES:
            check_release(release, folders[release.version], newest)
        text = dump(derive(RELEASES, folders))
    write(args.output, text)


if __name__ == "__main__":
    main()
