"""Motions and campaigns as the rest of the code sees them.

The data keeps the French keys contributors write; this module is the one mapping between those keys
and the English names the code uses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .yamlstrict import Path

NATURES = {"motion": "Motion", "voeu": "Vœu", "deliberation": "Délibération"}
RESULTS = {"adoptee": "adoptée", "rejetee": "rejetée"}
CAMPAIGN_FILE = "campagne.yml"
DOCUMENTS_DIR = "documents"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{}.schema.json"


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by hyphens: `Hauts-de-France` → `hauts-de-france`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def motion_filename(body_type: str, code: str, official_name: str, date: str) -> str:
    """The file name a motion must have, derived from its content."""
    return f"{body_type}-{code.lower()}-{slugify(official_name)}-{date}.yml"


@dataclass
class Motion:
    """A loaded motion file: its data (French keys), and the line of each value."""

    path: str  # relative to the repository, POSIX separators
    data: dict[str, Any]
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, *path: str | int) -> int:
        key: Path = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1

    def get(self, *path: str) -> Any:
        value: Any = self.data
        for part in path:
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    @property
    def campaign(self) -> str:
        return str(self.data.get("campagne", ""))

    @property
    def body_type(self) -> str:
        return str(self.get("collectivite", "type") or "")

    @property
    def code(self) -> str:
        return str(self.get("collectivite", "code") or "")

    @property
    def name(self) -> str:
        return str(self.get("collectivite", "nom") or "")

    @property
    def date(self) -> str:
        return str(self.get("seance", "date") or "")

    @property
    def nature(self) -> str:
        return str(self.data.get("nature", ""))

    @property
    def adopted(self) -> bool:
        return bool(self.get("vote", "resultat") == "adoptee")

    @property
    def votes_for(self) -> int | None:
        value = self.get("vote", "pour")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What makes two motions the same: campaign, body, session date."""
        return (self.campaign, self.body_type, self.code, self.date)


@dataclass
class Campaign:
    path: str
    data: dict[str, Any]
    lines: dict[Path, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.data.get("id", ""))

    @property
    def title(self) -> str:
        return str(self.data.get("titre", self.id))

    @property
    def goal(self) -> int | None:
        value = self.data.get("objectif")
        return value if isinstance(value, int) else None

    @property
    def recipients(self) -> list[dict[str, Any]]:
        return list(self.data.get("destinataires") or [])

    @property
    def demands(self) -> list[str]:
        return list(self.data.get("demandes") or [])

    @property
    def organisations(self) -> list[str]:
        return list(self.data.get("organisations") or [])
