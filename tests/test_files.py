"""Nothing under motions/ is skipped in silence (issue 15): every file is recognised or reported
with the exact name to give it, and `petition validate` counts every file it saw."""

from __future__ import annotations

import os

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, RECIPIENT, RepoBuilder, motion_data
from petition.core.files import discover, extension_fix
from petition.exchange.writer import dump_motion

FOLDER = f"motions/{CAMPAIGN}"
LIEVIN = motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin"},
                     seance={"date": "2023-10-12"})
LIEVIN_NAME = "commune-62510-lievin-2023-10-12.yml"


def lines(repo: RepoBuilder) -> list[str]:
    return list(repo.run("validate").stdout.splitlines())


@pytest.mark.parametrize("name, expected", [
    ("lens.yml.txt", ("extension « .yml.txt » (le Bloc-notes ajoute « .txt »)", "lens.yml")),
    ("lens.txt", ("extension « .txt » (le Bloc-notes ajoute « .txt »)", "lens.yml")),
    ("lens.YML", ("extension « .YML » (seule « .yml » en minuscules est lue)", "lens.yml")),
    ("lens.yaml", ("extension « .yaml » (seule « .yml » en minuscules est lue)", "lens.yml")),
    ("lens", ("nom sans extension", "lens.yml")),
    ("lens.yml ", ("espace ou point en fin de nom", "lens.yml")),
    ("lens.yml~", ("copie de sauvegarde d'un éditeur", "lens.yml")),
    ("lens.yml", None),
    ("lens.docx", None),
])
def test_extension_fix(name: str, expected: tuple[str, str] | None) -> None:
    assert extension_fix(name) == expected


def test_notepad_motion_is_reported_with_its_content(repo: RepoBuilder) -> None:
    """The issue's case: a `.yml.txt` with `pour: trente` inside once gave « 0 erreur(s) »."""
    text = dump_motion(LIEVIN).replace("pour: 37", "pour: trente")
    repo.write(f"{FOLDER}/{LIEVIN_NAME}.txt", text)
    result = repo.run("validate")
    pour_line = text.splitlines().index("  pour: trente") + 1
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{FOLDER}/{LIEVIN_NAME}.txt:1: extension « .yml.txt » (le Bloc-notes ajoute « .txt ») : "
        f"ce fichier n'est ni compté ni publié ; renommez-le « {LIEVIN_NAME} »",
        f"{FOLDER}/{LIEVIN_NAME}.txt:{pour_line}: « vote.pour » (Voix pour) doit être un nombre "
        "entier, pas « trente »",
    ]
    assert result.stderr == "3 fichier(s) vérifié(s) : 2 erreur(s), 0 avertissement(s).\n"


def test_misnamed_motion_gets_the_name_its_content_calls_for(repo: RepoBuilder) -> None:
    repo.write(f"{FOLDER}/liévin.YML", dump_motion(LIEVIN))
    assert lines(repo) == [
        f"{FOLDER}/liévin.YML:1: extension « .YML » (seule « .yml » en minuscules est lue) : ce "
        f"fichier n'est ni compté ni publié ; renommez-le « {LIEVIN_NAME} »"]


def test_misnamed_unreadable_motion_still_gets_a_name(repo: RepoBuilder) -> None:
    repo.write(f"{FOLDER}/lievin", f"campagne: {CAMPAIGN.replace('-', ' ')} : x\n")
    assert lines(repo) == [
        f"{FOLDER}/lievin:1: YAML invalide, deux-points inattendu : mettez la valeur entre "
        "guillemets si elle contient « : »",
        f"{FOLDER}/lievin:1: nom sans extension : ce fichier n'est ni compté ni publié ; "
        "renommez-le « lievin.yml »",
    ]


def test_misnamed_motions_are_never_counted(repo: RepoBuilder) -> None:
    repo.write(f"{FOLDER}/{LIEVIN_NAME[:-4]}.yaml", dump_motion(LIEVIN))
    result = repo.run("stats", "--format", "json")
    assert '"motions": 0' in result.stdout


def test_rename_onto_an_existing_file_says_keep_one(repo: RepoBuilder) -> None:
    path = repo.add(LIEVIN)
    repo.write(f"{FOLDER}/{LIEVIN_NAME}.txt", path.read_text())
    assert lines(repo) == [
        f"{FOLDER}/{LIEVIN_NAME}.txt:1: extension « .yml.txt » (le Bloc-notes ajoute « .txt ») : "
        f"« {LIEVIN_NAME} » existe déjà à côté ; gardez un seul des deux fichiers"]


