"""Writing the site's source into a folder, fast enough for a contributor's preview: a file whose
bytes did not change is not rewritten (its modification time is kept, so a watching server sees
only what changed), and what the site no longer has is removed. Each file is written atomically.

The folder is the writer's own: empty, new, or written by it before (its mkdocs.yml says so). Any
other folder is refused, so that `-o` never removes what someone else keeps there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from petition.core.destinations import chosen, inside
from petition.core.projectfile import PROJECT_FILE
from petition.core.repository import MOTIONS_DIR, Repository
from petition.exchange.writer import replace_file
from petition.site.project import ProjectError, project_config
from petition.site.source import CONFIG, DOCS, OVERRIDES, site_source

MARK = b"# Written by `petition pages`"
MANAGED = (DOCS, OVERRIDES)


class OutputError(ValueError):
    """The folder is not one the writer may fill."""


@dataclass
class Written:
    changed: list[str] = field(default_factory=list)  # written (new or different)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def check_folder(folder: Path) -> None:
    """Refuse a folder that holds anything but a site this writer wrote."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise OutputError(f"{folder} n'est pas un dossier")
    config = folder / CONFIG
    try:
        ours = config.read_bytes().startswith(MARK)
    except OSError:
        ours = False
    if not ours and any(folder.iterdir()):
        raise OutputError(f"{folder} n'est pas vide et n'a pas été écrit par « petition pages » : "
                          "choisissez un dossier vide ou nouveau (-o DOSSIER)")


def write_tree(files: dict[str, bytes], folder: Path, root: Path, create: int = 1) -> Written:
    """Make `folder` hold exactly `files` (its docs/, overrides/ and mkdocs.yml; a built site/
    beside them is left alone). Every path is checked (`petition.core.destinations`): inside the
    repository `root` no link is written through, and only `folder` (its last `create` parts)
    and the folders below it are created."""
    check_folder(folder)
    out = chosen(root, folder, folder=True, create=create)
    done = Written()
    for rel, content in files.items():
        path = folder / rel
        try:
            same = path.stat().st_size == len(content) and path.read_bytes() == content
        except OSError:
            same = False
        if same:
            done.unchanged += 1
            continue
        replace_file(inside(out, rel, create=rel.count("/")), content)
        done.changed.append(rel)
    for top in MANAGED:
        root = folder / top
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                continue  # never followed, never removed: not the writer's
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif rel not in files:
                path.unlink()
                done.removed.append(rel)
    return done


def write_site(repo: Repository, folder: Path, today: dt.date, create: int = 1) -> Written:
    """The site of a loaded repository, written into `folder` (`petition pages -o folder`);
    `create`: how many of its last folders may be created (the default output, build/pages)."""
    check_folder(folder)
    return write_tree(site_source(repo, project_config(repo.root), today), folder, repo.root,
                      create)


def fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """What a preview watches: every file of motions/, of the hand-written pages and the settings,
    with its size and modification time (a change to any of them changes this)."""
    found = []
    project = root / CONFIG
    folders = [root / MOTIONS_DIR]
    with contextlib.suppress(ProjectError):
        folders.append(root / project_config(root).docs_dir)
    settings = root / PROJECT_FILE
    for path in [project, settings,
                 *(p for folder in folders if folder.is_dir() for p in folder.rglob("*"))]:
        try:
            info = path.stat()
        except OSError:
            continue
        found.append((path.as_posix(), info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))
