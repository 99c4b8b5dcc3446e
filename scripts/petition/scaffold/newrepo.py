"""`petition init`: a complete new repository for a cause, from the tool's own files and the cause's
settings. It is written aside, then moved into place: a failure leaves nothing half written."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from petition.core.characters import shown
from petition.core.model import slugify
from petition.core.problems import Problem
from petition.core.projectfile import PROJECT_FILE, PROJECT_SCHEMA_LINE, Project, project_from_bytes
from petition.intake.formfile import form_files
from petition.scaffold.manifest import EXECUTABLE
from petition.scaffold.sources import command_rows, tool_files

# The keys of projet.yml `init` writes, in this order, with the question that asks each.
KEYS = ("nom", "cause", "description", "site", "depot", "contact")
PROJECT_HEADER = ("# La cause de ce dépôt et ses adresses : le site, le flux, l'aide de « petition » "
                  "et le\n# formulaire de signalement en tirent leurs textes. Voir "
                  "schema/project.schema.json.\n")
KEEP = ".gitkeep"
# What a folder may already hold to be written into: nothing, or only an empty git repository
# (a repository just created on GitHub and cloned).
ALLOWED_ENTRIES = frozenset({".git"})


class InitError(ValueError):
    """The repository cannot be written as asked (a usage error: exit 2)."""


@dataclass
class Written:
    root: Path
    files: list[str] = field(default_factory=list)
    git: str = ""  # what was done about git, in French


def project_text(settings: dict[str, str]) -> str:
    """projet.yml: the schema line, a comment, then the settings given (empty ones left out)."""
    data = {key: settings[key].strip() for key in KEYS if settings.get(key, "").strip()}
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return f"{PROJECT_SCHEMA_LINE}\n{PROJECT_HEADER}{body}"


def check_settings(settings: dict[str, str]) -> tuple[Project | None, list[Problem]]:
    """The settings as projet.yml would hold them, checked by `petition validate`'s rules."""
    return project_from_bytes(project_text(settings).encode("utf-8"))


def _environment() -> Environment:
    # Markdown and plain text for people to read, not HTML: nothing to escape for a browser.
    return Environment(loader=PackageLoader("petition.scaffold", "templates"), autoescape=False,  # noqa: S701
                       undefined=StrictUndefined, keep_trailing_newline=True)


def readme(project: Project) -> str:
    intro = project.description or (
        "Ce dépôt rassemble les motions et les vœux adoptés par les conseils des collectivités "
        f"(communes, intercommunalités, départements, régions) pour {project.for_cause}.")
    example = f"{slugify(project.name)[:40].strip('-') or 'campagne'}-2026"
    return _environment().get_template("README.md.j2").render(
        project=project, intro=intro, example_id=example, commands="\n".join(command_rows()))


def codeowners(project: Project) -> str:
    owner = project.repo_name.split("/")[0] if project.repo_name else "proprietaire"
    team = f"@{owner}/mainteneurs"
    return _environment().get_template("CODEOWNERS.j2").render(team=team)


def new_repository(project_yml: str, project: Project) -> dict[str, bytes]:
    """{path: content} of the whole new repository: the tool, then what is the cause's own."""
    files = tool_files()
    own = {PROJECT_FILE: project_yml, "README.md": readme(project),
           ".github/CODEOWNERS": codeowners(project), f"motions/{KEEP}": "",
           **form_files(project, {})}
    files.update({path: text.encode("utf-8") for path, text in own.items()})
    return dict(sorted(files.items()))


def target_problem(target: Path) -> str:
    """Why `target` cannot receive a new repository ("" if it can)."""
    if target.is_symlink():
        return f"« {shown(target)} » est un lien symbolique : indiquez un dossier nouveau ou vide"
    if not target.exists():
        return ""
    if not target.is_dir():
        return f"« {shown(target)} » est un fichier : indiquez un dossier nouveau ou vide"
    extra = sorted(e.name for e in target.iterdir() if e.name not in ALLOWED_ENTRIES)
    if extra:
        shown_names = ", ".join(shown(n) for n in extra[:3]) + (", …" if len(extra) > 3 else "")
        return (f"le dossier « {shown(target)} » n'est pas vide ({shown_names}) : petition init "
                "écrit un nouveau dépôt dans un dossier nouveau ou vide, jamais par-dessus des "
                "fichiers")
    return ""


def write_repository(target: Path, files: dict[str, bytes]) -> None:
    """Write `files` under `target` (new, or empty but for .git): everything in a folder beside
    it first, then moved in place, so that a failure (full disk, Ctrl-C) leaves no half repository."""
    problem = target_problem(target)
    if problem:
        raise InitError(problem)
    parent = target.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".petition-init-{os.getpid()}.tmp"
    try:
        for rel, content in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            if rel in EXECUTABLE:
                path.chmod(0o755)
        if not target.exists():
            staging.rename(target)
            return
        for entry in sorted(staging.iterdir()):
            entry.rename(target / entry.name)
    except BaseException:
        with contextlib.suppress(OSError):
            for entry in sorted(staging.iterdir()) if staging.exists() else []:
                moved = target / entry.name
                if moved.exists() and entry.name not in ALLOWED_ENTRIES:
                    shutil.rmtree(moved) if moved.is_dir() else moved.unlink()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def git_init(target: Path) -> str:
    """Make `target` a git repository on branch main, unless it is one or git is missing; what
    was done, in French."""
    if (target / ".git").exists():
        return "dépôt git déjà présent, laissé tel quel"
    git = shutil.which("git")
    if git is None:
        return "git introuvable : lancez « git init » vous-même"
    done = subprocess.run([git, "init", "--quiet", str(target)], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        return f"« git init » a échoué ({shown(done.stderr.strip()) or done.returncode})"
    subprocess.run([git, "-C", str(target), "symbolic-ref", "HEAD", "refs/heads/main"],
                   capture_output=True, check=False)
    return "dépôt git créé (branche main), sans commit"


def init_repository(target: Path, settings: dict[str, str], *, git: bool = True) -> Written:
    project, problems = check_settings(settings)
    errors = [p for p in problems if p.is_error]
    if project is None or errors:
        raise InitError(" ; ".join(_setting_problem(p) for p in errors) or "réglages invalides")
    files = new_repository(project_text(settings), project)
    write_repository(target, files)
    written = Written(target, list(files))
    if git:
        written.git = git_init(target)
    return written


def _setting_problem(problem: Problem) -> str:
    """A problem of the settings, named by the option that gave it."""
    key = problem.field.split(".")[0] if problem.field else ""
    return f"--{key} : {problem.message}" if key in KEYS else problem.message
