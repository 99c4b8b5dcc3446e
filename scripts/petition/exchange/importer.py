"""`petition import`: a CSV file (SCDL délibérations or the template) to one motion file per row.

The whole file is handled in one pass: rows are read and converted, duplicates are found against
the file itself and an index of the repository loaded once, each remaining row is turned into the
YAML text of its file and checked by `repository.analyse` (the very checks of `petition validate`,
in worker processes on large files), then written atomically by this process only, never over an
existing file. A row already imported, identical, is counted as already there, not refused: running
the same import again, or resuming one that was interrupted, changes nothing and exits 0; only a
row that differs from the motion already recorded for its body, date and campaign is refused. When
another import writes the same file at the same moment, the file it wrote is read back and the row
counted or refused exactly as a second run would.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from petition.core.destinations import UnsafePath, WriteError, check_id, destination
from petition.core.model import Campaign, Motion
from petition.core.pool import ordered_map
from petition.core.problems import ERROR, Problem, sort_problems
from petition.core.referential import referential
from petition.core.repository import MOTIONS_DIR, Repository
from petition.core.yamlstrict import YamlError, load_bytes
from petition.exchange.csvformats import Table, column_of, read_table
from petition.exchange.rows import Identity, RowConverter, as_file, one_line
from petition.exchange.writer import write_new

PARALLEL_THRESHOLD = 1500
BATCH_SIZE = 250
Progress = Callable[[int, int], None]  # (rows checked so far, rows to check)
_Todo = tuple[int, str, dict[str, Any]]  # CSV line, file path, motion data
# line, outcome, (message, level, field), text of the file
_Checked = tuple[int, str, list[tuple[str, str, str]], str]
WRITTEN, EXISTS, REFUSED, CHECKED = "written", "exists", "refused", "checked"
FAILED = "failed:"  # followed by the system's reason


@dataclass(frozen=True)
class _Job:
    """What a worker needs to check rows (sent once per batch); workers never write."""

    campaigns: dict[str, Campaign]
    today: dt.date


@dataclass
class ImportReport:
    """What an import did: files written, rows already there, and every problem by CSV line."""

    rows: int = 0
    written: list[str] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> list[int]:
        return sorted({p.line for p in self.problems if p.is_error})

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)


def import_csv(repo: Repository, raw: bytes, display: str, campaign: str, *,
               today: dt.date, write: bool = True, progress: Progress | None = None) -> ImportReport:
    """Import the CSV bytes `raw` (named `display` in problems) into `campaign` of `repo`."""
    check_id(campaign, "campagne")
    table = read_table(raw, display)
    report = ImportReport(len(table.rows), problems=list(table.problems))
    if not table.fmt:
        return report
    paths: dict[int, str] = {}
    rows: dict[int, dict[str, Any]] = {}
    todo = _to_check(repo, table, display, campaign, report, paths, rows)
    job = _Job(repo.campaigns, today)
    parallel = len(table.rows) >= PARALLEL_THRESHOLD and (os.cpu_count() or 1) > 1
    for line, checked, found, text in _check_all(todo, job, parallel, progress, len(table.rows)):
        report.problems += [_problem(display, line, column_of(table.fmt, fld), message, level)
                            for message, level, fld in found]
        outcome = _write(repo.root, paths[line], text) if checked == CHECKED and write \
            else checked
        if outcome == EXISTS:
            _written_meanwhile(report, display, line, repo.root, paths[line], rows[line])
        elif outcome.startswith(FAILED):
            report.problems.append(Problem(display, line, outcome.removeprefix(FAILED)))
        elif outcome in (WRITTEN, CHECKED):
            report.written.append(paths[line])
    report.problems = sort_problems(report.problems)
    return report


def _write(root: Path, rel: str, text: str) -> str:
    try:
        return WRITTEN if write_new(destination(root, rel), text) else EXISTS
    except (WriteError, UnsafePath) as exc:
        return FAILED + str(exc)


def _written_meanwhile(report: ImportReport, display: str, line: int, root: Path, rel: str,
                       data: dict[str, Any]) -> None:
    """The file of a row appeared after the repository was read (another import, `petition new`
    at the same moment): read it back, and say what a second run would say."""
    try:
        loaded = load_bytes((root / rel).read_bytes())
    except (OSError, YamlError):
        loaded = None
    if loaded is None or not isinstance(loaded.data, dict):
        report.problems.append(Problem(display, line, f"le fichier {rel} existe déjà (illisible "
                                       "ou invalide) : corrigez-le (petition validate), ou "
                                       "retirez la ligne"))
        return
    _already(report, display, line, data, Motion(rel, loaded.data, loaded.lines))


def _to_check(repo: Repository, table: Table, display: str, campaign: str,
              report: ImportReport, paths: dict[int, str],
              rows: dict[int, dict[str, Any]]) -> Iterator[_Todo]:
    """Convert rows one by one; refuse bad rows and duplicates; yield the rest to check."""
    converter = RowConverter(table.fmt, campaign, referential())
    existing = {m.identity: m for m in repo.motions if m.campaign == campaign and all(m.identity)}
    seen: dict[Identity, int] = {}
    for line, cells in table.rows:
        row = converter.convert(line, cells)
        report.problems += [_problem(display, line, column, message, level)
                            for column, message, level in row.problems]
        if row.refused or row.identity is None:
            continue
        if row.identity in seen:
            report.problems.append(Problem(display, line, f"doublon de la ligne {seen[row.identity]}"
                                           " : même collectivité, même date de séance et même "
                                           "campagne ; gardez une seule ligne"))
            continue
        seen[row.identity] = line
        duplicate = existing.get(row.identity)
        if duplicate is not None:
            _already(report, display, line, row.data, duplicate)
            continue
        paths[line] = f"{MOTIONS_DIR}/{campaign}/{row.filename}"
        rows[line] = row.data
        yield line, paths[line], row.data


def _problem(display: str, line: int, column: str, message: str, level: str) -> Problem:
    text = f"colonne « {column} » : {message}" if column else message
    return Problem(display, line, one_line(text), level, column)


def _already(report: ImportReport, display: str, line: int, data: dict[str, Any],
             motion: Motion) -> None:
    """A motion with the row's identity exists: the same one (nothing to do) or a duplicate."""
    differences = list(_differences(motion.data, data))
    if not differences:
        # Already there, identical (a resumed or repeated import): counted, not refused.
        report.already.append(line)
        return
    shown = " ; ".join(f"{path} : {'absent du fichier' if old is None else f'« {old} » dans le fichier'}"
                       f", « {new} » ici" for path, old, new in differences[:3])
    report.problems.append(Problem(display, line, one_line(f"doublon : {motion.path} existe déjà pour "
                                   "cette collectivité, cette date de séance et cette campagne, "
                                   f"avec d'autres valeurs ({shown}) ; corrigez ce fichier-là ou "
                                   "retirez la ligne"), ERROR))


