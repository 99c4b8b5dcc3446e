"""Postal codes of the communes (from the same pinned referential release as the communes, see
tools/build_postcodes.py): people often know their town's postal code better than its INSEE code,
and type it where the official code is asked (62440 is Harnes' postal code, and the INSEE
code of Hermies). This module says which communes a postal code serves."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def _communes_by_postcode() -> dict[str, tuple[str, ...]]:
    text = resources.files("petition.data").joinpath("codes-postaux.json").read_text("utf-8")
    table: dict[str, list[str]] = {}
    for insee, postcodes in json.loads(text)["codes_postaux"].items():
        for postcode in postcodes.split():
            table.setdefault(postcode, []).append(insee)
    return {postcode: tuple(sorted(codes)) for postcode, codes in table.items()}


def communes_of_postcode(postcode: str) -> tuple[str, ...]:
    """The INSEE codes of the current communes that postal code serves (none if it is not one)."""
    return _communes_by_postcode().get(postcode.strip(), ())
