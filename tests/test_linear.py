"""Work on one text is linear in its size (issue 14, item 2; hazards 21): each step's work, counted
by the interpreter's steps (tests/work.py), at most doubles when its worst case doubles, and the
worst case its size cap allows finishes under a generous hang guard in CPU time (a quadratic step
takes minutes on these inputs: `typeset` took 138 s on the first one). How fast each step is on its
cap is the benchmark's (tools/bench.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, TODAY, RepoBuilder, motion_data
from petition.core.characters import shown
from petition.core.repository import load_repository
from petition.core.schemas import schema
from petition.core.yamlstrict import MAX_BYTES, load_bytes
from petition.exchange.writer import dump_motion
from petition.intake.issueform import MAX_BODY_CHARS, parse_body
from petition.letters import render_letters
from petition.site import escape
from petition.text import french, mdtext
from work import HANG_GUARD, cpu_seconds, steps

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from bench_texts import worst_cases  # tools/ is not a package; the benchmark times these cases

TEXT_CAP = schema("campaign")["properties"]["texte"]["maxLength"]


def linear(function: Callable[[Any], object], make: Callable[[int], Any], size: int) -> None:
    """`function`'s work on `make(2 * size)` is at most twice its work on `make(size)` (plus a
    little: quadratic work would quadruple)."""
    small, large = steps(function, make(size)), steps(function, make(2 * size))
    assert large <= 2.1 * small, (small, large)


def test_the_issue_reproducer_typesets_in_linear_time() -> None:
    text = "a" + ";" * 99_998 + "x"
    assert len(text) == TEXT_CAP
    linear(french.typeset, lambda n: "a" + ";" * n + "x", 5_000)
    assert cpu_seconds(french.typeset, text) < HANG_GUARD


@pytest.mark.parametrize("name", list(worst_cases(10)))
@pytest.mark.parametrize("function", [french.typeset, french.paragraphs, french.clean,
                                      mdtext.inline, escape.paragraphs, escape.text, shown],
                         ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_text_steps_at_the_cap(function: Callable[[str], object], name: str) -> None:
    linear(function, lambda n: worst_cases(n)[name], 5_000)
    assert cpu_seconds(function, worst_cases(TEXT_CAP)[name]) < HANG_GUARD


@pytest.mark.parametrize("name", list(worst_cases(10)))
def test_issue_form_at_the_cap(name: str) -> None:
    text = worst_cases(MAX_BODY_CHARS)[name]
    assert len(text) <= MAX_BODY_CHARS
    linear(parse_body, lambda n: worst_cases(n)[name], 5_000)
    assert cpu_seconds(parse_body, text) < HANG_GUARD


def test_the_heading_of_many_spaces_is_still_a_heading() -> None:
    values, _ = parse_body("### Objet" + " " * 50_000 + "\n\nMotion\n")
    assert values["objet"] == ("Motion", 1)


@pytest.mark.parametrize("name", ["point-virgules", "espaces insécables", "lignes", "guillemets"])
def test_loader_at_the_cap(name: str) -> None:
    body = worst_cases(MAX_BYTES // 3)[name].replace("\n", "\n  ")
    raw = f"texte: |\n  {body}\n".encode()
    assert len(raw) <= MAX_BYTES
    linear(load_bytes, lambda n: f"texte: |\n  {worst_cases(n)[name].replace(chr(10), chr(10) + '  ')}\n"
           .encode(), 5_000)
    assert cpu_seconds(load_bytes, raw) < HANG_GUARD


def test_typeset_is_unchanged_on_ordinary_text() -> None:
    assert french.typeset('Il demande : "agir" ; vite!') == \
        "Il demande\u202f: «\u00a0agir\u00a0»\u202f; vite\u202f!"
    assert french.typeset("Quoi ?! « oui »") == "Quoi\u202f?! «\u00a0oui\u00a0»"
    assert french.typeset("a;;;x et b ;; c") == "a;;;x et b\u202f;; c"
    assert french.typeset("14:00 https://x.fr") == "14:00 https://x.fr"


# --- through the renderers: the site's Markdown and the letters ---------------------------------
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences"]


MARKDOWN_CASES = {"esperluettes": lambda n: "&" * n, "accents graves": lambda n: "`" * n,
                  "crochets": lambda n: "[a]" * (n // 3), "étoiles": lambda n: "*a" * (n // 2),
                  "paragraphes": lambda n: "a\n\n" * (n // 3)}


def site_markdown(text: str) -> str:
    import markdown

    return markdown.markdown(f"# Campagne\n\n{escape.paragraphs(text)}\n\n## Suite\n",
                             extensions=EXTENSIONS)


@pytest.mark.parametrize("name", list(MARKDOWN_CASES))
def test_a_campaign_text_at_the_cap_through_the_sites_markdown(name: str) -> None:
    # Python-Markdown on 100,000 characters; quadratic took 35 s to minutes.
    make = MARKDOWN_CASES[name]
    linear(site_markdown, make, 2_000)
    html = ""

    def render(text: str) -> None:
        nonlocal html
        html = site_markdown(text)

    assert cpu_seconds(render, make(TEXT_CAP)) < HANG_GUARD
    assert html.startswith('<h1 id="campagne">Campagne</h1>\n<div class="petition-texte">\n<p>')
    assert html.endswith('<h2 id="suite">Suite</h2>')


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_the_issue_reproducer_letters_in_linear_time(repo: RepoBuilder, fmt: str) -> None:
    campaign = repo.root / "motions" / CAMPAIGN / "campagne.yml"
    data = load_bytes(campaign.read_bytes()).data
    repo.add(motion_data())

    written: list[dict[str, bytes]] = []

    def letters(size: int) -> None:
        data["texte"] = "a" + ";" * (size - 2) + "x"
        campaign.write_text(dump_motion(data, "campaign"), "utf-8")
        loaded = load_repository(repo.root, today=TODAY)
        assert loaded.errors == []
        written.append(render_letters(loaded, CAMPAIGN, fmt, today=TODAY))

    if fmt == "md":  # the PDF lays out the same composed text (its layout is fpdf2's)
        linear(letters, lambda n: n, 2_000)
    assert cpu_seconds(letters, TEXT_CAP) < HANG_GUARD  # 138 s before
    assert all(written)
