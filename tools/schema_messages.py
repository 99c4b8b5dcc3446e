#!/usr/bin/env python3
"""French messages for the editor: every node of the schemas gets `errorMessage` (and, when it has
a pattern or a format, `patternErrorMessage`), which yaml-language-server shows instead of its
English « Value is not accepted », « Incorrect type », « String is not a RFC3339 date ».

    python tools/schema_messages.py            # write the messages into the schemas
    python tools/schema_messages.py --check    # exit 1 if a message is missing or stale

The messages are computed from each node's title, type, enum, pattern, description and example,
so they cannot drift from the rules. Only the message keys change: a schema written one field per
line keeps that layout (each one-line field is rewritten on its line), a schema written as indented
JSON is written back the same way.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ("motion", "campaign", "project")
KEYS = ("errorMessage", "patternErrorMessage")
_UNTITLED = {"texte_court": "Texte"}
_ONE_LINE = re.compile(r'^(\s*)"((?:[^"\\]|\\.)+)": (\{.*\})(,?)$')
_MULTI_START = re.compile(r'^(\s*)"((?:[^"\\]|\\.)+)": \{$')


def _example(node: dict[str, Any]) -> str:
    examples = node.get("examples") or []
    return json.dumps(examples[0], ensure_ascii=False) if examples else ""


def messages(node: dict[str, Any], key: str, defs: dict[str, Any]) -> dict[str, str]:
    """The French messages of one schema node (`key`: its name, for a node without title)."""
    target = defs.get(node["$ref"].rsplit("/", 1)[-1], {}) if "$ref" in node else {}
    merged = {**target, **{k: v for k, v in node.items() if k not in KEYS}}
    title = merged.get("title") or _UNTITLED.get(key, key)
    kind = merged.get("type")
    example = _example(merged)
    eg = f" (par exemple {example})" if example else ""
    if "enum" in merged:
        choices = ", ".join(str(v) for v in merged["enum"])
        return {"errorMessage": f"« {title} » : choisissez une de ces valeurs, en minuscules et "
                                f"sans accent : {choices}"}
    if kind == "integer":
        least = merged.get("minimum", 0)
        bound = "positif ou nul" if least == 0 else f"d'au moins {least}"
        return {"errorMessage": f"« {title} » : un nombre entier {bound}, écrit en chiffres, sans "
                                f"guillemets ni espace{eg}"}
    if kind == "boolean":
        return {"errorMessage": f"« {title} » : true (oui) ou false (non), sans guillemets"}
    if kind == "array":
        return {"errorMessage": f"« {title} » : une liste, un élément par ligne commençant par "
                                "« - »"}
    if kind == "object" or "properties" in merged:
        allowed = ", ".join(merged.get("properties", {}))
        required = ", ".join(merged.get("required", []))
        must = f" ; obligatoires : {required}" if required else ""
        return {"errorMessage": f"« {title} » : un bloc de champs, chacun sur sa ligne, indenté de "
                                f"deux espaces ; champs permis : {allowed}{must}"}
    if kind == "string":
        if merged.get("format") == "date":
            text = (f"« {title} » : une date qui existe, écrite AAAA-MM-JJ entre guillemets"
                    f"{eg}")
            return {"errorMessage": text, "patternErrorMessage": text}
        if merged.get("format") == "uri":
            text = f"« {title} » : une adresse web complète, qui commence par https://{eg}"
            return {"errorMessage": text, "patternErrorMessage": text}
        if "pattern" in merged:
            description = merged.get("description", "").rstrip(".")
            description = description[:1].lower() + description[1:]
            text = f"« {title} » : {description}{eg}" if description else \
                f"« {title} » : valeur mal écrite{eg}"
            return {"errorMessage": text, "patternErrorMessage": text}
        lengths = ""
        if "maxLength" in merged:
            lengths = f", de {merged.get('minLength', 0)} à {merged['maxLength']} caractères"
        return {"errorMessage": f"« {title} » : un texte{lengths} (entre guillemets s'il "
                                "commence par un chiffre ou contient « : »)"}
    return {}


def _nodes(node: Any, key: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every schema node below `node` (itself included), with its name."""
    if not isinstance(node, dict):
        return
    yield node, key
    for group in ("properties", "$defs"):
        for name, child in node.get(group, {}).items():
            yield from _nodes(child, name)
    if isinstance(node.get("items"), dict):
        yield from _nodes(node["items"], f"{key} (élément)")


def with_messages(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with every node's messages set (a copy)."""
    result: dict[str, Any] = json.loads(json.dumps(schema))
    defs = result.get("$defs", {})
    for node, key in _nodes(result, result.get("title", "fichier")):
        for name in KEYS:
            node.pop(name, None)
        node.update(messages(node, key, defs))
    return result


def _one_line(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def render(text: str, schema: dict[str, Any]) -> str:
    """`text` (the schema as written) with the messages of `schema`, keeping its layout: a field
    written on one line is rewritten on its line; a node written over several lines gets its
    message lines right after its « title »."""
    if json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n" == text:
        return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    out: list[str] = []
    stack: list[tuple[int, Any]] = []  # (indent of the line that opened it, the object)
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        top = stack[-1][1] if stack else None
        one, start = _ONE_LINE.match(line), _MULTI_START.match(line)
        if line == "{" and not stack:
            stack.append((0, schema))
        elif one and isinstance(top, dict) and isinstance(top.get(one.group(2)), dict):
            pad, key, _, comma = one.groups()
            line = f'{pad}"{key}": {_one_line(top[key])}{comma}'
        elif start and isinstance(top, dict):
            child = top.get(start.group(2))
            stack.append((indent, child if isinstance(child, dict) else None))
        elif stripped in ("}", "},") and stack and stack[-1][0] == indent:
            stack.pop()
        elif stack and indent == stack[-1][0] + 2 and any(stripped.startswith(f'"{k}":')
                                                           for k in KEYS):
            continue  # written again after the title
        out.append(line)
        opened = stack[-1][1] if start and stack else None
        if isinstance(opened, dict) and "title" not in opened:  # no title: right after "{"
            out += [f'{" " * (indent + 2)}"{key}": {json.dumps(opened[key], ensure_ascii=False)},'
                    for key in KEYS if key in opened]
        if stripped.startswith('"title":') and stack and indent == stack[-1][0] + 2 \
                and isinstance(top, dict):
            out += [f'{" " * indent}"{key}": {json.dumps(top[key], ensure_ascii=False)},'
                    for key in KEYS if key in top]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    stale = []
    for name in SCHEMAS:
        path = ROOT / "schema" / f"{name}.schema.json"
        text = path.read_text("utf-8")
        wanted = with_messages(json.loads(text))
        rendered = render(text, wanted)
        if json.loads(rendered) != wanted:
            print(f"{path}: mise en page non reconnue, messages non écrits", file=sys.stderr)
            return 2
        if rendered != text:
            stale.append(path)
            if not args.check:
                path.write_text(rendered, "utf-8")
    if args.check and stale:
        print("messages de l'éditeur absents ou périmés dans : "
              + ", ".join(str(p.relative_to(ROOT)) for p in stale)
              + " ; lancez « python tools/schema_messages.py »", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
