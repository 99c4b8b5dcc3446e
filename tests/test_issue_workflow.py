"""The issue-to-pull-request workflow, run for real: each `run:` script of
.github/workflows/issue-to-pr.yml in bash, in order and under its `if:`, with `gh` and `git` replaced
by stubs on PATH that answer (and fail) as GitHub does. Every failure is answered on the issue."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CAMPAIGN, ROOT, RepoBuilder

WORKFLOW = ROOT / ".github" / "workflows" / "issue-to-pr.yml"
EVENTS = Path(__file__).parent / "data" / "issues"
LIEVIN = f"motions/{CAMPAIGN}/commune-62510-lievin-2023-10-12.yml"
RUN_URL = "https://github.com/collectif-exemple/motions/actions/runs/4242"
PR_URL = "https://github.com/collectif-exemple/motions/pull/7"
FORBIDDEN = ("pull request create failed: GraphQL: GitHub Actions is not permitted to create or "
             "approve pull requests (createPullRequest)")
EXPRESSIONS = {"${{ github.token }}": "ghs_stub", "${{ github.repository }}": "collectif-exemple/motions",
               "${{ github.event.issue.number }}": "12",
               "${{ github.event.repository.default_branch }}": "main",
               "${{ github.ref_name }}": "main"}
# Tests never reach the real API Recherche d'entreprises: by default `petition siret` is sent to a
# closed local port (the workflow goes on without a SIRET); a test gives a stand-in server.
NO_API = "http://127.0.0.1:9"

# `gh` as GitHub answers: each call logged as one JSON line; what it prints or how it fails is set
# by the test through STUB_* variables.
GH = r"""#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
entry = {"tool": "gh", "args": args}
if "--body-file" in args:
    entry["body"] = open(args[args.index("--body-file") + 1], encoding="utf-8").read()
if "--body" in args:
    entry["body"] = args[args.index("--body") + 1]
