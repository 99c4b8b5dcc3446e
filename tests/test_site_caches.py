"""What the site's generation keeps from one build to the next in a process (`mkdocs serve`, the
suite's builds): each kept result is used only for the same input, and a changed input misses it.
The tests that prove a result deterministic compute it again with nothing kept."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import os
from typing import Any

import jinja2
import pytest
from pypdf import PdfReader

from conftest import CAMPAIGN, TODAY, RepoBuilder, motion_data
from petition.core.referential import referential
from petition.core.repository import load_repository
from petition.letters import compose_letters, pdf
from petition.site import preview, search
from petition.site.context import Site
from petition.site.plugin import TEMPLATES, PetitionPlugin
from test_site import SETTINGS


def _search_files(root: os.PathLike[str]) -> dict[str, str | bytes]:
    return search.pages(Site(load_repository(root), SETTINGS))


def _row(files: dict[str, str | bytes], code: str) -> list[object]:
    """The row of the commune of that INSEE code, in the file of its postal and INSEE codes."""
    keys = [p.removeprefix(f"{search.CODES_DIR}/").removesuffix(".json") for p in files
            if p.startswith(f"{search.CODES_DIR}/")]
    found = search.file_of(code, keys)
    rows = json.loads(files[f"{search.CODES_DIR}/{found}.json"])
    return next(r for r in rows if r[:2] == ["commune", code])


def test_the_search_index_kept_for_a_referential_follows_the_motions(repo: RepoBuilder) -> None:
    first = _search_files(repo.root)
    assert _search_files(repo.root) == first
    # A motion of a council that had none: its row, and only what holds it, changes.
    repo.add(motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin"},
                         seance={"date": "2023-10-16"}))
    kept = _search_files(repo.root)
    search.static.cache_clear()
    assert _search_files(repo.root) == kept  # what nothing was kept for computes
    campaign = [c[0] for c in json.loads(kept[search.INDEX])["campagnes"]].index(CAMPAIGN)
    assert _row(first, "62510")[7] == []
    assert _row(kept, "62510")[7] == [[campaign, 1, "2023-10-16",
                                       "commune-62510-lievin-2023-10-16"]]
    changed = {path for path in first if first[path] != kept[path]}
    assert changed and all(b"62510" in kept[path] for path in changed if path != search.INDEX)


def test_a_few_motions_give_the_index_every_row_computed_gives(repo: RepoBuilder,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    repo.add(motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin"},
                         seance={"date": "2023-10-16"}))
    kept = search.static(referential())
    for cuts in kept.cuts:
        cuts.clear()
    few = _search_files(repo.root)
    assert kept.cuts[0] and kept.cuts[1]  # made from the kept rows, their cuts kept
    monkeypatch.setattr(search, "FEW", 10**9)  # as if every council had a motion
    assert _search_files(repo.root) == few


def test_a_weight_is_kept_for_its_content_only() -> None:
    sizes = search.Sizes()
    rows = [json.dumps([i, "Saint-Étienne-du-Rouvray" * (i % 7), "62"]).encode() for i in range(3000)]
    data = b"[" + b",".join(rows) + b"]"
    assert not search.fits(len(data), search.FILE_LIMIT)
    assert sizes.weigh(rows, search.FILE_LIMIT) == len(gzip.compress(data, 6, mtime=0))
    other = [*rows[:-1], json.dumps([1, os.urandom(64).hex()]).encode()]
    assert sizes.weigh(other, search.FILE_LIMIT) == len(
        gzip.compress(b"[" + b",".join(other) + b"]", 6, mtime=0))
    assert sizes.weigh(rows, search.FILE_LIMIT) == len(gzip.compress(data, 6, mtime=0))


def test_what_fits_unweighed_fits_gzipped() -> None:
    # Incompressible bytes, the worst case: what `fits` lets through unweighed is never over.
    for limit in (100, 2_000, search.FILE_LIMIT):
        size = max(n for n in range(limit) if search.fits(n, limit))
        assert len(gzip.compress(os.urandom(size), 6, mtime=0)) <= limit
        assert not search.fits(limit, limit)


def test_a_template_is_compiled_once_per_process_and_again_when_it_changes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str | None] = []
    compile_ = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: Any, name: str | None = None,
                 *args: Any, **kwargs: Any) -> Any:
        compiled.append(name)
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    TEMPLATES.clear()
    plugin = PetitionPlugin()
    sources = {"page.html": "{{ titre }} !"}

    def render() -> str:
        env = plugin.on_env(jinja2.Environment(loader=jinja2.DictLoader(sources)),
                            config=None, files=None)  # type: ignore[arg-type]
        assert env.bytecode_cache is TEMPLATES
        return env.get_template("page.html").render(titre="Motions")

    assert render() == "Motions !"
    assert render() == "Motions !"  # another build's environment: not compiled again
    assert compiled == ["page.html"]
    sources["page.html"] = "{{ titre }} ?"
    assert render() == "Motions ?"
    assert compiled == ["page.html", "page.html"]


def test_a_letter_is_rendered_once_per_process_and_again_when_it_changes(
        repo: RepoBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    letter = compose_letters(load_repository(repo.root), CAMPAIGN, today=TODAY)[0]
    monkeypatch.setattr(pdf, "_RENDERED", {})
    first = pdf.render_pdf(letter)
    assert pdf.render_pdf(dataclasses.replace(letter)) is first  # an equal letter: kept
    changed = dataclasses.replace(letter, subject="Un autre objet")
    again = pdf.render_pdf(changed)
    assert again != first
    assert again == pdf._render_pdf(changed)
    assert "Un autre objet" in PdfReader(io.BytesIO(again)).pages[0].extract_text()


def test_a_picture_is_drawn_once_per_process_and_again_when_its_figures_change() -> None:
    preview._picture.cache_clear()
    figures = {"collectivites": 3, "population_couverte": 12_000}
    first = preview.picture("exemple.fr", "Motions", figures, "ont adopté la motion")
    assert preview.picture("exemple.fr", "Motions", {**figures, "communes": 2},
                           "ont adopté la motion") is first  # what the picture does not show
    again = preview.picture("exemple.fr", "Motions", {**figures, "collectivites": 4},
                            "ont adopté la motion")
    assert again != first
    assert again == preview._picture.__wrapped__("exemple.fr", "Motions", 4, 12_000,
                                                 "ont adopté la motion")
