"""`petition discover`: the deliberations of published SCDL files that name a campaign's subject.

Each source is read as a stream, one row at a time (`csvformats.TableReader`, the reader of
`petition import`). A row is a candidate for a campaign when one of its texts (the object, the
matter's and budget's names, the document's address, a publisher's extra columns; never the
body's name) holds one of the campaign's expressions (`core.keywords`). A candidate is left out
when the repository already holds a motion of that campaign for the same body and session date,
when a coordinator set it aside before (`decouvertes/<campagne>-ecartees.csv`), or when another
source gave it already. Cells are kept as published; only the date (AAAA-MM-JJ) and the SIRET
(14 digits) are written in SCDL's own form, so that `petition import` reads them. A cell a
spreadsheet would run as a formula, or that holds a forbidden character, is never altered: its
row is left out and named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from petition.core.characters import value_problem
from petition.core.keywords import CELL_SEPARATOR, Expressions, fold, fold_fast
from petition.core.model import Campaign
from petition.core.opendata import FORMULA_STARTS, formula_message
from petition.core.problems import ERROR, WARNING, Problem, system_reason
from petition.core.referential import Body, Referential
from petition.core.repository import MOTIONS_DIR, Repository
from petition.exchange.csvformats import (
    MAX_CSV_BYTES,
    SCDL,
    SCDL_COLUMNS,
    TEMPLATE,
    TableReader,
    column_of,
    undefuse,
)
from petition.exchange.download import DownloadError, Fetcher
from petition.exchange.published import read_date, stream_lines, utf16_problem
from petition.exchange.rows import RowConverter, as_file, one_line, parse_siret, scdl_body

DISCOVERY_DIR = "decouvertes"
SET_ASIDE = "{}-ecartees.csv"
# Columns searched besides the publisher's own extra columns; never COLL_NOM (a body named after
# the subject would make every one of its deliberations a candidate).
SEARCHED = ("DELIB_OBJET", "DELIB_MATIERE_NOM", "BUDGET_NOM", "DELIB_URL")
DATES = ("DELIB_DATE", "PREF_DATE")
MAX_PROBLEMS_PER_SOURCE = 20
Identity = tuple[str, str, str, str]
Key = tuple[str, str, str]  # SIRET (or what was written), date, folded object


@dataclass
class Candidate:
    """A published deliberation that may be one of the campaign's motions, to be reviewed."""

    campaign: str
    source: str
    line: int
    cells: dict[str, str]  # the 17 SCDL columns, as written to the candidates' file
    expression: str
    body: Body | None
    date: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class _Target:
    campaign: Campaign
    expressions: Expressions
    existing: set[Identity]
    set_aside: set[Key]
    seen: dict[Identity | Key, str] = field(default_factory=dict)


@dataclass
class Discovery:
    """What a search found: candidates in source order, problems by source, and counts."""

    candidates: list[Candidate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sources: int = 0
    rows: int = 0
    already: int = 0
    set_aside: int = 0
    repeated: int = 0
    refused: int = 0

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)


def _key(cells: dict[str, str]) -> Key:
    siret, _ = parse_siret(cells.get("COLL_SIRET", "").strip())
    date = read_date(cells.get("DELIB_DATE", ""))
    return (siret or cells.get("COLL_SIRET", "").strip(), date or cells.get("DELIB_DATE", "").strip(),
            fold(cells.get("DELIB_OBJET", "")))


