"""The JSON Schemas of motions and campaigns, and their errors said in French."""

from __future__ import annotations

import calendar
import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

from petition.core.characters import value_problem
from petition.core.cut import cut
from petition.core.problems import Problem
from petition.core.yamlstrict import Loaded, Path, YamlError, line_of, load_bytes

# jsonschema and fastjsonschema are imported when a file is first checked: a warm run, which
# checks none, and every command reading only cached results start without them.
if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError

KINDS = ("motion", "campaign", "sending", "answer", "targets")
_TYPES = {"string": "un texte (entre guillemets si besoin)", "integer": "un nombre entier",
          "boolean": "true ou false", "object": "un bloc de champs", "array": "une liste",
          "null": "vide"}


def schema_text(kind: str) -> str:
    return resources.files("petition.schema").joinpath(f"{kind}.schema.json").read_text("utf-8")


@cache
def schema(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_text(kind))
    return data


MULTILINE = "x-multiline"  # schema annotation: this text may hold newlines and tabs


def python_pattern(pattern: str) -> str:
    """An ECMA-262 `pattern` for Python's `re`, which both validators use: `$` outside a class
    becomes `\\Z`, since Python's `$` also matches before a final newline (`"14:00\\n"` would
    pass `^…$`) while ECMA's matches only at the end."""
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            out.append("\\Z")
            continue
        out.append(char)
    return "".join(out)


