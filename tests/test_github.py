"""The GitHub automation (hazards.md 12–15): zizmor and the official schemas on every file, the
hardening rules asserted one by one, the contribution files, and `petition summary`, the French job
summary of a pull request."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CAMPAIGN, ROOT, RepoBuilder, motion_data
from petition.exchange.writer import dump_motion
from petition.intake.issueform import IMPORT_LABEL

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PIN = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def tool(name: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / name), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def load(path: Path) -> Any:
    # BaseLoader: every scalar stays a string, and the `on:` key stays "on" (not True).
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)


def code_of(path: Path) -> str:
    """The text of a YAML file without its comment lines."""
    lines = path.read_text("utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def workflow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = load(GITHUB / "workflows" / name)
    return data


def steps(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


# --- external checkers ---------------------------------------------------------------------------
def test_workflows_exist() -> None:
    assert [w.name for w in WORKFLOWS] == ["discover.yml", "issue-to-pr.yml", "nouveau-depot.yml",
                                           "pages.yml", "sirets.yml", "validate.yml"]


def test_zizmor_auditor_finds_nothing() -> None:
    result = tool("zizmor", "--persona", "auditor", "--strict-collection", "--offline",
                  "--format", "json", ".github")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_zizmor_catches_a_pwn_request(tmp_path: Path) -> None:
    """The check above is not vacuous: the same command flags the classic mistakes."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("""\
on:
  pull_request_target:
