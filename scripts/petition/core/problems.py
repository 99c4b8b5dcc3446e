"""Problems found in the data, as values: the CLI decides how to show them."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from petition.core.characters import json_text, shown

ERROR = "erreur"
WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at one line, said in French with how to fix it."""

    path: str
    line: int
    message: str
    level: str = ERROR
    field: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def text(self) -> str:
        """One line, whatever the message quotes: controls and invisible characters escaped."""
        prefix = "avertissement : " if self.level == WARNING else ""
        return shown(f"{self.path}:{self.line}: {prefix}{self.message}")

    def github(self) -> str:
        kind = "error" if self.is_error else "warning"
        # Workflow commands end at a newline; % , : must be escaped in properties and data; the
        # log is shown by a terminal emulator, so controls are escaped (`shown`) first.
        message = shown(self.message).replace("%", "%25")
        path = shown(self.path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::{kind} file={path},line={self.line},title=petition validate::{message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# Why the system refused, in French: (within a sentence that says what failed, as a full reason).
_SYSTEM_REASONS = {
    errno.EACCES: ("permission refusée",
                   "droits insuffisants (vérifiez qui peut lire et écrire ce fichier et son dossier)"),
    errno.EPERM: ("permission refusée", "opération refusée par le système (droits, ou dossier protégé)"),
    errno.EROFS: ("disque en lecture seule", "le dossier est en lecture seule"),
    errno.ENOSPC: ("disque plein", "le disque est plein (libérez de la place)"),
    errno.EDQUOT: ("quota de disque dépassé", "le quota de disque est atteint (libérez de la place)"),
    errno.ENAMETOOLONG: ("nom de fichier trop long", "nom de fichier trop long pour le système"),
    errno.ENOENT: ("fichier ou dossier introuvable",) * 2,
    errno.ENOTDIR: ("un élément du chemin n'est pas un dossier",) * 2,
    errno.EISDIR: ("c'est un dossier",) * 2,
    errno.EIO: ("erreur d'entrée-sortie du disque",) * 2,
}


def system_reason(exc: OSError, *, brief: bool = False) -> str:
    """Why the system refused to read or write, in French: a full reason, or (`brief`) a few words
    for a parenthesis. An error without a French name keeps the system's words, or its code."""
    reasons = _SYSTEM_REASONS.get(exc.errno or 0)
    if reasons:
        return reasons[0] if brief else reasons[1]
    if brief:
        return f"erreur système {errno.errorcode.get(exc.errno or 0, 'inconnue')}"
    return shown(exc.strerror or str(exc))


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Without duplicates, in a stable order (the set's own order changes from run to run)."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.level, p.message, p.field))


def format_problems(problems: list[Problem], fmt: str) -> str:
    """The problems as `text`, `json` or `github` workflow annotations."""
    if fmt == "json":
        errors = sum(p.is_error for p in problems)
        return json_text({"erreurs": errors, "avertissements": len(problems) - errors,
                          "problemes": [p.as_dict() for p in problems]})
    if fmt == "github":
        return "\n".join(p.github() for p in problems)
    return "\n".join(p.text() for p in problems)
