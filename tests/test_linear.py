"""Work on one text is linear in its size (issue 14, item 2; hazards 21): each step is run on the
worst case its size cap allows, with a generous bound on time (the issue asks for one; a
quadratic step takes minutes on these inputs: `typeset` took 138 s on the first one)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from petition.core.characters import shown
from petition.core.schemas import schema
from petition.core.yamlstrict import MAX_BYTES, load_bytes
from petition.intake.issueform import MAX_BODY_CHARS, parse_body
from petition.site import escape
from petition.text import french, mdtext

BOUND = 3.0  # seconds; the linear code takes a few hundredths on a 2-core machine
TEXT_CAP = schema("campaign")["properties"]["texte"]["maxLength"]


def worst_cases(size: int) -> dict[str, str]:
    """Runs that make a backtracking pattern rescan the rest of the text at every position."""
    return {
        "point-virgules": "a" + ";" * (size - 2) + "x",
        "deux-points": "a" + ":" * (size - 2) + "x",
        "espaces insécables": "a" + "\u00a0" * (size - 2) + "x",
        "espaces fines": "a " + "\u202f" * (size - 3) + "x",
        "guillemets": '"a' * (size // 2),
        "chevrons": "«" + " " * (size - 2) + "a",
        "lignes": "a\n" * (size // 2),
        "paragraphes": "a\n \n" * (size // 4),
        "titre": "### a" + " " * (size - 6) + "b",
    }


def elapsed(function: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    function(text)
    return time.perf_counter() - start


def test_the_issue_reproducer_typesets_in_linear_time() -> None:
    text = "a" + ";" * 99_998 + "x"
    assert len(text) == TEXT_CAP
    assert elapsed(french.typeset, text) < BOUND


@pytest.mark.parametrize("name", list(worst_cases(10)))
@pytest.mark.parametrize("function", [french.typeset, french.paragraphs, french.clean,
                                      mdtext.inline, escape.paragraphs, escape.text, shown],
                         ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_text_steps_at_the_cap(function: Callable[[str], object], name: str) -> None:
    assert elapsed(function, worst_cases(TEXT_CAP)[name]) < BOUND


@pytest.mark.parametrize("name", list(worst_cases(10)))
def test_issue_form_at_the_cap(name: str) -> None:
    text = worst_cases(MAX_BODY_CHARS)[name]
    assert len(text) <= MAX_BODY_CHARS
    assert elapsed(parse_body, text) < BOUND


def test_the_heading_of_many_spaces_is_still_a_heading() -> None:
    values, _ = parse_body("### Objet" + " " * 50_000 + "\n\nMotion\n")
    assert values["objet"] == ("Motion", 1)


@pytest.mark.parametrize("name", ["point-virgules", "espaces insécables", "lignes", "guillemets"])
def test_loader_at_the_cap(name: str) -> None:
    body = worst_cases(MAX_BYTES // 3)[name].replace("\n", "\n  ")
    raw = f"texte: |\n  {body}\n".encode()
    assert len(raw) <= MAX_BYTES
    assert elapsed(load_bytes, raw) < BOUND


def test_typeset_is_unchanged_on_ordinary_text() -> None:
    assert french.typeset('Il demande : "agir" ; vite!') == \
        "Il demande\u202f: «\u00a0agir\u00a0»\u202f; vite\u202f!"
    assert french.typeset("Quoi ?! « oui »") == "Quoi\u202f?! «\u00a0oui\u00a0»"
    assert french.typeset("a;;;x et b ;; c") == "a;;;x et b\u202f;; c"
    assert french.typeset("14:00 https://x.fr") == "14:00 https://x.fr"