permissions: write-all
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.issue.title }}" "${{ github.head_ref }}"
""")
    result = tool("zizmor", "--persona", "auditor", "--strict-collection", "--offline",
                  "--format", "json", ".github", cwd=tmp_path)
    assert result.returncode != 0
    found = {finding["ident"] for finding in json.loads(result.stdout)}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses", "excessive-permissions",
            "artipacked"} <= found


def test_zizmor_refuses_an_unparseable_workflow(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "broken.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: [push\n")
    result = tool("zizmor", "--persona", "auditor", "--strict-collection", "--offline", ".github",
                  cwd=tmp_path)
    assert result.returncode != 0


@pytest.mark.parametrize(("schema", "paths"), [
    ("vendor.github-workflows", [w.relative_to(ROOT).as_posix() for w in WORKFLOWS]),
    ("vendor.github-issue-forms", [".github/ISSUE_TEMPLATE/signaler-motion.yml"]),
    ("vendor.github-issue-config", [".github/ISSUE_TEMPLATE/config.yml"]),
    ("vendor.dependabot", [".github/dependabot.yml"]),
])
def test_official_schemas(schema: str, paths: list[str]) -> None:
    # Every file of a kind in one run (check-jsonschema names each file that fails).
    result = tool("check-jsonschema", "--builtin-schema", schema, *paths)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


# --- hardening, rule by rule ---------------------------------------------------------------------
@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_hardening(path: Path) -> None:
    text = code_of(path)
    flow: dict[str, Any] = load(path)
    assert "pull_request_target" not in text
    assert flow["permissions"] == {}
    for name, job in flow["jobs"].items():
        assert "permissions" in job, name
        assert "timeout-minutes" in job, name
    for line in text.splitlines():
        if "uses:" in line:
            assert PIN.match(line), line
    for step in steps(flow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] == "false"
        run = step.get("run", "")
        assert "${{" not in run, run  # untrusted values reach shells only through env:
        assert "github.event.issue" not in run and "head_ref" not in run
    for job in flow["jobs"].values():
        image = job.get("container", {}).get("image", "")
        assert not image or re.search(r"@sha256:[0-9a-f]{64}$", image), image


def test_same_action_same_pin_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for line in path.read_text("utf-8").splitlines():
            match = PIN.match(line)
            if match:
                pins.setdefault(match.group(1), set()).add(line.split("@", 1)[1])
    assert set(pins) == {"actions/checkout", "actions/setup-python",
                         "actions/upload-pages-artifact", "actions/deploy-pages"}
    assert all(len(versions) == 1 for versions in pins.values()), pins


def permissions(flow: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {name: job["permissions"] for name, job in flow["jobs"].items()}


def test_validation_runs_on_pull_request_only() -> None:
    flow = workflow("validate.yml")
    assert list(flow["on"]) == ["pull_request"]
    assert flow["on"]["pull_request"] in (None, "")  # no path filter: every pull request is checked
    assert permissions(flow) == {"validate": {"contents": "read"}, "tests": {"contents": "read"}}
    runs = [step.get("run", "") for step in steps(flow)]
    assert ".venv/bin/petition validate --format github" in runs
    summary = next(s for s in steps(flow) if "petition summary" in s.get("run", ""))
    assert summary["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert '"$BASE_SHA"' in summary["run"] and "$GITHUB_STEP_SUMMARY" in summary["run"]
    assert ".ci/run" in runs  # make test, with Debian's Chromium installed first
    assert any("chromium" in run and "apt-get install" in run for run in runs)


def test_pages_deploys_from_main_only_without_cache() -> None:
    flow = workflow("pages.yml")
    assert flow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": ""}
    assert permissions(flow) == {"build": {"contents": "read"},
                                 "deploy": {"pages": "write", "id-token": "write"}}
    build, deploy = flow["jobs"]["build"]["steps"], flow["jobs"]["deploy"]["steps"]
    assert [s.get("run") for s in build if "run" in s] == ["make site"]
    assert build[-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert build[-1]["with"] == {"path": "site"}
    assert [s["uses"].split("@")[0] for s in deploy] == ["actions/deploy-pages"]
    assert flow["jobs"]["deploy"]["needs"] == "build"
    assert "cache" not in code_of(GITHUB / "workflows" / "pages.yml")


def test_issue_to_pr_workflow() -> None:
    flow = workflow("issue-to-pr.yml")
    assert flow["on"] == {"issues": {"types": ["labeled"]}}
    job = flow["jobs"]["import"]
    assert job["if"] == f"github.event.label.name == '{IMPORT_LABEL}'"
    assert job["permissions"] == {"contents": "write", "pull-requests": "write",
                                  "issues": "write"}
    assert "cache" not in code_of(GITHUB / "workflows" / "issue-to-pr.yml")
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert 'petition from-issue "$GITHUB_EVENT_PATH" --write' in runs
    assert '--body-file "$RUNNER_TEMP/pr-body.md"' in runs
    assert '--body-file "$RUNNER_TEMP/comment.md"' in runs
    assert f"--remove-label {IMPORT_LABEL}" in runs
    assert "petition validate --format text" in runs  # its verdict posted on the pull request
    assert job["steps"][-1]["if"] == "failure()"  # every failure is answered on the issue
    for step in job["steps"]:
        for value in step.get("env", {}).values():
            assert value in ("${{ github.token }}", "${{ github.repository }}",
                             "${{ github.event.issue.number }}",
                             "${{ github.event.repository.default_branch }}"), value


# --- contribution files --------------------------------------------------------------------------
def test_codeowners_cover_code() -> None:
    rules = [line.split() for line in (GITHUB / "CODEOWNERS").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    # A catch-all first: a root setup.py or a conftest.py added by a stranger needs a review.
    assert rules[0][0] == "*" and len(rules[0]) == 2
    team = rules[0][1]  # the repository's own maintainers (a team or an account)
    assert team.startswith("@")
    unowned = [rule[0] for rule in rules if len(rule) == 1]
    assert unowned == ["/motions/*/*.yml", "/motions/documents/*.pdf"]
    assert rules[-1] == ["/motions/*/campagne.yml", team]


def test_dependabot_updates_actions_and_the_lock() -> None:
    config = load(GITHUB / "dependabot.yml")
    assert sorted(u["package-ecosystem"] for u in config["updates"]) == ["github-actions", "uv"]


def test_discover_workflow_proposes_and_never_merges() -> None:
    """Weekly (and on demand), read-only towards main: it pushes a branch of its own and opens a
    pull request; merging and importing stay with a person (hazards.md 12–15)."""
    flow = workflow("discover.yml")
    assert flow["on"] == {"schedule": [{"cron": "23 5 * * 1"}], "workflow_dispatch": ""}
    assert permissions(flow) == {"discover": {"contents": "write", "pull-requests": "write"}}
    code = code_of(GITHUB / "workflows" / "discover.yml")
    assert "cache" not in code
    for forbidden in ("gh pr merge", "--auto", "--force", "git push origin main", "petition import",
                      "--admin"):
        assert forbidden not in code, forbidden
    runs = "\n".join(step.get("run", "") for step in steps(flow))
    assert '.venv/bin/petition discover --catalogue --api "$PORTAL_API" --output-dir decouvertes' in runs
    assert '--body-file "$RUNNER_TEMP/pr-body.md"' in runs
    allowed = {"${{ github.token }}", "${{ github.repository }}",
               "${{ github.event.repository.default_branch }}", "https://www.data.gouv.fr/api/1"}
    for step in steps(flow):
        for value in step.get("env", {}).values():
            assert value in allowed, value


@pytest.mark.parametrize("name", ["validate.yml", "issue-to-pr.yml", "pages.yml", "discover.yml"])
def test_workflows_install_from_the_lock(name: str) -> None:
    code = code_of(GITHUB / "workflows" / name)
    assert "pip install" not in code
    assert "make env" in code or "make site" in code or ".ci/run" in code
    for step in steps(workflow(name)):
        if step.get("uses", "").startswith("actions/setup-python@"):
            assert step["with"] == {"python-version-file": ".python-version"}


def test_pre_commit_hook() -> None:
    hooks = load(ROOT / ".pre-commit-hooks.yaml")
    assert [h["id"] for h in hooks] == ["petition-validate"]
    hook = hooks[0]
    assert (hook["entry"], hook["language"]) == ("petition validate", "python")
    files = re.compile(hook["files"])
    assert files.search(f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml")
    assert not files.search("mkdocs.yml") and not files.search("scripts/petition/model.py")


def test_contributing_guide() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    assert "# yaml-language-server: $schema=../../schema/motion.schema.json" in text
    assert "motions/<campagne>/<type>-<code>-<nom>-<date>.yml" in text
    assert "petition validate" in text and IMPORT_LABEL in text
    # The guide sends to CODEOWNERS for the maintainers' team, whose name is the repository's own
    # (the guide is the same in every repository): it says the first one is a placeholder.
    owners = [line.split() for line in (GITHUB / "CODEOWNERS").read_text("utf-8").splitlines()
              if line.startswith("*")]
    assert owners[0][1].endswith("/mainteneurs")
    assert "[`.github/CODEOWNERS`](.github/CODEOWNERS)" in text
    assert "`@…/mainteneurs` qu'y écrit `petition init` est **provisoire**" in text
    assert (GITHUB / "pull_request_template.md").is_file()


# --- petition summary -----------------------------------------------------------------------------
LENS = f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml"
LIEVIN = f"motions/{CAMPAIGN}/commune-62510-lievin-2023-10-12.yml"
SUMMARY = f"""\
## Fichiers ajoutés ou modifiés

