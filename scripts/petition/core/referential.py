"""The official referential of French bodies (COG, from @etalab/decoupage-administratif).

Loaded once from the compact package data derived by `tools/build_referential.py`. Territories are
sets of places (current communes; for Paris, Lyon and Marseille, their arrondissements municipaux),
so that every population figure follows one rule (see docs/methode.md). Which council sat on a
date (a département replaced by a collectivité, a secteur of Paris…) comes from `statuses`; which
commune or intercommunalité sat, with which members and population, from `history`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib import resources
from typing import Any

from petition.core import statuses as law
from petition.core.history import NOT_YET, SITTING, History, history

# Every deliberating council of France, by type; the first four are the contract's own.
TYPES = ("commune", "arrondissement", "epci", "ept", "collectivite", "departement", "region", "com")
CONTRACT_TYPES = ("commune", "epci", "departement", "region")
TYPE_LABELS = {"commune": "commune", "arrondissement": "conseil d'arrondissement",
               "epci": "intercommunalité", "ept": "établissement public territorial",
               "collectivite": "collectivité à statut particulier", "departement": "département",
               "region": "région", "com": "collectivité d'outre-mer"}
TYPE_PLURALS = {"commune": "communes", "arrondissement": "conseils d'arrondissement",
                "epci": "intercommunalités", "ept": "établissements publics territoriaux",
                "collectivite": "collectivités à statut particulier", "departement": "départements",
                "region": "régions", "com": "collectivités d'outre-mer"}
# What a contributor types or picks for each type (template CSV, `petition new`, issue form).
TYPE_HELP = {"commune": "commune (conseil municipal ; Paris : Conseil de Paris)",
             "arrondissement": "arrondissement (conseil d'arrondissement de Paris, Lyon ou "
                               "Marseille, code INSEE de l'arrondissement, par exemple 75113)",
             "epci": "epci (intercommunalité à fiscalité propre, SIREN)",
             "ept": "ept (établissement public territorial du Grand Paris, SIREN)",
             "collectivite": "collectivite (Métropole de Lyon, SIREN 200046977)",
             "departement": "departement (conseil départemental ; Alsace : 6AE)",
             "region": "region (conseil régional ; Corse 94, Martinique 02, Guyane 03)",
             "com": "com (collectivité d'outre-mer : 975, 977, 978, 986, 987, 988)"}


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
    era: str = ""  # a territory rule in force on the session's date (statuses.Era.tag)
    instance: str = ""  # the deliberating assembly
    until: str = ""  # a council of the past: when it stopped sitting (history.Period.end)
    today: str = ""  # a commune of the past: the code of the commune it is part of today
    perimeter: int = 0  # an EPCI whose members on the date differ from today's: that list's year

    @property
    def key(self) -> str:
        return f"{self.type}:{self.code}" + (f"@{self.until}" if self.until else "")


def departement_of(commune: str) -> str:
    """The département of a commune's code (97x overseas, 2A/2B in Corsica): also for the
    communes of the past, which the referential no longer lists."""
    return commune[:3] if commune[:2] in ("97", "98") else commune[:2]


def french_day(iso: str) -> str:
    """« 1er janvier 2018 » from « 2018-01-01 » (kept here: core knows no text module)."""
    year, month, day = (int(x) for x in iso.split("-"))
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")
    return f"{'1er' if day == 1 else day} {months[month - 1]} {year}"


def normalize_name(name: str) -> str:
    """A form of a name that ignores case, accents, hyphens, apostrophes and spacing."""
    if name.isascii():  # nothing to decompose (the common case, and long attendance lists)
        text = name.casefold()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _SEPARATORS.sub(" ", text)
    text = _SAINT.sub(lambda m: "ste" if m.group(0) == "sainte" else "st", text)
    return text.strip()


_SEPARATORS = re.compile(r"[-'’`\s]+")
_SAINT = re.compile(r"\bsainte?\b")


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
        self._arrondissements: dict[str, list[Any]] = raw["arrondissements"]
        self._ept: dict[str, list[Any]] = raw["ept"]
        self._collectivites: dict[str, list[Any]] = raw["collectivites"]
        self._com: dict[str, str] = raw["com"]
        self._liaisons: dict[str, dict[str, int]] = raw.get("liaisons", {})
        self.history: History = history()
        # Each body asked for, by (type, code, date): a Body is frozen and the referential never
        # changes, and every stage (checks, figures, pages) asks again for each motion's.
        self._bodies: dict[tuple[str, str, str | None], Body | None] = {}

    # --- lookups -------------------------------------------------------------------------------
    def body(self, type_: str, code: str, date: str | None = None) -> Body | None:
        """The body of that type and code, following merged communes to today's commune; with a
        session `date`, its name, assembly and territory as they were on that date."""
        key = (type_, code, date)
        try:
            return self._bodies[key]
        except KeyError:
            found = self._bodies[key] = self._find_body(type_, code, date)
            return found

    def _find_body(self, type_: str, code: str, date: str | None) -> Body | None:
        body = self._dated_body(type_, code, date) if date else None
        body = body or self._body(type_, code)
        if body is None:
            return None
        era = self._era(body, date)
        instance = law.BODY_INSTANCES.get((body.type, body.code)) or law.INSTANCES[body.type]
        nom = body.nom
        if era is not None:
            nom, instance = era.nom or nom, era.instance or instance
        # Not dataclasses.replace, nearly twice as slow as a copy of the fields.
        return Body(**{**vars(body), "nom": nom, "era": era.tag if era else "",
                       "instance": instance})

    def _dated_body(self, type_: str, code: str, date: str) -> Body | None:
        """A commune or an EPCI as it was on `date` when the history says it differed from
        today's: a commune of the past, an EPCI gone since or with other members."""
        if type_ == "commune":
            verdict = self.history.commune(code, date)
            if verdict is None or verdict.state != SITTING or verdict.period.current:
                return None
            period = verdict.period
            dep = departement_of(code)
            region = self._departements.get(dep, ["", ""])[1] or None
            return Body("commune", code, period.nom, dep, region, period.siren,
                        until=period.end or "", today=self.history.today(period.place) or "")
        if type_ != "epci":
            return None
        year = self.history.members_year(code, date)
        current = self._body("epci", code)
        if current is not None:  # today's EPCI, with its members of the date when they differ
            return replace(current, perimeter=year) if year else current
        verdict = self.history.epci(code, date)
        if verdict is None or verdict.state == NOT_YET:
            return None
        year = year or self.history.last_year(code)
        body = Body("epci", code, verdict.period.nom, siren=code, until=verdict.period.end or "",
                    perimeter=year or 0)
        if not year:
            return body
        deps = {departement_of(c) for c in self.history.members(code, year)}
        regs = {self._departements.get(d, ["", ""])[1] for d in deps}
        return replace(body, departement=min(deps) if len(deps) == 1 else None,
                       region=min(regs) if len(regs) == 1 and min(regs) else None)

    @staticmethod
    def _era(body: Body, date: str | None) -> law.Era | None:
        """The era in force on `date` (without a date: today's)."""
        found = None
        for era in law.ERAS.get((body.type, body.code), ()):
            if date is None or era.start <= date:
                found = era
        return found

    def _body(self, type_: str, code: str) -> Body | None:
        if type_ == "commune":
            row = self._communes.get(code)
            if row is not None:
                return Body("commune", code, row[0], row[1], row[2], row[3] or None)
            old = self._former.get(code)
            if old is not None:
                current = self._body("commune", old[1])
                if current is not None:
                    return replace(current, former_name=old[0] or code)
            return None
        if type_ == "arrondissement":
            arr = self._arrondissements.get(code)
            if arr is None:
                return None
            city = self._communes[arr[1]]
            # Not a legal person: its acts are its city's, under the city's SIREN.
            return Body("arrondissement", code, self._sector_names.get(code, arr[0]), city[1],
                        city[2], city[3] or None)
        if type_ in ("epci", "ept", "collectivite"):
            table = {"epci": self._epci, "ept": self._ept, "collectivite": self._collectivites}
            row = table[type_].get(code)
            if row is None:
                return None
            deps = {self._communes[c][1] for c in row[2]}
            regs = {self._communes[c][2] for c in row[2]}
            return Body(type_, code, row[0], min(deps) if len(deps) == 1 else None,
                        min(regs) if len(regs) == 1 else None, code)
        if type_ == "departement":
            if code == law.ALSACE:
                return Body("departement", code, law.ALSACE_NAME, None, self._departements["67"][1])
            dep = self._departements.get(code)
            return Body("departement", code, dep[0], code, dep[1] or None) if dep else None
        if type_ == "region":
            name = self._regions.get(code)
            return Body("region", code, name, None, code) if name else None
        if type_ == "com":
            name = self._com.get(code)
            return Body("com", code, name, code, None) if name else None
        return None

    @cached_property
    def _sector_names(self) -> dict[str, str]:
        """Marseille's councils sit for two arrondissements each: « Marseille 1er et 7e
        Arrondissements »."""
        names = {}
        for first, second in law.MARSEILLE_SECTORS:
            ordinal = self._arrondissements[second][0].split()[1]
            names[first] = self._arrondissements[first][0].replace(" Arrondissement",
                                                                   f" et {ordinal} Arrondissements")
        return names

    def not_sitting(self, body: Body, date: str) -> str | None:
        """Why the council of `body` could not deliberate on `date` (it did not exist yet, was
        replaced, or never existed), naming the council that did; None when it sat."""
        ref = (body.type, body.code)
        named = f"« {body.nom} » ({body.type} {body.code})"
        replaced = law.REPLACED.get(ref)
        if body.type == "commune" and body.departement in law.NO_COMMUNE_COUNCIL:
            replaced = law.NO_COMMUNE_COUNCIL[body.departement]
        if replaced is not None and (replaced.end is None or date >= replaced.end):
            when = f"depuis le {french_day(replaced.end)}" if replaced.end else "jamais"
            text = f"aucun conseil {named} ne siège {when} : {replaced.why}"
            if replaced.successor is not None:
                text += f" ; c'est {replaced.successor_text} qui délibère : indiquez le type " \
                    f"« {replaced.successor[0]} » et le code « {replaced.successor[1]} »"
            return text
        created = law.CREATED.get(ref) or (law.EPT_CREATED if body.type == "ept" else None)
        if created is not None and date < created.start:
            return f"aucun conseil {named} ne siégeait le {french_day(date)} : {created.why} ; " \
                f"avant, {created.predecessor_text}"
        return None

    def accepted_names(self, body: Body) -> list[str]:
        """The official name, then the names of merged communes that shared or had its code."""
        names = [body.nom]
        if body.former_name:
            names.append(body.former_name)
            return names
        if body.until or body.type == "epci":  # a council of the past, or an EPCI renamed since
            names += self.history.epci_names(body.code) if body.type == "epci" else \
                next((p.other_names for p in self.history.periods(body.code)
                      if p.end == body.until), ())
            if body.until:
                return list(dict.fromkeys(names))
        elif body.type == "commune":
            names += next((p.other_names for p in self.history.periods(body.code) if p.current), ())
        cog = self._body(body.type, body.code)
        if cog is not None and cog.nom not in names:
            names.append(cog.nom)
        if body.type == "arrondissement":
            names.append(self._arrondissements[body.code][0])
        names += law.OTHER_NAMES.get((body.type, body.code), ())
        if body.type == "commune":
            names += self._old_names.get(body.code, [])
        return list(dict.fromkeys(names))

    def guess_type(self, code: str) -> list[str]:
        """The types for which `code` is a known code."""
        return [t for t in TYPES if self._body(t, code) is not None]

    def by_siren(self, siren: str, date: str | None = None) -> Body | None:
        """A commune, EPCI, EPT or the Métropole de Lyon by its SIREN; with a date, also a
        commune of the past (its own SIREN) or an EPCI gone since."""
        for type_, table in (("epci", self._epci), ("ept", self._ept),
                             ("collectivite", self._collectivites)):
            if siren in table:
                return self.body(type_, siren, date)
        code = self._commune_by_siren.get(siren)
        if code is None and date:
            code = self.history.commune_by_siren(siren)
            if code is None:
                return self.body("epci", siren, date)
        return self.body("commune", code, date) if code else None

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
        names += [("com", c, n) for c, n in self._com.items()]
        names += [("departement", c, d[0]) for c, d in self._departements.items()]
        names.append(("departement", law.ALSACE, law.ALSACE_NAME))
        names += [("collectivite", c, e[0]) for c, e in self._collectivites.items()]
        names += [("epci", c, e[0]) for c, e in self._epci.items()]
        names += [("ept", c, e[0]) for c, e in self._ept.items()]
        names += [("arrondissement", c, self._sector_names.get(c, a[0]))
                  for c, a in self._arrondissements.items()]
        names += [("commune", c, row[0]) for c, row in self._communes.items()]
        return [(t, c, normalize_name(n)) for t, c, n in names]

    def region_name(self, code: str | None) -> str:
        """A région's name; the communes of a collectivité d'outre-mer carry its code instead."""
        code = code or ""
        return self._regions.get(code) or self._com.get(code) or "Région inconnue"

    def departement_name(self, code: str | None) -> str:
        code = code or ""
        dep = self._departements.get(code)
        if dep:
            return dep[0]
        return law.ALSACE_NAME if code == law.ALSACE else self._com.get(code) or "Département inconnu"

    def liaison(self, body: Body) -> int | None:
        """INSEE's « type de nom en clair » of a commune, département or région (0 « de »,
        1 « d' », 2 « du », 3 « de la », 4 « des », 5 « de l' »), None for other bodies."""
        table = {"commune": "communes", "departement": "departements",
                 "region": "regions"}.get(body.type)
        if table is None:
            return None
        default = 0 if body.type == "commune" else None  # communes: only the others are listed
        return self._liaisons.get(table, {}).get(body.code, default)

    def epci_kind(self, code: str) -> str | None:
        """The legal form of an EPCI as INSEE codes it: CC, CA, CU, METRO or MET69."""
        row = self._epci.get(code)
        return str(row[1]) if row else None

    def departements(self) -> dict[str, tuple[str, str]]:
        """Each département code of the COG with its name and région, for grouping places; the
        collectivités d'outre-mer have such codes too (and stand for their own région)."""
        found = {code: (d[0], d[1]) for code, d in self._departements.items()}
        return found | {code: (name, code) for code, name in self._com.items()}

    # --- territories and population ------------------------------------------------------------
    # A territory is a set of places: current communes, except Paris, Lyon and Marseille, which are
    # split into their arrondissements municipaux (their populations add up to the city's). So an
    # arrondissement's vœu covers its own population, and adds nothing inside a covered city.
    def territory(self, body: Body) -> tuple[str, ...]:
        """The places making up the body's territory, as it was in the body's era."""
        if body.type == "commune":
            if body.until:
                return (f"{body.code}@{body.until}",)
            return self._split.get(body.code, (body.code,))
        if body.type == "epci" and body.perimeter:
            year = body.perimeter
            return self._places(self.history.places_on(self.history.members(body.code, year), year))
        if body.type == "arrondissement":
            if body.era == "paris-centre":
                return law.PARIS_CENTRE
            return tuple(next((s for s in law.MARSEILLE_SECTORS if s[0] == body.code),
                              (body.code,)))
        if body.type in ("epci", "ept", "collectivite"):
            table = {"epci": self._epci, "ept": self._ept, "collectivite": self._collectivites}
            return self._places(table[body.type][body.code][2])
        if body.type == "departement":
            if body.code == law.ALSACE:
                return self._places_by_departement.get("67", ()) + \
                    self._places_by_departement.get("68", ())
            places = self._places_by_departement.get(body.code, ())
            if body.era == "hors-metropole":  # the Rhône without the Métropole de Lyon
                lyon = set(self.territory(self._body("collectivite", law.METROPOLE_DE_LYON)
                                          or body))
                places = tuple(p for p in places if p not in lyon)
            return places
        if body.type == "com":
            return self._places_by_departement.get(body.code, ())
        return self._places_by_region.get(body.code, ())

    def population(self, places: Iterable[str]) -> int:
        """Population municipale of a set of places (communes or arrondissements; missing = 0).
        A commune of the past counts its own last published population, and nothing when a
        commune it became part of is counted whole in the same set."""
        if not isinstance(places, (set, frozenset, tuple, list)):
            places = tuple(places)
        # `counted`'s sum, without a generator for the common set of today's places (this runs
        # for every body of every figure); a commune of the past takes the whole rule.
        rows, arrondissements = self._communes, self._arrondissements
        total = 0
        for code in places:
            row = rows.get(code)
            if row is not None:
                total += row[4] or 0
                continue
            arr = arrondissements.get(code)
            if arr is not None:
                total += arr[2] or 0
            elif "@" in code:
                return sum(count for _, count in self.counted(places))
        return total

    def counted(self, places: Iterable[str]) -> Iterator[tuple[str, int]]:
        """Each place of a set with the population it adds to the set's."""
        if not isinstance(places, (set, frozenset, tuple, list)):
            places = tuple(places)
        rows, arrondissements = self._communes, self._arrondissements
        former: list[str] = []
        for code in places:
            row = rows.get(code)
            if row is not None:
                yield code, row[4] or 0
                continue
            arr = arrondissements.get(code)
            if arr is not None:
                yield code, arr[2] or 0
            elif "@" in code:
                former.append(code)
        if not former:
            return
        chosen = places if isinstance(places, (set, frozenset)) else set(places)
        for place in former:
            if not any(self._whole(container, chosen)
                       for container in self.history.containers(place)):
                period = self.history.former(place)
                yield place, (period.population or 0) if period else 0

    def _whole(self, place: str, places: set[str] | frozenset[str]) -> bool:
        """Whether a place is counted whole in a set: itself, or (a city) all its
        arrondissements."""
        return place in places or all(p in places for p in self._split.get(place, (None,)))

    @cached_property
    def _split(self) -> dict[str, tuple[str, ...]]:
        """Paris, Lyon, Marseille: their arrondissements, in code order."""
        split: dict[str, list[str]] = defaultdict(list)
        for code, row in sorted(self._arrondissements.items()):
            split[row[1]].append(code)
        return {k: tuple(v) for k, v in split.items()}

    def _places(self, communes: Iterable[str]) -> tuple[str, ...]:
        split = self._split
        return tuple(p for c in communes for p in split.get(c, (c,)))

    def _group_places(self, column: int) -> dict[str, tuple[str, ...]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for code, row in self._communes.items():
            groups[row[column]].append(code)
        return {k: self._places(v) for k, v in groups.items()}

    @cached_property
    def _places_by_departement(self) -> dict[str, tuple[str, ...]]:
        return self._group_places(1)

    @cached_property
    def _places_by_region(self) -> dict[str, tuple[str, ...]]:
        return self._group_places(2)

    def member_communes(self, body: Body) -> tuple[str, ...]:
        """The member communes of an EPCI, an EPT or the Métropole de Lyon."""
        table = {"epci": self._epci, "ept": self._ept, "collectivite": self._collectivites}
        row = table[body.type].get(body.code) if body.type in table else None
        return tuple(row[2]) if row else ()

    def former_kind(self, code: str) -> str | None:
        """What a code that is no commune today is: commune-deleguee, commune-associee or
        ancien-code."""
        row = self._former.get(code)
        return row[2] if row is not None else None

    def has_merged(self, code: str) -> bool:
        """Whether the commune absorbed others (a commune nouvelle or an association)."""
        return code in self._merged

    @cached_property
    def _merged(self) -> frozenset[str]:
        found = {row[1] for row in self._former.values() if row[2] != "ancien-code"}
        return frozenset(found | set(self._old_names))

    def commune_of(self, place: str) -> str:
        """The commune a place belongs to (itself, an arrondissement's city, or a commune of the
        past's code)."""
        arr = self._arrondissements.get(place)
        return arr[1] if arr is not None else place.partition("@")[0]

    def departements_of(self, body: Body) -> Counter[str]:
        """How many of the body's communes lie in each département."""
        communes = {self.commune_of(place) for place in self.territory(body)}
        return Counter(departement_of(code) for code in communes)

    def communes_with_epci(self) -> list[tuple[str, str, str, str]]:
        """Every current commune: code, name, département, SIREN of its EPCI (or "")."""
        epci_of = {commune: siren for siren, row in self._epci.items() for commune in row[2]}
        return [(code, row[0], row[1], epci_of.get(code, "")) for code, row in self._communes.items()]

    def commune_codes(self) -> list[str]:
        return list(self._communes)

    def codes(self, type_: str) -> list[str]:
        """The code of every body of that type today: the councils a reader may look for (an
        arrondissement grouped with another into one sector counts once, by the sector's code)."""
        if type_ == "commune":
            return list(self._communes)
        if type_ == "arrondissement":
            grouped = {second for _, second in law.MARSEILLE_SECTORS} | set(law.PARIS_CENTRE[1:])
            return [code for code in self._arrondissements if code not in grouped]
        tables: dict[str, Iterable[str]] = {
            "epci": self._epci, "ept": self._ept, "collectivite": self._collectivites,
            "departement": [*self._departements, law.ALSACE], "region": self._regions,
            "com": self._com}
        return sorted(tables.get(type_, ()))


@cache
def referential() -> Referential:
    """The referential shipped with the package (loaded once per process)."""
    text = resources.files("petition.data").joinpath("referentiel.json").read_text("utf-8")
    return Referential(json.loads(text))

