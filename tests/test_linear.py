"""Work on one text is linear in its size (issue 14, item 2; hazards 21): each step is run on the
worst case its size cap allows, with a generous bound on time (the issue asks for one; a
quadratic step takes minutes on these inputs: `typeset` took 138 s on the first one)."""

from __future__ import annotations

import time
from collections.abc import Callable

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


# --- through the renderers: the site's Markdown and the letters ---------------------------------
MARKDOWN_BOUND = 10.0  # Python-Markdown on 100,000 characters; quadratic took 35 s to minutes
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences"]


@pytest.mark.parametrize("text", ["&" * TEXT_CAP, "`" * TEXT_CAP, "[a]" * (TEXT_CAP // 3),
                                  "*a" * (TEXT_CAP // 2), "a\n\n" * (TEXT_CAP // 3)],
                         ids=["esperluettes", "accents graves", "crochets", "étoiles",
                              "paragraphes"])
def test_a_campaign_text_at_the_cap_through_the_sites_markdown(text: str) -> None:
    import markdown

    page = f"# Campagne\n\n{escape.paragraphs(text)}\n\n## Suite\n"
    start = time.perf_counter()
    html = markdown.markdown(page, extensions=EXTENSIONS)
    assert time.perf_counter() - start < MARKDOWN_BOUND
    assert html.startswith('<h1 id="campagne">Campagne</h1>\n<div class="petition-texte">\n<p>')
    assert html.endswith('<h2 id="suite">Suite</h2>')


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_the_issue_reproducer_letters_in_linear_time(repo: RepoBuilder, fmt: str) -> None:
    campaign = repo.root / "motions" / CAMPAIGN / "campagne.yml"
    data = load_bytes(campaign.read_bytes()).data
    data["texte"] = "a" + ";" * 99_998 + "x"
    campaign.write_text(dump_motion(data, "campaign"), "utf-8")
    repo.add(motion_data())
    loaded = load_repository(repo.root, today=TODAY)
    assert loaded.errors == []
    start = time.perf_counter()
    files = render_letters(loaded, CAMPAIGN, fmt, today=TODAY)
    assert time.perf_counter() - start < 30.0  # 138 s before
    assert files