2 fichier(s) : 2 motion(s) ; 1 sans erreur, 1 à corriger.

### ✅ Lens (commune 62498)

- Séance : 27 septembre 2023
- Campagne : {CAMPAIGN}
- Nature : Motion
- Vote : adoptée (37 pour, 0 contre, 0 abstention(s))
- Fichier : motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml
- Problèmes : aucun

### ❌ Liévin (commune 62510)

- Séance : 12 octobre 2023
- Campagne : {CAMPAIGN}
- Nature : Vœu
- Vote : adoptée à l'unanimité (voix non indiquées)
- Fichier : motions/{CAMPAIGN}/commune-62510-lievin-2023-10-12.yml
- Problèmes (1 erreur(s), 1 avertissement(s)) :
  - ligne 14, avertissement : quorum non atteint (12 présents sur 39) : normal seulement après une \
seconde convocation ; sinon, vérifiez les nombres
  - ligne 15, erreur : 20 pouvoirs pour 12 présents : chaque présent ne peut détenir qu'un pouvoir \
(CGCT L2121-20)
"""


@pytest.fixture
def two_motions(repo: RepoBuilder) -> RepoBuilder:
    repo.add(motion_data())
    repo.add(motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin"},
                         nature="voeu", seance={"date": "2023-10-12"},
                         presences={"effectif": 39, "presents": 12, "pouvoirs": 20},
                         vote={"resultat": "adoptee", "unanimite": True}))
    return repo


def test_summary_exact(two_motions: RepoBuilder) -> None:
    root = two_motions.root
    result = two_motions.run("summary", str(root / LIEVIN), str(root / LENS))
    assert result.exit_code == 1
    assert result.stdout == SUMMARY


def test_summary_counts_every_changed_file(two_motions: RepoBuilder,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case: 3 changed files once gave « 2 motion(s) », the third never published."""
    monkeypatch.chdir(two_motions.root)
    notepad = f"motions/{CAMPAIGN}/commune-62528-loos-en-gohelle-2023-10-12.yml.txt"
    two_motions.write(notepad, dump_motion(motion_data(
        collectivite={"type": "commune", "code": "62528", "nom": "Loos-en-Gohelle"},
        seance={"date": "2023-10-12"}, presences={})))
    two_motions.write("docs/guide.md", "x\n")
    (two_motions.root / "changed").write_bytes(
        f"{LENS}\0{notepad}\0motions/{CAMPAIGN}/campagne.yml\0docs/guide.md\0".encode())
    (two_motions.root / "deleted").write_bytes(f"motions/{CAMPAIGN}/ancienne.yml\0".encode())
    result = two_motions.run("summary", "--files-from", "changed", "--deleted-from", "deleted")
    assert result.exit_code == 1
    text = result.stdout
    assert text.splitlines()[2] == ("5 fichier(s) : 1 motion(s), 1 campagne(s), 1 fichier(s) non "
                                    "reconnu(s), 1 fichier(s) hors de motions/, 1 fichier(s) "
                                    "supprimé(s) ; 4 sans erreur, 1 à corriger.")
    assert text.split("\n\n")[4:] == [
        f"### ✅ motions/{CAMPAIGN}/campagne.yml", "- Fichier de campagne\n- Problèmes : aucun",
        f"### ❌ {notepad.replace('_', '&#95;')}",
        "- Fichier non reconnu : il n'est ni compté ni publié tant qu'il n'est pas renommé ou "
        "déplacé comme indiqué\n- Problèmes (1 erreur(s), 0 avertissement(s)) :\n"
        "  - ligne 1, erreur : extension « .yml.txt » (le Bloc-notes ajoute « .txt ») : ce fichier "
        "n'est ni compté ni publié ; renommez-le « commune-62528-loos-en-gohelle-2023-10-12.yml »",
        "### ℹ️ docs/guide.md",
        "- Hors de motions/ (code, site, documentation) : un coordinateur relit ce changement",
        f"### ℹ️ motions/{CAMPAIGN}/ancienne.yml", "- Fichier supprimé\n",
    ]


