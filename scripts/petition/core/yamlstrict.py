"""Strict YAML loading for files written by strangers.

The file is checked as bytes, then as text, then as a stream of parser events, and only then turned
into Python values, by this module and not by PyYAML's constructor. So nothing is ever built from an
anchor, an alias, a tag, a duplicate key or an absurd depth, and YAML 1.1 implicit typing never
applies: only `true`/`false`, `null`/`~`/empty and decimal integers without a leading zero are
typed, everything else stays a string (`01053` stays `'01053'`, `no` stays `'no'`, dates too).

The result carries the line of every value, so that later checks can name the line of a field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from petition.core.characters import (
    IN_FILE_CLASS,
    describe,
    forbidden_in_file,
    forbidden_in_value,
    shown,
)
from petition.core.cut import cut

try:  # libyaml's event parser is iterative: deep nesting cannot overflow the C stack here
    from yaml import CBaseLoader as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _Parser  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 12
MAX_EVENTS = 200_000

Path = tuple[str | int, ...]

# At most 18 digits: longer runs stay text (the schema then says a number is expected), and
# Python's int() refuses more than 4,300 digits anyway.
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})\Z")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_NULL = frozenset({"", "~", "null"})
_TAB_MESSAGE = ("tabulation dans l'indentation : YAML n'accepte que des espaces, "
                "remplacez chaque tabulation par deux espaces (ou lancez « petition validate "
                "--fix »)")


class YamlError(Exception):
    """A file that cannot be loaded, with the 1-based line of the problem."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Loaded:
    """A loaded document and the line where each value (by path) starts."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    # Read by the line reader: no text of it can hold a newline or a tab (one-line scalars, no
    # escape, no tab nor any other control in the file).
    one_line: bool = False

    def line_of(self, path: Path) -> int:
        return line_of(self.lines, path)


def line_of(lines: Mapping[Path, int], path: Path) -> int:
    """The line of `path`, or of its nearest parent that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 only, no BOM, nothing invisible or controlling."""
    return _decode(raw)[0]


def _decode(raw: bytes) -> tuple[str, bool]:
    """`decode`, and whether the text holds none of the characters the line reader leaves to the
    event loop (`_NOT_SIMPLE_CHARS`), found by the same scan when it holds none of them."""
    if len(raw) > MAX_BYTES:
        size, limit = f"{len(raw):,}".replace(",", " "), f"{MAX_BYTES:,}".replace(",", " ")
        raise YamlError(1, f"fichier trop gros ({size} octets, maximum {limit}) : "
                           "une motion tient en quelques kilo-octets")
    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise YamlError(1, "le fichier commence par une marque d'ordre des octets (BOM) : "
                           "enregistrez-le en UTF-8 sans BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlError(line, "le fichier n'est pas en UTF-8 (octet "
                              f"0x{raw[exc.start]:02X} illisible) : enregistrez-le en UTF-8") from None
    # Most files hold none of the characters either check looks for: one scan says so for both
    # (and for the tab, the only one the indentation check looks for).
    if _UNUSUAL.search(text) is None:
        return text, True
    check_characters(text)
    return text, _NOT_SIMPLE_CHARS.search(text) is None


def check_characters(text: str) -> None:
    """Refuse tabs in indentation and every character `petition.core.characters` forbids in a
    file (controls, invisible, bidirectional, private-use…): the raw text of a file."""
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab:
        raise YamlError(text.count("\n", 0, tab.start()) + 1, _TAB_MESSAGE)
    index = forbidden_in_file(text)
    if index is not None:
        raise YamlError(text.count("\n", 0, index) + 1,
                        f"{describe(text[index])} : supprimez-le, il peut masquer ou inverser le "
                        "texte affiché")


def _check_decoded(value: str, line: int, path: Path, *, key: bool) -> None:
    """A value or key after YAML's escapes (`"\\u202E"`, `"\\0"`, `"\\e"`): what the bytes may
    not carry may not come through an escape either. Newlines and tabs in values are judged by
    the schema (only multi-line texts may hold them); a key never holds one."""
    index = forbidden_in_value(value, multiline=not key)
    if index is not None:
        field = ".".join(str(p) for p in path)
        where = f"dans la clé « {shown(value)} »" if key else f"dans « {field} »" if field else ""
        raise YamlError(line, f"{describe(value[index])} {where} : supprimez-le, il peut masquer "
                              "ou inverser le texte affiché (écrivez le texte lui-même, sans "
                              "séquence « \\ »)".replace("  ", " "))


def _check_node(event: Any, line: int) -> None:
    if event.anchor is not None:
        raise YamlError(line, f"ancre YAML « &{event.anchor} » interdite : "
                              "écrivez chaque valeur en entier")
    if event.tag is not None:
        raise YamlError(line, f"étiquette YAML « {event.tag} » interdite : "
                              "retirez-la, les types sont déduits du modèle")


_TOO_MANY = "fichier trop complexe : trop d'éléments"


def parse(text: str) -> Loaded:
    """Turn text into plain values (dict, list, str, int, bool, None) with their lines."""
    return _parse(text, _NOT_SIMPLE_CHARS.search(text) is None)


def _parse(text: str, plain: bool, checked: bool = False) -> Loaded:
    """`parse`, told whether the text holds none of `_NOT_SIMPLE_CHARS` (`plain`) and whether
    `decode` accepted it (`checked`)."""
    if not text.strip():
        raise YamlError(1, "le fichier est vide : écrivez-y les champs « clé: valeur » du modèle "
                           "(voir CONTRIBUTING.md)")
    simple = _parse_simple(text, checked) if plain else None
    return simple if simple is not None else parse_events(text)


# --- the common case, line by line ---------------------------------------------------------------
# Most files are what `petition` writes: block mappings and sequences of lower-case keys and
# one-line scalars. Such a file is read here line by line, to the very values and lines the event
# loop below gives; anything else (a block or flow text, an indicator, a comment inside, a
# duplicate key, a tab, a CR, an odd indentation…) makes `parse_simple` answer None and the
# event loop reads the file, with its checks and messages. tests/test_yamlstrict.py compares
# both on every fixture, the benchmark's files and thousands of generated and mutated ones.
# Characters the line-by-line reader leaves to the event loop: tabs, every control but the line
# feed (C0, DEL, C1: CR and NEL are line breaks to YAML, the others it refuses), the Unicode line
# and paragraph separators (line breaks to YAML), the byte order mark, and what YAML does not
# print (surrogates, U+FFFE, U+FFFF).
_NOT_SIMPLE_CHARS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff"
                               "\ufffe\uffff]")
# A content line (its indentation removed): « - » for a sequence's item, then « key: value »,
# « key: », or a scalar alone.
_SIMPLE_ROW = re.compile(r"(- )?(?:([a-z_][a-z0-9_]*):(?: +(.+))?|(.+))")
_SIMPLE_DOUBLE = re.compile(r'"([^"\\]*)"\Z')
_SIMPLE_SINGLE = re.compile(r"'((?:[^']|'')*)'\Z")
# A plain scalar's first character may not be an indicator, nor a space.
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
# Every character the file check (`forbidden_in_file`), the indentation check (the tab) or the
# line reader (`_NOT_SIMPLE_CHARS`) looks for: a text holding none passes all three at once.
_UNUSUAL = re.compile(f"[\t\r{IN_FILE_CLASS}]")
_MAX_SIMPLE_LINES = 40_000  # far below MAX_EVENTS' worth of lines (at most 4 events a line)

# A line as the line reader reads it: (indentation, « - » or None, key or None, kind of its
# value, the value as typed), or a negative indentation for a line it skips or cannot read.
# Lines repeat from file to file (« nature: motion », « vote: », « contre: 0 »): each is read once
# per process, up to `_ROWS_KEPT` of them and none longer than `_ROW_KEPT_LENGTH` (a few MB).
_Row = tuple[int, "str | None", "str | None", int, Any]
_NO_VALUE, _TYPED, _DOUBLE_QUOTED, _NOT_SIMPLE = range(4)
_SKIPPED, _NOT_READ = -1, -2
_ROWS: dict[str, _Row] = {}
_ROWS_KEPT = 10_000
_ROW_KEPT_LENGTH = 300


def _read_row(row: str) -> _Row:
    """One line of a file, read on its own (see `_Row`)."""
    content = row.lstrip(" ")
    if not content:
        return (_SKIPPED, None, None, _NO_VALUE, None)
    if content[0] == "#":  # only a comment at the start of a line
        return (_SKIPPED if content is row else _NOT_READ, None, None, _NO_VALUE, None)
    found = _SIMPLE_ROW.fullmatch(content.rstrip(" "))
    if found is None:
        return (_NOT_READ, None, None, _NO_VALUE, None)
    dash, key, value, scalar = found.groups()
    text = value if key is not None else scalar
    at = len(row) - len(content)
    if text is None:
        return (at, dash, key, _NO_VALUE, None)
    # A one-line scalar, typed as the event loop types it (only plain ones are typed).
    first = text[0]
    if first == '"':
        quoted = _SIMPLE_DOUBLE.match(text)
        return (at, dash, key, _NOT_SIMPLE, None) if quoted is None else \
            (at, dash, key, _DOUBLE_QUOTED, quoted.group(1))
    if first == "'":
        quoted = _SIMPLE_SINGLE.match(text)
        return (at, dash, key, _NOT_SIMPLE, None) if quoted is None else \
            (at, dash, key, _TYPED, quoted.group(1).replace("''", "'"))
    if first in _NOT_PLAIN_START or ": " in text or " #" in text or text[-1] == ":" or \
            "[" in text or "]" in text or "{" in text or "}" in text:
        return (at, dash, key, _NOT_SIMPLE, None)
    if text in _NULL:
        return (at, dash, key, _TYPED, None)
    if text == "true" or text == "false":
        return (at, dash, key, _TYPED, text == "true")
    return (at, dash, key, _TYPED, int(text) if _INT.match(text) else text)


def parse_simple(text: str) -> Loaded | None:
    """`parse_events(text)` for a file of the common form (see above), else None."""
    return None if _NOT_SIMPLE_CHARS.search(text) else _parse_simple(text)


def _parse_simple(text: str, checked: bool = False) -> Loaded | None:
    """`parse_simple` for a text known to hold none of `_NOT_SIMPLE_CHARS`; `checked`: a text
    `decode` accepted, whose double-quoted scalars (no escape here) then hold nothing
    `_check_decoded` refuses.

    One pass over the lines: the mapping or sequence being filled is on top of `stack`, a key
    without a value on its line waits in `waiting` for the next line to say what it holds. It
    reads what reading the whole file's rows first, then each block in turn, would read: any
    line out of the common form makes it None, even after a double-quoted scalar `_check_decoded`
    refuses (whose error is raised only once every line is known to be of the form)."""
    lines: dict[Path, int] = {}
    root: dict[str, Any] = {}
    # (is a sequence, indentation, container, path, depth)
    stack: list[tuple[bool, int, Any, Path, int]] = [(False, 0, root, (), 1)]
    frame = stack[-1]
    waiting: tuple[dict[str, Any], str, Path, int, int] | None = None
    error: YamlError | None = None
    known, read_row = _ROWS, _read_row
    number = count = 0
    for row in text.split("\n"):
        number += 1
        found = known.get(row)
        if found is None:
            found = read_row(row)
            if len(known) < _ROWS_KEPT and len(row) <= _ROW_KEPT_LENGTH:
                known[row] = found
        at, dash, key, kind, typed = found
        if at < 0:
            if at == _NOT_READ:
                return None
            continue  # a blank line, or a comment at the start of a line
        count += 1
        if count > _MAX_SIMPLE_LINES:
            return None
        if error is not None:
            continue  # only whether every line is of the form still matters
        if count == 1:
            lines[()] = number
        if waiting is not None:  # the previous line's key: a block opens, or it has no value
            mapping, name, key_path, indent, depth = waiting
            waiting = None
            if at < indent or (at == indent and dash is None):
                mapping[name] = None
            else:
                if depth >= MAX_DEPTH:
                    return None
                frame = (True, at, [], key_path, depth + 1) if dash is not None else \
                    (False, at, {}, key_path, depth + 1)
                mapping[name] = frame[2]
                stack.append(frame)
        while True:
            is_sequence, indent, container, path, depth = frame
            if is_sequence:
                if at != indent or dash is None:
                    if at < indent or (at == indent and dash is None):
                        stack.pop()  # the sequence ends: the line is its parent's
                        frame = stack[-1]
                        continue
                    return None
                key_path = (*path, len(container))
                lines[key_path] = number
                if key is not None:  # « - key: value »: a mapping, its keys two columns in
                    if depth >= MAX_DEPTH:
                        return None
                    frame = (False, indent + 2, {}, key_path, depth + 1)
                    container.append(frame[2])
                    stack.append(frame)
                    at, dash = indent + 2, None
                    continue
                if kind == _NO_VALUE:
                    return None
            else:
                if at != indent:
                    if at < indent and len(stack) > 1:
                        stack.pop()  # the mapping ends: the line is its parent's
                        frame = stack[-1]
                        continue
                    return None
                if key is None or dash is not None or key in container or key == "null":
                    return None  # not the common form (the event loop says what is wrong)
                key_path = (*path, key)
                lines[key_path] = number
                if kind == _NO_VALUE:
                    waiting = (container, key, key_path, indent, depth)
                    break
            if kind != _TYPED:
                if kind == _NOT_SIMPLE:
                    return None
                if not checked:  # double-quoted: what an escape could bring is checked on bytes
                    try:
                        _check_decoded(typed, number, key_path, key=False)
                    except YamlError as exc:
                        error = exc
                        break
            if is_sequence:
                container.append(typed)
            else:
                container[key] = typed
            break
    if count == 0:
        return None
    if error is not None:
        raise error
    if waiting is not None:
        waiting[0][waiting[1]] = None
    return Loaded(root, lines, one_line=True)


# --- any file: libyaml's events --------------------------------------------------------------------
def parse_events(text: str) -> Loaded:
    """`parse` by libyaml's events, for any text: every construct, check and message."""
    lines: dict[Path, int] = {}
    loaded = Loaded(None, lines)
    # The container being filled (None before the root), its path, the key waiting for its value
    # (in a mapping), and the outer containers, kept on `stack` while an inner one is filled.
    container: Any = None
    path: Path = ()
    key: str | None = None
    stack: list[tuple[Any, Path, str | None]] = []
    done = False
    documents = count = 0
    parser = _Parser(text)
    # The hot loop of every validation, on every file: one function, names bound locally, the
    # checks of an anchor or a tag made only when the event has one.
    get_event: Any = parser.get_event
    null, int_match = _NULL, _INT.match
    scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is scalar:
                line = event.start_mark.line + 1
                if event.anchor is not None or event.tag is not None:
                    _check_node(event, line)
                value: Any = event.value
                style = event.style
                if not style:  # plain (libyaml gives '' for plain): the only typed scalars
                    if value in null:
                        value = None
                    elif value == "true" or value == "false":
                        value = value == "true"
                    elif int_match(value):
                        value = int(value)
                # Only a double-quoted scalar's escapes can produce characters the file's text
                # does not hold.
                quoted = style == '"'
                if container is None:
                    if quoted:
                        _check_decoded(value, line, (), key=False)
                    loaded.data = value
                    lines[()] = line
                    done = True
                elif type(container) is list:
                    item = (*path, len(container))
                    if quoted:
                        _check_decoded(value, line, item, key=False)
                    container.append(value)
                    lines[item] = line
                elif key is None:  # this scalar is a key
                    key = "" if value is None else str(value).lower() if type(value) is bool \
                        else str(value)
                    if quoted or "\n" in key or "\t" in key:
                        _check_decoded(key, line, path, key=True)
                    if key == "<<":
                        raise YamlError(line, "clé de fusion YAML « << » interdite : "
                                              "écrivez chaque valeur en entier")
                    if key in container:
                        raise YamlError(line, f"clé « {key} » en double (lignes "
                                              f"{lines[(*path, key)]} et {line}) : gardez une "
                                              "seule ligne, YAML ne garderait que la dernière")
                    container[key] = None  # reserve the key, so that a duplicate is seen at once
                    lines[(*path, key)] = line
                else:
                    if quoted:
                        _check_decoded(value, line, (*path, key), key=False)
                    container[key] = value
                    key = None
            elif kind in ends:
                container, path, key = stack.pop()
                done = not stack
            elif kind is mapping or kind is sequence:
                line = event.start_mark.line + 1
                _check_node(event, line)
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(line, _DEPTH_MESSAGE)
                inner: Any = {} if kind is mapping else []
                if container is None:
                    inner_path: Path = ()
                    loaded.data = inner
                    lines[()] = line
                elif type(container) is list:
                    inner_path = (*path, len(container))
                    container.append(inner)
                    lines[inner_path] = line
                elif key is None:
                    raise YamlError(line, "clé complexe interdite : une clé est un simple mot")
                else:
                    inner_path = (*path, key)
                    container[key] = inner
                    key = None
                stack.append((container, path, key))
                container, path, key = inner, inner_path, None
                done = False
            elif kind is yaml.AliasEvent:
                raise YamlError(event.start_mark.line + 1, f"alias YAML « *{event.anchor} » "
                                "interdit : recopiez la valeur au lieu d'y faire référence")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(event.start_mark.line + 1, "plusieurs documents YAML dans un "
                                    "fichier (séparateur « --- ») : un fichier ne décrit qu'une "
                                    "seule motion")
            count += 1
            if count > MAX_EVENTS:
                raise YamlError(event.start_mark.line + 1, _TOO_MANY)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        glued = _glued_key(text, line)
        if glued is not None:
            raise YamlError(*glued) from None
        raise YamlError(line, _explain(exc)) from None
    except yaml.YAMLError:  # pragma: no cover - every parser error is marked
        raise YamlError(1, _PARSER_FALLBACK) from None
    except RecursionError:  # pragma: no cover - the pure parser, on absurd nesting
        raise YamlError(1, _DEPTH_MESSAGE) from None
    finally:
        parser.dispose()
    if not done:
        raise YamlError(1, "le fichier ne contient aucune donnée")
    return loaded


