"""Motions and campaigns as the rest of the code sees them.

The data keeps the French keys contributors write; this module is the one mapping between those keys
and the English names the code uses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from petition.core.offices import Office, recipient_office
from petition.core.yamlstrict import Path, line_of

NATURES = {"motion": "Motion", "voeu": "Vœu", "deliberation": "Délibération"}
MASCULINE_NATURES = frozenset({"voeu"})  # « vœu adopté », but « motion adoptée »


def result_word(nature: str, adopted: bool) -> str:
    """« adoptée », « adopté » (a vœu), « rejetée », « rejeté »: agreed with the act's nature."""
    word = "adopté" if adopted else "rejeté"
    return word if nature in MASCULINE_NATURES else word + "e"


# With as many votes for as against, the president's vote decides (CGCT L2121-20, L3121-15,
# L4132-14): an act adopted so is said so wherever its result is shown.
CASTING_VOTE = "par la voix prépondérante du président"


def casting_vote(data: dict[str, Any]) -> bool:
    """Whether the motion was adopted by the president's casting vote: adopted, with as many
    votes for as against (more than none), as its document counts them."""
    vote = data.get("vote")
    if not isinstance(vote, dict) or vote.get("resultat") != "adoptee":
        return False
    pour, contre = vote.get("pour"), vote.get("contre")
    return type(pour) is int and type(contre) is int and pour == contre > 0


def motion_result(data: dict[str, Any]) -> str:
    """« adoptée », « adopté » (a vœu), « rejetée », « adoptée par la voix prépondérante du
    président »: the result of a motion as every page, letter and export says it."""
    adopted = isinstance(data.get("vote"), dict) and data["vote"].get("resultat") == "adoptee"
    word = result_word(str(data.get("nature", "")), adopted)
    return f"{word} {CASTING_VOTE}" if casting_vote(data) else word


RESULTS = {"adoptee": "adoptée", "rejetee": "rejetée"}
MOTIONS_DIR = "motions"
CAMPAIGN_FILE = "campagne.yml"
DOCUMENTS_DIR = "documents"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{}.schema.json"


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by hyphens: `Hauts-de-France` → `hauts-de-france`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def motion_filename(body_type: str, code: str, official_name: str, date: str) -> str:
    """The file name a motion must have, derived from its content."""
    return f"{body_type}-{code.lower()}-{slugify(official_name)}-{date}.yml"


Marks = tuple[str, str, str, str, str]
Facts = tuple[str, str, str, str, str, bool, "int | None", bool, Marks]
_CIVILITY = frozenset({"m", "m.", "mme", "mme.", "mlle", "monsieur", "madame", "mr", "mr."})
MIN_COPY_NAMES = 5
MIN_COPY_TEXT = 200


def motion_facts(data: dict[str, Any]) -> Facts:
    """The few values figures and cross-file checks need, small enough to cache and read fast:
    campaign, type, code, name, session date, adopted, votes for, names a document file, and the
    marks by which a copy of another body's file shows (see `copy_marks`)."""
    # A list or a block where a name is expected is the schema's error, never a name.
    body, session, vote = data.get("collectivite"), data.get("seance"), data.get("vote")
    body = body if isinstance(body, dict) else {}
    session = session if isinstance(session, dict) else {}
    vote = vote if isinstance(vote, dict) else {}
    campaign, kind, code, name, date = (data.get("campagne"), body.get("type"), body.get("code"),
                                        body.get("nom"), session.get("date"))
    pour = vote.get("pour")
    return (campaign if isinstance(campaign, str) else "", kind if isinstance(kind, str) else "",
            str(code) if type(code) is int else code if isinstance(code, str) else "",
            name if isinstance(name, str) else "", date if isinstance(date, str) else "",
            vote.get("resultat") == "adoptee", pour if type(pour) is int else None,
            _has_documents(data.get("sources")), copy_marks(data))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _person(value: Any) -> str:
    """A person's name as written in a field (« Mme Christiane NION », « Sylvain ROBERT, Maire »),
    folded, without civility or the quality after a comma; "" when too thin to identify anyone."""
    if not isinstance(value, str):
        return ""
    words = [w for w in _fold(value.split(",", 1)[0]).split() if w not in _CIVILITY]
    return " ".join(words) if len(words) >= 2 else ""


def copy_marks(data: dict[str, Any]) -> Marks:
    """Digests of the attendance names (as a set), the secretary, the full text, the president of
    the session and the signatories (as a set), "" when too thin to tell a copy from a
    coincidence: a file copied from another council keeps them."""
    presences = data.get("presences")
    names_block = presences.get("noms") if isinstance(presences, dict) else None
    names: set[str] = set()
    if isinstance(names_block, dict):
        for listed in names_block.values():
            for item in listed if isinstance(listed, list) else ():
                values = item.values() if isinstance(item, dict) else (item,)
                names.update(_fold(v) for v in values if isinstance(v, str) and v.strip())
    session = data.get("seance")
    session = session if isinstance(session, dict) else {}
    secretary, president = _person(session.get("secretaire")), _person(session.get("presidence"))
    text = data.get("texte")
    folded = _fold(text) if isinstance(text, str) else ""
    signers = data.get("signataires")
    signed = {_person(s.get("nom")) for s in signers if isinstance(s, dict)} \
        if isinstance(signers, list) else set()
    signed.discard("")
    return (_digest("\n".join(sorted(names))) if len(names) >= MIN_COPY_NAMES else "",
            _digest(secretary) if secretary else "",
            _digest(folded) if len(folded) >= MIN_COPY_TEXT else "",
            _digest(president) if president else "",
            _digest("\n".join(sorted(signed))) if signed else "")