class Searcher:
    """Searches sources for the motions of some campaigns of `repo`, gathering a `Discovery`."""

    def __init__(self, repo: Repository, campaigns: Iterable[str], ref: Referential,
                 today: dt.date) -> None:
        self.ref = ref
        self.today = today
        self.campaigns = repo.campaigns
        self.found = Discovery()
        self.targets: list[_Target] = []
        for cid in campaigns:
            campaign = repo.campaigns[cid]
            existing = {m.identity for m in repo.motions if m.campaign == cid and all(m.identity)}
            target = _Target(campaign, Expressions(campaign.keywords), existing, set())
            self._read_set_aside(repo.root / DISCOVERY_DIR / SET_ASIDE.format(cid), target)
            self.targets.append(target)

    def _read_set_aside(self, path: Path, target: _Target) -> None:
        if not path.is_file():
            return
        display = f"{DISCOVERY_DIR}/{path.name}"
        with path.open("rb") as stream:
            for _, cells in self._rows(stream, display, count=False):
                target.set_aside.add(_key(cells))

    # --- reading ---------------------------------------------------------------------------------
    def read_file(self, path: Path, display: str) -> None:
        """Search one local file (its size checked before reading)."""
        try:
            size = path.stat().st_size
            if size > MAX_CSV_BYTES:
                self._problem(display, 1, f"fichier trop gros ({size} octets, maximum "
                              f"{MAX_CSV_BYTES}) : découpez-le")
                return
            with path.open("rb") as stream:
                self.read_stream(stream, display)
        except OSError as exc:
            self._problem(display, 1, f"fichier illisible : {system_reason(exc)}")

    def read_stream(self, stream: BinaryIO, display: str) -> None:
        """Search one SCDL file given as a binary stream."""
        for line, cells in self._rows(stream, display):
            self._search(display, line, cells)

    def _rows(self, stream: BinaryIO, display: str,
              count: bool = True) -> Iterator[tuple[int, dict[str, str]]]:
        start = stream.peek(4) if hasattr(stream, "peek") else b""
        wrong = utf16_problem(start, display)
        if wrong is not None:
            self.found.problems.append(wrong)
            return
        reader = TableReader(stream_lines(stream), display, extra_columns=True)
        self.found.problems += reader.problems
        if reader.fmt == TEMPLATE:
            self._problem(display, 1, "fichier au format du modèle de « petition import », pas "
                          "au format SCDL délibérations : importez-le directement")
            return
        if reader.fmt != SCDL:
            return
        if count:
            self.found.sources += 1
        reported = 0
        for row in reader.rows():
            if isinstance(row, Problem):
                reported += 1
                if reported <= MAX_PROBLEMS_PER_SOURCE:
                    self.found.problems.append(row)
                continue
            if count:
                self.found.rows += 1
            yield row
        if reported > MAX_PROBLEMS_PER_SOURCE:
            self._problem(display, 1, f"{reported - MAX_PROBLEMS_PER_SOURCE} autre(s) ligne(s) "
                          "illisible(s) dans ce fichier, non détaillées")

    def _problem(self, display: str, line: int, message: str, level: str = ERROR) -> None:
        self.found.problems.append(Problem(display, line, one_line(message), level))

    # --- matching ------------------------------------------------------------------------------
    def _search(self, display: str, line: int, cells: dict[str, str]) -> None:
        folded = fold_fast(CELL_SEPARATOR.join(
            [text for name, text in cells.items() if name in SEARCHED or name not in SCDL_COLUMNS]))
        for target in self.targets:
            expression = target.expressions.find_folded(folded)
            if expression is not None:
                self._consider(target, display, line, cells, expression)

    def _consider(self, target: _Target, display: str, line: int, cells: dict[str, str],
                  expression: str) -> None:
        out = scdl_cells(cells)
        siret, _ = parse_siret(out["COLL_SIRET"].strip()) if out["COLL_SIRET"].strip() else (None, "")
        date = read_date(out["DELIB_DATE"])
        body = scdl_body(self.ref, siret, date) if siret else None  # as it was that day
        cid = target.campaign.id
        identity: Identity | None = (cid, body.type, body.code, date) if body and date else None
        if identity is not None and identity in target.existing:
            self.found.already += 1
            return
        key = _key(cells)
        if key in target.set_aside:
            self.found.set_aside += 1
            return
        first = target.seen.get(identity or key)
        if first is not None:
            self.found.repeated += 1
            self._problem(display, line, f"même délibération que {first} (même collectivité, même "
                          f"date de séance) : laissée de côté pour {cid}", WARNING)
            return
        unsafe = unsafe_cell(out)
        if unsafe:
            self.found.refused += 1
            self._problem(display, line, f"{unsafe} ; délibération candidate pour {cid} laissée "
                          "hors du fichier des candidats : recopiez-la à la main après l'avoir "
                          "vérifiée")
            return
        target.seen[identity or key] = f"{display}:{line}"
        candidate = Candidate(cid, display, line, out, expression, body, date)
        candidate.notes += self._import_problems(cid, line, out)
        candidate.notes += _period_note(target.campaign, date)
        self.found.candidates.append(candidate)
        for note in candidate.notes:
            self._problem(display, line, f"candidate pour {cid} : {note}", WARNING)

    def _import_problems(self, campaign: str, line: int, cells: dict[str, str]) -> list[str]:
        """What `petition import` would refuse in this row as it is (to fix before importing):
        its reading of the cells, then the checks of the motion file the row would become."""
        row = RowConverter(SCDL, campaign, self.ref).convert(line, cells)
        found = [(column, message) for column, message, level in row.problems if level == ERROR]
        if not found and row.filename:
            _, problems = as_file(f"{MOTIONS_DIR}/{campaign}/{row.filename}", row.data,
                                  self.campaigns, self.today)
            found = [(column_of(SCDL, p.field), p.message) for p in problems if p.is_error]
        return [one_line(f"l'import la refusera telle quelle : colonne « {column} » : {message}"
                         if column else f"l'import la refusera telle quelle : {message}")
                for column, message in found]


