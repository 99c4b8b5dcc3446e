"""The weekly discovery workflow, run for real: each `run:` script of
.github/workflows/discover.yml in bash, in order, with `gh` and `git` replaced by stubs on PATH
and the portal by the stand-in on 127.0.0.1. It proposes candidates in one pull request, never
while another is open, and never merges."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CAMPAIGN, ROOT, RepoBuilder
from discover_corpus import searched_fixture  # noqa: F401 - the fixture `searched`
from discover_standin import (
    StandIn,
    catalogue,
    standin_fixture,  # noqa: F401 - the fixture `standin`
)

WORKFLOW = ROOT / ".github" / "workflows" / "discover.yml"
PR_URL = "https://github.com/exemple/motions/pull/9"
EXPRESSIONS = {"${{ github.token }}": "ghs_stub", "${{ github.repository }}": "exemple/motions",
               "${{ github.event.repository.default_branch }}": "main"}

GH = r"""#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
entry = {"tool": "gh", "args": args}
if "--body-file" in args:
    entry["body"] = open(args[args.index("--body-file") + 1], encoding="utf-8").read()
with open(os.environ["STUB_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(entry, ensure_ascii=False) + "\n")
verb = " ".join(args[:2])
if verb == "pr list":
    print(os.environ.get("STUB_OPEN_PR", ""))
elif verb == "pr create":
    print(os.environ["STUB_PR_URL"])
"""
# `git status --porcelain -- decouvertes` answers with the candidates' files petition wrote there.
GIT = r"""#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
with open(os.environ["STUB_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"tool": "git", "args": args}) + "\n")
if args[:1] == ["ls-remote"]:
    sys.exit(0 if os.environ.get("STUB_BRANCH_EXISTS") else 2)
if args[:2] == ["status", "--porcelain"] and os.path.isdir("decouvertes"):
    for name in sorted(os.listdir("decouvertes")):
        if name.endswith(".csv") and not name.endswith("-ecartees.csv"):
            print("?? decouvertes/" + name)
"""


@dataclass
class Run:
    steps: list[tuple[str, str]] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    summary: str = ""

    @property
    def failed(self) -> bool:
        return any(outcome == "failure" for _, outcome in self.steps)

    def called(self, tool: str, *prefix: str) -> list[dict[str, Any]]:
        return [c for c in self.calls if c["tool"] == tool and c["args"][:len(prefix)] == list(prefix)]


def run_workflow(repo: RepoBuilder, standin: StandIn, tmp_path: Path, **stubs: str) -> Run:
    flow = yaml.load(WORKFLOW.read_text("utf-8"), Loader=yaml.BaseLoader)
    stub_bin = tmp_path / "stub-bin"
    stub_bin.mkdir()
    for name, source in (("gh", GH), ("git", GIT)):
        (stub_bin / name).write_text(source.replace("/usr/bin/env python3", sys.executable))
        (stub_bin / name).chmod(0o755)
    (repo.root / ".venv").symlink_to(Path(sys.executable).parent.parent)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    log, summary = tmp_path / "calls.jsonl", tmp_path / "summary.md"
    log.touch()
    summary.touch()
    env = {**os.environ, "PATH": f"{stub_bin}:{os.environ['PATH']}", "STUB_LOG": str(log),
           "STUB_PR_URL": PR_URL, "RUNNER_TEMP": str(temp), "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "77", **stubs}
    run = Run()
    for step in flow["jobs"]["discover"]["steps"]:
        script = step.get("run")
        if script is None or script.strip() == "make env":  # actions and setup: not ours to test
            continue
        if run.failed:
            run.steps.append((step["name"], "skipped"))
            continue
        values = {k: EXPRESSIONS.get(v, v) for k, v in step.get("env", {}).items()}
        if "PORTAL_API" in values:
            values["PORTAL_API"] = f"{standin.url}/api/1"  # never the real portal
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=repo.root,
                              env={**env, **values}, capture_output=True, text=True, timeout=300,
                              check=False)
        run.steps.append((step["name"], "success" if done.returncode == 0 else "failure"))
    run.calls = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    run.summary = summary.read_text("utf-8")
    return run


@pytest.fixture
def ready(searched: RepoBuilder, standin: StandIn) -> RepoBuilder:
    if shutil.which("bash") is None:  # pragma: no cover - every supported system has bash
        pytest.skip("bash absent")
    catalogue(standin)
    return searched


def test_candidates_are_proposed_in_one_pull_request(ready: RepoBuilder, standin: StandIn,
                                                     tmp_path: Path) -> None:
    run = run_workflow(ready, standin, tmp_path)
    assert not run.failed, run.steps
    assert (ready.root / "decouvertes" / f"{CAMPAIGN}.csv").is_file()
    [push] = run.called("git", "push")
    branch = push["args"][-1]
    assert branch.startswith("decouvertes/") and push["args"][:3] == ["push", "--quiet", "origin"]
    assert run.called("git", "add", "--", "decouvertes")
    [create] = run.called("gh", "pr", "create")
    assert create["args"][2:6] == ["--base", "main", "--head", branch]
    body = create["body"]
    assert body.startswith("## Délibérations publiées à relire\n")
    assert f"### Campagne {CAMPAIGN} : 5 candidate(s) (fichier `decouvertes/{CAMPAIGN}.csv`)" in body
    assert body.count("- [ ] **") == 5
    assert body.rstrip().endswith("Journal de la recherche : "
                                  "https://github.com/exemple/motions/actions/runs/77")
    assert not run.called("gh", "pr", "merge")


def test_nothing_proposed_when_nothing_is_found(ready: RepoBuilder, standin: StandIn,
                                                tmp_path: Path) -> None:
    standin.pages.clear()
    standin.pages["/api/1/datasets/?schema=scdl%2Fdeliberations&page=1&page_size=50"] = {
        "data": [], "page": 1, "page_size": 50, "total": 0, "next_page": None}
    run = run_workflow(ready, standin, tmp_path)
    assert not run.failed, run.steps
    assert not run.called("gh") and not run.called("git", "push")
    assert run.summary.rstrip().endswith("Aucune délibération candidate cette semaine.")


def test_no_second_proposal_while_one_is_open(ready: RepoBuilder, standin: StandIn,
                                              tmp_path: Path) -> None:
    run = run_workflow(ready, standin, tmp_path, STUB_OPEN_PR=PR_URL)
    assert not run.failed, run.steps
    assert not run.called("git", "push") and not run.called("gh", "pr", "create")
    assert f"Une demande de relecture est encore ouverte : {PR_URL}." in run.summary


def test_portal_down_is_said_and_proposes_nothing(ready: RepoBuilder, standin: StandIn,
                                                  tmp_path: Path) -> None:
    standin.status["/api/1/datasets/"] = 502
    run = run_workflow(ready, standin, tmp_path)
    assert not run.failed, run.steps  # petition said it (exit 1); the run reports it
    assert "1 problème(s) de lecture" in run.summary
    assert not run.called("gh", "pr", "create")


def test_branch_of_the_day_already_there(ready: RepoBuilder, standin: StandIn,
                                         tmp_path: Path) -> None:
    run = run_workflow(ready, standin, tmp_path, STUB_BRANCH_EXISTS="1")
    assert run.failed
    assert not run.called("git", "push")
    assert "existe déjà : supprimez-la pour relancer la recherche aujourd'hui." in run.summary
