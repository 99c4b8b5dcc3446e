"""The contributor's editor speaks French (issue 15): every node of the schemas carries the
`errorMessage` / `patternErrorMessage` yaml-language-server shows, computed from the rules; a
snippet inserts the template; the guide's examples and pre-commit pin are real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from conftest import CAMPAIGN, ROOT, RepoBuilder
from petition.core.repository import analyse
from petition.core.schemas import schema

TOOL = ROOT / "tools" / "schema_messages.py"
YLS = ROOT / ".tools" / "yls" / "node_modules"
# What yaml-language-server says in English when a node has no message of its own.
ENGLISH = ("Value is not accepted", "Incorrect type", "String is not", "Missing property",
           "is not allowed", "does not match", "Expected")


def nodes(node: Any, name: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = [(name, node)] if isinstance(node, dict) else []
    if isinstance(node, dict):
        for group in ("properties", "$defs"):
            for key, child in node.get(group, {}).items():
                found += nodes(child, f"{name}/{key}")
        if isinstance(node.get("items"), dict):
            found += nodes(node["items"], f"{name}/items")
    return found


def test_messages_are_those_the_tool_computes() -> None:
    """A schema changed without its messages fails here, naming the command to run."""
    result = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True,
                            check=False)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("kind", ["motion", "campaign"])
def test_every_node_has_a_french_message(kind: str) -> None:
    for name, node in nodes(schema(kind)):
        message = node.get("errorMessage", "")
        assert message.startswith("« "), (kind, name)
        assert not any(word in message for word in ENGLISH), (kind, name, message)
        if "pattern" in node or "format" in node:
            assert node.get("patternErrorMessage", "").startswith("« "), (kind, name)


# What the editor shows: yaml-language-server reports, for each failing rule, the message of the
# schema node that holds it (patternErrorMessage first for a pattern or a format).
@pytest.mark.parametrize("path, value, expected", [
    (("nature",), "Motion", "« Nature de l'acte » : choisissez une de ces valeurs, en minuscules et "
                            "sans accent : motion, voeu, deliberation"),
    (("presences", "effectif"), "35", "« Nombre » : un nombre entier positif ou nul, écrit en "
                                      "chiffres, sans guillemets ni espace (par exemple 37)"),
    (("seance", "date"), "27/09/2023", "« Date » : une date qui existe, écrite AAAA-MM-JJ entre "
                                       "guillemets (par exemple \"2023-09-27\")"),
    (("vote", "unanimite"), "oui", "« Unanimité » : true (oui) ou false (non), sans guillemets"),
    (("collectivite", "code"), 62498, "« Code officiel » : code INSEE à 5 caractères pour une "
     "commune ou un arrondissement municipal (2A/2B pour la Corse), SIREN à 9 chiffres pour un EPCI, "
     "un EPT ou la Métropole de Lyon, code à 2 ou 3 caractères pour un département, une région ou "
     "une collectivité d'outre-mer (6AE pour la Collectivité européenne d'Alsace). Toujours entre "
     "guillemets (par exemple \"62498\")"),
    (("objet",), "", "« Objet » : un texte, de 3 à 1000 caractères (entre guillemets s'il commence "
                     "par un chiffre ou contient « : »)"),
])
def test_the_message_the_editor_shows(path: tuple[str, ...], value: Any, expected: str) -> None:
    data: dict[str, Any] = {"campagne": CAMPAIGN,
                            "collectivite": {"type": "commune", "code": "62498", "nom": "Lens"},
                            "nature": "motion", "objet": "Motion", "seance": {"date": "2023-09-27"},
                            "vote": {"resultat": "adoptee"}}
    target = data
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value
    errors = list(Draft202012Validator(schema("motion"), format_checker=FormatChecker())
                  .iter_errors(data))
    shown = {(e.schema.get("patternErrorMessage") if e.validator in ("pattern", "format") else None)
             or e.schema.get("errorMessage") for e in errors if isinstance(e.schema, dict)}
    assert expected in shown


@pytest.mark.skipif(not (YLS / "yaml-language-server").is_dir() or shutil.which("node") is None,
                    reason="yaml-language-server absent : npm install --prefix .tools/yls "
                           "yaml-language-server@1.25.0")
def test_yaml_language_server_speaks_french(repo: RepoBuilder) -> None:
    """A real run of the editor's language server on a file with the usual mistakes."""
    shutil.copytree(ROOT / "schema", repo.root / "schema", ignore=shutil.ignore_patterns("*.py"))
    bad = repo.write(f"motions/{CAMPAIGN}/lens.yml", "# yaml-language-server: $schema=../../schema/"
                     f"motion.schema.json\ncampagne: {CAMPAIGN}\ncollectivite:\n  type: Commune\n"
                     "  code: 62498\n  nom: Lens\nnature: motion\nobjet: Motion\nseance:\n"
                     "  date: \"2023-09-27\"\npresences:\n  effectif: \"39\"\nvote:\n"
                     "  resultat: adoptee\n  pour: 1 234\n")
    result = subprocess.run(["node", str(ROOT / "tools" / "yls_check.js"), str(bad)],
                            env={**os.environ, "NODE_PATH": str(YLS)}, capture_output=True,
                            text=True, timeout=120, check=True)
    messages = [line.split(": ", 1)[1] for line in result.stdout.splitlines()]
    assert messages == [
        "« Type de collectivité » : choisissez une de ces valeurs, en minuscules et sans accent : "
        + ", ".join(schema("motion")["properties"]["collectivite"]["properties"]["type"]["enum"]),
        schema("motion")["properties"]["collectivite"]["properties"]["code"]["patternErrorMessage"],
        "« Nombre » : un nombre entier positif ou nul, écrit en chiffres, sans guillemets ni espace "
        "(par exemple 37)",
        "« Nombre » : un nombre entier positif ou nul, écrit en chiffres, sans guillemets ni espace "
        "(par exemple 37)",
    ]