with open(os.environ["STUB_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(entry, ensure_ascii=False) + "\n")
verb = " ".join(args[:2])
if verb == "pr create":
    if os.environ.get("STUB_PR_CREATE"):
        sys.stderr.write(os.environ["STUB_PR_CREATE"] + "\n")
        sys.exit(1)
    print(os.environ["STUB_PR_URL"])
elif verb == "pr list":
    print(os.environ.get("STUB_OPEN_PR", ""))
elif verb == os.environ.get("STUB_GH_FAILS", "-"):
    sys.stderr.write("HTTP 502: Bad Gateway (https://api.github.com/graphql)\n")
    sys.exit(1)
"""
GIT = r"""#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
with open(os.environ["STUB_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"tool": "git", "args": args}) + "\n")
if args[:1] == ["ls-remote"]:
    sys.exit(0 if os.environ.get("STUB_BRANCH_EXISTS") else 2)
"""


@dataclass
class Run:
    steps: list[tuple[str, str]] = field(default_factory=list)  # (name, outcome)
    calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(outcome == "failure" for _, outcome in self.steps)

    def comments(self, verb: str = "issue comment") -> list[str]:
        return [c["body"] for c in self.calls if c["tool"] == "gh" and " ".join(c["args"][:2]) == verb]

    def called(self, tool: str, *prefix: str) -> bool:
        return any(c["tool"] == tool and c["args"][:len(prefix)] == list(prefix) for c in self.calls)


def _condition(expression: str | None, outputs: dict[str, dict[str, str]], failed: bool) -> bool:
    """The few `if:` forms the workflow uses; without a status function, success() is implied."""
    if expression is None:
        return not failed
    if expression.strip() == "failure()":
        return failed
    match = re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+) == '(.*)'", expression.strip())
    assert match, f"condition not understood by the test runner: {expression}"
    step, key, value = match.groups()
    return not failed and outputs.get(step, {}).get(key) == value


def run_workflow(repo: RepoBuilder, event: Path, tmp_path: Path, workflow: Path = WORKFLOW,
                 job: str = "import", **stubs: str) -> Run:
    flow = yaml.load(workflow.read_text("utf-8"), Loader=yaml.BaseLoader)
    stub_bin = tmp_path / "stub-bin"
    stub_bin.mkdir()
    for name, source in (("gh", GH), ("git", GIT)):
        (stub_bin / name).write_text(source.replace("/usr/bin/env python3", sys.executable))
        (stub_bin / name).chmod(0o755)
    (repo.root / ".venv").symlink_to(Path(sys.executable).parent.parent)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    log = tmp_path / "calls.jsonl"
    log.touch()
    base_env = {**os.environ, "PATH": f"{stub_bin}:{os.environ['PATH']}", "STUB_LOG": str(log),
                "STUB_PR_URL": PR_URL, "GITHUB_EVENT_PATH": str(event), "RUNNER_TEMP": str(temp),
                "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "4242",
                "GITHUB_REPOSITORY": "collectif-exemple/motions", "PETITION_SIRET_API": NO_API,
                **stubs}
    run = Run()
    outputs: dict[str, dict[str, str]] = {}
    for index, step in enumerate(flow["jobs"][job]["steps"]):
        script = step.get("run")
        if script is None or script.strip() == "make env":  # actions and setup: not ours to test
            continue
        if not _condition(step.get("if"), outputs, run.failed):
            run.steps.append((step["name"], "skipped"))
            continue
        output = temp / f"output-{index}"
        output.touch()
        env = {**base_env, "GITHUB_OUTPUT": str(output)}
        env.update({k: EXPRESSIONS[v] for k, v in step.get("env", {}).items()})
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=repo.root, env=env,
                              capture_output=True, text=True, timeout=120, check=False)
        run.steps.append((step["name"], "success" if done.returncode == 0 else "failure"))
        if "id" in step:
            outputs[step["id"]] = dict(line.split("=", 1) for line in
                                       output.read_text().splitlines() if "=" in line)
    run.calls = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    return run


@pytest.fixture
def repo_with_venv(sample_repo: RepoBuilder) -> RepoBuilder:
    if shutil.which("bash") is None:  # pragma: no cover - every supported system has bash
        pytest.skip("bash absent")
    return sample_repo


def test_valid_ticket_opens_a_checked_pull_request(repo_with_venv: RepoBuilder, tmp_path: Path) -> None:
    run = run_workflow(repo_with_venv, EVENTS / "valide.json", tmp_path)
    assert not run.failed, run.steps
    assert run.called("git", "push", "--quiet", "origin", "motion/ticket-12")
    verdict = run.comments("pr comment")
    assert len(verdict) == 1
    assert verdict[0].startswith("✅ **Vérification réussie** : `petition validate` ne trouve aucune "
                                 "erreur dans le dépôt avec cette motion.\n\n## Fichiers ajoutés ou "
                                 "modifiés\n\n1 fichier(s) : 1 motion(s) ; 1 sans erreur, 0 à "
                                 "corriger.\n")
    assert run.comments() == [f"Merci ! La motion a été vérifiée puis proposée dans la demande de "
                              f"modification {PR_URL} ; un coordinateur va la relire.\n"]
    assert (repo_with_venv.root / LIEVIN).is_file()


def test_pull_requests_forbidden_to_actions_is_answered(repo_with_venv: RepoBuilder,
                                                        tmp_path: Path) -> None:
    run = run_workflow(repo_with_venv, EVENTS / "valide.json", tmp_path, STUB_PR_CREATE=FORBIDDEN)
    assert run.failed
    compare = ("https://github.com/collectif-exemple/motions/compare/main...motion/ticket-12"
               "?expand=1")
    assert run.comments() == [
        "La motion a été vérifiée et déposée sur la branche motion/ticket-12, mais ce dépôt "
        "n'autorise pas GitHub Actions à ouvrir des demandes de modification. Un coordinateur peut "
        f"l'ouvrir ici : {compare} (ou cocher « Allow GitHub Actions to create and approve pull "
        "requests » dans Settings → Actions → General, puis remettre l'étiquette après avoir "
        "supprimé la branche)."]
    assert run.steps[-1] == ("Répondre sur le ticket en cas d'échec imprévu", "success")


@pytest.mark.parametrize("open_pr, expected", [
    (PR_URL, f"Une demande de modification est déjà ouverte pour ce ticket : {PR_URL}. Un "
             "coordinateur la relit ; pour la remplacer, il la ferme, supprime la branche "
             "motion/ticket-12, puis remet l'étiquette « motion-a-importer »."),
    ("", "La branche motion/ticket-12 existe déjà, sans demande de modification ouverte (une "
         "ancienne tentative). Un coordinateur doit supprimer cette branche, puis remettre "
         "l'étiquette « motion-a-importer »."),
])
def test_branch_already_there_is_answered(repo_with_venv: RepoBuilder, tmp_path: Path,
                                          open_pr: str, expected: str) -> None:
    run = run_workflow(repo_with_venv, EVENTS / "valide.json", tmp_path, STUB_BRANCH_EXISTS="1",
                       STUB_OPEN_PR=open_pr)
    assert run.failed
    assert run.comments() == [expected]
    assert not run.called("git", "push")
    assert not run.called("gh", "pr", "create")


def test_ticket_with_mistakes_is_commented_and_unlabelled(repo_with_venv: RepoBuilder,
                                                          tmp_path: Path) -> None:
    run = run_workflow(repo_with_venv, EVENTS / "champ-manquant.json", tmp_path)
    assert not run.failed
    [comment] = run.comments()
    assert "\n- **Date de la séance** : champ obligatoire : remplissez-le\n" in comment
    assert run.called("gh", "issue", "edit", "12", "--remove-label", "motion-a-importer")
    assert not run.called("gh", "pr", "create")


@pytest.mark.parametrize("event, stubs", [
    ("not-an-event", {}),  # petition from-issue exits 2: not the contributor's mistake
    ("valide", {"STUB_GH_FAILS": "pr comment"}),  # GitHub fails after the pull request
])
def test_unexpected_failure_is_answered_once(repo_with_venv: RepoBuilder, tmp_path: Path,
                                             event: str, stubs: dict[str, str]) -> None:
    path = tmp_path / "event.json"
    if event == "not-an-event":
        path.write_text(json.dumps({"action": "labeled"}))
    else:
        path = EVENTS / f"{event}.json"
    run = run_workflow(repo_with_venv, path, tmp_path, **stubs)
    assert run.failed
    assert run.comments() == [
        "Le robot n'a pas pu terminer l'ajout de cette motion (erreur imprévue, rien n'a été "
        f"publié). Un coordinateur va regarder : {RUN_URL}"]


def test_warnings_are_said_on_the_issue_too(repo_with_venv: RepoBuilder, tmp_path: Path) -> None:
    # Issue 26: warnings appeared only in the pull request's body, which contributors rarely read.
    event = json.loads((EVENTS / "valide.json").read_text("utf-8"))
    event["issue"]["body"] = event["issue"]["body"].replace(
        "https://www.example.fr/deliberations/2023-10-12-motion-bibliotheques.pdf", "_No response_")
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event, ensure_ascii=False), "utf-8")
    run = run_workflow(repo_with_venv, path, tmp_path)
    assert not run.failed, run.steps
    [comment] = run.comments()
    assert comment.startswith(f"Merci ! La motion a été vérifiée puis proposée dans la demande de "
                              f"modification {PR_URL} ; un coordinateur va la relire.\n\n"
                              "**À vérifier (ces points n'empêchent pas l'ajout)**\n\n"
                              "- **Lien vers le document** : sans « Lien vers le document »")
    [pr] = [c["body"] for c in run.calls if c["tool"] == "gh" and c["args"][:2] == ["pr", "create"]]
    assert "- **Lien vers le document** : sans « Lien vers le document »" in pr
