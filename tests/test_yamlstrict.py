"""The strict loader against the literal hostile inputs of hazards.md (1–7)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import motion_data
from petition.core import yamlstrict
from petition.core.yamlstrict import MAX_BYTES, MAX_DEPTH, YamlError, load_bytes
from petition.exchange.writer import dump_motion
from work import HANG_GUARD, cpu_seconds, peak_kib


def refused(raw: bytes) -> YamlError:
    with pytest.raises(YamlError) as info:
        load_bytes(raw)
    return info.value


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """The parser events the loader takes before it answers: what it has read of the file."""
    taken: list[object] = []

    class Counted(yamlstrict._Parser):  # type: ignore[misc, valid-type]
        def get_event(self) -> object:
            event = super().get_event()
            taken.append(event)
            return event

    monkeypatch.setattr(yamlstrict, "_Parser", Counted)
    yield taken


def test_duplicate_keys_name_both_lines() -> None:
    error = refused(b"code: '62498'\nnom: Lens\ncode: '59350'\n")
    assert (error.line, error.message) == (
        3, "clé « code » en double (lignes 1 et 3) : gardez une seule ligne, "
           "YAML ne garderait que la dernière")


def test_duplicate_keys_in_nested_mapping() -> None:
    error = refused(b"vote:\n  pour: 1\n  pour: 2\n")
    assert error.line == 3
    assert "lignes 2 et 3" in error.message


def test_same_key_in_two_mappings_is_fine() -> None:
    assert load_bytes(b"a:\n  x: 1\nb:\n  x: 2\n").data == {"a": {"x": 1}, "b": {"x": 2}}


@pytest.mark.parametrize("raw, line, start", [
    (b"a: &a [1, 2]\nb: *a\n", 1, "ancre YAML « &a » interdite"),
    (b"a: 1\nb: *a\n", 2, "alias YAML « *a » interdit"),
    (b"base: &b {x: 1}\nc:\n  <<: *b\n", 1, "ancre YAML « &b » interdite"),
    (b"c:\n  <<: {x: 1}\n", 2, "clé de fusion YAML « << » interdite"),
])
def test_anchors_aliases_and_merge_keys_refused(raw: bytes, line: int, start: str) -> None:
    error = refused(raw)
    assert error.line == line
    assert error.message.startswith(start)


def test_billion_laughs_refused_at_the_first_anchor(events: list[object]) -> None:
    lol = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lol += f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n".encode()
    assert len(lol) < 600
    error = refused(lol)
    assert error.line == 1
    assert len(error.message) < 200
    # Stream, document, mapping, the key « a », then the anchored list: nothing expanded, nothing
    # read past it.
    assert [type(e).__name__ for e in events] == [
        "StreamStartEvent", "DocumentStartEvent", "MappingStartEvent", "ScalarEvent",
        "SequenceStartEvent"]


@pytest.mark.parametrize("raw", [
    b"a: !!python/object/apply:os.system ['echo pwned']\n",
    b"a: !!python/name:os.system\n",
    b"a: !!str 62498\n",
    b"a: !custom x\n",
    b"--- !!map\na: 1\n",
])
def test_every_explicit_tag_refused(raw: bytes) -> None:
    error = refused(raw)
    assert "étiquette YAML" in error.message
    assert "interdite" in error.message


def test_yaml_11_implicit_types_stay_strings() -> None:
    data = load_bytes(
        b"a: no\nb: on\nc: 01000\nd: 0123\ne: 12:30\nf: 2024-03-15\ng: 1.5\nh: yes\n"
        b"i: 37\nj: -4\nk: true\nl: false\nm: null\nn: ~\no:\np: 0\nq: 0x1F\nr: .inf\n"
    ).data
    assert data == {"a": "no", "b": "on", "c": "01000", "d": "0123", "e": "12:30",
                    "f": "2024-03-15", "g": "1.5", "h": "yes", "i": 37, "j": -4, "k": True,
                    "l": False, "m": None, "n": None, "o": None, "p": 0, "q": "0x1F", "r": ".inf"}


def test_quoted_values_are_always_strings() -> None:
    assert load_bytes(b"a: '37'\nb: \"true\"\nc: 'null'\n").data == {"a": "37", "b": "true",
                                                                      "c": "null"}


@pytest.mark.parametrize("raw, line, message", [
    ("nom: caf\xe9\n".encode("latin-1"), 1,
     "le fichier n'est pas en UTF-8 (octet 0xE9 illisible) : enregistrez-le en UTF-8"),
    (b"a: 1\nnom: Li\xe9vin\n", 2,
     "le fichier n'est pas en UTF-8 (octet 0xE9 illisible) : enregistrez-le en UTF-8"),
    (b"\xef\xbb\xbfa: 1\n", 1,
     "le fichier commence par une marque d'ordre des octets (BOM) : enregistrez-le en UTF-8 "
     "sans BOM"),
    ("a: 1\n".encode("utf-16"), 1,
     "le fichier commence par une marque d'ordre des octets (BOM) : enregistrez-le en UTF-8 "
     "sans BOM"),
])
def test_encoding_refusals(raw: bytes, line: int, message: str) -> None:
    error = refused(raw)
    assert (error.line, error.message) == (line, message)


@pytest.mark.parametrize("char, kind", [
    ("\u202e", "caractère de contrôle bidirectionnel"),
    ("\u2066", "caractère de contrôle bidirectionnel"),
    ("\u200b", "caractère invisible de largeur nulle"),
    ("\ufeff", "caractère invisible de largeur nulle"),
    ("\x07", "caractère de contrôle"),
    ("\x1b", "caractère de contrôle"),
    ("\x85", "caractère de contrôle"),
])
def test_invisible_and_control_characters_refused(char: str, kind: str) -> None:
    error = refused(f"a: 1\nnom: Le{char}ns\n".encode())
    assert error.line == 2
    assert error.message.startswith(f"{kind} interdit (U+{ord(char):04X}")


@pytest.mark.parametrize("raw", [
    b"a: " + b"[" * 30000 + b"]" * 30000 + b"\n",
    b"a: " + b"{b: " * 30000 + b"1" + b"}" * 30000 + b"\n",
    b"".join(b"  " * i + b"k:\n" for i in range(400)),
    b"- " * 5000 + b"x\n",
])
def test_deep_nesting_refused_without_crash(raw: bytes, events: list[object]) -> None:
    before = peak_kib()
    assert cpu_seconds(refused, raw) < HANG_GUARD
    assert peak_kib() - before < 50_000
    # Refused at the depth limit: the loader read no further than the limit's opening events
    # (stream, document, then each level's key and container), whatever the file's length.
    assert len(events) <= 2 + 2 * (MAX_DEPTH + 1)
    assert refused(raw).message.startswith("imbrication trop profonde")


def test_size_cap() -> None:
    error = refused(b"texte: '" + b"x" * MAX_BYTES + b"'\n")
    assert error.line == 1
    assert error.message.startswith("fichier trop gros")


@pytest.mark.parametrize("raw, line, message", [
    (b"", 1, "le fichier est vide : écrivez-y les champs « clé: valeur » du modèle (voir "
                   "CONTRIBUTING.md)"),
    (b"   \n\n", 1, "le fichier est vide : écrivez-y les champs « clé: valeur » du modèle (voir "
                   "CONTRIBUTING.md)"),
    (b"a: 1\n---\nb: 2\n", 2, "plusieurs documents YAML dans un fichier (séparateur « --- ») : "
                              "un fichier ne décrit qu'une seule motion"),
    (b"vote:\n\tpour: 1\n", 2, "tabulation dans l'indentation : YAML n'accepte que des espaces, "
                               "remplacez chaque tabulation par deux espaces (ou lancez "
                               "« petition validate --fix »)"),
    (b"nom: 'Lens\nb: 1\n", 3, "YAML invalide, fin de fichier inattendue : un guillemet ou un "
                               "crochet n'est sans doute pas refermé"),
    (b"a: [1, 2\n", 2, "YAML invalide, crochet ou accolade non refermé : vérifiez les « [ ] » "
                       "et « { } » de la ligne"),
    ("objet: Motion : santé\n".encode(), 1, "YAML invalide, deux-points inattendu : mettez la valeur "
                                    "entre guillemets si elle contient « : »"),
])
def test_structural_errors_one_clear_line(raw: bytes, line: int, message: str) -> None:
    error = refused(raw)
    assert (error.line, error.message) == (line, message)


def test_lines_are_recorded_for_every_value() -> None:
    loaded = load_bytes(b"a: 1\nb:\n  c: x\n  d:\n    - 1\n    - 2\n")
    assert loaded.lines == {(): 1, ("a",): 1, ("b",): 2, ("b", "c"): 3, ("b", "d"): 4,
                            ("b", "d", 0): 5, ("b", "d", 1): 6}
    assert loaded.line_of(("b", "d", 7)) == 4


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(raw: bytes) -> None:
    try:
        load_bytes(raw)
    except YamlError as error:
        assert error.line >= 1
        assert "\n" not in error.message


@given(st.text(alphabet=st.sampled_from(list("ab:- '\"[]{}&*!#|>\n\t0123%@`,?~")), max_size=80))
def test_arbitrary_yaml_like_text_never_crashes(text: str) -> None:
    try:
        load_bytes(text.encode())
    except YamlError as error:
        assert error.line >= 1


def test_huge_integers_stay_text_without_crash() -> None:
    assert load_bytes(b"pour: " + b"9" * 5000 + b"\n").data == {"pour": "9" * 5000}
    assert load_bytes(b"pour: 999999999999999999\n").data == {"pour": 999999999999999999}


# Every kind of failure the parser reports: each must come out in French, with none of the
# parser's own English words (the parser's version must never change what a contributor reads).
PARSER_FAILURES = {
    "imbrication, listes entre crochets": "a: " + "[" * 200 + "]" * 200,
    "imbrication, dictionnaires entre accolades": "a: " + "{b: " * 200 + "}" * 200,
    "imbrication, blocs indentés": "".join("  " * i + f"k{i}:\n" for i in range(200)),
    "imbrication, listes à tirets": "".join("  " * i + "-\n" for i in range(100)),
    "guillemet double non refermé": 'a: "abc\n',
    "guillemet simple non refermé": "a: 'abc\n",
    "crochet non refermé": "a: [1, 2\nb: 3\n",
    "accolade non refermée": "a: {x: 1\nb: 2\n",
    "indentation en retrait": "a:\n  b: 1\n c: 2\n",
    "indentation en trop": "a: 1\n  b: 2\n",
    "tiret au mauvais niveau": "a: 1\n- b\n",
    "échappement inconnu": 'a: "\\q"\n',
    "échappement hexadécimal incomplet": 'a: "\\xZZ"\n',
    "échappement unicode invalide": 'a: "\\uD800"\n',
    "arobase en début de valeur": "a: @x\n",
    "accent grave en début de valeur": "a: `x`\n",
    "directive %YAML en double": "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "directive inconnue": "%FOO bar\n---\na: 1\n",
    "séparateur dans des guillemets": 'a: "x\n---\n"',
    "indicateur de bloc nul": "a: |0\n  x\n",
    "texte après des guillemets": "a: 'x' y\n",
    "ancre sans nom": "a: & x\n",
    "étiquette non refermée": "a: !<x\n",
    "clé après une liste": "- a\nb: c\n",
    "document après la fin": "a: 1\n...\nb\n",
}
_ENGLISH = re.compile(r"\b(found|expected|while|scanning|parsing|character|mapping|sequence|"
                      r"allowed|stream|token|indicator|escape|exceeded|maximum|nesting|depth|"
                      r"flow|key)\b")


def _parser_problem(text: str) -> str:
    try:
        for _ in yaml.parse(text, Loader=yaml.CBaseLoader):
            pass
    except yaml.MarkedYAMLError as exc:
        return f"{exc.problem or ''}"
    return ""


@pytest.mark.parametrize("text", PARSER_FAILURES.values(), ids=PARSER_FAILURES.keys())
def test_parser_failures_speak_french(text: str) -> None:
    error = refused(text.encode())
    problem = _parser_problem(text)
    if problem:  # when the parser itself refuses, its sentence must not show through
        assert problem not in error.message
    assert _ENGLISH.search(error.message.replace("clé", "")) is None, error.message
    assert error.message.startswith(("YAML invalide, ", "imbrication trop profonde", "tabulation"))


# --- the common form, read line by line: the event loop's very values and lines --------------
FIXTURES = sorted((Path(__file__).parent / "fixtures").rglob("*.yml"))


def read_by(parse: Callable[[str], yamlstrict.Loaded | None], text: str) -> object:
    """What a reader gives for `text`: values (their types shown), lines, or its error."""
    try:
        loaded = parse(text)
    except YamlError as error:
        return ("erreur", error.line, error.message)
    return None if loaded is None else (repr(loaded.data), loaded.lines)


def agree(text: str) -> bool:
    """The line reader declines (None), or gives what the event loop gives; whether it read.
    A text `decode` accepts is read from its bytes as from the text (`load_bytes` skips the
    character checks `decode` already made)."""
    simple = read_by(yamlstrict.parse_simple, text)
    if simple is not None:
        assert simple == read_by(yamlstrict.parse_events, text)
    try:
        yamlstrict.decode(text.encode("utf-8", "surrogatepass"))
    except YamlError:
        pass
    else:
        assert read_by(lambda t: load_bytes(t.encode("utf-8")), text) == \
            read_by(yamlstrict.parse, text)
    return simple is not None


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_line_reader_reads_the_fixtures_as_the_event_loop(path: Path) -> None:
    text = path.read_text("utf-8")
    agree(text)


def test_line_reader_takes_what_petition_writes() -> None:
    data = motion_data(objet="Motion n°3 : l'eau, « la santé » & le reste #2 (100 %)",
                       sources=[{"url": "https://example.fr/a:b?c=1#d", "description": "L'acte"}],
                       demandes=["Que l'État agisse ;", "true", "01053", "- non", ""])
    text = dump_motion(data)
    assert agree(text)
    assert yamlstrict.parse(text).data == data


@pytest.mark.parametrize("text", [
    "a: &x 1\n", "a: *x\n", "a: !t 1\n", "a: 1\na: 2\n", "null: 1\n", "a: [1]\n", "a: {b: 1}\n",
    "a: |\n  x\n", "a: >-\n  x\n", "a: b # c\n", "a:\n  # c\n  b: 1\n", "a: b: c\n", "a: x:\n",
    "a: b\n  c\n", "a:\n b: 1\n  c: 2\n", "a:\n\t- 1\n", "a: 1\r\nb: 2\r\n", "---\na: 1\n",
    "a: 1\n...\n", "- a\n", "a:\n- - b\n", "a:\n-  b\n", "a: 'x\n", "a: \"x\\ty\"\n", "A: 1\n",
    "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "v: 1\n",
])
def test_line_reader_leaves_every_other_form_to_the_event_loop(text: str) -> None:
    assert yamlstrict.parse_simple(text) is None


# Every character YAML reads as a line break or refuses (controls, NEL, U+2028/2029, BOM, what it
# does not print) in each place of a line: the line reader leaves the file to the event loop.
_YAML_SPECIAL = [*map(chr, [*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0)]),
                 "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff"]


@pytest.mark.parametrize("template", ["k: a{}b\n", "k: '{}'\n", 'k: "{}"\n', "k: a\n{}\n",
                                      "{}k: a\n", "k:\n  - a{}\n"])
def test_line_reader_leaves_yaml_s_special_characters_to_the_event_loop(template: str) -> None:
    assert [repr(c) for c in _YAML_SPECIAL
            if yamlstrict.parse_simple(template.format(c)) is not None] == []


@pytest.mark.parametrize(("text", "reads"), [
    ('a: "x\u202ey"\nb: 1\n', True), ('a: 1\nb:\n- "\u2066"\n- c\n', True),
    ('a:\n- b: "\u200b"\n  c: 1\n', True),
    ('a: "x\u202ey"\n  b\n', True), ('a: "\u202e"\n  # c\n', False),
    ('a: "\u202e"\nb: [x]\n', True), ('a: 1\na: "\u202e"\n', False),
    ('a: "\u202e"\nb: 1\n   # c\n', False),
    ('a: "\u202e"\na: 1\n', True), ('a:\n  b: 1\n c: "\u202e"\n', False),
    ('a: "\u202e"\n' + "b: 1\n" * 40_000, False),
])
def test_line_reader_refuses_a_quoted_character_only_in_a_file_of_its_form(text: str,
                                                                            reads: bool) -> None:
    """A double-quoted text holding a character the loader refuses: the line reader says so (the
    line and message the event loop gives) when it meets it first; a line it never reads (an
    inner comment, too many lines) leaves the file to the event loop even after that text, and so
    does a block it cannot read before it (a duplicate key, an odd indentation)."""
    assert agree(text) is reads
    if reads:
        assert isinstance(read_by(yamlstrict.parse_simple, text), tuple)
        assert read_by(yamlstrict.parse_simple, text)[0] == "erreur"


def test_one_scan_of_the_text_stands_for_every_character_check() -> None:
    """`decode` looks for the characters a file may not hold, a tab in the indentation and the
    characters the line reader leaves to the event loop in one scan when the text holds none of
    them: for every character of the first plane and a sample above it, in the middle of a
    value and at the start of a line, the same verdicts as each check made on its own."""
    characters = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    characters += [chr(c) for c in range(0x10000, 0x110000, 0x3FF)] + \
        ["\U000e0001", "\U000f0000", "\U0010ffff", "\U0001fffe", "\U0001f600", "\U000110bd"]
    wrong = []
    for char in characters:
        for text in (f"a: x{char}y\n", f"a:\n{char} b: 1\n"):
            try:
                yamlstrict.check_characters(text)
                expected: object = not yamlstrict._NOT_SIMPLE_CHARS.search(text)
            except YamlError as error:
                expected = (error.line, error.message)
            try:
                decoded, plain = yamlstrict._decode(text.encode("utf-8"))
                found: object = plain if decoded == text else "autre texte"
            except YamlError as error:
                found = (error.line, error.message)
            if found != expected:
                wrong.append((hex(ord(char)), text, found, expected))
    assert wrong == []


def test_line_reader_reads_a_line_met_before_as_the_first_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines repeat from file to file: each is read once, then taken as read, wherever it is
    met again (its indentation is part of it), with the values, lines and verdicts of a first
    reading; the lines kept are bounded in number and length."""
    monkeypatch.setattr(yamlstrict, "_ROWS", {})
    texts = [dump_motion(motion_data()), "a:\n  b: 1\n  c:\n  - x\n  - 'y'\n",
             "c:\n  - x\n  - 'y'\na:\n  b: 1\n", "b: 1\nx: 'y'\n", "a:\n- x\n  b: 1\n",
             'a: "\u202e"\n', "a:\n  b: 1\n  # c\n", "a: x: y\n" + "b: 1\n"]
    first = [read_by(yamlstrict.parse_simple, text) for text in texts]
    assert yamlstrict._ROWS
    assert [read_by(yamlstrict.parse_simple, text) for text in texts] == first
    assert [read_by(yamlstrict.parse_simple, text) for text in reversed(texts)] == first[::-1]
    assert [agree(text) for text in texts] == [True, True, True, True, False, True, False, False]
    monkeypatch.setattr(yamlstrict, "_ROWS", {})
    monkeypatch.setattr(yamlstrict, "_ROWS_KEPT", 3)
    long = "t: " + "x" * yamlstrict._ROW_KEPT_LENGTH + "\n"
    assert agree(long + texts[0]) and agree(texts[0])
    assert len(yamlstrict._ROWS) == 3 and long[:-1] not in yamlstrict._ROWS