# Every problem the parser (libyaml, or PyYAML's pure reader) may report, to its French reading.
# Matched by substring, first match wins; no English sentence from the parser ever reaches a user.
_DEPTH_MESSAGE = (f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux) : simplifiez la structure")
_UNCLOSED = "fin de fichier inattendue : un guillemet ou un crochet n'est sans doute pas refermé"
_PARSER_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("nesting depth", _DEPTH_MESSAGE),
    ("recursion", _DEPTH_MESSAGE),
    ("tab", _TAB_MESSAGE),
    ("unexpected end of stream", _UNCLOSED),
    ("end of stream", _UNCLOSED),
    ("undefined alias", "alias YAML interdit : recopiez la valeur au lieu d'y faire référence"),
    ("expected ',' or ", "crochet ou accolade non refermé : vérifiez les « [ ] » et « { } » de la ligne"),
    ("mapping values are not allowed", "deux-points inattendu : mettez la valeur entre guillemets si "
                                        "elle contient « : »"),
    ("mapping keys are not allowed", "clé inattendue : vérifiez l'indentation de cette ligne"),
    ("block sequence entries are not allowed", "tiret « - » inattendu : un élément de liste doit être "
                                               "aligné sous la clé de sa liste"),
    ("expected ':'", "« : » attendu après la clé : vérifiez l'indentation et les guillemets"),
    ("expected key", "clé attendue : vérifiez l'indentation de cette ligne"),
    ("expected '-' indicator", "élément de liste attendu (« - ») : vérifiez l'indentation"),
    ("cannot start any token", "caractère inattendu en début de valeur (« @ », « ` », « % »…) : "
                               "mettez la valeur entre guillemets"),
    ("unknown escape character", "séquence « \\ » inconnue entre guillemets doubles : doublez la "
                                 "barre oblique inverse (« \\\\ ») ou utilisez des guillemets simples"),
    ("hexdecimal number", "séquence « \\x », « \\u » ou « \\U » incomplète entre guillemets "
                          "doubles : utilisez des guillemets simples"),
    ("hexadecimal number", "séquence « \\x », « \\u » ou « \\U » incomplète entre guillemets "
                           "doubles : utilisez des guillemets simples"),
    ("unicode character escape", "séquence « \\u » invalide entre guillemets doubles : écrivez le "
                                 "caractère lui-même"),
    ("document indicator", "« --- » ou « ... » inattendu dans un texte entre guillemets : "
                           "refermez les guillemets avant"),
    ("document start", "début de fichier inattendu : un fichier ne décrit qu'une motion, sans "
                       "« --- » ni directive « % »"),
    ("directive", "directive YAML « % » interdite : retirez la ligne qui commence par « % »"),
    ("tag", "étiquette YAML « ! » interdite : retirez-la ou mettez la valeur entre guillemets"),
    ("alphabetic or numeric character", "« & », « * » ou « ! » doit être suivi d'un nom : mettez la "
                                        "valeur entre guillemets"),
    ("indentation indicator", "texte sur plusieurs lignes mal indenté : indentez chaque ligne du "
                              "texte sous « | » de deux espaces"),
    ("comment or line break", "texte inattendu en fin de ligne : mettez la valeur entre guillemets "
                              "ou passez à la ligne"),
    ("whitespace or line break", "espace attendu : ajoutez une espace après « : » ou « - »"),
    ("node content", "valeur attendue : vérifiez l'indentation et qu'une valeur suit chaque « : »"),
    ("stream end", "contenu inattendu : vérifiez l'indentation de cette ligne"),
    ("utf-8", "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8"),
    ("control characters", "caractère de contrôle interdit : supprimez-le"),
    ("special characters", "caractère de contrôle interdit : supprimez-le"),
)
_PARSER_FALLBACK = ("YAML invalide à cette ligne : structure incorrecte ; vérifiez l'indentation, "
                    "les guillemets et les crochets")


