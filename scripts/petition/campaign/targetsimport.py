"""`petition targets import`: a `type,code` CSV to the campaign's `cibles.yml`.

The CSV is read as spreadsheets write it: comma, semicolon or tab; UTF-8 with or without BOM, or
Windows-1252 (Excel's « CSV (séparateur : point-virgule) » on a French Windows); a separator at the
end of every line and empty columns after the last one are empty cells, nothing more. A file over
`MAX_TARGETS_BYTES` or `MAX_TARGETS_LINES` is refused before it is read whole: a complete list of
France's councils (34,900 communes, 1,250 intercommunalités, départements and régions) is about
36,500 lines and 1 MB with names, so the bounds leave room for extra columns and never let a
mistaken file run for minutes.

Rows are checked one by one against the referential and refused with their physical line; the
valid ones are added to the targets already declared, and the file is rewritten (atomically, in
the one sorted order) only when that changes it. Targets already declared are counted, never
refused: importing the same list again, or resuming an interrupted import, writes nothing and
exits 0. The read, merge and write happen under the file's lock, so two imports into one campaign
at once are serialised and neither loses the other's rows.
An optional `nom` column (what `petition targets suggest` prints) is checked against the code.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field

from petition.core.destinations import check_id, destination, failing
from petition.core.locks import locked
from petition.core.problems import WARNING, Problem, sort_problems
from petition.core.referential import Body, Referential
from petition.core.repository import Repository
from petition.core.targetsfile import analyse_targets, body_problem, targets_data, targets_path
from petition.exchange.csvformats import records, spreadsheet_text
from petition.exchange.writer import dump_motion, replace_file

COLUMNS = ("type", "code")
OPTIONAL = ("nom",)
MAX_TARGETS_BYTES = 16 * 1024 * 1024
MAX_TARGETS_LINES = 100_000


@dataclass
class TargetsReport:
    rows: int = 0
    added: list[Body] = field(default_factory=list)
    already: int = 0
    written: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)


def _header(cells: list[str]) -> dict[str, int] | None:
    names = [c.strip().lower() for c in cells]
    if not set(COLUMNS) <= set(names):
        return None
    return {n: names.index(n) for n in (*COLUMNS, *OPTIONAL) if n in names}


def decode_targets(raw: bytes, display: str) -> str | Problem:
    """The CSV's text, or why it is refused: too big, UTF-16, neither UTF-8 nor Windows-1252,
    empty."""
    if len(raw) > MAX_TARGETS_BYTES:
        return Problem(display, 1, f"fichier trop gros (plus de {MAX_TARGETS_BYTES // 2**20} Mo) "
                       ": une liste de toutes les collectivités de France fait environ 1 Mo ; "
                       "vérifiez que c'est bien une liste « type,code »")
    text = spreadsheet_text(raw, display, windows_1252=True)
    if isinstance(text, Problem):
        return text
    lines = text.count("\n") + 1
    if lines > MAX_TARGETS_LINES + 1:
        return Problem(display, 1, f"fichier trop long ({lines} lignes, au plus "
                       f"{MAX_TARGETS_LINES}) : il y a environ 36 500 collectivités en France ; "
                       "vérifiez que c'est bien une liste « type,code »")
    if not text.strip():
        return Problem(display, 1, "fichier vide : il faut la ligne d'en-tête « type,code » puis "
                       "une ligne par collectivité")
    return text


def read_targets(raw: bytes, display: str, ref: Referential, report: TargetsReport,
                 today: str) -> list[Body]:
    """The bodies of the CSV's valid rows, in file order, each problem in `report`."""
    text = decode_targets(raw, display)
    if isinstance(text, Problem):
        report.problems.append(text)
        return []
    found: list[tuple[int, dict[str, int], str]] = []
    for delimiter in (",", ";", "\t"):
        first = next(records(text, delimiter), None)
        if first is not None and isinstance(first[1], list):
            positions = _header(first[1])
            if positions is not None:
                found.append((len(first[1]), positions, delimiter))
    if not found:
        report.problems.append(Problem(display, 1, "en-tête attendu : « type,code » (une "
                                       "colonne « nom » peut suivre) ; une ligne par collectivité"))
        return []
    _, positions, delimiter = max(found, key=lambda f: f[0])
    bodies: list[Body] = []
    seen: dict[str, int] = {}
    rows = records(text, delimiter)
    header = [c.strip() for c in next(rows)[1]]
    # Columns with a name: a spreadsheet's trailing separators make nameless, empty ones.
    width = max(i for i, name in enumerate(header) if name) + 1
    unknown = [c for c in header if c and c.lower() not in (*COLUMNS, *OPTIONAL)]
    for name in unknown:
        report.problems.append(Problem(display, 1, f"colonne « {name} » inconnue : elle est "
                                       "ignorée", WARNING))
    for line, cells in rows:
        if isinstance(cells, str):
            report.problems.append(Problem(display, line, cells))
            continue
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        if any(c.strip() for c in cells[width:]):
            report.problems.append(Problem(display, line, f"{len(cells)} cellules remplies ou "
                                           f"plus, pour {width} colonnes : vérifiez le séparateur "
                                           "et les guillemets"))
            continue

        def cell(name: str, row: list[str] = cells) -> str:
            index = positions.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        type_, code, name = cell("type").lower(), cell("code").upper(), cell("nom")
        if not type_ or not code:
            report.problems.append(Problem(display, line, "type et code sont obligatoires : "
                                           "par exemple « commune,62498 »"))
            continue
        body, why = body_problem(ref, type_, code, name, today)
        if body is None:
            report.problems.append(Problem(display, line, why))
            continue
        if body.key in seen:
            report.problems.append(Problem(display, line, f"doublon de la ligne {seen[body.key]} "
                                           f"({body.nom}) : gardez une seule ligne"))
            continue
        seen[body.key] = line
        bodies.append(body)
    return bodies


def import_targets(repo: Repository, raw: bytes, display: str, campaign: str, ref: Referential,
                   *, today: str, write: bool = True) -> TargetsReport:
    """Add the valid rows of the CSV bytes `raw` to the targets of `campaign`."""
    report = TargetsReport()
    rel = targets_path(check_id(campaign, "campagne"))
    target = destination(repo.root, rel)
    bodies = read_targets(raw, display, ref, report, today)
    with locked(target) if write and bodies else nullcontext():
        # Read under the lock, never from the repository loaded before: another import may
        # have written the file since.
        with failing(rel):
            old = target.path.read_bytes() if target.path.exists() else b""
        current = None
        if old:
            current, found = analyse_targets(rel, old, today, ref)
            if current is None or any(p.is_error for p in found):
                report.problems.append(Problem(rel, 1, "ce fichier a des erreurs : corrigez-le "
                                               "d'abord (petition validate), puis relancez "
                                               "l'import"))
                return report
        known = {t.body.key: t.body for t in (current.targets if current else [])}
        for body in bodies:
            if body.key in known:
                report.already += 1
            else:
                known[body.key] = body
                report.added.append(body)
        report.problems = sort_problems(report.problems)
        if not report.added or not write:
            return report
        text = dump_motion(targets_data(campaign, known.values()), kind="targets").encode("utf-8")
        if text != old:
            replace_file(target, text)
            report.written = True
    return report
