"""The JSON Schemas of motions and campaigns, and their errors said in French."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache, partial
from importlib import resources
from typing import Any, cast

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from petition.core.characters import value_problem
from petition.core.problems import Problem
from petition.core.yamlstrict import Path, line_of

KINDS = ("motion", "campaign")
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
    return not any(c.isspace() or not c.isprintable() for c in value) \
        and FormatChecker().conforms(value, "uri")


@cache
def format_checker() -> FormatChecker:
    """jsonschema's format checker (dates; URIs with rfc3986-validator), URIs made strict."""
    checker = FormatChecker()
    checker.checks("uri")(_uri)
    return checker


@cache
def validator(kind: str) -> Draft202012Validator:
    """The reference validator: every error, with its path (Draft 2020-12, formats checked)."""
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
    checker = format_checker()
    formats = {name: partial(checker.conforms, format=name) for name in ("date", "uri")}
    # Same keywords in draft 7, and no $ref left for it to resolve.
    flat = {**for_python(flat_schema(kind)), "$schema": "http://json-schema.org/draft-07/schema#"}
    return cast(Callable[[Any], Any], fastjsonschema.compile(flat, formats=formats))


def is_valid(kind: str, data: Any) -> bool:
    try:
        fast_check(kind)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def dotted(path: Path) -> str:
    return ".".join(str(p) for p in path) or "(racine)"


def schema_problems(kind: str, data: Any, rel: str, lines: dict[Path, int]) -> Iterator[Problem]:
    """Every schema error of `data`, one French problem each, at the line of the value; and
    every newline or tab outside a multi-line text (`x-multiline` in the schema)."""
    broken = {path: problem for path, problem in _line_breaks(kind, data, rel, lines)}
    yield from broken.values()
    if is_valid(kind, data):
        return
    for error in validator(kind).iter_errors(data):
        path: Path = tuple(error.absolute_path)
        if path in broken:  # « doit tenir sur une ligne » says it better than a pattern
            continue
        yield Problem(rel, _line(lines, path, error), _message(error, path, kind),
                      field=dotted(path))


def is_multiline(kind: str, path: Path) -> bool:
    """Whether the text at `path` may hold newlines and tabs (a long text: texte, notes…)."""
    return bool(_field_schema(kind, path).get(MULTILINE))


def _line_breaks(kind: str, data: Any, rel: str, lines: dict[Path, int],
                 path: Path = ()) -> Iterator[tuple[Path, Problem]]:
    if isinstance(data, str):
        if ("\n" in data or "\t" in data) and path:
            field_schema = _field_schema(kind, path)
            if field_schema and not field_schema.get(MULTILINE):
                message = value_problem(data)
                title = field_schema.get("title")
                label = f"« {dotted(path)} »" + (f" ({title})" if title else "")
                yield path, Problem(rel, line_of(lines, path), f"{label} : {message}",
                                    field=dotted(path))
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _line_breaks(kind, value, rel, lines, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _line_breaks(kind, value, rel, lines, (*path, index))


def _line(lines: dict[Path, int], path: Path, error: ValidationError) -> int:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = _schema_of(error).get("properties", {})
        extra = [k for k in error.instance if k not in allowed]
        if extra and (*path, extra[0]) in lines:
            return lines[(*path, extra[0])]
    return line_of(lines, path)


def _field_schema(kind: str, path: Path) -> dict[str, Any]:
    """The schema of the field at `path` (following properties and items)."""
    node = flat_schema(kind)
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) \
            else node.get("properties", {}).get(part, {})
    return node


def _schema_of(error: ValidationError) -> dict[str, Any]:
    return dict(error.schema) if isinstance(error.schema, dict) else {}


def _message(error: ValidationError, path: Path, kind_of_file: str) -> str:
    field = dotted(path)
    field_schema = _field_schema(kind_of_file, path)
    title = field_schema.get("title")
    label = f"« {field} »" + (f" ({title})" if title and path else "")
    kind, value, instance = error.validator, cast(Any, error.validator_value), cast(Any, error.instance)
    if kind == "required":
        missing = [k for k in value if isinstance(instance, dict) and k not in instance]
        where = f" dans « {field} »" if path else ""
        return (f"champ obligatoire « {', '.join(missing)} » manquant{where} : "
                "ajoutez-le (voir le modèle dans CONTRIBUTING.md)")
    if kind == "additionalProperties":
        allowed = sorted(_schema_of(error).get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        where = f" dans « {field} »" if path else ""
        return (f"champ inconnu « {', '.join(extra)} »{where} : vérifiez l'orthographe ; "
                f"champs permis : {', '.join(allowed)}")
    if kind == "enum":
        return (f"{label} : valeur « {instance} » non permise ; "
                f"choisissez parmi : {', '.join(str(v) for v in value)}")
    if kind == "type":
        wanted = _TYPES.get(value, value) if isinstance(value, str) else " ou ".join(value)
        hint = " ; mettez-le entre guillemets" if value == "string" and isinstance(instance, int) \
            else ""
        return f"{label} doit être {wanted}, pas « {_short(instance)} »{hint}"
    if kind == "format" and value == "date":
        return f"{label} : « {instance} » n'est pas une date valide ; écrivez AAAA-MM-JJ"
    if kind in ("pattern", "format"):
        description = field_schema.get("description") or _schema_of(error).get("description", "")
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
    return f"{label} : valeur invalide ({error.message})"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"
