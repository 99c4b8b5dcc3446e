"""Where a command may write, and what it says when the system refuses.

Every path a command writes goes through `destination` (or, for a path the user typed, `chosen`):
ids that become part of a path are checked against their schema pattern first; the path is built
under a trusted folder (the repository, or the folder the user named) from plain names, never
`..`, a separator or an empty name; each part that exists is looked at without following links,
and a symbolic link anywhere below that folder is refused, so nothing the repository holds (a
campaign file, a committed link) can make a command write outside it. A command creates only the
folders it owns (the last `create` folders of the path); any other missing folder is refused.

A failed write (read-only folder, full disk, name too long) becomes a `WriteError` naming the
user's file, never the temporary file the atomic writer was filling, with the system's reason in
French.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from petition.core.characters import shown
from petition.core.problems import system_reason
from petition.core.schemas import python_pattern, schema

# A name a command writes under a folder it was given: no separator, not `.` or `..`, no hidden name
# (the writer's own temporary files are hidden), printable, and short enough for every file system.
_NAME = re.compile(r"[^\s./\\][^/\\]*")
MAX_NAME_BYTES = 255


class UnsafePath(Exception):
    """A path a command refuses to write, said in French: a data error (exit 1) when the data or
    the repository would lead the write astray, a usage error (`usage`, exit 2) when the folder
    the user named is missing."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


class WriteError(Exception):
    """The system refused a write: `shown` is the user's file, `reason` the system's reason in
    French (exit 2: nothing in the data is wrong)."""

    def __init__(self, shown_as: str, reason: str) -> None:
        super().__init__(f"impossible d'écrire {shown_as} : {reason} ; rien n'a été écrit")
        self.shown = shown_as
        self.reason = reason


@cache
def _id_pattern() -> re.Pattern[str]:
    """The campaign id's pattern, as the campaign schema writes it (recipients share it)."""
    return re.compile(python_pattern(schema("campaign")["properties"]["id"]["pattern"]))


def check_id(value: str, what: str) -> str:
    """`value` if it is an id that may become part of a path; else UnsafePath (`what`: « campagne »,
    « destinataire »…)."""
    if not isinstance(value, str) or not _id_pattern().fullmatch(value):
        raise UnsafePath(f"identifiant de {what} « {shown(value)} » refusé : minuscules, chiffres "
                         "et tirets seulement (par exemple « ministre-sante ») ; il nommerait un "
                         "fichier hors de son dossier. Rien n'a été écrit.")
    return value


@dataclass(frozen=True)
class Destination:
    """A checked place to write: `path` (absolute), `shown` (how messages name it) and the folders
    the command owns and must create first, outermost first."""

    path: Path
    shown: str
    missing: tuple[Path, ...] = ()

    def make_folders(self) -> None:
        for folder in self.missing:
            with failing(self.shown):
                folder.mkdir(exist_ok=True)


@contextmanager
def failing(shown_as: str) -> Iterator[None]:
    """Turn an OSError inside the block into a WriteError naming `shown_as`."""
    try:
        yield
    except OSError as exc:
        raise WriteError(shown_as, system_reason(exc)) from None


def _refuse(where: str, why: str, *, usage: bool = False) -> UnsafePath:
    return UnsafePath(f"{shown(where)} : {why} ; rien n'a été écrit", usage=usage)


def _check_name(part: str, rel: str, strict: bool) -> None:
    if part in ("", ".", "..") or "/" in part or "\\" in part or "\0" in part \
            or (strict and not _NAME.fullmatch(part)) or not part.isprintable():
        raise _refuse(rel, f"le nom « {part} » sortirait du dossier prévu ou n'est pas un nom de "
                      "fichier (séparateur, « .. », caractère invisible)")
    if len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        raise _refuse(rel, f"nom de fichier trop long ({len(part)} caractères)")