_GLUED = re.compile(r"( *(?:- +)?)([a-z_]+):([^\s/].*)")


def glued_key(text: str, line: int) -> tuple[int, str, str] | None:
    """`pour:32` (no space after the colon) is one word to YAML, and the parser stumbles a line or
    two later: (the line to edit, its text, the text to write)."""
    rows = text.split("\n")
    for number in range(line, max(line - 3, 0), -1):
        row = rows[number - 1].rstrip() if number <= len(rows) else ""
        match = _GLUED.fullmatch(row)
        if match:
            indent, key, value = match.groups()
            return number, row, f"{indent}{key}: {value}"
    return None


def _glued_key(text: str, line: int) -> tuple[int, str] | None:
    found = glued_key(text, line)
    if found is None:
        return None
    number, _, fixed = found
    key = fixed.strip().lstrip("- ").split(":", 1)[0]
    return number, (f"espace manquante après « {key}: » (sans elle, YAML lit la ligne comme un seul "
                    f"mot) : écrivez « {_short_line(fixed.strip())} » (ou lancez « petition validate "
                    "--fix »)")


def _short_line(text: str) -> str:
    return cut(text, 80)


def _explain(exc: yaml.MarkedYAMLError) -> str:
    problem = f"{exc.problem or ''} {exc.context or ''}".lower()
    for english, french in _PARSER_PROBLEMS:
        if english in problem:
            return french if french.startswith(("imbrication", "tabulation")) else f"YAML invalide, {french}"
    return _PARSER_FALLBACK


def load_bytes(raw: bytes) -> Loaded:
    """Bytes of a file written by a stranger to values with lines; raises YamlError."""
    return _parse(*_decode(raw), checked=True)