def _has_documents(sources: Any) -> bool:
    """Whether the motion names a PDF under motions/documents/ (checked on every run)."""
    return isinstance(sources, list) and any(isinstance(s, dict) and "fichier" in s
                                             for s in sources)


def as_count(value: Any) -> int | None:
    """A count as written (never a boolean); None for anything else (the schema reports it)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def as_day(value: Any) -> dt.date | None:
    """A date field's value as a date; None when absent or not a valid AAAA-MM-JJ."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


class Motion:
    """A loaded motion file: its data (French keys) and the line of each value.

    From the cache, the data stays encoded until first used: figures and cross-file checks need
    only the facts, which keeps a warm run over every council of France fast."""

    __slots__ = ("_blob", "_data", "_facts", "_lines", "path", "session_body")

    def __init__(self, path: str, data: dict[str, Any] | None = None,
                 lines: dict[Path, int] | None = None, *, blob: bytes | None = None,
                 facts: Facts | None = None, session_body: tuple[Any, ...] | None = None) -> None:
        self.path = path  # relative to the repository, POSIX separators
        self._data = data
        self._lines = lines if lines is not None else ({} if data is not None else None)
        self._blob = blob
        self._facts = facts
        # From the cache, for a valid adopted motion: the fields of the referential's body for its
        # type, code and session date (`Referential.body`), () when it has none; None when not
        # looked up (then whoever needs it asks the referential).
        self.session_body = session_body

    def _decode(self) -> None:
        # The blob was written by repository._analyse_batch, never by a contributor.
        data, lines = marshal.loads(self._blob) if self._blob is not None else ({}, {})  # noqa: S302
        self._data, self._lines, self._blob = data, lines, None

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            self._decode()
        return self._data or {}

    @property
    def lines(self) -> dict[Path, int]:
        if self._lines is None:
            self._decode()
        return self._lines or {}

    @property
    def facts(self) -> Facts:
        if self._facts is None:
            self._facts = motion_facts(self.data)
        return self._facts

    def line(self, *path: str | int) -> int:
        return line_of(self.lines, path)

    def get(self, *path: str) -> Any:
        value: Any = self._data if self._data is not None else self.data
        for part in path:
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    def block(self, key: str) -> dict[str, Any]:
        """A block of the motion (« presences », « vote »), read once by a check that needs
        several of its fields; empty when absent or not a block."""
        value = self.get(key)
        return value if isinstance(value, dict) else {}

    def count(self, *path: str) -> int | None:
        """A count field as written; None when absent or not a count (reported apart)."""
        return as_count(self.get(*path))

    def day(self, *path: str) -> dt.date | None:
        """A date field as a date; None when absent or not a valid AAAA-MM-JJ (reported apart)."""
        return as_day(self.get(*path))

    @property
    def campaign(self) -> str:
        """The campaign the file names, else the one of the folder it is in
        (motions/<campagne>/<fichier>.yml): nobody has to write what the folder already says."""
        named = self.facts[0]
        if named:
            return named
        parts = self.path.split("/")
        return parts[1] if len(parts) == 3 and parts[0] == MOTIONS_DIR else ""

    @property
    def body_type(self) -> str:
        return self.facts[1]

    @property
    def code(self) -> str:
        return self.facts[2]

    @property
    def name(self) -> str:
        return self.facts[3]

    @property
    def date(self) -> str:
        return self.facts[4]

    @property
    def adopted(self) -> bool:
        return self.facts[5]

    @property
    def votes_for(self) -> int | None:
        return self.facts[6]

    @property
    def has_documents(self) -> bool:
        return self.facts[7]

    @property
    def copy_marks(self) -> Marks:
        return self.facts[8]

    @property
    def nature(self) -> str:
        return str(self.data.get("nature", ""))

    @property
    def result(self) -> str:
        """« adoptée », « adopté », « adoptée par la voix prépondérante du président »…"""
        return motion_result(self.data)

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What makes two motions the same: campaign, body, session date."""
        facts = self.facts
        return (self.campaign, facts[1], facts[2], facts[4])

    def __repr__(self) -> str:
        return f"Motion({self.path!r})"


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
        return value if type(value) is int else None

    # A campaign file with schema errors is still loaded (its motions are checked against it), so
    # a list field may hold anything: another type reads as an empty list, never as a crash.
    @property
    def recipients(self) -> list[Any]:
        return self._list("destinataires")

    @property
    def demands(self) -> list[str]:
        return self._list("demandes")

    @property
    def proposed_to_councils(self) -> bool:
        """Whether the common text is proposed to councils for adoption (`propose_aux_conseils`),
        rather than one council's own text."""
        return self.data.get("propose_aux_conseils") is True

    @property
    def proposed_by(self) -> list[str]:
        """Who wrote or proposed the common text (not who sends the letters)."""
        return [str(who) for who in self._list("propose_par")]

    @property
    def keywords(self) -> list[str]:
        """The expressions that identify the campaign's motions in published deliberations."""
        return [word for word in self._list("mots_cles") if isinstance(word, str)]

    @property
    def context_date(self) -> dt.date | None:
        """The day the campaign's `contexte` described the situation (`contexte_date`), or None
        when not given (or not a date: validate reports it)."""
        value = self.data.get("contexte_date")
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    @property
    def sender(self) -> dict[str, Any] | None:
        """Who sends the letters, only when the campaign file declares it."""
        value = self.data.get("expediteur")
        return value if isinstance(value, dict) and isinstance(value.get("nom"), str) else None

    def office_at(self, recipient_id: str, day: dt.date) -> Office | None:
        """The office a letter to `recipient_id` dated `day` goes to (see core.offices)."""
        return recipient_office(self.recipients, recipient_id, day)

    def _list(self, key: str) -> list[Any]:
        value = self.data.get(key)
        return list(value) if isinstance(value, list) else []
