"""The schemas themselves: valid Draft 2020-12, documented for contributors, and the fast check
agreeing with the reference validator."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import CAMPAIGN, motion_data
from petition.core.schemas import KINDS, is_valid, schema, validator


def properties(node: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for name, sub in node.get("properties", {}).items():
        yield f"{path}{name}", sub
        yield from properties(sub, f"{path}{name}.")
        if isinstance(sub.get("items"), dict):
            yield from properties(sub["items"], f"{path}{name}[].")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    Draft202012Validator.check_schema(schema(kind))
    assert schema(kind)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_french_title_description_examples(kind: str) -> None:
    missing = [path for path, sub in properties(schema(kind))
               if not all(sub.get(key) for key in ("title", "description", "examples"))]
    assert missing == []


@pytest.mark.parametrize("kind", KINDS)
def test_examples_are_valid_for_their_property(kind: str) -> None:
    root = schema(kind)
    for path, sub in properties(root):
        check = Draft202012Validator({**sub, "$defs": root.get("$defs", {})})
        for example in sub["examples"]:
            assert not list(check.iter_errors(example)), (path, example)


VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 100_001),
                   st.text(max_size=12), st.sampled_from(["2023-02-30", "2023-09-27", "62498",
                                                          "9.4", "adoptee", "https://x.fr/a.pdf",
                                                          "documents/a.pdf", "14:00", "24:00",
                                                          # newlines a Python `$` would let through
                                                          "14:00\n", "62498\n", "9.4\n",
                                                          "21620498200013\n", "2023-09-27\n",
                                                          f"{CAMPAIGN}\n", "PREF062\n"]),
                   # URIs: valid, with a final newline, with a space, not http(s)
                   st.lists(st.fixed_dictionaries({"url": st.sampled_from(
                       ["https://x.fr/a.pdf", "https://x.fr/a.pdf\n", "https://x .fr/",
                        "ftp://x.fr/a", "https://x.fr/\u202e", "http://[::1]/"])}),
                            min_size=1, max_size=2),
                   st.lists(st.text(max_size=3), max_size=2), st.just({}))
PATHS = [("campagne",), ("collectivite", "code"), ("collectivite", "type"), ("nature",),
         ("seance", "date"), ("seance", "heure"), ("vote", "pour"), ("vote", "resultat"),
         ("presences", "effectif"), ("presences", "pouvoirs"), ("matiere",), ("dates", "affichage"),
         ("sources",), ("vote", "unanimite"), ("objet",), ("collectivite", "siret"), ("extra",)]


@given(st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=1, max_size=3))
def test_fast_check_agrees_with_reference_validator(changes: list[tuple[tuple[str, ...], Any]]) -> None:
    data = copy.deepcopy(motion_data(dates={"convocation": "2023-09-20"},
                                     sources=[{"url": "https://www.example.fr/motion.pdf"}]))
    for path, value in changes:
        node = data
        for part in path[:-1]:
            node = node.setdefault(part, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict):
            node[path[-1]] = value
    expected = not list(validator("motion").iter_errors(data))
    assert is_valid("motion", data) == expected


_URIS = ["https://x.fr/a.pdf", "http://[::1]/", "ftp://x.fr", "x", "a:b", "://a", "http://a/%zz",
         "https://x.fr/a%20b", "http://[::1", "https://x.fr/é", "mailto:a@b.fr", "https://a.fr/#x#y"]


@pytest.mark.parametrize("value", _URIS)
def test_address_rule_is_jsonschema_s_own_checker(value: str) -> None:
    """The URI rule asks jsonschema's own checker (its function looked up once), as its
    `conforms` would."""
    from petition.core import schemas

    assert schemas._plain_uri()(value) is schemas._plain_checker().conforms(value, "uri")


def test_without_an_address_checker_every_address_conforms(monkeypatch: pytest.MonkeyPatch) -> None:
    """jsonschema checks URIs only with an optional package installed: without it, its
    `conforms` says yes to any value, and so does the rule."""
    from jsonschema import FormatChecker

    from petition.core import schemas

    monkeypatch.setattr(schemas, "_plain_checker", lambda: FormatChecker(formats=("date",)))
    schemas._plain_uri.cache_clear()
    try:
        assert [schemas._plain_uri()(value) for value in _URIS] == [True] * len(_URIS)
    finally:
        schemas._plain_uri.cache_clear()
