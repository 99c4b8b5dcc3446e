"""Hostile characters (issue 14, hazards 18 and 22): what a YAML escape, a CSV cell or an issue
form may smuggle is refused wherever it enters, one-line fields hold one line, patterns and URIs
are strict, and nothing a contributor wrote reaches a terminal unescaped."""

from __future__ import annotations

import json
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CAMPAIGN, TODAY, RepoBuilder, motion_data
from petition.core import characters
from petition.core.characters import json_text, shown, value_problem
from petition.core.repository import load_repository
from petition.core.schemas import flat_schema, format_checker, is_multiline, python_pattern, schema
from petition.core.yamlstrict import YamlError, load_bytes
from petition.exchange.writer import dump_motion
from petition.site.context import Settings
from petition.site.pages import generate

LENS = f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/motion.schema.json\n"
VALID_TAIL = ("collectivite:\n  type: commune\n  code: '62498'\n  nom: Lens\n"
              "seance:\n  date: '2023-09-27'\nvote:\n  resultat: adoptee\n")


def motion_text(*lines: str, nature: str = "nature: motion",
                objet: str = "objet: Motion pour les bibliothèques") -> str:
    return "\n".join([SCHEMA_LINE + f"campagne: {CAMPAIGN}", nature, objet, *lines]) + "\n" \
        + VALID_TAIL


# --- the classes of characters ----------------------------------------------------------------
def expected_set() -> set[int]:
    """Cc, Cf, Co, Cs, Zl, Zp and the non-characters, from this Python's Unicode database."""
    found = {cp for cp in range(0x110000)
             if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")}
    found |= set(range(0xFDD0, 0xFDF0))
    found |= {plane * 0x10000 + last for plane in range(17) for last in (0xFFFE, 0xFFFF)}
    return found


def test_classes_are_every_control_format_private_separator_and_noncharacter() -> None:
    expected = expected_set()
    refused = {cp for cp in range(0x110000) if shown(chr(cp)) != chr(cp)}
    assert refused == expected
    in_values = {cp for cp in range(0x110000)
                 if characters.forbidden_in_value(chr(cp), multiline=True) is not None}
    assert in_values == expected - {0x0A, 0x09}


def test_no_break_spaces_and_letters_are_kept() -> None:
    text = "Lens\u00a0: 34\u202f969 habitants, « œuvre » 🙂 Ω"
    assert shown(text) == text
    assert value_problem(text) == ""


# --- YAML escapes (issue 14, item 1: the literal reproducers) ---------------------------------
def test_bidi_nul_nel_and_escape_through_yaml_escapes_are_refused(repo: RepoBuilder) -> None:
    repo.write(LENS, motion_text(objet=r'objet: "\u202Egnp.exe \0 \x85 \e]0;x\a"'))
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{LENS}:4: caractère de contrôle bidirectionnel interdit (U+202E RIGHT-TO-LEFT OVERRIDE) "
        "dans « objet » : supprimez-le, il peut masquer ou inverser le texte affiché (écrivez le "
        "texte lui-même, sans séquence « \\ »)\n")


def test_a_green_lie_never_reaches_the_terminal(repo: RepoBuilder) -> None:
    repo.write(LENS, motion_text(nature=r'nature: "\e[2K\r\e[32mtout est valide"'))
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{LENS}:3: caractère de contrôle interdit (U+001B) dans « nature » : supprimez-le, il "
        "peut masquer ou inverser le texte affiché (écrivez le texte lui-même, sans séquence "
        "« \\ »)\n")
    for fmt in ("text", "json", "github"):
        output = repo.run("validate", "--format", fmt).output
        assert "\x1b" not in output and "\r" not in output


@pytest.mark.parametrize("escape, code", [
    (r"\0", "U+0000"), (r"\a", "U+0007"), (r"\e", "U+001B"), (r"\r", "U+000D"),
    (r"\x85", "U+0085"), (r"\N", "U+0085"), (r"\L", "U+2028"), (r"\P", "U+2029"),
    (r"\u200B", "U+200B"), (r"\u2066", "U+2066"), (r"\uFEFF", "U+FEFF"), (r"\uE000", "U+E000"),
    (r"\U000F0000", "U+F0000"), (r"\uFFFE", "U+FFFE"), (r"\uFDD0", "U+FDD0"),
    (r"\U000E0041", "U+E0041"), (r"\u00AD", "U+00AD"),
])
def test_every_escape_of_a_forbidden_character_is_refused(escape: str, code: str) -> None:
    for text in (f'objet: "a{escape}b"\n', f'"a{escape}b": 1\n', f'liste: ["x", "a{escape}b"]\n',
                 f'"a{escape}b"\n'):
        with pytest.raises(YamlError) as error:
            load_bytes(text.encode())
        assert f"({code}" in error.value.message
        assert error.value.line == 1


