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

from petition.core.characters import describe, forbidden_in_file, forbidden_in_value, shown
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
    check_characters(text)
    return text


def check_characters(text: str) -> None:
    """Refuse tabs in indentation and every character `petition.core.characters` forbids in a
    file (controls, invisible, bidirectional, private-use…): the raw text of a file."""
    tab = _TAB_INDENT.search(text)
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


def scalar_value(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if event.style:  # quoted or block scalar: always text (libyaml gives '' for plain)
        return value
    if value in _NULL:
        return None
    if value == "true" or value == "false":
        return value == "true"
    if _INT.match(value):
        return int(value)
    return value


class _Frame:
    """A mapping or sequence being built, with the key waiting for its value."""

    __slots__ = ("container", "key", "path")

    def __init__(self, container: Any, path: Path) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None


class _Builder:
    def __init__(self) -> None:
        self.loaded = Loaded(None)
        self.stack: list[_Frame] = []
        self.done = False

    def add(self, value: Any, line: int, scalar: bool, quoted: bool = False) -> Path:
        """Place `value` in the innermost container (or as the root); return its path.
        `quoted`: a double-quoted scalar, the only kind whose escapes can produce characters the
        file's text does not hold."""
        lines = self.loaded.lines
        if not self.stack:
            if quoted:
                _check_decoded(value, line, (), key=False)
            self.loaded.data = value
            lines[()] = line
            self.done = scalar
            return ()
        frame = self.stack[-1]
        container = frame.container
        if type(container) is list:
            path = (*frame.path, len(container))
            if quoted:
                _check_decoded(value, line, path, key=False)
            container.append(value)
            lines[path] = line
            return path
        if frame.key is None:  # this value is a key
            if not scalar:
                raise YamlError(line, "clé complexe interdite : une clé est un simple mot")
            key = "" if value is None else str(value).lower() if type(value) is bool else str(value)
            if quoted or "\n" in key or "\t" in key:
                _check_decoded(key, line, frame.path, key=True)
            if key == "<<":
                raise YamlError(line, "clé de fusion YAML « << » interdite : "
                                      "écrivez chaque valeur en entier")
            if key in container:
                raise YamlError(line, f"clé « {key} » en double (lignes "
                                      f"{lines[(*frame.path, key)]} et {line}) : gardez une seule "
                                      "ligne, YAML ne garderait que la dernière")
            frame.key = key
            container[key] = None  # reserve the key, so that a duplicate is seen at once
            lines[(*frame.path, key)] = line
            return frame.path
        path = (*frame.path, frame.key)
        if quoted:
            _check_decoded(value, line, path, key=False)
        container[frame.key] = value
        frame.key = None
        return path

    def open(self, container: Any, line: int) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise YamlError(line, _DEPTH_MESSAGE)
        self.stack.append(_Frame(container, self.add(container, line, False)))

    def close(self) -> None:
        self.stack.pop()
        self.done = not self.stack


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
    if not text.strip():
        raise YamlError(1, "le fichier est vide : écrivez-y les champs « clé: valeur » du modèle "
                           "(voir CONTRIBUTING.md)")
    builder = _Builder()
    documents = 0
    count = 0
    parser = _Parser(text)
    # The hot loop of every validation: names bound locally, the checks of an anchor or a tag
    # made only when the event has one.
    check_event, get_event, add, close = parser.check_event, parser.get_event, builder.add, \
        builder.close
    scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        while check_event():
            event: Any = get_event()
            count += 1
            kind = type(event)
            if kind in ends:
                close()
                if count > MAX_EVENTS:
                    raise YamlError(event.start_mark.line + 1, _TOO_MANY)
                continue
            line = event.start_mark.line + 1
            if kind is scalar:
                if event.anchor is not None or event.tag is not None:
                    _check_node(event, line)
                style = event.style
                add(event.value if style else scalar_value(event), line, True, style == '"')
            elif kind is mapping:
                _check_node(event, line)
                builder.open({}, line)
            elif kind is sequence:
                _check_node(event, line)
                builder.open([], line)
            elif kind is yaml.AliasEvent:
                raise YamlError(line, f"alias YAML « *{event.anchor} » interdit : "
                                      "recopiez la valeur au lieu d'y faire référence")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(line, "plusieurs documents YAML dans un fichier (séparateur "
                                          "« --- ») : un fichier ne décrit qu'une seule motion")
            if count > MAX_EVENTS:
                raise YamlError(line, _TOO_MANY)
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
    if not builder.done:
        raise YamlError(1, "le fichier ne contient aucune donnée")
    return builder.loaded


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
    return parse(decode(raw))
