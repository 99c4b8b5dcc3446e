"""The tool's own files, wherever `petition` runs from: a clone of a repository (the files of its
work tree) or an installed wheel (the same files, carried as package data of `petition.scaffold.tree`
when the wheel was built). Both give the same {path in a repository: bytes}."""

from __future__ import annotations

import glob
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from petition.scaffold.manifest import READ_ONLY, SKIPPED_PARTS, SKIPPED_SUFFIXES, TREE

PACKAGE_DIR = "scripts/petition"
SCHEMA_DIR = "schema"
BUNDLED = "tree"  # petition/scaffold/tree/ in a wheel


class SourcesError(RuntimeError):
    """The tool's files cannot be found (a broken installation)."""


def _skipped(parts: tuple[str, ...]) -> bool:
    return any(p in SKIPPED_PARTS for p in parts) or parts[-1].endswith(SKIPPED_SUFFIXES)


def _walk(folder: Traversable, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], bytes]:
    found: dict[tuple[str, ...], bytes] = {}
    for entry in folder.iterdir():
        parts = (*prefix, entry.name)
        if _skipped(parts):
            continue
        if entry.is_dir():
            found.update(_walk(entry, parts))
        elif entry.is_file():
            found[parts] = entry.read_bytes()
    return found


def tree_root() -> Path:
    """Where the files of TREE are: carried by the wheel, or the clone's work tree."""
    bundled = resources.files("petition.scaffold").joinpath(BUNDLED)
    if bundled.is_dir():
        return Path(str(bundled))
    # scripts/petition in a clone: the repository is two folders up
    root = Path(str(resources.files("petition"))).resolve().parents[1]
    if (root / "pyproject.toml").is_file() and (root / PACKAGE_DIR).is_dir():
        return root
    raise SourcesError("les fichiers de l'outil (Makefile, tests, workflows…) sont introuvables : "
                       "cette installation de petition est incomplète ; réinstallez-la, ou lancez "
                       "petition depuis une copie du dépôt")


def tree_files(root: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for pattern in TREE:
        for name in glob.glob(pattern, root_dir=root, recursive=True):  # noqa: PTH207 - the same glob as setuptools
            path = root / name
            rel = Path(name).as_posix()
            if path.is_file() and not path.is_symlink() and not _skipped(tuple(rel.split("/"))):
                found[rel] = path.read_bytes()
    return found


def command_rows() -> list[str]:
    """The rows of the table of commands of this repository's README (the lines « | `petition »)."""
    readme = tree_root() / READ_ONLY[0]
    try:
        text = readme.read_text("utf-8")
    except OSError:
        raise SourcesError(f"{READ_ONLY[0]} de l'outil introuvable : réinstallez petition") from None
    return [line for line in text.splitlines() if line.startswith("| `petition ")]


def tool_files() -> dict[str, bytes]:
    """{path in a new repository: content} of every file of the tool, sorted."""
    files = {f"{PACKAGE_DIR}/{'/'.join(parts)}": content
             for parts, content in _walk(resources.files("petition")).items()
             if parts[0] != "schema" and parts[:2] != ("scaffold", BUNDLED)}
    files.update({f"{SCHEMA_DIR}/{'/'.join(parts)}": content
                  for parts, content in _walk(resources.files("petition.schema")).items()})
    files.update(tree_files(tree_root()))
    return dict(sorted(files.items()))
