"""The official referential of French bodies (COG, from @etalab/decoupage-administratif).

Loaded once from the compact package data derived by `tools/build_referential.py`. Territories are
sets of current communes, so that every population figure follows one rule (see the methodology).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

TYPES = ("commune", "epci", "departement", "region")
TYPE_LABELS = {"commune": "commune", "epci": "intercommunalité", "departement": "département",
               "region": "région"}


@dataclass(frozen=True)
class Body:
    """A body as the referential knows it."""

    type: str
    code: str
    nom: str
    departement: str | None = None
    region: str | None = None
    siren: str | None = None
    former_name: str | None = None  # set when `code` is an old code mapped to a current commune

    @property
    def key(self) -> str:
        return f"{self.type}:{self.code}"


def normalize_name(name: str) -> str:
    """A form of a name that ignores case, accents, hyphens, apostrophes and spacing."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[-'’`\s]+", " ", text)
    text = re.sub(r"\bsainte?\b", lambda m: "ste" if m.group(0) == "sainte" else "st", text)
    return text.strip()


# The census vintage each referential carries (INSEE publishes a vintage each year, in force from
# the next 1 January): the population published must say which one it is.
POPULATION_VINTAGES = {
    "COG 2026": "population municipale INSEE, millésime 2023 en vigueur au 1er janvier 2026",
}


class Referential:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.source: str = raw["source"]
        self.vintage: str = raw["millesime"]
        self.licence: str = raw["licence"]
        self.population_vintage: str = POPULATION_VINTAGES.get(
            self.vintage, f"population municipale INSEE du référentiel {self.vintage}")
        self._regions: dict[str, str] = raw["regions"]
        self._departements: dict[str, list[str]] = raw["departements"]
        self._communes: dict[str, list[Any]] = raw["communes"]
        self._former: dict[str, list[str]] = raw["anciennes_communes"]
        self._old_names: dict[str, list[str]] = raw["anciens_noms"]
        self._epci: dict[str, list[Any]] = raw["epci"]

    # --- lookups -------------------------------------------------------------------------------
    def body(self, type_: str, code: str) -> Body | None:
        """The body of that type and code, following merged communes to today's commune."""
        if type_ == "commune":
            row = self._communes.get(code)
            if row is not None:
                return Body("commune", code, row[0], row[1], row[2], row[3] or None)
            old = self._former.get(code)
            if old is not None:
                current = self.body("commune", old[1])
                if current is not None:
                    return Body("commune", current.code, current.nom, current.departement,
                                current.region, current.siren, former_name=old[0] or code)
            return None
        if type_ == "epci":
            row = self._epci.get(code)
            if row is None:
                return None
            deps = {self._communes[c][1] for c in row[2]}
            regs = {self._communes[c][2] for c in row[2]}
            return Body("epci", code, row[0], min(deps) if len(deps) == 1 else None,
                        min(regs) if len(regs) == 1 else None, code)
        if type_ == "departement":
            dep = self._departements.get(code)
            return Body("departement", code, dep[0], code, dep[1] or None) if dep else None
        if type_ == "region":
            name = self._regions.get(code)
            return Body("region", code, name, None, code) if name else None
        return None

    def accepted_names(self, body: Body) -> list[str]:
        """The official name, then the names of merged communes that shared or had its code."""
        names = [body.nom]
        if body.former_name:
            names.append(body.former_name)
        elif body.type == "commune":
            names += self._old_names.get(body.code, [])
        return names

    def guess_type(self, code: str) -> list[str]:
        """The types for which `code` is a known code."""
        return [t for t in TYPES if self.body(t, code) is not None]

    def by_siren(self, siren: str) -> Body | None:
        """A commune or EPCI by its SIREN."""
        if siren in self._epci:
            return self.body("epci", siren)
        code = self._commune_by_siren.get(siren)
        return self.body("commune", code) if code else None

    @cached_property
    def _commune_by_siren(self) -> dict[str, str]:
        return {row[3]: code for code, row in self._communes.items() if row[3]}

    def search(self, name: str, type_: str | None = None, limit: int = 10) -> list[Body]:
        """Bodies whose normalised name equals, then starts with, `name`."""
        wanted = normalize_name(name)
        exact, prefix = [], []
        for body_type, code, normal in self._normal_names:
            if type_ and body_type != type_:
                continue
            if normal == wanted:
                exact.append((body_type, code))
            elif normal.startswith(wanted):
                prefix.append((body_type, code))
        found = [self.body(t, c) for t, c in (exact + prefix)[:limit]]
        return [b for b in found if b is not None]

    @cached_property
    def _normal_names(self) -> list[tuple[str, str, str]]:
        """(type, code, normalised name) of every body, normalised once for all searches."""
        names = [("region", c, n) for c, n in self._regions.items()]
        names += [("departement", c, d[0]) for c, d in self._departements.items()]
        names += [("epci", c, e[0]) for c, e in self._epci.items()]
        names += [("commune", c, row[0]) for c, row in self._communes.items()]
        return [(t, c, normalize_name(n)) for t, c, n in names]

    def region_name(self, code: str | None) -> str:
        return self._regions.get(code or "", "") or "Région inconnue"

    def departement_name(self, code: str | None) -> str:
        dep = self._departements.get(code or "")
        return dep[0] if dep else "Département inconnu"

    def departements(self) -> dict[str, tuple[str, str]]:
        return {code: (d[0], d[1]) for code, d in self._departements.items()}

    # --- territories and population ------------------------------------------------------------
    def territory(self, body: Body) -> tuple[str, ...]:
        """The current communes making up the body's territory."""
        if body.type == "commune":
            return (body.code,)
        if body.type == "epci":
            return tuple(self._epci[body.code][2])
        if body.type == "departement":
            return self._communes_by_departement.get(body.code, ())
        return self._communes_by_region.get(body.code, ())

    def population(self, communes: Iterable[str]) -> int:
        rows = self._communes
        return sum(rows[c][4] or 0 for c in communes if c in rows)

    def _group_communes(self, column: int) -> dict[str, tuple[str, ...]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for code, row in self._communes.items():
            groups[row[column]].append(code)
        return {k: tuple(v) for k, v in groups.items()}

    @cached_property
    def _communes_by_departement(self) -> dict[str, tuple[str, ...]]:
        return self._group_communes(1)

    @cached_property
    def _communes_by_region(self) -> dict[str, tuple[str, ...]]:
        return self._group_communes(2)

    def departements_of(self, body: Body) -> Counter[str]:
        """How many of the body's communes lie in each département."""
        rows = self._communes
        return Counter(rows[code][1] for code in self.territory(body) if code in rows)

    def communes_with_epci(self) -> list[tuple[str, str, str, str]]:
        """Every current commune: code, name, département, SIREN of its EPCI (or "")."""
        epci_of = {commune: siren for siren, row in self._epci.items() for commune in row[2]}
        return [(code, row[0], row[1], epci_of.get(code, "")) for code, row in self._communes.items()]

    def commune_codes(self) -> list[str]:
        return list(self._communes)


@cache
def referential() -> Referential:
    """The referential shipped with the package (loaded once per process)."""
    text = resources.files("petition.data").joinpath("referentiel.json").read_text("utf-8")
    return Referential(json.loads(text))

