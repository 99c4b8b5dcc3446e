"""`petition targets import`: a `type,code` CSV to the campaign's `cibles.yml`.

Rows are checked one by one against the referential and refused with their physical line; the
valid ones are added to the targets already declared, and the file is rewritten (atomically, in
the one sorted order) only when that changes it: importing the same list again writes nothing.
An optional `nom` column (what `petition targets suggest` prints) is checked against the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from petition.core.problems import WARNING, Problem, sort_problems
from petition.core.referential import Body, Referential
from petition.core.repository import Repository
from petition.core.targetsfile import TargetList, body_problem, targets_data, targets_path
from petition.exchange.csvformats import decode, records
from petition.exchange.writer import dump_motion, replace_file

COLUMNS = ("type", "code")
OPTIONAL = ("nom",)


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


def read_targets(raw: bytes, display: str, ref: Referential, report: TargetsReport,
                 today: str) -> list[Body]:
    """The bodies of the CSV's valid rows, in file order, each problem in `report`."""
    text = decode(raw, display)
    if isinstance(text, Problem):
        report.problems.append(text)
        return []
    found: list[tuple[int, dict[str, int], list[str]]] = []
    for delimiter in (",", ";", "\t"):
        first = next(records(text, delimiter), None)
        if first is not None and isinstance(first[1], list):
            positions = _header(first[1])
            if positions is not None:
                found.append((len(first[1]), positions, [delimiter]))
    if not found:
        report.problems.append(Problem(display, 1, "en-tête attendu : « type,code » (une "
                                       "colonne « nom » peut suivre) ; une ligne par collectivité"))
        return []
    _, positions, (delimiter,) = max(found, key=lambda f: f[0])
    bodies: list[Body] = []
    seen: dict[str, int] = {}
    rows = records(text, delimiter)
    header = next(rows)[1]
    width = len(header)
    unknown = [c.strip() for c in header if c.strip().lower() not in (*COLUMNS, *OPTIONAL)]
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
        if len(cells) <= max(positions["type"], positions["code"]) or \
                any(c.strip() for c in cells[width:]):
            report.problems.append(Problem(display, line, f"{len(cells)} cellules au lieu de "
                                           f"{width} : vérifiez le séparateur et les guillemets"))
            continue
        type_ = cells[positions["type"]].strip().lower()
        code = cells[positions["code"]].strip().upper()
        name = cells[positions["nom"]].strip() if positions.get("nom", width) < len(cells) else ""
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
    rel = targets_path(campaign)
    path = repo.root / rel
    current: TargetList | None = repo.targets.get(campaign)
    if current is None and path.exists():
        report.problems.append(Problem(rel, 1, "ce fichier a des erreurs : corrigez-le d'abord "
                                       "(petition validate), puis relancez l'import"))
        return report
    bodies = read_targets(raw, display, ref, report, today)
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
    text = dump_motion(targets_data(campaign, known.values()), kind="targets")
    old = path.read_bytes() if path.exists() else b""
    if text.encode("utf-8") != old:
        replace_file(Path(path), text.encode("utf-8"))
        report.written = True
    return report