def test_a_key_never_holds_a_newline() -> None:
    with pytest.raises(YamlError) as error:
        load_bytes(b'"objet\\n": x\n')
    assert error.value.message.startswith("retour à la ligne interdit (U+000A) dans la clé "
                                          "« objet\\x0a »")


# --- one-line fields and patterns (items 1 and 3) ---------------------------------------------
@pytest.mark.parametrize("line, field, label", [
    ('seance:\n  date: "2023-09-27"\n  heure: "14:00\\n"', "seance.heure", "Heure"),
    ('sources:\n  - url: "https://www.exemple.fr/lens.pdf\\n"', "sources.0.url", "Adresse web"),
    ('instance: "Conseil\\tmunicipal"', "instance", "Instance"),
    ('identifiant: "DEL-12\\n"', "identifiant", "Identifiant de l'acte"),
])
def test_one_line_fields_refuse_newlines_and_tabs(repo: RepoBuilder, line: str, field: str,
                                                  label: str) -> None:
    text = motion_text(line).replace(VALID_TAIL, VALID_TAIL.replace(
        "seance:\n  date: '2023-09-27'\n", "")) if "seance" in line else motion_text(line)
    repo.write(LENS, text)
    result = repo.run("validate")
    assert result.exit_code == 1
    what = "tabulation" if "\\t" in line else "retour à la ligne"
    assert [row.split(": ", 1)[1] for row in result.stdout.splitlines()
            if "avertissement" not in row] == [
        f"« {field} » ({label}) : {what} interdit : ce champ tient sur une seule ligne ; un "
        "texte sur plusieurs lignes n'est permis que dans les champs de texte long (texte, "
        "notes, demandes…)"]


def test_siret_with_a_final_newline_is_refused(repo: RepoBuilder) -> None:
    repo.write(LENS, motion_text().replace("  nom: Lens\n", '  nom: Lens\n  siret: "21620498200013\\n"\n'))
    result = repo.run("validate")
    assert result.exit_code == 1
    assert "« collectivite.siret » (SIRET) : retour à la ligne interdit" in result.stdout


def test_multi_line_texts_keep_newlines_and_tabs(repo: RepoBuilder) -> None:
    repo.add(motion_data(texte="Premier paragraphe.\n\n\tSecond, indenté.", notes="a\nb",
                         demandes=["Demande\nsur deux lignes"]))
    assert repo.run("validate").exit_code == 0


def test_multi_line_fields_come_from_the_schemas() -> None:
    def walk(node: dict[str, Any], path: tuple[str | int, ...] = ()) -> set[tuple[str | int, ...]]:
        found = {path} if node.get("x-multiline") else set()
        for name, sub in node.get("properties", {}).items():
            found |= walk(sub, (*path, name))
        if isinstance(node.get("items"), dict):
            found |= walk(node["items"], (*path, 0))
        return found

    assert walk(flat_schema("motion")) == {("texte",), ("notes",), ("demandes", 0)}
    assert walk(flat_schema("campaign")) == {("texte",), ("resume",), ("contexte",), ("notes",),
                                             ("demandes", 0)}
    assert is_multiline("motion", ("texte",)) and not is_multiline("motion", ("objet",))


@pytest.mark.parametrize("pattern, expected", [
    ("^[0-9]{14}$", r"^[0-9]{14}\Z"),
    ("^([0-9]{2}|2[AB])[0-9]{3}$|^[0-9]{9}$", r"^([0-9]{2}|2[AB])[0-9]{3}\Z|^[0-9]{9}\Z"),
    ("^[$]a\\$$", "^[$]a\\$\\Z"),
])
def test_python_patterns_end_at_the_end(pattern: str, expected: str) -> None:
    assert python_pattern(pattern) == expected


