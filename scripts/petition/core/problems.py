"""Problems found in the data, as values: the CLI decides how to show them."""

from __future__ import annotations

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