def _differences(old: Any, new: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Values of `new` that `old` does not hold (what a row would change in an existing file)."""
    if isinstance(new, dict):
        for key, value in new.items():
            inner = old.get(key) if isinstance(old, dict) else None
            yield from _differences(inner, value, f"{path}.{key}" if path else str(key))
    elif isinstance(new, list):
        for index, value in enumerate(new):
            inner = old[index] if isinstance(old, list) and index < len(old) else None
            yield from _differences(inner, value, path)
    elif old != new or type(old) is not type(new):
        yield path, old, new


def _check_batch(batch: list[_Todo], job: _Job) -> list[_Checked]:
    """Turn each row into the text of its file and check it as a file (in a worker: no write)."""
    checked = []
    for line, rel, data in batch:
        text, problems = as_file(rel, data, job.campaigns, job.today)
        outcome = REFUSED if any(p.is_error for p in problems) else CHECKED
        checked.append((line, outcome, [(p.message, p.level, p.field) for p in problems],
                        text if outcome == CHECKED else ""))
    return checked


def _check_all(todo: Iterator[_Todo], job: _Job, parallel: bool, progress: Progress | None,
               total: int) -> Iterator[_Checked]:
    """Check (and write) every row, in file order, saying how far it got after each batch."""
    done = 0
    if progress is not None:
        progress(0, total)
    for results in _checked_batches(todo, job, parallel):
        done += len(results)
        yield from results
        if progress is not None:
            progress(done, total)


def _checked_batches(todo: Iterator[_Todo], job: _Job, parallel: bool) -> Iterator[list[_Checked]]:
    """The results of each batch; on large files, batches go to worker processes as soon as they
    are converted, so conversion and checks overlap, and come back in file order."""
    if not parallel:
        for batch in _batches(todo, BATCH_SIZE):
            yield _check_batch(batch, job)
        return
    jobs = ((batch, job) for batch in _batches(todo, BATCH_SIZE))
    yield from ordered_map(_check_batch, jobs, min(os.cpu_count() or 1, 8))


def _batches(items: Iterator[_Todo], size: int) -> Iterator[list[_Todo]]:
    batch: list[_Todo] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