def test_every_schema_pattern_is_newline_safe() -> None:
    import re

    def patterns(node: Any) -> list[str]:
        if isinstance(node, dict):
            return [v for k, v in node.items() if k == "pattern"] + \
                [p for v in node.values() for p in patterns(v)]
        return [p for v in node for p in patterns(v)] if isinstance(node, list) else []

    for kind in ("motion", "campaign"):
        for pattern in patterns(schema(kind)):
            compiled = re.compile(python_pattern(pattern))
            for example in ("62498", "2023-09-27", "14:00", "https://x.fr/a", "9.4", CAMPAIGN,
                            "PREF062", "21620498200013", "documents/a.pdf", "DEL-1", "a" * 64):
                if compiled.search(example):
                    assert not compiled.search(example + "\n"), (pattern, example)


def test_uris_are_checked_strictly() -> None:
    checker = format_checker()
    assert checker.conforms("https://www.exemple.fr/a.pdf?x=1#p", "uri")
    for bad in ("https://www.exemple.fr/a.pdf\n", "https://exe mple.fr/", "pas une adresse",
                "https://exemple.fr/\u202e"):
        assert not checker.conforms(bad, "uri"), bad


# --- CSV cells, issue forms (item 1) ----------------------------------------------------------
def test_csv_cell_with_a_control_character_is_refused(repo: RepoBuilder, tmp_path: Path) -> None:
    header = "type,code,nom,date,nature,objet,effectif,presents,pouvoirs,pour,contre,abstentions,resultat,url"
    (tmp_path / "f.csv").write_text(
        f"{header}\ncommune,62498,Lens,2023-09-27,motion,\"Motion\x1b[32m ok\",,,,,,,adoptee,\n",
        "utf-8")
    result = repo.run("import", str(tmp_path / "f.csv"), "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert result.stdout == (f"{tmp_path / 'f.csv'}:2: colonne « objet » : caractère de contrôle "
                             "interdit (U+001B) : supprimez-le, il peut masquer ou inverser le "
                             "texte affiché\n")
    assert not (repo.root / LENS).exists()


# --- the writer (item 1) ----------------------------------------------------------------------
def test_writer_never_writes_what_its_loader_refuses() -> None:
    for value in ("a\nb\x85c", "a\u2028b", "\u202egnp.exe", "x\x00"):
        with pytest.raises(ValueError, match="valeur impossible à écrire"):
            dump_motion(motion_data(texte=value))


# Every non-character is refused (U+FDD0–U+FDEF and the last two of each plane, U+1FFFE too).
ALLOWED = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Co", "Cs", "Zl", "Zp"))
                  .filter(lambda c: characters.forbidden_in_value(c) is None)
                  | st.sampled_from(["\n", "\t", " ", "'", '"', "#", ":", "-", "\\", "\u00a0"]),
                  max_size=40)


@given(ALLOWED, ALLOWED)
def test_what_the_writer_writes_reads_back_identical(texte: str, objet: str) -> None:
    data = motion_data(texte=texte or "x", objet=objet.replace("\n", " ").replace("\t", " ") or "x")
    text = dump_motion(data)
    assert characters.forbidden_in_file(text) is None
    assert "\x85" not in text
    assert load_bytes(text.encode()).data == data


# --- what reaches a terminal (item 1) ---------------------------------------------------------
def test_shown_escapes_controls_and_keeps_lines_when_asked() -> None:
    assert shown("a\x1b[2K\r\u202eb\n") == "a\\x1b[2K\\x0d\\u202eb\\x0a"
    assert shown("a\r\nb\tc\rd\x1b", one_line=False) == "a\r\nb\tc\\x0dd\\x1b"
    assert shown("\U000f0000") == "\\U000f0000"


def test_json_output_escapes_and_reads_back() -> None:
    value = {"a": "\x1b[2K\r\u202e\U000f0001\x85\u2028é\n"}
    text = json_text(value)
    assert json.loads(text) == value
    assert shown(text, one_line=False) == text


def test_problem_lines_are_one_line_whatever_they_quote(repo: RepoBuilder) -> None:
    repo.write(LENS, motion_text().replace("resultat: adoptee", 'resultat: "adoptee\\n\\n::error::faux"'))
    for fmt in ("text", "github"):
        result = repo.run("validate", "--format", fmt)
        assert result.exit_code == 1
        errors = [row for row in result.stdout.splitlines() if "aucune source" not in row]
        assert len(errors) == 1
        assert "\n::error::faux" not in result.stdout


