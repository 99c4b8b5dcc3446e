"""The issue form, written from projet.yml and the campaigns (`petition form`): GitHub's schema, the
parser's fields, the cause's words, every campaign; `petition validate` says when it is stale and
`petition campaign new` rewrites it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CAMPAIGN, CAMPAIGN_2022, PROJECT, RepoBuilder, project_text
from petition.core.projectfile import Project
from petition.core.repository import load_repository
from petition.intake.formfile import CONFIG_PATH, FORM_PATH, form_files, form_text
from petition.intake.issueform import BY_KEY, FIELDS


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run([str(tool), "--builtin-schema", schema, str(path)], capture_output=True,
                          text=True, check=False)


@pytest.mark.parametrize("with_campaigns", [True, False])
def test_form_is_a_valid_github_form_read_by_the_parser(repo: RepoBuilder, tmp_path: Path,
                                                         with_campaigns: bool) -> None:
    loaded = load_repository(repo.root)
    assert loaded.project is not None
    campaigns = loaded.campaigns if with_campaigns else {}
    files = form_files(loaded.project, campaigns)
    for rel, schema in ((FORM_PATH, "vendor.github-issue-forms"),
                        (CONFIG_PATH, "vendor.github-issue-config")):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[rel], "utf-8")
        result = _check_jsonschema(schema, path)
        assert result.returncode == 0, result.stdout + result.stderr
    form = yaml.safe_load(files[FORM_PATH])
    elements = [e for e in form["body"] if e["type"] != "markdown"]
    assert [e["id"] for e in elements] == [f.key for f in FIELDS]
    assert all(e["attributes"]["label"] == BY_KEY[e["id"]].label for e in elements)
    assert form["description"] == ("Votre conseil (commune, arrondissement, intercommunalité, "
                                   "département, région…) a adopté une motion ou un vœu pour "
                                   f"{PROJECT['cause']} ? Remplissez ce formulaire : un "
                                   "coordinateur l'ajoutera au site.")
    campaign = next(e for e in elements if e["id"] == "campagne")
    if with_campaigns:
        assert campaign["type"] == "dropdown"
        assert campaign["attributes"]["options"] == [CAMPAIGN, CAMPAIGN_2022]
        titles = {cid: loaded.campaigns[cid].title for cid in (CAMPAIGN, CAMPAIGN_2022)}
        assert campaign["attributes"]["description"] == (
            f"{CAMPAIGN} : {titles[CAMPAIGN]} ; {CAMPAIGN_2022} : {titles[CAMPAIGN_2022]}.")
    else:  # GitHub refuses a dropdown without options: the campaign is typed
        assert campaign["type"] == "input"
        assert campaign["validations"] == {"required": True}
    config = yaml.safe_load(files[CONFIG_PATH])
    assert config["contact_links"][0]["url"] == f"{PROJECT['depot']}/blob/main/CONTRIBUTING.md"


def test_any_text_stays_a_value() -> None:
    project = Project('x" \nclé: valeur # {{ a }} ]', cause='la « gare » : "ok"\n- a: b')
    form = yaml.safe_load(form_text(project, {}))
    assert form["description"].endswith('pour la « gare » : "ok"\n- a: b ? Remplissez ce formulaire '
                                         ": un coordinateur l'ajoutera au site.")
    assert set(form) == {"name", "description", "title", "labels", "body"}


def test_without_an_address_the_config_has_no_link() -> None:
    assert form_files(Project("Ligne"), {})[CONFIG_PATH] == (
        "# Written by « petition form » from projet.yml.\nblank_issues_enabled: true\n")


def test_petition_form_writes_then_validate_says_when_stale(repo: RepoBuilder) -> None:
    result = repo.run("form")
    assert (result.exit_code, result.stdout) == (0, f"{FORM_PATH}\n{CONFIG_PATH}\n")
    assert repo.run("form").stderr == "Formulaire déjà à jour.\n"
    assert repo.run("validate").stdout == ""
    repo.write("projet.yml", project_text(cause="les médiathèques"))
    result = repo.run("validate")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{FORM_PATH}:1: avertissement : formulaire de signalement pas à jour de projet.yml et des "
        "campagnes : lancez « petition form » pour le récrire"]
    assert repo.run("form").stdout == f"{FORM_PATH}\n"
    assert "pour les médiathèques ?" in (repo.root / FORM_PATH).read_text("utf-8")


def test_a_new_campaign_is_offered_by_the_form_at_once(repo: RepoBuilder) -> None:
    repo.run("form")
    result = repo.run("campaign", "new", "--id", "zzz-2030", "--titre", "Une autre",
                      "--destinataire", "Maire de Lens", "--no-input")
    assert result.stdout == f"motions/zzz-2030/campagne.yml\n{FORM_PATH}\n"
    form = yaml.safe_load((repo.root / FORM_PATH).read_text("utf-8"))
    options = next(e for e in form["body"] if e.get("id") == "campagne")["attributes"]["options"]
    assert options == ["zzz-2030", CAMPAIGN, CAMPAIGN_2022]
    assert repo.run("validate").stdout == ""


def test_form_refuses_to_write_through_a_link(repo: RepoBuilder, tmp_path: Path) -> None:
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (repo.root / ".github").symlink_to(elsewhere)
    result = repo.run("form")
    assert result.exit_code == 1  # the repository leads the write astray: refused as data (issue 25)
    assert list(elsewhere.iterdir()) == []
    assert "lien symbolique" in result.stderr
