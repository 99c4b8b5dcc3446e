"""projet.yml: the repository's cause and addresses, read by one loader, checked by `petition validate`
with FILE:LINE: messages, and the source of the command's description and of the User-Agent."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import PROJECT, RepoBuilder, motion_data, project_text
from petition.__main__ import cli
from petition.core.projectfile import Project, ProjectFileError, load_project, read_project
from petition.core.tool import DISTRIBUTION, user_agent, version


def test_settings_are_read_as_written(repo: RepoBuilder) -> None:
    project, problems = load_project(repo.root)
    assert problems == []
    assert project == Project(name=PROJECT["nom"], cause=PROJECT["cause"],
                              description=PROJECT["description"], site_url=PROJECT["site"],
                              repo_url=PROJECT["depot"])
    assert project.title == f"Motions pour {PROJECT['cause']}"
    assert project.for_cause == PROJECT["cause"]
    assert project.repo_name == "exemple/bibliotheques"


def test_title_comes_from_titre_then_the_cause_then_the_name() -> None:
    assert Project("Ligne de la vallée", title_set="Sauvons la ligne").title == "Sauvons la ligne"
    assert Project("Ligne de la vallée", cause="la ligne de la vallée").title == \
        "Motions pour la ligne de la vallée"
    assert Project("Ligne de la vallée").title == "Ligne de la vallée"
    assert Project("Ligne de la vallée").for_cause == "« Ligne de la vallée »"


def test_addresses_are_normalised(repo: RepoBuilder) -> None:
    repo.write("projet.yml", project_text(site="https://exemple.org/site",
                                          depot="https://github.com/o/r/"))
    project = read_project(repo.root)
    assert (project.site_url, project.repo_url, project.repo_name) == (
        "https://exemple.org/site/", "https://github.com/o/r", "o/r")


def test_validate_names_each_wrong_setting_at_its_line(repo: RepoBuilder) -> None:
    repo.write("projet.yml", "nom: Ligne\nsite: ftp://exemple.org/\ndepot: https://gitlab.com/o/r\n"
                             "contact: personne\ncouleur: rouge\n")
    result = repo.run("validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        "projet.yml:2", "projet.yml:3", "projet.yml:4", "projet.yml:5"]
    assert lines[0].startswith("projet.yml:2: « site » (Adresse du site) : « ftp://exemple.org/ » "
                               "n'a pas la forme attendue.")
    assert lines[3] == ("projet.yml:5: champ inconnu « couleur » : vérifiez l'orthographe ; champs "
                        "permis : cause, contact, depot, description, nom, presentation, site, titre")


def test_validate_says_what_projet_yml_lacks(repo: RepoBuilder) -> None:
    repo.write("projet.yml", "titre: Motions pour la ligne\n")
    result = repo.run("validate")
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        "projet.yml:1: champ obligatoire manquant : « nom » (le nom court de la cause, tel qu'il se "
        "lit seul : il identifie le dépôt) ; ajoutez-le (voir le README : « La cause : "
        "projet.yml »)"])


def test_a_missing_projet_yml_is_a_warning(repo: RepoBuilder) -> None:
    (repo.root / "projet.yml").unlink()
    result = repo.run("validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("projet.yml:1: avertissement : fichier absent : ")
    assert load_project(repo.root)[0] is None
    with pytest.raises(ProjectFileError, match=r"^projet\.yml:1: fichier absent : "):
        read_project(repo.root)


@pytest.mark.parametrize(("content", "message"), [
    ("- nom\n", "projet.yml:1: le fichier doit être un bloc de réglages « clé: valeur »"),
    ("nom: [Ligne\n", "projet.yml:2: YAML invalide, crochet ou accolade non refermé"),
    ("nom: Ligne\nnom: Lozère\n", "projet.yml:2: clé « nom » en double (lignes 1 et 2)"),
    ("nom: Ligne\ntitre: \"a\\u202eb\"\n", "projet.yml:2: caractère de contrôle bidirectionnel "
                                           "interdit (U+202E RIGHT-TO-LEFT OVERRIDE) dans « titre »"),
    ("nom: Ligne\ntitre: \"deux\\nlignes\"\n", "projet.yml:2: « titre » (Titre du site) : retour à la "
                                               "ligne interdit"),
])
def test_a_broken_file_is_one_line_error(repo: RepoBuilder, content: str, message: str) -> None:
    repo.write("projet.yml", content)
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout.startswith(message), result.stdout
    assert load_project(repo.root)[0] is None


def test_a_link_or_a_huge_file_is_refused(repo: RepoBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "ailleurs.yml"
    outside.write_text("nom: Ailleurs\n", "utf-8")
    (repo.root / "projet.yml").unlink()
    (repo.root / "projet.yml").symlink_to(outside)
    assert [p.message for p in load_project(repo.root)[1]] == [
        "projet.yml doit être un fichier ordinaire (ni lien, ni dossier)"]
    (repo.root / "projet.yml").unlink()
    repo.write("projet.yml", "nom: Ligne\n" + "# " + "x" * 70_000 + "\n")
    assert [p.message for p in load_project(repo.root)[1]] == [
        "fichier trop gros (plus de 64 Kio) : projet.yml ne tient que quelques réglages"]


def test_only_the_files_asked_are_reported(repo: RepoBuilder) -> None:
    repo.write("projet.yml", "nom: A\n")
    path = repo.add(motion_data())
    assert repo.run("validate", str(path)).exit_code == 0
    assert repo.run("validate", str(repo.root / "projet.yml")).exit_code == 1


# --- the command's description ----------------------------------------------------------------
def test_help_names_the_cause_of_the_repository(repo: RepoBuilder) -> None:
    result = CliRunner().invoke(cli, ["--repo", str(repo.root), "--help"], terminal_width=1000)
    assert result.exit_code == 0
    paragraphs = result.output.split("\n\n")
    assert paragraphs[1].strip() == ("Collecte, vérification, décompte et publication des motions et "
                                     "des vœux des conseils des collectivités.")
    assert paragraphs[2].strip() == (f"Ce dépôt : Motions pour {PROJECT['cause']} (projet.yml). "
                                     f"{PROJECT['description']}")


def test_help_of_a_folder_without_settings_says_how_to_start(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--repo", str(tmp_path), "--help"], terminal_width=1000)
    assert result.exit_code == 0
    assert "Pas de projet.yml ici : ce dossier n'est pas dans un dépôt de motions (passez " \
           "--repo DOSSIER)." in result.output
    (tmp_path / "projet.yml").write_text("nom: [\n", "utf-8")
    result = CliRunner().invoke(cli, ["--repo", str(tmp_path), "--help"], terminal_width=1000)
    assert "Le fichier projet.yml de ce dépôt a des erreurs : lancez « petition validate »." \
        in result.output


def test_version_is_the_distribution_s() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.output == f"petition {version()}\n"
    assert version()  # installed: the distribution is found by its name


# --- the User-Agent ---------------------------------------------------------------------------
def test_user_agent_names_the_tool_and_the_repository_in_ascii() -> None:
    project = Project("Réseau « Œuvre » (test)", repo_url="https://github.com/o/r",
                      contact="contact@exemple.fr")
    agent = user_agent(project, "siret")
    assert agent == (f"{DISTRIBUTION}/{version()} (Reseau Oeuvre test; +https://github.com/o/r; "
                     "contact@exemple.fr; petition siret)")
    agent.encode("ascii")
    assert user_agent(None, "siret") == f"{DISTRIBUTION}/{version()} (petition siret)"
