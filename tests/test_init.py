"""`petition init DOSSIER --nom "CAUSE"`: a complete new repository for another cause, from a clone or
from an installed wheel, without any motion, campaign or word of the cause of the repository it
comes from; and the suite's smoke run inside such a repository (`make test-init` runs it whole)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from petition.__main__ import cli
from petition.core.model import slugify
from petition.core.projectfile import load_project
from petition.scaffold.manifest import GENERATED, READ_ONLY, TREE
from petition.scaffold.sources import tool_files

NAME = "Ligne des Trois Vallées"
CAUSE = "la ligne des Trois Vallées"
# Built, not written: the repository made here runs this very file, whose tests check that no test
# names that repository's own address.
DEPOT = "https://github.com/exemple/" + slugify(NAME)


def source_cause_texts(root: Path = ROOT) -> list[str]:
    """What names the cause of the repository the suite runs in, so that this test names no cause
    itself and holds in a repository of any cause: its projet.yml's phrases (nom, cause, titre,
    the repository's and the site's addresses), its campaigns' ids and titles, and the proper
    names and acronyms of « nom » that are no place of the official referential (« Lens » or a
    mountain range may name a commune, and the referential names every commune)."""
    texts = set()
    motions = root / "motions"
    for folder in sorted(motions.iterdir()) if motions.is_dir() else []:
        campaign = folder / "campagne.yml"
        if campaign.is_file():
            texts.add(folder.name)
            title = (yaml.safe_load(campaign.read_text("utf-8")) or {}).get("titre")
            if isinstance(title, str):
                texts.add(title)
    project, _ = load_project(root)
    if project is not None:
        texts |= {project.name, project.cause, project.title_set, project.repo_name,
                  urlsplit(project.site_url).hostname or ""}
        places = (ROOT / "scripts" / "petition" / "data" / "referentiel.json").read_text("utf-8")
        tokens = re.findall(r"[^\W\d_][\w-]*", project.name)
        texts |= {t for i, t in enumerate(tokens) if len(t) >= 4 and (t.isupper() or (
            i and t[0].isupper())) and t.casefold() not in places.casefold()}
    return sorted(t for t in texts if t)


def init(target: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["init", str(target), *args], input=input,
                                catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "trois-vallees"
    code, _, err = init(target, "--nom", NAME, "--cause", CAUSE, "--depot", DEPOT, "--no-input",
                        "--no-git")
    assert code == 0, err
    return target


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def test_the_wheel_carries_what_the_manifest_names() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    setuptools = pyproject["tool"]["setuptools"]
    assert setuptools["package-dir"]["petition.scaffold.tree"] == "."
    assert tuple(setuptools["package-data"]["petition.scaffold.tree"]) == (*TREE, *READ_ONLY)


def _command_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| `petition ")]


def test_a_complete_repository_for_the_new_cause(made: Path) -> None:
    files = files_of(made)
    assert sorted(files) == sorted({*tool_files(), *GENERATED})
    for rel, content in tool_files().items():
        assert files[rel] == content, rel
    assert os.access(made / ".ci" / "run", os.X_OK)
    assert not [p for p in files if p.startswith("motions/") and p != "motions/.gitkeep"]
    project, problems = load_project(made)
    assert problems == []
    assert project is not None
    assert (project.name, project.cause, project.repo_url, project.site_url) == (NAME, CAUSE, DEPOT, "")
    readme = files["README.md"].decode("utf-8")
    assert readme.startswith(f"# Motions pour {CAUSE}\n\nCe dépôt rassemble les motions et les vœux "
                             "adoptés par les conseils des collectivités (communes, "
                             f"intercommunalités, départements, régions) pour {CAUSE}.\n")
    # the README documents every command, with this one's table
    assert _command_rows(readme) == _command_rows((ROOT / "README.md").read_text("utf-8"))
    for command in sorted(cli.commands):
        assert f"`petition {command}" in readme, command
    form = yaml.safe_load(files[".github/ISSUE_TEMPLATE/signaler-motion.yml"])
    assert f"un vœu pour {CAUSE} ?" in form["description"]
    campaign = next(e for e in form["body"] if e.get("id") == "campagne")
    assert campaign["type"] == "input"  # no campaign yet
    owners = files[".github/CODEOWNERS"].decode("utf-8")
    assert "\n*                         @exemple/mainteneurs\n" in owners


def test_no_word_of_the_source_cause(made: Path) -> None:
    texts = source_cause_texts()
    assert texts  # this repository has a cause
    pattern = re.compile("|".join(re.escape(w) for w in texts), re.IGNORECASE)
    found = [f"{rel} : {match.group(0)}" for rel, content in files_of(made).items()
             for match in [pattern.search(content.decode("utf-8", "replace"))] if match]
    assert found == [], texts


def test_the_new_repository_validates_and_says_what_it_is(made: Path) -> None:
    result = CliRunner().invoke(cli, ["--repo", str(made), "validate"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "0 fichier(s) vérifié(s) : 0 erreur(s), 0 avertissement(s).\n")
    result = CliRunner().invoke(cli, ["--repo", str(made), "--help"], terminal_width=1000)
    assert f"Ce dépôt : Motions pour {CAUSE} (projet.yml)." in result.output


def test_next_steps_are_said_in_french(tmp_path: Path) -> None:
    code, out, _ = init(tmp_path / "depot", "--nom", NAME, "--no-input", "--no-git")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (f"Nouveau dépôt « {NAME} » écrit dans {tmp_path / 'depot'} : "
                        f"{len(tool_files()) + len(GENERATED)} fichiers.")
    assert lines[2:] == [
        "Ensuite :",
        f"  cd {tmp_path / 'depot'}",
        "  make test                        # installe l'environnement (.venv/) et vérifie l'outil",
        "  .venv/bin/petition campaign new  # la première campagne et ses destinataires",
        "  .venv/bin/petition new           # une motion (ou : petition import FICHIER.csv --campaign ID)",
        "  make site                        # le site, dans site/ (make serve pour le voir)",
        "Puis publiez-le sur GitHub : voir « Premiers pas » dans README.md ; indiquez ensuite "
        "« depot » et « site » dans projet.yml, puis lancez « petition form »."]


def test_a_folder_with_files_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "plein"
    target.mkdir()
    (target / "notes.txt").write_text("à moi", "utf-8")
    code, out, err = init(target, "--nom", NAME, "--no-input")
    assert (code, out) == (2, "")
    assert err == (f"Erreur : le dossier « {target} » n'est pas vide (notes.txt) : petition init "
                   "écrit un nouveau dépôt dans un dossier nouveau ou vide, jamais par-dessus des "
                   "fichiers\n")
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    (tmp_path / "fichier").write_text("", "utf-8")
    assert init(tmp_path / "fichier", "--nom", NAME, "--no-input")[0] == 2


def test_an_empty_clone_is_welcome_and_keeps_its_git(tmp_path: Path) -> None:
    target = tmp_path / "clone"
    (target / ".git").mkdir(parents=True)
    (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    code, out, _ = init(target, "--nom", NAME, "--no-input")
    assert code == 0
    assert "dépôt git déjà présent, laissé tel quel" in out
    assert (target / ".git" / "HEAD").read_text("utf-8") == "ref: refs/heads/main\n"
    assert (target / "projet.yml").is_file()


@pytest.mark.skipif(shutil.which("git") is None, reason="git absent")
def test_a_git_repository_on_main(tmp_path: Path) -> None:
    code, out, _ = init(tmp_path / "g", "--nom", NAME, "--no-input")
    assert code == 0
    assert "dépôt git créé (branche main), sans commit" in out
    head = subprocess.run(["git", "-C", str(tmp_path / "g"), "symbolic-ref", "HEAD"],
                          capture_output=True, text=True, check=True).stdout
    assert head == "refs/heads/main\n"


def test_settings_are_asked_and_checked(tmp_path: Path) -> None:
    answers = "\n".join(["", NAME, CAUSE, "", "pas une adresse", "https://exemple.org/tv/",
                         "https://gitlab.com/o/r", "", "contact@exemple.org"]) + "\n"
    code, _, err = init(tmp_path / "q", input=answers)
    assert code == 0, err
    assert "✗ le nom de la cause est obligatoire" in err
    assert "✗ « site » (Adresse du site) : « pas une adresse » n'a pas la forme attendue." in err
    assert "✗ « depot » (Adresse du dépôt) : « https://gitlab.com/o/r » n'a pas la forme" in err
    data = yaml.safe_load((tmp_path / "q" / "projet.yml").read_text("utf-8"))
    assert data == {"nom": NAME, "cause": CAUSE, "site": "https://exemple.org/tv/",
                    "contact": "contact@exemple.org"}


def test_a_wrong_option_writes_nothing(tmp_path: Path) -> None:
    code, _, err = init(tmp_path / "x", "--nom", NAME, "--site", "ftp://x", "--no-input")
    assert code == 2
    assert "--site : « site » (Adresse du site) : « ftp://x » n'a pas la forme attendue." in err
    assert not (tmp_path / "x").exists()
    assert init(tmp_path / "x", "--no-input")[0] == 2


def test_a_failure_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from petition.scaffold import newrepo

    # A file and a folder of the same name: the second write fails half-way.
    monkeypatch.setattr(newrepo, "tool_files", lambda: {"a": b"1", "a/b": b"2"})
    target = tmp_path / "rate"
    result = CliRunner().invoke(cli, ["init", str(target), "--nom", NAME, "--no-input", "--no-git"])
    assert result.exit_code == 2
    assert "rien n'a été écrit" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- from an installed wheel ---------------------------------------------------------------------
def _uv() -> str | None:
    found = ROOT / ".tools" / "bin" / "uv"
    return str(found) if found.is_file() else shutil.which("uv")


@pytest.mark.slow
def test_init_from_an_installed_wheel_writes_the_same_repository(made: Path, tmp_path: Path) -> None:
    uv = _uv()
    if uv is None:
        pytest.skip("uv absent : lancez les tests par « make test »")
    dist = tmp_path / "dist"
    env = {**os.environ, "UV_OFFLINE": "1", "UV_PYTHON_DOWNLOADS": "never"}
    # From the source distribution, as an index serves it (never from a build/ folder that an
    # earlier build left, which setuptools would reuse).
    built = subprocess.run([uv, "build", "--offline", "-o", str(dist), str(ROOT)],
                           capture_output=True, text=True, env=env, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next(dist.glob("*.whl"))
    installed = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    # The wheel alone, far from any clone: its petition, this environment's dependencies.
    target = tmp_path / "depuis-la-roue"
    run = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); "
                          "from petition.__main__ import main; main()", str(installed), "init",
                          str(target), "--nom", NAME, "--cause", CAUSE, "--depot", DEPOT,
                          "--no-input", "--no-git"], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONSAFEPATH": "1"}, check=False)
    assert run.returncode == 0, run.stderr
    assert files_of(target) == files_of(made)
    assert os.access(target / ".ci" / "run", os.X_OK)


# --- the suite inside a repository made by init ----------------------------------------------------
# A smoke subset of the files that depend on the repository rather than on the code (the code is
# this suite's): its README documents every command, its lock agrees with its pyproject, its forms,
# workflows and CODEOWNERS pass GitHub's schemas, its guide and settings hold, a campaign can be
# written and checked, and no test reads the repository's data. `make test-init` runs the whole
# suite there (CI: .github/workflows/nouveau-depot.yml, on main and weekly).
SMOKE = ("tests/test_cli.py", "tests/test_lock.py", "tests/test_project.py",
         "tests/test_campaign_new.py", "tests/test_fixtures.py", "tests/test_form.py",
         "tests/test_github.py::test_official_schemas", "tests/test_github.py::test_codeowners_cover_code",
         "tests/test_github.py::test_contributing_guide",
         "tests/test_coordinators.py::test_the_readme_example_of_expediteur_is_a_valid_sender")


@pytest.mark.slow
def test_the_suite_passes_in_a_repository_made_by_init(made: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PETITION_")}
    tools = ROOT / ".tools"
    if tools.is_dir() and not (made / ".tools").exists():
        (made / ".tools").symlink_to(tools)  # uv and axe-core, already fetched
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--rootdir", str(made), *SMOKE], cwd=made, capture_output=True,
                            text=True, env=env, check=False, timeout=900)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
