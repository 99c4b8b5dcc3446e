"""A small fuzz campaign over the three doors strangers use (issue 14, item 6): a motion file, a
CSV import, an issue form. Inputs mix ordinary French text with YAML syntax, escapes and the
characters that must never get through. The oracle: no exception escapes, a refused input writes
nothing, what is written validates again, and no smuggled character is ever written or printed.
Bounded to a few seconds; a longer campaign is run outside the suite."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CAMPAIGN, TODAY, RepoBuilder, motion_data
from petition.core.characters import forbidden_in_file, forbidden_in_value, shown
from petition.core.repository import analyse, load_repository
from petition.core.yamlstrict import YamlError, load_bytes
from petition.exchange.csvformats import TEMPLATE_COLUMNS
from petition.exchange.importer import import_csv
from petition.exchange.writer import dump_motion
from petition.intake.fromissue import intake, write_motion
from petition.intake.issueform import FIELDS

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
SMUGGLED = ["\\u202E", "\\0", "\\x85", "\\e]0;x\\a", "\\e[2K\\r", "\\N", "\\L", "\\u200B",
            "\\uFEFF", "\\uE000", "\\uFFFE", "\\t", "\\n", "\\r", "\\U000E0041", "\\_"]
RAW = ["\u202e", "\x00", "\x85", "\x1b[32m", "\r", "\u2028", "\u200b", "\ufeff", "\ue000", "\t",
       "\n", "\ufffe", "\u00ad"]
ORDINARY = ["Lens", "motion", "adoptee", "62498", "2023-09-27", "14:00", "é", "« »", " ", ": ",
            "- ", "#", "'", '"', "[", "{", "&a", "*a", "!!str", "|", ">", "---", "=1+1", "%",
            "https://x.fr/a.pdf", "\u00a0", "\u202f", "œ", "🙂"]
TEXT = st.lists(st.sampled_from(ORDINARY + RAW), max_size=6).map("".join)
ESCAPED = st.lists(st.sampled_from(ORDINARY[:10] + SMUGGLED), max_size=5).map("".join)


def all_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *all_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in all_strings(v)]
    return []


def assert_clean_text(text: str) -> None:
    """What a command would print: one line per problem, nothing active for a terminal."""
    assert shown(text, one_line=False) == text


def new_repo() -> tuple[tempfile.TemporaryDirectory[str], RepoBuilder]:
    folder = tempfile.TemporaryDirectory()
    return folder, RepoBuilder(Path(folder.name) / "depot")


# --- the loader ---------------------------------------------------------------------------------
FIELD_LINES = st.sampled_from(["objet", "nature", "instance", "seance:\n  heure", "texte", "notes",
                               "collectivite:\n  nom", '"cle', "sources:\n  - url"])


@FUZZ
@given(field=FIELD_LINES, escaped=ESCAPED, raw=TEXT,
       style=st.sampled_from(['"{}"', "'{}'", "{}", "|\n  {}"]))
def test_loader_never_lets_a_smuggled_character_through(field: str, escaped: str, raw: str,
                                                        style: str) -> None:
    if field.startswith('"'):  # a double-quoted key holding the escapes
        line = f'{field}{escaped}": 1'
    else:
        line = f"{field}: {style.format(escaped if style == chr(34) + '{}' + chr(34) else raw)}"
    text = f"campagne: {CAMPAIGN}\nnature: motion\n{line}\n"
    try:
        loaded = load_bytes(text.encode("utf-8", "surrogatepass"))
    except YamlError as error:
        assert error.line >= 1
        assert_clean_text(shown(error.message))
        return
    for string in all_strings(loaded.data):
        assert forbidden_in_value(string, multiline=True) is None, repr(string)
    _, _, problems = analyse("motion", f"motions/{CAMPAIGN}/x.yml", text.encode(), TODAY)
    for problem in problems:
        line = problem.text()
        assert "\n" not in line and forbidden_in_file(line) is None


@FUZZ
@given(texte=TEXT, notes=TEXT, objet=TEXT)
def test_the_writer_writes_only_what_reads_back(texte: str, objet: str, notes: str) -> None:
    data = motion_data(texte=texte or "x", objet=objet or "xyz", notes=notes)
    try:
        text = dump_motion(data)
    except ValueError:  # a character the loader refuses: never written
        assert any(forbidden_in_value(s, multiline=True) is not None for s in all_strings(data))
        return
    assert forbidden_in_file(text) is None
    assert load_bytes(text.encode()).data == data


# --- the CSV import -----------------------------------------------------------------------------
CELLS = st.fixed_dictionaries({
    "type": st.sampled_from(["commune", "epci", "Commune", "", "région"]),
    "code": st.sampled_from(["62498", "62510", "62119", "246200364", "6249", "", "99999"]),
    "nom": st.one_of(st.just(""), TEXT),
    "date": st.sampled_from(["2023-09-27", "2023-10-05", "27/09/2023", "", "2023-02-30"]),
    "nature": st.sampled_from(["motion", "voeu", "Vœu", "", "x"]),
    "objet": st.one_of(st.just("Motion pour la CAN"), TEXT),
    "effectif": st.sampled_from(["", "39", "-1", "abc", "3" * 30]), "presents": st.just(""),
    "pouvoirs": st.just(""), "pour": st.sampled_from(["", "37", "0"]), "contre": st.just(""),
    "abstentions": st.just(""), "resultat": st.sampled_from(["adoptee", "rejetee", "", "oui"]),
    "url": st.sampled_from(["", "https://x.fr/a.pdf", "javascript:alert(1)", "https://x.fr/\n"]),
})


def csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@FUZZ
@given(rows=st.lists(CELLS, min_size=1, max_size=4), delimiter=st.sampled_from([",", ";"]))
def test_import_writes_only_valid_clean_files(rows: list[dict[str, str]], delimiter: str) -> None:
    folder, repo = new_repo()
    with folder:
        lines = [delimiter.join(TEMPLATE_COLUMNS)]
        lines += [delimiter.join(csv_cell(row[c]) for c in TEMPLATE_COLUMNS) for row in rows]
        raw = ("\n".join(lines) + "\n").encode("utf-8")
        report = import_csv(load_repository(repo.root, today=TODAY), raw, "f.csv", CAMPAIGN,
                            today=TODAY)
        refused = set(report.refused)
        written = sorted(p for p in (repo.root / "motions" / CAMPAIGN).iterdir()
                         if p.name != "campagne.yml")
        assert len(written) == len(report.written)
        assert len(written) <= len(rows) - len(refused & set(range(2, len(rows) + 2)))
        for path in written:
            content = path.read_bytes()
            assert forbidden_in_file(content.decode()) is None
            _, _, problems = analyse("motion", path.relative_to(repo.root).as_posix(), content,
                                     TODAY)
            assert not [p for p in problems if p.is_error]
        for problem in report.problems:
            assert_clean_text(problem.text())
            assert "\n" not in problem.text()


# --- the issue form -----------------------------------------------------------------------------
ANSWERS = {
    "type": st.sampled_from(["Commune", "commune", "Région", "", "x"]),
    "code": st.sampled_from(["62510", "62 510", "", "99999", "62510\n62498"]),
    "nom": st.one_of(st.just("Liévin"), TEXT),
    "campagne": st.sampled_from([CAMPAIGN, "inconnue", "../x", ""]),
    "date": st.sampled_from(["12/10/2023", "2023-10-12", "2" * 300, ""]),
    "nature": st.sampled_from(["Motion", "Vœu", ""]),
    "objet": st.one_of(st.just("Motion pour la CAN"), TEXT),
    "resultat": st.sampled_from(["Adoptée", "Adoptée à l'unanimité", "Rejetée", ""]),
    "texte": TEXT, "url": st.sampled_from(["", "https://x.fr/a.pdf", "https://x.fr/a\u202e"]),
    "publication": st.sampled_from(["- [X] J'accepte que ces informations soient publiées", ""]),
}


@FUZZ
@given(answers=st.fixed_dictionaries(ANSWERS), write=st.booleans())
def test_issue_form_writes_only_valid_clean_files(answers: dict[str, str], write: bool) -> None:
    labels = {f.key: f.label for f in FIELDS}
    body = "\n\n".join(f"### {labels[key]}\n\n{value or '_No response_'}"
                       for key, value in answers.items())
    event = json.dumps({"issue": {"number": 3, "body": body}}).encode()
    folder, repo = new_repo()
    with folder:
        result = intake(event, repo.root, dt.date(2026, 11, 22))
        target = None
        if result.ok and write:
            target = write_motion(result, repo.root)
        files = sorted(p for p in (repo.root / "motions").rglob("*.yml") if p.name != "campagne.yml")
        if not (result.ok and write):
            assert files == []
            for problem in result.problems:
                assert forbidden_in_value(problem.message) is None
            return
        assert files == [target]
        content = files[0].read_bytes()
        assert forbidden_in_file(content.decode()) is None
        _, _, problems = analyse("motion", result.rel, content, TODAY)
        assert not [p for p in problems if p.is_error]