@pytest.mark.parametrize("rel, content, message", [
    (f"{FOLDER}/lens.docx", b"PK", "fichier « lens.docx » non reconnu, il n'est pas lu : les PDF "
     "vont dans motions/documents/ ; recopiez la motion dans un fichier « .yml » (modèle dans "
     "CONTRIBUTING.md)"),
    (f"{FOLDER}/notes.md", b"x", "fichier « notes.md » non reconnu, il n'est pas lu : seuls les "
     "fichiers « .yml » sont lus ici ; retirez-le ou renommez-le"),
    (f"{FOLDER}/.lens.yml", b"a: 1\n", "fichier caché « .lens.yml » : il n'est pas lu ; "
     "renommez-le « lens.yml » (sans point au début) ou retirez-le"),
    (f"{FOLDER}/nouvelles/lens.yml", b"a: 1\n", "fichier rangé dans un dossier inattendu : les "
     f"motions vont directement dans {FOLDER}/ ; déplacez-le là"),
    ("motions/lens.yml", b"a: 1\n", "fichier hors d'un dossier de campagne, il n'est pas lu : "
     "déplacez-le dans motions/<campagne>/"),
    ("motions/lens.yml.txt", b"a: 1\n", "fichier hors d'un dossier de campagne, il n'est pas lu : "
     "déplacez-le dans motions/<campagne>/ et renommez-le « lens.yml »"),
    ("motions/LISEZMOI.md", b"x", "fichier « LISEZMOI.md » non reconnu, il n'est pas lu : "
     "motions/ ne contient que les dossiers des campagnes et motions/documents/"),
    ("motions/documents/Délib Lens.PDF", b"%PDF-", "nom de document « Délib Lens.PDF » : "
     "minuscules, chiffres et « - _ . » seulement ; renommez-le « d-lib-lens.pdf » (et la ligne "
     "« fichier: » de la motion)"),
    ("motions/documents/lens.docx", b"PK", "« lens.docx » n'est pas un PDF : motions/documents/ "
     "ne reçoit que les documents PDF des motions, des lettres et des réponses"),
    (f"{FOLDER}/envois/lettre.yml", b"a: 1\n", "nom « lettre.yml » : un envoi s'appelle "
     "AAAA-MM-JJ-<destinataire>.yml (date, puis identifiant du destinataire en minuscules), par "
     "exemple 2024-01-15-ministre-sante.yml"),
    (f"{FOLDER}/reponses/2024-03-01-{RECIPIENT}.yaml", b"a: 1\n", "extension « .yaml » (seule "
     "« .yml » en minuscules est lue) : ce fichier n'est ni compté ni publié ; renommez-le "
     f"« 2024-03-01-{RECIPIENT}.yml »"),
])
def test_every_unrecognised_file_is_an_error(repo: RepoBuilder, rel: str, content: bytes,
                                             message: str) -> None:
    repo.write(rel, content)
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout == f"{rel}:1: {message}\n"


def test_system_files_are_a_warning_and_placeholders_are_fine(repo: RepoBuilder) -> None:
    repo.write(f"{FOLDER}/.DS_Store", b"\0")
    repo.write("motions/documents/.gitkeep", b"")
    result = repo.run("validate")
    assert result.exit_code == 0
    assert result.stdout == (f"{FOLDER}/.DS_Store:1: avertissement : fichier système « .DS_Store » :"
                             " retirez-le du dépôt (il ne contient pas de motion)\n")
    assert result.stderr == "3 fichier(s) vérifié(s) : 0 erreur(s), 1 avertissement(s).\n"


def test_recognised_kinds(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    for rel in (f"{FOLDER}/cibles.yml", f"{FOLDER}/envois/2024-01-15-{RECIPIENT}.yml",
                f"{FOLDER}/reponses/2024-03-01-{RECIPIENT}.yml", "motions/documents/lens.pdf"):
        repo.write(rel, b"%PDF-" if rel.endswith(".pdf") else b"a: 1\n")
    files = discover(str(repo.root / "motions"))
    assert (files.campaigns, files.motions, files.targets, files.sendings, files.answers,
            files.documents, files.problems, files.count) == (
        [f"motions/{CAMPAIGN_2022}/campagne.yml", f"{FOLDER}/campagne.yml"],
        [f"{FOLDER}/commune-62498-lens-2023-09-27.yml"], [f"{FOLDER}/cibles.yml"],
        [f"{FOLDER}/envois/2024-01-15-{RECIPIENT}.yml"],
        [f"{FOLDER}/reponses/2024-03-01-{RECIPIENT}.yml"], ["motions/documents/lens.pdf"],
        [], 7)


def test_symlinked_folder_is_refused(repo: RepoBuilder, tmp_path: os.PathLike[str]) -> None:
    os.symlink(tmp_path, repo.root / "motions" / "ailleurs")
    assert lines(repo) == ["motions/ailleurs:1: lien symbolique interdit dans motions/ : déposez "
                           "le fichier lui-même"]
