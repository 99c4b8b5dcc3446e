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
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml's event parser is iterative: deep nesting cannot overflow the C stack here
    from yaml import CBaseLoader as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _Parser  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 12
MAX_EVENTS = 200_000

Path = tuple[str | int, ...]

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_NULL = frozenset({"", "~", "null"})
# Characters that change how text reads without showing: bidi controls and zero-width marks.
_INVISIBLE = {
    **{cp: "caractère de contrôle bidirectionnel" for cp in
       (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))},
    **{cp: "caractère invisible de largeur nulle" for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)},
}


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
        """The line of `path`, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


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
    tab = _TAB_INDENT.search(text)
    if tab:
        raise YamlError(text.count("\n", 0, tab.start()) + 1,
                        "tabulation dans l'indentation : YAML n'accepte que des espaces, "
                        "remplacez chaque tabulation par deux espaces")
    for index, char in enumerate(text):
        cp = ord(char)
        if (cp < 0x20 and char not in "\t\n\r") or 0x7F <= cp <= 0x9F or cp in _INVISIBLE:
            line = text.count("\n", 0, index) + 1
            kind = _INVISIBLE.get(cp, "caractère de contrôle")
            name = unicodedata.name(char, "")
            raise YamlError(line, f"{kind} interdit (U+{cp:04X}{' ' + name if name else ''}) : "
                                  "supprimez-le, il peut masquer ou inverser le texte affiché")


def scalar_value(event: yaml.ScalarEvent) -> Any:
    if event.style:  # quoted or block scalar: always text (libyaml gives '' for plain)
        return event.value
    value = event.value
    if value in _NULL:
        return None
    if value in ("true", "false"):
        return value == "true"
    if _INT.match(value):
        return int(value)
    return value


def _where(mark: Any) -> int:
    return int(mark.line) + 1 if mark is not None else 1


def parse(text: str) -> Loaded:
    """Turn text into plain values (dict, list, str, int, bool, None) with their lines."""
    if not text.strip():
        raise YamlError(1, "le fichier est vide : il doit décrire une motion (voir le modèle)")
    loaded = Loaded(None)
    # Stack of containers being built: (value, path, pending key, key line).
    stack: list[list[Any]] = []
    documents = 0
    root_set = False
    try:
        for count, event in enumerate(yaml.parse(text, Loader=_Parser)):
            if count > MAX_EVENTS:
                raise YamlError(_where(event.start_mark), "fichier trop complexe : trop d'éléments")
            line = _where(event.start_mark)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError(line, "plusieurs documents YAML dans un fichier (séparateur "
                                          "« --- ») : un fichier ne décrit qu'une seule motion")
                continue
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(line, f"alias YAML « *{event.anchor} » interdit : "
                                      "recopiez la valeur au lieu d'y faire référence")
            if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent,
                                  yaml.MappingStartEvent)):
                if event.anchor is not None:
                    raise YamlError(line, f"ancre YAML « &{event.anchor} » interdite : "
                                          "écrivez chaque valeur en entier")
                if event.tag is not None:
                    raise YamlError(line, f"étiquette YAML « {event.tag} » interdite : "
                                          "retirez-la, les types sont déduits du modèle")
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(line, f"imbrication trop profonde (plus de {MAX_DEPTH} "
                                          "niveaux) : simplifiez la structure")
            if isinstance(event, yaml.ScalarEvent):
                _add(loaded, stack, scalar_value(event), line, is_key_candidate=True)
                if not stack:
                    root_set = True
            elif isinstance(event, yaml.SequenceStartEvent):
                value: Any = []
                path = _add(loaded, stack, value, line, is_key_candidate=False)
                stack.append([value, path, None, 0, {}])
            elif isinstance(event, yaml.MappingStartEvent):
                value = {}
                path = _add(loaded, stack, value, line, is_key_candidate=False)
                stack.append([value, path, _NO_KEY, 0, {}])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                value = stack.pop()[0]
                if not stack:
                    root_set = True
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(_where(mark), _explain(exc)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error is marked
        raise YamlError(1, f"YAML illisible : {exc}") from None
    if not root_set:
        raise YamlError(1, "le fichier ne contient aucune donnée")
    return loaded


class _NoKey:
    pass


_NO_KEY = _NoKey()


def _add(loaded: Loaded, stack: list[list[Any]], value: Any, line: int,
         *, is_key_candidate: bool) -> Path:
    """Place `value` in the innermost container (or as the root); return its path."""
    if not stack:
        loaded.data = value
        loaded.lines[()] = line
        return ()
    frame = stack[-1]
    container = frame[0]
    parent_path: Path = frame[1]
    if isinstance(container, list):
        path = (*parent_path, len(container))
        container.append(value)
        loaded.lines[path] = line
        return path
    if frame[2] is _NO_KEY:  # this value is a key
        if not is_key_candidate or isinstance(value, (dict, list)):
            raise YamlError(line, "clé complexe interdite : une clé est un simple mot")
        key = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        if key == "<<":
            raise YamlError(line, "clé de fusion YAML « << » interdite : "
                                  "écrivez chaque valeur en entier")
        seen: dict[str, int] = frame[4]
        if key in seen:
            raise YamlError(line, f"clé « {key} » en double (lignes {seen[key]} et {line}) : "
                                  "gardez une seule ligne, YAML ne garderait que la dernière")
        seen[key] = line
        frame[2], frame[3] = key, line
        return parent_path
    key = frame[2]
    path = (*parent_path, key)
    container[key] = value
    loaded.lines[path] = frame[3]
    frame[2] = _NO_KEY
    return path


def _explain(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    if "\t" in problem or "tab" in problem:
        return ("tabulation dans l'indentation : YAML n'accepte que des espaces, "
                "remplacez chaque tabulation par deux espaces")
    translations = {
        "found unexpected end of stream": "fin de fichier inattendue : un guillemet ou un crochet "
                                          "n'est sans doute pas refermé",
        "found undefined alias": "alias YAML interdit",
        "did not find expected ',' or ": "crochet ou accolade non refermé : vérifiez les "
                                         "« [ ] » et « { } » de la ligne",
        "mapping values are not allowed": "deux-points inattendu : mettez la valeur entre "
                                               "guillemets si elle contient « : »",
        "could not find expected ':'": "« : » attendu après la clé : vérifiez l'indentation et "
                                       "les guillemets",
        "did not find expected key": "clé attendue : vérifiez l'indentation de cette ligne",
        "did not find expected '-' indicator": "élément de liste attendu : vérifiez l'indentation",
        "found character that cannot start any token": "caractère inattendu en début de valeur : "
                                                       "mettez la valeur entre guillemets",
    }
    for english, french in translations.items():
        if problem.startswith(english):
            return f"YAML invalide, {french}"
    return f"YAML invalide ({problem or 'structure incorrecte'}) : vérifiez l'indentation et les guillemets"


def load_bytes(raw: bytes) -> Loaded:
    """Bytes of a file written by a stranger to values with lines; raises YamlError."""
    return parse(decode(raw))