def test_the_cli_prints_only_through_echo() -> None:
    """`click.echo` appears only where the one escaping printer is defined."""
    cli = Path(__file__).resolve().parent.parent / "scripts" / "petition" / "cli"
    users = sorted(p.name for p in cli.glob("*.py") if "click.echo(" in p.read_text("utf-8"))
    assert users == ["base.py"]


# --- the feed stays XML (item 1) --------------------------------------------------------------
def test_feed_stays_xml_whatever_the_input(repo: RepoBuilder) -> None:
    repo.add(motion_data(objet="<script>&amp; ]]> \u00a0« » 🙂 \\e \\x85 ok"))
    repo.write(f"motions/{CAMPAIGN}/commune-62510-lievin-2023-10-05.yml",
               motion_text(objet=r'objet: "\u202Egnp.exe \0 \x85 \e]0;x\a"')
               .replace("62498", "62510").replace("Lens", "Liévin").replace("2023-09-27", "2023-10-05"))
    loaded = load_repository(repo.root, today=TODAY)
    settings_ = Settings(site_name="Motions", site_url="https://exemple.fr/motions/",
                         edit_base="https://github.com/x/y/edit/main/", today=TODAY)
    feed = generate(loaded, settings_)["feed.xml"]
    assert isinstance(feed, bytes)
    root = ET.fromstring(feed)
    summaries = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}summary")]
    # French spacing as everywhere on the site (typography.spacing), the text otherwise kept.
    assert summaries == [f"{loaded.campaigns[CAMPAIGN].title}. Séance du 27\u00a0septembre "
                         "2023. Objet\u202f: <script>&amp; ]]> \u00a0«\u00a0» 🙂 \\e \\x85 ok. "
                         "Résultat\u202f: Adoptée\u202f: 37\u00a0voix pour, 0\u00a0contre, "
                         "0\u00a0abstention."]


# --- petition new (item 1) ----------------------------------------------------------------------
def test_new_asks_again_for_an_answer_with_a_control_character() -> None:
    from petition.intake.newmotion import check_answer

    assert check_answer("objet", "Motion\x1b[32m ok") == (
        "caractère de contrôle interdit (U+001B) : supprimez-le, il peut masquer ou inverser le "
        "texte affiché")
    assert check_answer("objet", "Motion « CAN » ok") == ""


def test_new_refuses_a_smuggled_character_given_as_option(repo: RepoBuilder) -> None:
    result = repo.run("new", "--campaign", CAMPAIGN, "--type", "commune", "--code", "62498",
                      "--date", "2023-09-27", "--nature", "motion", "--objet",
                      "\u202egnp.exe Motion", "--resultat", "adoptee", "--no-input")
    assert result.exit_code == 1
    assert "\u202e" not in result.output
    assert result.stderr.splitlines()[0] == (
        "petition new:1: « objet » : caractère de contrôle bidirectionnel interdit (U+202E "
        "RIGHT-TO-LEFT OVERRIDE) : supprimez-le, il peut masquer ou inverser le texte affiché")
    assert not (repo.root / LENS).exists()


@pytest.mark.parametrize("fmt", ["csv", "scdl", "json"])
def test_exports_never_carry_a_smuggled_character(repo: RepoBuilder, fmt: str) -> None:
    repo.add(motion_data(identifiant="2023-118",
                         collectivite={"type": "commune", "code": "62498", "nom": "Lens",
                                       "siret": "21620498200013"}))
    repo.write(f"motions/{CAMPAIGN}/commune-62510-lievin-2023-10-05.yml",
               motion_text(objet=r'objet: "\u202Egnp.exe \0 \x85 \e]0;x\a"',
                           nature=r'nature: "\e[2K\r\e[32mtout est valide"')
               .replace("62498", "62510").replace("Lens", "Liévin").replace("2023-09-27", "2023-10-05"))
    result = repo.run("export", "--format", fmt)
    assert result.exit_code == 1  # the hostile file is in error, left out
    assert "Lens" in result.stdout and "Liévin" not in result.stdout
    assert characters.forbidden_in_file(result.stdout.replace("\ufeff", "", 1)) is None
