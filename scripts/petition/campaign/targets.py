"""What became of a campaign's targets: each council's status, what covers its territory, the figures.

A status is derived from the campaign's motions, never typed: `adoptee` when the council adopted
the text (at least one adopted motion in the campaign), `rejetee` when it voted and every vote it
held rejected it, `en_attente` otherwise. A council that has not voted stays `en_attente` even when
another body's adopted motion covers its territory (a département, its intercommunalité): that
coverage is shown beside the status, naming the bodies, and counted in the figures, never turned
into an adoption it did not vote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from petition.core.model import Motion
from petition.core.referential import TYPES, Body, Referential, normalize_name
from petition.core.targetsfile import TargetList

ADOPTED, REJECTED, PENDING = "adoptee", "rejetee", "en_attente"
STATUSES = (ADOPTED, REJECTED, PENDING)
STATUS_LABELS = {ADOPTED: "adoptée", REJECTED: "rejetée", PENDING: "en attente"}
FULL, PARTIAL = "totale", "partielle"


@dataclass(frozen=True)
class TargetState:
    """A target council and what the campaign's motions say of it."""

    body: Body
    status: str
    session: str | None  # date of the session that decided its status (latest of that result)
    population: int
    departements: tuple[str, ...]  # where its territory lies, most communes first
    coverage: str | None  # FULL or PARTIAL when it did not adopt but others' motions cover it
    covered_population: int  # of its territory, inside adopted motions' territories
    covered_by: tuple[Body, ...]  # the adopting bodies whose territory meets its own

    def row(self) -> dict[str, Any]:
        """One line of `petition targets`: the contract's columns first."""
        return {"type": self.body.type, "code": self.body.code, "nom": self.body.nom,
                "statut": self.status, "seance": self.session,
                "departements": list(self.departements), "population": self.population,
                "couverture": self.coverage, "population_couverte": self.covered_population,
                "couverte_par": [{"type": b.type, "code": b.code, "nom": b.nom}
                                 for b in self.covered_by]}


@dataclass(frozen=True)
class Progress:
    """The targets of one campaign, their states, and the union figures."""

    states: list[TargetState]
    population: int
    covered_population: int

    def count(self, status: str) -> int:
        return sum(s.status == status for s in self.states)

    def figures(self) -> dict[str, int]:
        """The `cibles` key of `petition stats --format json`."""
        return {"total": len(self.states), "adoptees": self.count(ADOPTED),
                "rejetees": self.count(REJECTED), "en_attente": self.count(PENDING),
                "population": self.population, "population_couverte": self.covered_population}


def _territory(ref: Referential, body: Body) -> tuple[str, ...]:
    # The one territory rule of the figures (petition.figures.stats uses the same).
    return ref.territory(body)


def progress(targets: TargetList, motions: Iterable[Motion], ref: Referential) -> Progress:
    """The state of every target of `targets` from the campaign's valid `motions`."""
    campaign = targets.campaign
    adopted: dict[str, tuple[Body, str]] = {}  # body key -> (body, latest adopted session)
    rejected: dict[str, str] = {}
    for motion in motions:
        if motion.campaign != campaign:
            continue
        body = ref.body(motion.body_type, motion.code, motion.date or None)  # its territory then
        if body is None:
            continue
        if motion.adopted:
            known = adopted.get(body.key)
            if known is None or motion.date > known[1]:
                adopted[body.key] = (body, motion.date)
        elif motion.date > rejected.get(body.key, ""):
            rejected[body.key] = motion.date
    # Commune -> the adopting bodies whose territory holds it: one pass over adopted territories,
    # then each target looks up its own communes only.
    holders: dict[str, list[str]] = defaultdict(list)
    for key, (body, _) in adopted.items():
        for commune in _territory(ref, body):
            holders[commune].append(key)
    # A commune of the past that adopted (before its merger) covers a part of today's commune:
    # today's commune -> those places.
    parts: dict[str, list[str]] = defaultdict(list)
    for place in holders:
        today = ref.history.today(place) if "@" in place else None
        if today:
            parts[today].append(place)
    all_targets: set[str] = set()
    all_parts: set[str] = set()
    states = []
    for target in targets.targets:
        body = target.body
        territory = _territory(ref, body)
        all_targets.update(territory)
        if body.key in adopted:
            status, session = ADOPTED, adopted[body.key][1]
        elif body.key in rejected:
            status, session = REJECTED, rejected[body.key]
        else:
            status, session = PENDING, None
        coverage: str | None = None
        covering: tuple[Body, ...] = ()
        within = list(dict.fromkeys(p for c in territory for p in parts.get(ref.commune_of(c), ())))
        all_parts.update(within)
        if status != ADOPTED:
            inside = [c for c in territory if c in holders]
            covered_pop = ref.population(inside + within)
            keys = {k for c in inside + within for k in holders[c]}
            covering = tuple(sorted((adopted[k][0] for k in keys), key=_broadest_first))
            if inside or within:
                coverage = FULL if len(inside) == len(territory) else PARTIAL
        else:
            covered_pop = ref.population(territory)
        spread = sorted(ref.departements_of(body).items(), key=lambda kv: (-kv[1], kv[0]))
        states.append(TargetState(body, status, session, ref.population(territory),
                                  tuple(d for d, _ in spread), coverage, covered_pop, covering))
    covered = {c for c in all_targets if c in holders} | all_parts
    states.sort(key=lambda s: (TYPES.index(s.body.type), normalize_name(s.body.nom), s.body.code))
    return Progress(states, ref.population(all_targets), ref.population(covered))


def _broadest_first(body: Body) -> tuple[int, str, str]:
    return (-TYPES.index(body.type), normalize_name(body.nom), body.code)


def suggest(ref: Referential, *, epci: Iterable[str] = (), departements: Iterable[str] = (),
            regions: Iterable[str] = (), level: str = "commune") -> tuple[list[Body], list[str]]:
    """The communes (or, with level "epci", the intercommunalités) of a set of EPCI, départements
    and régions, sorted by code; and the French reason of each code the referential does not know.
    A starting point for a coordinator's list, never a list by itself: they choose."""
    places: set[str] = set()
    unknown = []
    for type_, codes in (("epci", epci), ("departement", departements), ("region", regions)):
        for code in codes:
            body = ref.body(type_, code)
            if body is None:
                unknown.append(f"{type_} « {code} » inconnu(e) du référentiel officiel")
            else:
                places.update(_territory(ref, body))
    if level == "epci":
        found = {row[3] for row in ref.communes_with_epci() if row[0] in places and row[3]}
        bodies = [ref.body("epci", code) for code in sorted(found)]
    else:  # Paris, Lyon, Marseille: their places are arrondissements, the commune is the city
        bodies = [ref.body("commune", code) for code in sorted({ref.commune_of(p) for p in places})]
    return [b for b in bodies if b is not None], unknown