def destination(base: Path, rel: str, *, create: int = 0, shown_as: str | None = None,
                strict: bool = True, folder: bool = False) -> Destination:
    """The file (or, `folder`, the folder) `rel` (POSIX, relative) under the trusted folder
    `base`, if writing it stays inside `base` through no symbolic link; else UnsafePath.
    `create`: how many folders at the end of the path this command owns (and creates when
    missing); a missing folder above them is refused. `strict`: every part is a plain name (no
    space, no leading dot), as names built from data are."""
    where = shown_as if shown_as is not None else rel
    if rel.startswith("/") or not rel:
        raise _refuse(where, "chemin absolu ou vide")
    parts = rel.split("/")
    for part in parts:
        _check_name(part, where, strict)
    folders = len(parts) if folder else len(parts) - 1
    current = base
    missing: list[Path] = []
    for index, part in enumerate(parts):
        current = current / part
        is_file = index == folders
        if missing:  # below a missing folder, nothing exists yet
            if not is_file:
                missing.append(current)
            continue
        try:
            info = current.lstat()
        except FileNotFoundError:
            if is_file:
                break
            if folders - index > create:
                raise _refuse(where, f"le dossier {shown(_shown_prefix(where, parts, index))} "
                              "n'existe pas ; cette commande ne le crée pas (créez-le, ou vérifiez "
                              "le chemin)", usage=True) from None
            missing.append(current)
            continue
        except OSError as exc:
            raise WriteError(where, system_reason(exc)) from None
        if stat.S_ISLNK(info.st_mode):
            raise _refuse(where, f"{shown(_shown_prefix(where, parts, index))} est un lien "
                          f"symbolique{_link_target(current)} : une commande n'écrit jamais à "
                          "travers un lien ; remplacez-le par un vrai dossier ou fichier")
        if not is_file and not stat.S_ISDIR(info.st_mode):
            raise _refuse(where, f"{shown(_shown_prefix(where, parts, index))} n'est pas un "
                          "dossier")
        if is_file and stat.S_ISDIR(info.st_mode):
            raise _refuse(where, "c'est un dossier, pas un fichier")
    return Destination(base / rel, where, tuple(missing))


def _shown_prefix(where: str, parts: list[str], index: int) -> str:
    """The user's name of the `index`-th part: `where` cut after that part."""
    tail = "/".join(parts[index + 1:])
    return where[:len(where) - len(tail) - 1] if tail else where


def _link_target(path: Path) -> str:
    try:
        return f" (vers {path.readlink()})"
    except OSError:
        return ""


def _inside(path: Path, root: Path) -> str | None:
    """`path` relative to `root` as POSIX text ("" for root itself), or None if it is outside."""
    try:
        return path.relative_to(root).as_posix().removeprefix(".")
    except ValueError:
        return None


def chosen(root: Path, given: Path, *, folder: bool = False, create: int = 1) -> Destination:
    """A file (or, `folder`, a folder) the user named on the command line. Inside the repository
    it follows the repository's rules (no link; only the named folder, or for a command's own
    default output its last `create` folders, may be created); outside, the place is the user's
    choice, but only the named folder is ever created, never its parents."""
    # Lexical, on purpose: resolving would follow the very links this function must see.
    absolute = Path(os.path.abspath(given))  # noqa: PTH100
    lexical_root = Path(os.path.abspath(root))  # noqa: PTH100
    root = root.resolve()
    rel = next((r for r in (_inside(absolute, lexical_root), _inside(absolute, root))
                if r is not None), None)
    shown_as = str(given)
    if rel == "":
        if not folder:
            raise _refuse(shown_as, "c'est le dossier du dépôt, pas un fichier")
        return Destination(root, shown_as)
    if rel is not None:
        checked = destination(root, rel, create=create if folder else 0, shown_as=shown_as,
                              strict=False, folder=folder)
        return Destination(given, shown_as, checked.missing)
    parent = absolute.parent
    if not parent.is_dir():
        raise _refuse(shown_as, f"le dossier {shown(parent)} n'existe pas ; créez-le d'abord",
                      usage=True)
    if folder:
        if absolute.exists() and not absolute.is_dir():
            raise _refuse(shown_as, "n'est pas un dossier")
        return Destination(absolute, shown_as, () if absolute.is_dir() else (absolute,))
    if absolute.is_dir():
        raise _refuse(shown_as, "c'est un dossier, pas un fichier")
    return Destination(absolute, shown_as)


def inside(folder: Destination, name: str, *, create: int = 0) -> Destination:
    """The file `name` (built from data) in a folder returned by `chosen(..., folder=True)` or
    `destination`; the folder's own missing folders come first."""
    checked = destination(folder.path, name, create=create,
                          shown_as=f"{folder.shown.rstrip('/')}/{name}")
    return Destination(checked.path, checked.shown, (*folder.missing, *checked.missing))
