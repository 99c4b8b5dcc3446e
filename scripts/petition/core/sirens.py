"""Whose SIREN is it: the SIREN of every body whose SIREN a source gives, and the body a SIREN
belongs to.

Communes, EPCI, EPT and the Métropole de Lyon carry their SIREN in the referential (an
arrondissement's is its city's: it is not a legal person of its own). Départements, régions and
the collectivités that stand for them have theirs in a table shipped with its source
(`data/sirens.json`, derived by tools/build_sirens.py from a copy of the Sirene register). A body
that no source gives a SIREN (a collectivité d'outre-mer) has none here: a SIRET on its motion is
then checked only against the SIRENs of the other bodies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from petition.core.referential import Body, Referential

TABLE_TYPES = ("departement", "region")


@dataclass(frozen=True)
class Known:
    """A SIREN from the shipped table, held by the council of that code from `since` on."""

    siren: str
    denomination: str
    since: str | None


@cache
def _table() -> dict[tuple[str, str], Known]:
    raw = json.loads(resources.files("petition.data").joinpath("sirens.json").read_text("utf-8"))
    return {(kind, code): Known(e["siren"], e["denomination"], e.get("depuis"))
            for kind in TABLE_TYPES for code, e in raw[kind].items()}


@cache
def _owners() -> dict[str, tuple[str, str]]:
    return {known.siren: key for key, known in _table().items()}


def source() -> str:
    """Where the table comes from (for the Méthode page and messages)."""
    raw = json.loads(resources.files("petition.data").joinpath("sirens.json").read_text("utf-8"))
    return str(raw["source"])


def own_siren(body: Body, date: str | None = None) -> str | None:
    """The body's own SIREN on `date` (None when no source gives it). Without a date, a SIREN held
    only from a given day is not assumed."""
    if body.type not in TABLE_TYPES:
        return body.siren
    known = _table().get((body.type, body.code))
    if known is None or (known.since and (date is None or date < known.since)):
        return None
    return known.siren


def siren_owner(siren: str, ref: Referential, date: str | None = None) -> Body | None:
    """The body whose SIREN `siren` is, by the referential (with a date, also a commune of the
    past) or the shipped table."""
    body = ref.by_siren(siren, date)
    if body is not None:
        return body
    key = _owners().get(siren)
    return ref.body(*key) if key is not None else None
