"""The repository's own settings, `projet.yml`: the cause it gathers motions for and its addresses.

Every text that names the cause (the site's title and home page, the feed, the command's help, the
issue form, the User-Agent of the API lookups) comes from here and from the campaign files, never
from the code: the same tool serves any cause, and this repository is one instance of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from petition.core.problems import WARNING, Problem
from petition.core.schemas import is_valid, load_mapping, schema_problems

PROJECT_FILE = "projet.yml"
PROJECT_SCHEMA_LINE = "# yaml-language-server: $schema=schema/project.schema.json"
# A few settings take a few hundred bytes: a bigger file is a mistake (or a hostile one).
MAX_PROJECT_BYTES = 64 * 1024
_GITHUB = re.compile(r"https://github\.com/([^/]+)/([^/]+?)/?")


class ProjectFileError(ValueError):
    """projet.yml is missing or has errors where a command cannot do without it (the site)."""


@dataclass(frozen=True)
class Project:
    """The settings of projet.yml; a setting not given is "" (unknown, never guessed)."""

    name: str
    cause: str = ""
    title_set: str = ""
    description: str = ""
    presentation: str = ""
    site_url: str = ""  # ends with "/" when given
    repo_url: str = ""  # https://github.com/OWNER/NAME, no final "/"
    contact: str = ""

    @property
    def title(self) -> str:
        """The site's title: as set, or « Motions pour » and the cause, or the name."""
        if self.title_set:
            return self.title_set
        return f"Motions pour {self.cause}" if self.cause else self.name

    @property
    def for_cause(self) -> str:
        """What follows « pour » in a sentence: the cause with its article, or the name quoted."""
        return self.cause or f"« {self.name} »"

    @property
    def repo_name(self) -> str:
        """« OWNER/NAME » of the repository on GitHub, or ""."""
        match = _GITHUB.fullmatch(self.repo_url)
        return f"{match.group(1)}/{match.group(2)}" if match else ""


def _text(data: dict[str, object], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def project_of(data: dict[str, object]) -> Project:
    """The settings of valid projet.yml data."""
    site = _text(data, "site")
    return Project(name=_text(data, "nom"), cause=_text(data, "cause"), title_set=_text(data, "titre"),
                   description=_text(data, "description"),
                   presentation=str(data.get("presentation") or "").strip(),
                   site_url=site.rstrip("/") + "/" if site else "",
                   repo_url=_text(data, "depot").rstrip("/"), contact=_text(data, "contact"))


def missing_problem() -> Problem:
    return Problem(PROJECT_FILE, 1, "fichier absent : le site, le flux et l'aide de la commande "
                   "ont besoin du nom de la cause ; créez projet.yml avec au moins « nom: … » "
                   "(voir le README)", WARNING)


def load_project(root: Path, check: Callable[[bytes], tuple[dict[str, object] | None,
                                                         list[Problem]]] | None = None,
                 ) -> tuple[Project | None, list[Problem]]:
    """projet.yml at the root of the repository, checked: (its settings or None, its problems).
    A missing file is a warning (figures and letters do without it), a broken one an error.
    `check` stands for `checked_project` (the repository's cache remembers its verdict)."""
    path = root / PROJECT_FILE
    try:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            return None, [Problem(PROJECT_FILE, 1, "projet.yml doit être un fichier ordinaire "
                                  "(ni lien, ni dossier)")]
        if not path.exists():
            return None, [missing_problem()]
        if path.stat().st_size > MAX_PROJECT_BYTES:
            return None, [Problem(PROJECT_FILE, 1, f"fichier trop gros (plus de "
                                  f"{MAX_PROJECT_BYTES // 1024} Kio) : projet.yml ne tient que "
                                  "quelques réglages")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(PROJECT_FILE, 1, f"fichier illisible ({exc.strerror})")]
    data, problems = (check or checked_project)(raw)
    return (None if data is None else project_of(data)), problems


def checked_project(raw: bytes) -> tuple[dict[str, object] | None, list[Problem]]:
    """projet.yml's bytes, checked: (its data when it has no error, else None; its problems)."""
    loaded = load_mapping(PROJECT_FILE, raw, "le fichier doit être un bloc de réglages « clé: "
                          "valeur » (nom, cause, titre, description, presentation, site, depot, "
                          "contact)")
    if isinstance(loaded, Problem):
        return None, [loaded]
    problems = list(schema_problems("project", loaded.data, PROJECT_FILE, loaded.lines,
                                    valid=is_valid("project", loaded.data)))
    if any(p.is_error for p in problems):
        return None, problems
    return loaded.data, problems


def project_from_bytes(raw: bytes) -> tuple[Project | None, list[Problem]]:
    """The settings of projet.yml's bytes, checked: (settings or None, problems)."""
    data, problems = checked_project(raw)
    return (None if data is None else project_of(data)), problems


def read_project(root: Path) -> Project:
    """The settings, for a command that cannot do without them; ProjectFileError otherwise,
    whose message is the file's first problem (`projet.yml:LINE: …`)."""
    project, problems = load_project(root)
    if project is None:
        first = problems[0]
        raise ProjectFileError(f"{first.path}:{first.line}: {first.message}")
    return project
