"""Which files live under motions/, what each one is, and what to rename when it is none of them.

Nothing under motions/ is skipped in silence: a motion saved as `….yml.txt` by Notepad, as `.YML`, as
`.yaml` or without an extension would otherwise never be published while `petition validate` said
« 0 erreur ». Every file is either recognised (campaign, motion, targets, sending, answer, document)
or reported with the exact name to give it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from petition.core.model import CAMPAIGN_FILE, DOCUMENTS_DIR, MOTIONS_DIR
from petition.core.problems import WARNING, Problem
from petition.core.tempfiles import is_lock, is_temp, remove_if_stale

TARGETS_FILE = "cibles.yml"
SENDINGS_DIR = "envois"
ANSWERS_DIR = "reponses"
# A sending or an answer: `<AAAA-MM-JJ>-<destinataire>.yml`.
DATED_FILE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.yml")
DOCUMENT_FILE = re.compile(r"[a-z0-9][a-z0-9._-]{0,150}\.pdf")
_PLACEHOLDERS = frozenset({".gitkeep"})
# Written by the system, never by a contributor: a warning, so that a local run stays readable.
_SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
_BACKUP = re.compile(r"(?i)(.+\.ya?ml)(?:~|\.bak|\.orig|\.old|\.sav)")
_TEXT_EXT = re.compile(r"(?i)(.+?)(\.ya?ml)?\.txt")
_YAML_EXT = re.compile(r"(?i)(.+)\.ya?ml")
_OFFICE = frozenset({".doc", ".docx", ".odt", ".rtf", ".pdf", ".xls", ".xlsx", ".ods", ".csv"})


@dataclass
class Files:
    """The files of motions/ by kind (paths relative to the repository, sorted), and the problems
    of those that are none of them. `misnamed` are motions saved under a wrong extension: they are
    read and checked (so their content is reported too) but never published."""

    campaigns: list[str] = field(default_factory=list)
    motions: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    sendings: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    misnamed: dict[str, Problem] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    count: int = 0  # every file seen, recognised or not


def extension_fix(name: str) -> tuple[str, str] | None:
    """(why, corrected name) for a YAML file saved with another extension; None otherwise.

    `lens.yml.txt` (Notepad), `lens.YML`, `lens.yaml`, `lens` (no extension), `lens.yml ` (a
    trailing space or dot, which Windows hides)."""
    stripped = name.rstrip(" .")
    if stripped != name and stripped.endswith(".yml"):
        return "espace ou point en fin de nom", stripped
    text = _TEXT_EXT.fullmatch(stripped)
    if text:
        return f"extension « {stripped[len(text.group(1)):]} » (le Bloc-notes ajoute « .txt »)", \
            f"{text.group(1)}.yml"
    backup = _BACKUP.fullmatch(stripped)
    if backup:
        return "copie de sauvegarde d'un éditeur", _yml(backup.group(1))
    yaml_ext = _YAML_EXT.fullmatch(stripped)
    if yaml_ext and not stripped.endswith(".yml"):
        ext = stripped[len(yaml_ext.group(1)):]
        return f"extension « {ext} » (seule « .yml » en minuscules est lue)", f"{yaml_ext.group(1)}.yml"
    if "." not in stripped.lstrip("."):
        return "nom sans extension", f"{stripped}.yml"
    return None


def misnamed_message(why: str, fixed: str) -> str:
    return f"{why} : ce fichier n'est ni compté ni publié ; renommez-le « {fixed} »"


def _yml(name: str) -> str:
    match = _YAML_EXT.fullmatch(name)
    return f"{match.group(1)}.yml" if match else name


_UNDECODED = re.compile("[\udc80-\udcff]")  # os.fsdecode's escapes of bytes that are not UTF-8


def readable_name(name: str) -> bool:
    """A name that prints on one line and is valid UTF-8 (not a lone surrogate from bad bytes)."""
    return name.isprintable() and (name.isascii() or not _UNDECODED.search(name))


def unreadable_name(rel: str) -> Problem:
    shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in shown)
    return Problem(shown, 1, "nom de fichier illisible (caractère invisible ou hors UTF-8) : "
                             "renommez-le comme indiqué dans CONTRIBUTING.md")


class _Walker:
    def __init__(self) -> None:
        self.files = Files()

    def problem(self, rel: str, message: str, level: str = "erreur") -> None:
        self.files.problems.append(Problem(rel, 1, message, level, "(fichier)"))

    def entries(self, path: str) -> list[os.DirEntry[str]]:
        return sorted(os.scandir(path), key=lambda e: e.name)

    def special(self, entry: os.DirEntry[str], rel: str) -> bool:
        """Handle what is wrong whatever the place: returns True when the entry is done."""
        name = entry.name
        hidden = name.startswith(".")  # placeholders, temporary files and locks all are
        if hidden and name in _PLACEHOLDERS:
            return True
        if hidden and is_temp(name):  # an atomic write under way, or left by a killed one
            remove_if_stale(entry.path, name)
            return True
        if hidden and is_lock(name):  # a rewrite under way (a killed one's is reused, then removed)
            return True
        self.files.count += not entry.is_dir(follow_symlinks=False)
        if not readable_name(name):
            self.files.problems.append(unreadable_name(rel))
            return True
        if entry.is_symlink():
            self.problem(rel, "lien symbolique interdit dans motions/ : déposez le fichier lui-même")
            return True
        if not name.endswith(".yml") and name.lower() in _SYSTEM_FILES:
            self.problem(rel, f"fichier système « {entry.name} » : retirez-le du dépôt (il ne "
                         "contient pas de motion)", WARNING)
            return True
        return False

    def unexpected_tree(self, path: str, rel: str, expected: str) -> None:
        """Every file below a folder that has no place here, each reported."""
        for entry in self.entries(path):
            sub = f"{rel}/{entry.name}"
            if self.special(entry, sub):
                continue
            if entry.is_dir():
                self.unexpected_tree(entry.path, sub, expected)
            else:
                self.problem(sub, f"fichier rangé dans un dossier inattendu : {expected}")

    def rename(self, rel: str, name: str, siblings: set[str], what: str) -> Problem:
        """The problem of a file that is not named as its kind must be."""
        fix = extension_fix(name)
        if name.startswith(".") and (fix is None or fix[1].startswith(".")):
            shown = fix[1].lstrip(".") if fix else name.lstrip(".") or "motion.yml"
            return Problem(rel, 1, f"fichier caché « {name} » : il n'est pas lu ; renommez-le "
                           f"« {shown} » (sans point au début) ou retirez-le", field="(fichier)")
        if fix is None:
            ext = PurePosixPath(name).suffix.lower()
            if ext in _OFFICE:
                advice = ("les PDF vont dans motions/documents/ ; recopiez la motion dans un fichier "
                          "« .yml » (modèle dans CONTRIBUTING.md)")
            else:
                advice = f"seuls {what} sont lus ici ; retirez-le ou renommez-le"
            return Problem(rel, 1, f"fichier « {name} » non reconnu, il n'est pas lu : {advice}",
                           field="(fichier)")
        why, fixed = fix
        if fixed in siblings:
            return Problem(rel, 1, f"{why} : « {fixed} » existe déjà à côté ; gardez un seul des "
                           "deux fichiers", field="(fichier)")
        return Problem(rel, 1, misnamed_message(why, fixed), field="(fichier)")

    def campaign_folder(self, path: str, rel_top: str) -> None:
        entries = self.entries(path)
        names = {e.name for e in entries}
        motions = self.files.motions
        for entry in entries:
            name = entry.name
            rel = f"{rel_top}/{name}"
            # A motion's file as `petition` names it: what `special` and the rules below would
            # conclude, in one test (every file of every run goes through here).
            if name.endswith(".yml") and name[0] != "." and name != CAMPAIGN_FILE and \
                    name != TARGETS_FILE and name.isascii() and name.isprintable() and \
                    entry.is_file(follow_symlinks=False):
                self.files.count += 1
                motions.append(rel)
                continue
            if self.special(entry, rel):
                continue
            if entry.is_dir():
                if entry.name in (SENDINGS_DIR, ANSWERS_DIR):
                    self.dated_folder(entry.path, rel, entry.name)
                else:
                    self.unexpected_tree(entry.path, rel, f"les motions vont directement dans "
                                         f"{rel_top}/ ; déplacez-le là")
                continue
            if entry.name == CAMPAIGN_FILE:
                self.files.campaigns.append(rel)
            elif entry.name == TARGETS_FILE:
                self.files.targets.append(rel)
            elif entry.name.endswith(".yml") and not entry.name.startswith("."):
                self.files.motions.append(rel)
            else:
                problem = self.rename(rel, entry.name, names, "les fichiers « .yml »")
                fixed = extension_fix(entry.name)
                if fixed and fixed[1] not in names and fixed[1] not in (CAMPAIGN_FILE, TARGETS_FILE) \
                        and not fixed[1].startswith(".") and entry.is_file():
                    self.files.misnamed[rel] = problem
                    self.files.motions.append(rel)
                else:
                    self.files.problems.append(problem)

    def flat_files(self, entries: list[os.DirEntry[str]], rel_dir: str,
                   what: str) -> Iterator[tuple[os.DirEntry[str], str]]:
        """The files of a folder that takes no subfolder, with their paths: special entries and
        folders are reported here (« {what} vont directement dans … »)."""
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}"
            if self.special(entry, rel):
                continue
            if entry.is_dir():
                self.unexpected_tree(entry.path, rel, f"{what} vont directement dans {rel_dir}/")
                continue
            yield entry, rel

    def dated_folder(self, path: str, rel_dir: str, kind: str) -> None:
        entries = self.entries(path)
        names = {e.name for e in entries}
        found = self.files.sendings if kind == SENDINGS_DIR else self.files.answers
        what = "un envoi" if kind == SENDINGS_DIR else "une réponse"
        for entry, rel in self.flat_files(entries, rel_dir, "les fichiers"):
            if DATED_FILE.fullmatch(entry.name):
                found.append(rel)
            elif entry.name.endswith(".yml"):
                self.problem(rel, f"nom « {entry.name} » : {what} s'appelle "
                             "AAAA-MM-JJ-<destinataire>.yml (date, puis identifiant du "
                             "destinataire en minuscules), par exemple 2024-01-15-ministre-sante.yml")
            else:
                self.files.problems.append(self.rename(rel, entry.name, names, "les fichiers "
                                                       "AAAA-MM-JJ-<destinataire>.yml"))

    def documents(self, path: str, rel_dir: str) -> None:
        for entry, rel in self.flat_files(self.entries(path), rel_dir, "les PDF"):
            if DOCUMENT_FILE.fullmatch(entry.name):
                self.files.documents.append(rel)
            elif entry.name.lower().endswith(".pdf"):
                stem = re.sub(r"[^a-z0-9._-]+", "-", entry.name[:-4].lower()).strip("-._") or "document"
                self.problem(rel, f"nom de document « {entry.name} » : minuscules, chiffres et « - "
                             f"_ . » seulement ; renommez-le « {stem}.pdf » (et la ligne « fichier: » "
                             "de la motion)")
            else:
                self.problem(rel, f"« {entry.name} » n'est pas un PDF : motions/documents/ ne "
                             "reçoit que les documents PDF des motions, des lettres et des réponses")


def discover(base: str) -> Files:
    """Every file under the motions folder `base`, by kind, and the problems of the others."""
    walker = _Walker()
    for top in walker.entries(base):
        rel_top = f"{MOTIONS_DIR}/{top.name}"
        if walker.special(top, rel_top):
            continue
        if top.is_dir():
            if top.name == DOCUMENTS_DIR:
                walker.documents(top.path, rel_top)
            else:
                walker.campaign_folder(top.path, rel_top)
            continue
        fix = extension_fix(top.name)
        is_yaml = top.name.endswith(".yml") or fix is not None
        walker.problem(rel_top, "fichier hors d'un dossier de campagne, il n'est pas lu : "
                       "déplacez-le dans motions/<campagne>/" + (f" et renommez-le « {fix[1]} »"
                                                                 if fix else "")
                       if is_yaml else f"fichier « {top.name} » non reconnu, il n'est pas lu : "
                       "motions/ ne contient que les dossiers des campagnes et motions/documents/")
    return walker.files