def for_python(node: Any) -> Any:
    """The schema with every `pattern` rewritten by `python_pattern`."""
    if isinstance(node, list):
        return [for_python(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {k: python_pattern(v) if k == "pattern" and isinstance(v, str) else for_python(v)
            for k, v in node.items()}


def _uri(value: object) -> bool:
    """RFC 3986 (rfc3986-validator, as jsonschema checks it), and nothing a `$` lets through:
    no white space or control character anywhere, a final newline included."""
    if not isinstance(value, str):
        return True
    if value.isascii():  # the same rule, at C speed: an ASCII space or control character
        if _ASCII_SPACE_OR_CONTROL.search(value):
            return False
    elif any(c.isspace() or not c.isprintable() for c in value):
        return False
    return _plain_uri()(value)


_ASCII_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f]")


@cache
def _plain_checker() -> FormatChecker:
    """jsonschema's own checkers, built once (building one copies every format's function)."""
    from jsonschema import FormatChecker

    return FormatChecker()


@cache
def _plain_uri() -> Callable[[Any], bool]:
    """`_plain_checker().conforms(value, "uri")`, with its checker's function looked up once."""
    if "uri" not in _plain_checker().checkers:  # no URI checker installed: every value conforms
        return lambda value: True
    return _conforms(_plain_checker(), "uri")


@cache
def format_checker() -> FormatChecker:
    """jsonschema's format checker (dates; URIs with rfc3986-validator), URIs made strict."""
    from jsonschema import FormatChecker

    checker = FormatChecker()
    checker.checks("uri")(_uri)
    return checker


@cache
def validator(kind: str) -> Draft202012Validator:
    """The reference validator: every error, with its path (Draft 2020-12, formats checked)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(for_python(schema(kind)), format_checker=format_checker())


def inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local `#/$defs/…` reference replaced by its target (no recursion
    in these schemas), which validates the same documents and twice as fast."""
    if isinstance(node, list):
        return [inline_refs(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    inlined = {k: inline_refs(v, defs) for k, v in node.items() if k not in ("$ref", "$defs")}
    if "$ref" in node:
        return {**inline_refs(defs[node["$ref"].rsplit("/", 1)[-1]], defs), **inlined}
    return inlined


@cache
def flat_schema(kind: str) -> dict[str, Any]:
    """The schema with its `$ref`s inlined: a field's schema is found by plain walking."""
    flat: dict[str, Any] = inline_refs(schema(kind), schema(kind).get("$defs", {}))
    return flat


@cache
def fast_check(kind: str) -> Callable[[Any], Any]:
    """A compiled yes/no check for the common case of a valid file (about 20 times faster than
    `validator`). Only a "yes" is trusted; on "no" the reference validator says what is wrong.
    Formats are checked by jsonschema's own checker, so both agree on dates and URIs."""
    import fastjsonschema

    formats = {name: _conforms(format_checker(), name) for name in ("date", "uri")}
    # Same keywords in draft 7, and no $ref left for it to resolve. Only its yes or no is read:
    # without the details of each failure (the schema's part, as a literal in the generated code),
    # its code compiles four times faster (every cold run compiles it).
    flat = {**for_python(flat_schema(kind)), "$schema": "http://json-schema.org/draft-07/schema#"}
    return cast(Callable[[Any], Any], fastjsonschema.compile(flat, formats=formats,
                                                             detailed_exceptions=False))


def _conforms(checker: FormatChecker, name: str) -> Callable[[Any], bool]:
    """`checker.conforms(value, name)`, with the checker's own function looked up once (this
    runs for each date and address of every file)."""
    check, raises = checker.checkers[name]

    def conforms(value: Any) -> bool:
        try:
            return bool(check(value))
        except raises:
            return False
    return conforms


@cache
def _validity(kind: str) -> Callable[[Any], bool]:
    """`fast_check(kind)` as a yes or a no."""
    from fastjsonschema import JsonSchemaException

    check = fast_check(kind)

    def valid(data: Any) -> bool:
        try:
            check(data)
        except JsonSchemaException:
            return False
        return True
    return valid


def is_valid(kind: str, data: Any) -> bool:
    return _validity(kind)(data)


def load_mapping(rel: str, raw: bytes, not_a_mapping: str) -> Loaded | Problem:
    """One file's YAML, loaded strictly, when it is a mapping; otherwise its one problem: the
    loader's, or `not_a_mapping` (a list or a lone value at the top)."""
    try:
        loaded = load_bytes(raw)
    except YamlError as exc:
        return Problem(rel, exc.line, exc.message)
    if not isinstance(loaded.data, dict):
        return Problem(rel, 1, not_a_mapping)
    return loaded


def dotted(path: Path) -> str:
    return ".".join(str(p) for p in path) or "(racine)"


# Where a complete file of each kind comes from, said after what a file lacks.
_MODEL = {"project": " (voir le README : « La cause : projet.yml »)"}

# When one value breaks several rules (a date's pattern and its format), the first of these says
# the most: one message per value.
_VALUE_RULES = ("type", "enum", "format", "pattern", "minimum", "maximum", "minLength", "maxLength")


def schema_problems(kind: str, data: Any, rel: str, lines: dict[Path, int], *,
                    valid: bool | None = None, one_line: bool = False) -> Iterator[Problem]:
    """Every schema error of `data`, in French, at the line of the value: one per value; and
    every newline or tab outside a multi-line text (`x-multiline` in the schema), unless
    `one_line` says no text holds one (`Loaded.one_line`)."""
    broken = {} if one_line else \
        {path: problem for path, problem in _line_breaks(kind, data, rel, lines)}
    yield from broken.values()
    if valid if valid is not None else is_valid(kind, data):
        return
    errors = list(validator(kind).iter_errors(data))
    best: dict[Path, int] = {}
    for error in errors:
        if error.validator in _VALUE_RULES:
            path: Path = tuple(error.absolute_path)
            rank = _VALUE_RULES.index(str(error.validator))
            best[path] = min(rank, best.get(path, rank))
    for error in errors:
        path = tuple(error.absolute_path)
        if path in broken:  # « doit tenir sur une ligne » says it better than a pattern
            continue
        if error.validator in _VALUE_RULES and _VALUE_RULES.index(str(error.validator)) != best[path]:
            continue
        yield Problem(rel, _line(lines, path, error), _message(error, path, kind),
                      field=dotted(path))


def is_multiline(kind: str, path: Path) -> bool:
    """Whether the text at `path` may hold newlines and tabs (a long text: texte, notes…)."""
    return bool(field_schema(kind, path).get(MULTILINE))


def _broken_texts(data: Any, path: Path, found: list[tuple[Path, str]]) -> None:
    """Every text below `data` that holds a newline or a tab, with its path, in document order
    (a path is built only for those: this runs on every file)."""
    for key, value in data.items() if isinstance(data, dict) else enumerate(data):
        if isinstance(value, str):
            if "\n" in value or "\t" in value:
                found.append(((*path, key), value))
        elif isinstance(value, (dict, list)):
            _broken_texts(value, (*path, key), found)


def _line_breaks(kind: str, data: Any, rel: str,
                 lines: dict[Path, int]) -> Iterator[tuple[Path, Problem]]:
    found: list[tuple[Path, str]] = []
    if isinstance(data, (dict, list)):
        _broken_texts(data, (), found)
    for path, text in found:
        node = field_schema(kind, path)
        if node and not node.get(MULTILINE):
            message = value_problem(text)
            title = node.get("title")
            label = f"« {dotted(path)} »" + (f" ({title})" if title else "")
            yield path, Problem(rel, line_of(lines, path), f"{label} : {message}",
                                field=dotted(path))


def _line(lines: dict[Path, int], path: Path, error: ValidationError) -> int:
    key = error.instance
    if "propertyNames" in error.schema_path and isinstance(key, str) and (*path, key) in lines:
        return lines[(*path, key)]  # a key of the wrong form: its own line
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = _schema_of(error).get("properties", {})
        extra = [k for k in error.instance if k not in allowed]
        if extra and (*path, extra[0]) in lines:
            return lines[(*path, extra[0])]
    return line_of(lines, path)


def field_schema(kind: str, path: Path) -> dict[str, Any]:
    """The schema of the field at `path` (following properties and items)."""
    node = flat_schema(kind)
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) \
            else node.get("properties", {}).get(part, {})
    return node


def label_of(kind: str, path: Path) -> str:
    """« seance.date » (Date de la séance): the key contributors write, and its title."""
    title = field_schema(kind, path).get("title")
    return f"« {dotted(path)} »" + (f" ({title})" if title and path else "")


def _line_to_write(kind: str, path: Path) -> str:
    """What to write for a missing field, from its schema: « la ligne « nature: motion » (ou
    voeu, deliberation) », « le bloc « seance: » avec, en dessous, « date: "2023-09-27" » »."""
    from petition.core.fixes import scalar_text  # fixes reads the schemas: imported when needed

    node = field_schema(kind, path)
    key = str(path[-1])
    if node.get("type") == "object":
        inner = [f"« {_example_line(kind, (*path, child))} »" for child in node.get("required", [])]
        below = f" avec, en dessous, décalé de deux espaces, {' et '.join(inner)}" if inner else ""
        return f"le bloc « {key}: »{below}"
    enum = [v for v in node.get("enum", []) if isinstance(v, str)]
    if enum:
        others = f" (ou {', '.join(enum[1:])})" if len(enum) > 1 else ""
        return f"la ligne « {key}: {scalar_text(enum[0])} »{others}"
    return f"la ligne « {_example_line(kind, path)} » (par exemple)" \
        if node.get("examples") else f"la ligne « {key}: … »"


def _example_line(kind: str, path: Path) -> str:
    from petition.core.fixes import scalar_text

    node = field_schema(kind, path)
    enum = node.get("enum") or []
    examples = node.get("examples") or enum or ["…"]
    example = examples[0]
    shown = scalar_text(example) if isinstance(example, (str, int)) else "…"
    return f"{path[-1]}: {shown}"


def _schema_of(error: ValidationError) -> dict[str, Any]:
    return dict(error.schema) if isinstance(error.schema, dict) else {}


def _message(error: ValidationError, path: Path, kind_of_file: str) -> str:
    field = dotted(path)
    schema_of_field = field_schema(kind_of_file, path)
    label = label_of(kind_of_file, path)
    kind, value, instance = error.validator, cast(Any, error.validator_value), cast(Any, error.instance)
    if kind == "required":
        # jsonschema reports each missing field apart: one message each, saying what to write.
        named = re.match(r"'(.+)' is a required property", error.message)
        missing = [named.group(1)] if named else \
            [k for k in value if isinstance(instance, dict) and k not in instance]
        where = f" dans « {field} »" if path else ""
        if kind_of_file == "motion":  # contributors: the line to write, from the schema
            under = f" sous « {path[-1]}: »" if path and isinstance(path[-1], str) else ""
            lines = " et ".join(_line_to_write(kind_of_file, (*path, key)) for key in missing)
            return (f"champ obligatoire « {', '.join(missing)} » manquant{where} : "
                    f"ajoutez{under} {lines}")
        said = []
        for key in missing:
            node = field_schema(kind_of_file, (*path, key))
            about = str(node.get("description") or node.get("title") or "").rstrip(".")
            said.append(f"« {key} »" + (f" ({about[:1].lower()}{about[1:]})" if about else ""))
        plural = len(missing) > 1
        return (f"champ{'s' if plural else ''} obligatoire{'s' if plural else ''} manquant"
                f"{'s' if plural else ''}{where} : {' ; '.join(said)} ; "
                f"ajoutez-{'les' if plural else 'le'}{_MODEL.get(kind_of_file, '')}")
    if kind == "additionalProperties":
        allowed = sorted(_schema_of(error).get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        where = f" dans « {field} »" if path else ""
        close = [m for k in extra for m in difflib.get_close_matches(k, allowed, n=1, cutoff=0.7)]
        guess = f" (vouliez-vous écrire « {close[0]} » ?)" if len(extra) == 1 and close else ""
        return (f"champ inconnu « {', '.join(extra)} »{where}{guess} : vérifiez l'orthographe ; "
                f"champs permis : {', '.join(allowed)}")
    if kind == "enum":
        choices = ", ".join(str(v) for v in value)
        if isinstance(instance, (dict, list)):
            return f"{label} doit être une seule valeur parmi : {choices} ; pas {_shown(instance)}"
        return f"{label} : valeur {_shown(instance)} non permise ; choisissez parmi : {choices}"
    if kind == "type":
        wanted = _TYPES.get(value, value) if isinstance(value, str) else " ou ".join(value)
        hint = " ; mettez-le entre guillemets" if value == "string" and isinstance(instance, int) \
            else ""
        return f"{label} doit être {wanted}, pas {_shown(instance)}{hint}"
    if kind == "format" and value == "date":
        return f"{label} : {describe_date(str(instance))}"
    if kind in ("pattern", "format"):
        description = schema_of_field.get("description") or _schema_of(error).get("description", "")
        return f"{label} : « {_short(instance)} » n'a pas la forme attendue. {description}".strip()
    if kind in ("minimum", "maximum"):
        bound = "au moins" if kind == "minimum" else "au plus"
        return f"{label} vaut {instance} : il doit valoir {bound} {value}"
    if kind in ("minLength", "maxLength"):
        bound = "au moins" if kind == "minLength" else "au plus"
        return f"{label} : texte de {len(instance)} caractères, {bound} {value} attendus"
    if kind in ("minItems", "maxItems", "minProperties"):
        bound = "au plus" if kind == "maxItems" else "au moins"
        return f"{label} : il faut {bound} {value} élément(s)"
    if kind == "uniqueItems":
        return f"{label} : la liste contient deux fois la même valeur ; retirez le doublon"
    description = schema_of_field.get("description", "")
    return f"{label} : valeur {_shown(instance)} non permise. {description}".strip()


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else cut(text, 58)


def _shown(value: Any) -> str:
    """A value as a contributor would recognise it: never a Python dict or list."""
    if isinstance(value, dict):
        keys = ", ".join(str(k) for k in list(value)[:5])
        return f"un bloc de champs ({keys})" if keys else "un bloc de champs vide"
    if isinstance(value, list):
        return f"une liste de {len(value)} élément(s)"
    if isinstance(value, bool):
        return "« true »" if value else "« false »"
    if value is None:
        return "une valeur vide"
    return f"« {_short(value)} »"


_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")


def describe_date(value: str) -> str:
    """Why a date written AAAA-MM-JJ does not exist, in words, or how to write a date."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match is None:
        return f"« {_short(value)} » n'est pas une date : écrivez-la AAAA-MM-JJ, par exemple « 2023-09-27 »"
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return (f"« {value} » : il n'y a pas de mois {month:02d} (AAAA-MM-JJ : l'année, le mois "
                "de 01 à 12, puis le jour) ; vérifiez la date sur le document")
    last = calendar.monthrange(year, month)[1]
    name = _MONTHS[month - 1]
    if day < 1:
        return f"« {value} » : il n'y a pas de jour 00 ; vérifiez la date sur le document"
    return (f"« {value} » : le {day} {name} {year} n'existe pas ({name} {year} n'a que {last} "
            "jours) ; vérifiez la date sur le document")
