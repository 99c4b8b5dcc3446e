"""SIRETs filled where the network is: the issue-form workflow looks up the new motion's SIRET and
says it in the pull request; the weekly workflow proposes every missing SIRET in one pull request.
Both run for real (each `run:` script in bash, `gh` and `git` stubbed, as in
test_issue_workflow.py) against a stand-in of the API on 127.0.0.1, never the real API."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, RepoBuilder, motion_data
from test_issue_workflow import EVENTS, LIEVIN, PR_URL, Run, run_workflow
from test_siret import LENS, StandIn, api, head_office, page, unite_legale

__all__ = ["api"]  # a fixture: the stand-in server

SCHEDULED = ROOT / ".github" / "workflows" / "sirets.yml"
LIEVIN_BODY = {"type": "commune", "code": "62510", "nom": "Liévin"}


@pytest.fixture
def workflow_repo(repo: RepoBuilder) -> RepoBuilder:
    """A repository with the campaigns only: every motion is the test's own."""
    if shutil.which("bash") is None:  # pragma: no cover - every supported system has bash
        pytest.skip("bash absent")
    return repo


def liévin_siren() -> str:
    from petition.core.referential import referential

    body = referential().body("commune", "62510")
    assert body is not None and body.siren
    return body.siren


def test_issue_workflow_puts_the_siret_in_the_pull_request(
        workflow_repo: RepoBuilder, tmp_path: Path, api: tuple[str, StandIn]) -> None:
    url, state = api
    siren = liévin_siren()
    found = head_office(siren)
    state.answers[siren] = (200, page([unite_legale(siren, found, "COMMUNE DE LIEVIN")]), {})
    run = run_workflow(workflow_repo, EVENTS / "valide.json", tmp_path,
                       PETITION_SIRET_API=url)
    assert not run.failed, run.steps
    assert state.asked == [f"/search?q={siren}"]
    motion = (workflow_repo.root / LIEVIN).read_text("utf-8")
    assert f'  siret: "{found}"\n' in motion
    [created] = [c for c in run.calls if c["tool"] == "gh" and c["args"][:2] == ["pr", "create"]]
    assert (f"### SIRET de la collectivité\n\nTrouvé dans l'API Recherche d'entreprises (siège de "
            "la collectivité), ajouté au fichier : à vérifier sur "
            f"annuaire-entreprises.data.gouv.fr avant de fusionner.\n\n- {LIEVIN}: SIRET {found} "
            "écrit, siège de « COMMUNE DE LIEVIN »\n") in created["body"]
    assert run.called("git", "add", "--", LIEVIN)


def test_issue_workflow_goes_on_without_the_api(workflow_repo: RepoBuilder,
                                                tmp_path: Path) -> None:
    run = run_workflow(workflow_repo, EVENTS / "valide.json", tmp_path)  # closed port
    assert not run.failed, run.steps
    assert "siret:" not in (workflow_repo.root / LIEVIN).read_text("utf-8")
    [created] = [c for c in run.calls if c["tool"] == "gh" and c["args"][:2] == ["pr", "create"]]
    assert "### SIRET de la collectivité\n\nNon trouvé (sortie 1) : un coordinateur le recopie " \
        "depuis annuaire-entreprises.data.gouv.fr, ou relance « petition siret » plus tard." \
        in created["body"]
    assert run.comments() == [f"Merci ! La motion a été vérifiée puis proposée dans la demande de "
                              f"modification {PR_URL} ; un coordinateur va la relire.\n"]


def scheduled(repo: RepoBuilder, tmp_path: Path, **stubs: str) -> Run:
    event = tmp_path / "schedule.json"
    event.write_text(json.dumps({"schedule": "17 6 * * 1"}), "utf-8")
    return run_workflow(repo, event, tmp_path, workflow=SCHEDULED, job="propose", **stubs)


def test_weekly_workflow_proposes_the_missing_sirets_in_one_pull_request(
        workflow_repo: RepoBuilder, tmp_path: Path, api: tuple[str, StandIn]) -> None:
    url, state = api
    assert LENS is not None and LENS.siren
    lens_siret = head_office(LENS.siren)
    state.answers[LENS.siren] = (200, page([unite_legale(LENS.siren, lens_siret, "COMMUNE DE LENS")]),
                                 {})
    repo = workflow_repo
    lievin = repo.add(motion_data(collectivite=LIEVIN_BODY, seance={"date": "2023-10-12"}))
    lens = repo.add(motion_data())
    run = scheduled(repo, tmp_path, PETITION_SIRET_API=url)
    assert not run.failed, run.steps
    assert f'  siret: "{lens_siret}"\n' in lens.read_text("utf-8")
    assert "siret:" not in lievin.read_text("utf-8")  # the API does not know it: left as it was
    assert run.called("git", "push", "--quiet", "origin", "sirets/proposition")
    [created] = [c for c in run.calls if c["tool"] == "gh" and c["args"][:2] == ["pr", "create"]]
    lens_rel = lens.relative_to(repo.root).as_posix()
    lievin_rel = lievin.relative_to(repo.root).as_posix()
    assert f"- {lens_rel}: SIRET {lens_siret} écrit, siège de « COMMUNE DE LENS »\n" \
        in created["body"]
    assert f"Restent sans SIRET :\n\n- {lievin_rel}:3: avertissement : l'API Recherche " \
        f"d'entreprises ne connaît pas le SIREN {liévin_siren()} (Liévin)" in created["body"]
    assert run.comments("pr comment") == [
        "✅ **Vérification réussie** : `petition validate` ne trouve aucune erreur dans le dépôt "
        "avec ces SIRET."]


def test_weekly_workflow_without_the_api_proposes_nothing_and_fails(
        workflow_repo: RepoBuilder, tmp_path: Path) -> None:
    workflow_repo.add(motion_data())
    run = scheduled(workflow_repo, tmp_path)  # closed port
    assert run.failed
    assert not run.called("gh", "pr", "create")
    assert not run.called("git", "push")


def test_weekly_workflow_with_nothing_missing_does_nothing(
        workflow_repo: RepoBuilder, tmp_path: Path, api: tuple[str, StandIn]) -> None:
    url, state = api
    assert LENS is not None and LENS.siren
    workflow_repo.add(motion_data(collectivite={"type": "commune", "code": "62498",
                                                 "nom": "Lens",
                                                 "siret": head_office(LENS.siren)}))
    run = scheduled(workflow_repo, tmp_path, PETITION_SIRET_API=url)
    assert not run.failed, run.steps
    assert state.asked == []
    assert not run.called("git", "push")