def test_line_reader_reads_nesting_up_to_the_depth_limit() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH - 1)) + \
        "  " * (MAX_DEPTH - 1) + "v: 1\n"
    assert agree(text)


_INDENTS = st.sampled_from(["", " ", "  ", "   ", "    ", "      "])
_KEYS = st.sampled_from(["a", "b", "c_d", "null", "true", "A", "é", "a b", "<<", "1"])
_SCALARS = st.sampled_from([
    "x", "x y", "L'Abergement", "«x»", "x: y", "x:", "x #y", "x#y", "http://a.fr/b:c", "'a''b'",
    "'a", "\"q\"", "\"q\\\"\"", "\"\\u202e\"", "\"\"", "''", "-1", "-", "- x", "01", "0", "~",
    "null", "true", "False", "[a]", "a]", "{a}", "&a x", "*a", "!t x", "|", ">-", "%x", "@x", "`x",
    "?x", ",x", "x,y", "x !y", "x & y", "1.5", "9" * 19, "é", "x  ", "\"a\" b", "'a' b", "#x"])
_ROWS = st.one_of(
    st.tuples(_INDENTS, st.sampled_from(["", "- "]), _KEYS, st.sampled_from([":", ": ", ":  "]),
              st.one_of(st.just(""), _SCALARS)).map("".join),
    st.tuples(_INDENTS, st.sampled_from(["", "- ", "-  ", "- - "]), _SCALARS).map("".join),
    st.sampled_from(["", "  ", "# c", "  # c", "---", "...", "-"]))