# --- the template as an editor snippet ---------------------------------------------------------
def test_snippet_inserts_a_valid_motion() -> None:
    snippets = json.loads((ROOT / ".vscode" / "motion.code-snippets").read_text("utf-8"))
    snippet = snippets["Motion (modèle)"]
    assert snippet["scope"] == "yaml" and "motion" in snippet["prefix"]
    text = "\n".join(snippet["body"])
    # What Tab after Tab leaves: each placeholder's default, the first choice of each list.
    text = re.sub(r"\$\{\d+\|([^,|]+)[^}]*\|\}", r"\1", text)
    text = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", text).replace("$0", "")
    data, _, problems = analyse("motion", f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml",
                                text.encode("utf-8"), dt_today())
    assert data is not None and [p.message for p in problems if p.is_error] == []
    assert json.loads((ROOT / ".vscode" / "extensions.json").read_text())["recommendations"] == [
        "redhat.vscode-yaml"]


def dt_today() -> Any:
    import datetime as dt
    return dt.date(2026, 11, 22)


# --- the guide -----------------------------------------------------------------------------------
def test_pre_commit_is_pinned_to_the_release_tag() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    revs = re.findall(r"^\s+rev: (\S+)", guide, re.MULTILINE)
    assert revs == [f"v{version}"]


def test_the_guides_example_messages_are_the_programs(repo: RepoBuilder) -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    block = guide.split("dit quoi corriger, par exemple :\n\n```text\n", 1)[1].split("```", 1)[0]
    # The guide's example is in one of the repository's own campaigns: a fixture one here.
    shown = re.sub(r"^motions/[a-z0-9-]+/", f"motions/{CAMPAIGN}/", block, flags=re.M).splitlines()
    repo.write(f"motions/{CAMPAIGN}/commune-62510-lievin-2023-10-13.yml", f"""\
# yaml-language-server: $schema=../../schema/motion.schema.json
campagne: {CAMPAIGN}
collectivite:
  type: commune
  code: 62510
  nom: Liévin
instance: Conseil municipal
nature: motion
objet: Motion pour les bibliothèques de proximité
seance:
  heure: "18:00"
  date: 13/10/2023
presences:
  presents: 27
  pouvoirs: 30
vote:
  resultat: adoptee
sources:
  - url: https://www.lievin.fr/deliberations/2023-10-13-motion.pdf
""")
    assert repo.run("validate").stdout.splitlines() == shown[:3]
    fixed = repo.root / f"motions/{CAMPAIGN}/commune-62510-lievin-2023-10-13.yml"
    assert repo.run("validate", "--fix", "--write").exit_code == 1  # the proxies remain
    fixed.rename(fixed.with_name(fixed.name + ".txt"))
    text = fixed.with_name(fixed.name + ".txt").read_text("utf-8")
    fixed.with_name(fixed.name + ".txt").write_text(text.replace("pouvoirs: 30", "pouvoirs: 3"))
    assert repo.run("validate").stdout.splitlines() == shown[3:]