def test_summary_reads_git_diff_z(two_motions: RepoBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(two_motions.root)
    (two_motions.root / "changed").write_bytes(f"{LENS}\0{LIEVIN}\0".encode())
    result = two_motions.run("summary", "--files-from", "changed")
    assert (result.exit_code, result.stdout) == (1, SUMMARY)


def test_summary_of_nothing(two_motions: RepoBuilder) -> None:
    (two_motions.root / "empty").write_bytes(b"")
    result = two_motions.run("summary", "--files-from", str(two_motions.root / "empty"))
    assert (result.exit_code, result.stdout) == (
        0, "## Fichiers ajoutés ou modifiés\n\nAucun fichier ajouté, modifié ou supprimé.\n")


def test_summary_missing_file_is_usage_error(two_motions: RepoBuilder) -> None:
    (two_motions.root / "list").write_text(f"motions/{CAMPAIGN}/absent.yml\n")
    result = two_motions.run("summary", "--files-from", str(two_motions.root / "list"))
    assert result.exit_code == 2
    assert f"fichier introuvable : motions/{CAMPAIGN}/absent.yml" in result.stderr


def test_summary_escapes_contributor_text(repo: RepoBuilder) -> None:
    path = repo.add(motion_data(collectivite={"type": "commune", "code": "62498",
                                              "nom": "<img src=x onerror=alert(1)> [x](javascript:y)"}),
                    name="commune-62498-lens-2023-09-27.yml")
    result = repo.run("summary", str(path))
    assert result.exit_code == 1
    heading = result.stdout.splitlines()[4]
    assert heading == ("### ❌ &lt;img src&#61;x onerror&#61;alert(1)&gt; &#91;x&#93;(javascript:y) "
                       "(commune 62498)")


def test_summary_of_unreadable_file(repo: RepoBuilder) -> None:
    path = repo.write(f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml", "a: [\n")
    result = repo.run("summary", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[4:7] == [
        f"### ❌ motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml", "",
        "- Fichier illisible : corrigez d'abord les erreurs ci-dessous."]
