"""What coordinators meet first (issue 26): `petition` run from a subfolder, outputs git ignores,
the README's example of `expediteur:`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import CAMPAIGN, ROOT, RepoBuilder, motion_data
from petition.__main__ import cli


def test_petition_finds_the_repository_from_a_subfolder(repo: RepoBuilder,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Before, `petition` had to be run from the repository's root.
    repo.add(motion_data())
    monkeypatch.chdir(repo.root / "motions" / CAMPAIGN)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "3 fichier(s) vérifié(s) : 0 erreur(s), 0 avertissement(s).\n"
    stats = CliRunner().invoke(cli, ["stats", "--campaign", CAMPAIGN])
    assert stats.exit_code == 0 and "Motions enregistrées" in stats.stdout


def test_outside_any_repository_the_command_says_so(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 2
    assert result.stderr == (f"Erreur : pas de dossier « motions/ » dans {tmp_path} : lancez la "
                             "commande dans le dépôt des motions (ou l'un de ses dossiers), ou "
                             "passez --repo DOSSIER\n")


@pytest.mark.skipif(shutil.which("git") is None, reason="git absent")
@pytest.mark.parametrize("output", [f"kit/{CAMPAIGN}/motion.docx", "lettres/lettre.pdf"])
def test_the_default_outputs_are_ignored_by_git(tmp_path: Path, output: str) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    (tmp_path / output).parent.mkdir(parents=True)
    (tmp_path / output).write_bytes(b"x")
    ignored = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "-q", output],
                             check=False)
    assert ignored.returncode == 0, f"{output} n'est pas ignoré"


def test_the_readme_example_of_expediteur_is_a_valid_sender(repo: RepoBuilder) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Déclarer qui envoie les lettres", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block is not None
    example = yaml.safe_load(block.group(1))
    assert set(example) == {"expediteur"} and example["expediteur"]["nom"]
    path = repo.root / "motions" / CAMPAIGN / "campagne.yml"
    path.write_text(path.read_text("utf-8") + block.group(1), encoding="utf-8")
    result = repo.run("validate")
    assert result.exit_code == 0, result.output
    letter = repo.run("letter", "--campaign", CAMPAIGN, "--format", "md", "-o",
                      str(repo.root / "lettres"))
    assert letter.exit_code == 0, letter.output
    text = next((repo.root / "lettres").glob("*.md")).read_text("utf-8")
    assert example["expediteur"]["nom"] in text and "Projet de lettre" not in text
