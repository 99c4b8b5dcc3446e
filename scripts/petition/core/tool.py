"""The tool itself, whatever cause it serves: its distribution's name and version, and how it
introduces itself to the web services it asks (User-Agent), naming the repository that asks."""

from __future__ import annotations

import unicodedata
from importlib import metadata

from petition.core.projectfile import Project

# The distribution that installs the `petition` command (pyproject.toml's `project.name`).
DISTRIBUTION = "petition-motions"


def version() -> str:
    """The installed version, or "" when the package runs from a folder that was not installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return ""


# Letters NFKD does not decompose, and the typographic apostrophe.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "’": "'", "ß": "ss"})


def _ascii(text: str) -> str:
    """HTTP header values are Latin-1 at best: the text without accents or typographic signs."""
    folded = unicodedata.normalize("NFKD", text.translate(_LIGATURES)).encode("ascii", "ignore").decode()
    return " ".join("".join(c if c.isprintable() and c not in "()" else " " for c in folded).split())


def user_agent(project: Project | None, command: str) -> str:
    """`petition-motions/0.1.0 (Ligne de la vallée; +https://github.com/o/r; petition siret)`:
    who asks, for which repository and how to reach it, as public APIs ask callers to say."""
    tool = f"{DISTRIBUTION}/{version()}" if version() else DISTRIBUTION
    parts = []
    if project is not None:
        parts.append(_ascii(project.name))
        reach = project.repo_url or project.site_url
        if reach:
            parts.append(f"+{reach}")
        if project.contact:
            parts.append(_ascii(project.contact))
    parts.append(f"petition {command}")
    return f"{tool} ({'; '.join(p for p in parts if p)})"