@given(st.lists(_ROWS, min_size=1, max_size=14).map("\n".join))
def test_line_reader_agrees_with_the_event_loop_on_generated_rows(text: str) -> None:
    if text.strip():
        agree(text)


_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**18, 10**18), _SCALARS,
              st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
                      max_size=12)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True),
                                            inner, max_size=3)),
    max_leaves=12)


@given(st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True), _VALUES,
                       min_size=1, max_size=5))
def test_line_reader_agrees_with_the_event_loop_on_written_documents(data: dict[str, object]) -> None:
    text = yaml.dump(data, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)
    try:
        decoded = yamlstrict.decode(text.encode())
    except YamlError:
        return  # a character the loader refuses in any file: not this reader's concern
    agree(decoded)


def test_only_the_line_reader_vouches_for_one_line_texts() -> None:
    """A file the line reader reads holds no newline nor tab in any text (the newline check of
    every text is skipped for it); the event loop never says so."""
    assert yamlstrict.parse("a: x\nb:\n- 'y'\n- \"z\"\n").one_line
    for text in ("a: \"x\\ny\"\n", "a: |\n  x\n  y\n", "a: 'x\n  y'\n", "a: x\n  y\n"):
        loaded = yamlstrict.parse(text)
        assert not loaded.one_line
        assert "\n" in loaded.data["a"] or loaded.data["a"] == "x y"