def scdl_cells(cells: dict[str, str]) -> dict[str, str]:
    """The 17 SCDL columns of a row as the candidates' file holds them: as published, except the
    dates (AAAA-MM-JJ) and the SIRET (14 digits, no spaces) when they can be read."""
    out = {name: cells.get(name, "") for name in SCDL_COLUMNS}
    for name in DATES:
        iso = read_date(out[name]) if out[name].strip() else None
        if iso:
            out[name] = iso
    siret, _ = parse_siret(out["COLL_SIRET"].strip()) if out["COLL_SIRET"].strip() else (None, "")
    if siret and len(siret) == 14:
        out["COLL_SIRET"] = siret
    return out


def unsafe_cell(cells: dict[str, str]) -> str:
    """Why a row cannot be written as it is ("" if it can): a cell a spreadsheet would run as a
    formula, or a character no value may hold (hazards 18 and 19)."""
    for name, cell in cells.items():
        value = undefuse(cell.strip())
        if cell[:1] in FORMULA_STARTS or value[:1] in FORMULA_STARTS:
            return f"colonne « {name} » : {formula_message(cell if cell[:1] in FORMULA_STARTS else value)}"
        wrong = value_problem(cell, multiline=True)
        if wrong:
            return f"colonne « {name} » : {wrong}"
    return ""


def _period_note(campaign: Campaign, date: str | None) -> list[str]:
    period: Any = campaign.data.get("periode")
    if not isinstance(period, dict) or not date:
        return []
    start, end = (v if isinstance(v, str) else None for v in (period.get("debut"), period.get("fin")))
    if (start and date < start) or (end and date > end):
        return [f"séance hors de la période de la campagne ({start or '…'} – {end or '…'})"]
    return []


# --- sources -------------------------------------------------------------------------------------
def is_address(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The CSV files of a folder and its subfolders (sorted), and the other files (to say that
    they were not read); hidden files and folders are left alone."""
    csv_files: list[Path] = []
    others: list[Path] = []
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or not path.is_file():
            continue
        (csv_files if path.suffix.lower() == ".csv" else others).append(path)
    return csv_files, others


def read_local(searcher: Searcher, source: Path) -> None:
    """Search a file, or every CSV file of a folder."""
    if source.is_dir():
        files, others = folder_files(source)
        for path in others:
            searcher.found.problems.append(Problem(str(path), 1, "fichier non lu : seuls les "
                                                   "fichiers .csv d'un dossier sont lus", WARNING))
        if not files:
            searcher.found.problems.append(Problem(str(source), 1, "aucun fichier .csv dans ce "
                                                   "dossier"))
        for path in files:
            searcher.read_file(path, str(path))
    elif source.is_file():
        searcher.read_file(source, str(source))
    else:
        searcher.found.problems.append(Problem(str(source), 1, "fichier ou dossier introuvable"))


def read_address(searcher: Searcher, fetcher: Fetcher, url: str) -> None:
    """Download the file at `url` (through the fetcher's cache) and search it."""
    try:
        with fetcher.file(url, MAX_CSV_BYTES) as path:
            searcher.read_file(path, url)
    except DownloadError as exc:
        searcher.found.problems.append(Problem(url, 1, one_line(f"non lu : {exc}")))
