"""The CSV files `petition import` reads and `petition export` writes.

Two formats, recognised by their header: SCDL « Délibérations » 2.1.5 (the national open-data
format) and the project's template. One table per format says where each column goes in a motion,
so that the import and the exports cannot disagree. Reading takes what a spreadsheet produces
(comma, semicolon or tab; UTF-8 with or without BOM) and keeps the physical line of every row.

One reader serves `petition import` (a file read whole, strict UTF-8: what it writes becomes a
motion) and `petition discover` (publishers' files of any size, read as a stream, one row at a
time, their lines decoded by `exchange.published`).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from petition.core.opendata import FORMULA_STARTS
from petition.core.problems import WARNING, Problem

MAX_CSV_BYTES = 256 * 1024 * 1024
# Lines read before the header is recognised (a header with a quoted line break spans several).
HEAD_LINES = 20
TEMPLATE = "modele"
SCDL = "scdl"


@dataclass(frozen=True)
class Column:
    """A CSV column: where its value lives in a motion, and how a cell is read."""

    name: str
    path: tuple[str | int, ...]
    kind: str  # text, count, date, bool, type, code, nature, resultat, siret, campaign, ignored
    # (a column with no path is read and checked, not stored: COLL_NOM, VOTE_REEL)


def _counts(names: dict[str, tuple[str, str]]) -> tuple[Column, ...]:
    return tuple(Column(name, path, "count") for name, path in names.items())


TEMPLATE_FIELDS: tuple[Column, ...] = (
    Column("type", ("collectivite", "type"), "type"),
    Column("code", ("collectivite", "code"), "code"),
    Column("nom", ("collectivite", "nom"), "text"),
    Column("date", ("seance", "date"), "date"),
    Column("nature", ("nature",), "nature"),
    Column("objet", ("objet",), "text"),
    *_counts({"effectif": ("presences", "effectif"), "presents": ("presences", "presents"),
              "pouvoirs": ("presences", "pouvoirs"), "pour": ("vote", "pour"),
              "contre": ("vote", "contre"), "abstentions": ("vote", "abstentions")}),
    Column("resultat", ("vote", "resultat"), "resultat"),
    Column("url", ("sources", 0, "url"), "text"),
)
TEMPLATE_COLUMNS = tuple(c.name for c in TEMPLATE_FIELDS)

# Optional columns after the template's: `petition export --format csv` writes them and the
# import reads them back, so a spreadsheet export can be corrected and imported again.
EXTRA_FIELDS: tuple[Column, ...] = (
    Column("campagne", ("campagne",), "campaign"),
    Column("instance", ("instance",), "text"),
    Column("matiere", ("matiere",), "text"),
    *_counts({"excuses": ("presences", "excuses"), "absents": ("presences", "absents"),
              "votants": ("vote", "votants"), "sans_participation": ("vote", "sans_participation")}),
    Column("unanimite", ("vote", "unanimite"), "bool"),
    Column("source_decompte", ("vote", "source_decompte"), "text"),
    Column("siret", ("collectivite", "siret"), "siret"),
    Column("identifiant", ("identifiant",), "text"),
    Column("prefecture", ("prefecture",), "text"),
    Column("convocation", ("dates", "convocation"), "date"),
    Column("reception", ("dates", "reception"), "date"),
    Column("affichage", ("dates", "affichage"), "date"),
    Column("transmission", ("dates", "transmission"), "date"),
)
# Columns computed by the export (the result in words, « adoptée par la voix prépondérante du
# président » for a tie; the body from the referential); the import ignores them.
DERIVED_COLUMNS = ("resultat_texte", "fichier", "nom_officiel", "departement", "departement_nom", "region",
                   "region_nom", "population", "population_millesime", "commune_aujourdhui",
                   "commune_aujourdhui_nom")
CSV_EXPORT_COLUMNS = (*TEMPLATE_COLUMNS, *(c.name for c in EXTRA_FIELDS), *DERIVED_COLUMNS)

SCDL_FIELDS: tuple[Column, ...] = (
    Column("COLL_NOM", (), "text"),
    Column("COLL_SIRET", ("collectivite", "siret"), "siret"),
    Column("DELIB_ID", ("identifiant",), "text"),
    Column("DELIB_DATE", ("seance", "date"), "date"),
    Column("DELIB_MATIERE_CODE", ("matiere",), "text"),
    Column("DELIB_MATIERE_NOM", (), "ignored"),
    Column("DELIB_OBJET", ("objet",), "text"),
    Column("BUDGET_ANNEE", (), "ignored"),
    Column("BUDGET_NOM", (), "ignored"),
    Column("PREF_ID", ("prefecture",), "text"),
    Column("PREF_DATE", ("dates", "transmission"), "date"),
    Column("VOTE_EFFECTIF", ("presences", "effectif"), "count"),
    # VOTE_REEL is VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION (the official definition): checked
    # against them on import, never stored (a motion's `votants` also counts who did not vote).
    Column("VOTE_REEL", (), "count"),
    *_counts({"VOTE_POUR": ("vote", "pour"), "VOTE_CONTRE": ("vote", "contre"),
              "VOTE_ABSTENTION": ("vote", "abstentions")}),
    Column("DELIB_URL", ("sources", 0, "url"), "text"),
)
SCDL_COLUMNS = tuple(c.name for c in SCDL_FIELDS)

FIELDS = {TEMPLATE: TEMPLATE_FIELDS + EXTRA_FIELDS, SCDL: SCDL_FIELDS}
REQUIRED = {TEMPLATE: ("type", "code", "date", "nature", "objet", "resultat"),
            SCDL: ("COLL_SIRET", "DELIB_DATE", "DELIB_OBJET")}


def column_of(fmt: str, field_path: str) -> str:
    """The column holding a motion field (`vote.pour`, `sources.0.url`), or "" if none."""
    wanted = tuple(p for p in field_path.split(".") if not p.isdigit())
    for column in FIELDS[fmt]:
        if column.path and tuple(p for p in column.path if isinstance(p, str)) == wanted:
            return column.name
    if fmt == SCDL and wanted[:1] == ("collectivite",):
        return "COLL_SIRET"
    return ""


def undefuse(cell: str) -> str:
    """A cell without the apostrophe a spreadsheet user (or an export of an older version) put
    before a formula character to keep it as text: the apostrophe is not part of the value, and
    the value itself is then refused with how to fix it (`petition validate`'s rule)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


@dataclass
class Table:
    """A CSV file read: its format, its rows (physical line, cells by column) and problems."""

    fmt: str = ""
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def decode(raw: bytes, display: str) -> str | Problem:
    """Bytes to text: UTF-8, with or without BOM (spreadsheets write one), or why not."""
    if len(raw) > MAX_CSV_BYTES:
        return Problem(display, 1, f"fichier trop gros ({len(raw)} octets, maximum "
                       f"{MAX_CSV_BYTES}) : découpez-le en plusieurs fichiers")
    text = spreadsheet_text(raw, display)
    if isinstance(text, str) and not text.strip():
        return Problem(display, 1, "fichier vide : il faut une ligne d'en-tête puis une ligne "
                       "par motion")
    return text


def spreadsheet_text(raw: bytes, display: str, windows_1252: bool = False) -> str | Problem:
    """A spreadsheet's CSV bytes as text: UTF-8 with or without BOM (spreadsheets write one),
    then, with `windows_1252`, what a French Excel writes (« CSV (séparateur : point-virgule) »);
    UTF-16 and anything else refused, naming the line of the first unreadable byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem(display, 1, "fichier en UTF-16 (« texte Unicode ») : dans le tableur, "
                       "enregistrez-le en « CSV UTF-8 »")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if windows_1252:
            try:
                return raw.decode("cp1252")
            except UnicodeDecodeError:
                pass
        line = raw.count(b"\n", 0, exc.start) + 1
        encodings = "ni en UTF-8 ni en Windows-1252" if windows_1252 else "pas en UTF-8"
        return Problem(display, line, f"le fichier n'est {encodings} (octet "
                       f"0x{raw[exc.start]:02X} illisible) : dans le tableur, enregistrez-le "
                       "en « CSV UTF-8 »")


def records(source: str | Iterable[str], delimiter: str) -> Iterator[tuple[int, list[str] | str]]:
    """(first physical line, cells) per record, or (line, French error) for a malformed one;
    `source` is the whole text, or its lines (line ends kept) read one at a time."""
    lines = io.StringIO(source, newline="") if isinstance(source, str) else source
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    done = 0
    while True:
        start = done + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            done = reader.line_num
            yield done, _csv_error(str(exc), start)
            continue
        done = reader.line_num
        yield start, cells


def _csv_error(message: str, start: int) -> str:
    if "unexpected end of data" in message:
        return (f"guillemet ouvert ligne {start} et jamais fermé : fermez-le, ou doublez les "
                "guillemets qui font partie du texte")
    if "field larger than field limit" in message:
        return "cellule beaucoup trop longue : vérifiez les guillemets de cette ligne"
    return ("ligne CSV mal formée (guillemets) : entourez de guillemets doubles une cellule qui "
            "contient le séparateur, un guillemet ou un retour à la ligne, et doublez les "
            "guillemets qui font partie du texte")


def _header_format(cells: list[str]) -> tuple[str, dict[str, int], list[str]]:
    """The format a header names, its columns' positions, and its unknown columns."""
    # A BOM the decoder did not remove (a file saved twice) is not part of the first name.
    cells = [cells[0].lstrip("\ufeff"), *cells[1:]] if cells else cells
    upper = [c.strip().upper() for c in cells]
    if set(SCDL_COLUMNS) <= set(upper):
        unknown = [c.strip() for c in cells if c.strip().upper() not in SCDL_COLUMNS]
        return SCDL, {c: upper.index(c) for c in SCDL_COLUMNS}, unknown
    lower = [c.strip().lower() for c in cells]
    if set(TEMPLATE_COLUMNS) <= set(lower):
        read = {c.name for c in FIELDS[TEMPLATE]}
        known = read | set(DERIVED_COLUMNS)  # written by the export, ignored here without a warning
        positions = {name: lower.index(name) for name in lower if name in read}
        return TEMPLATE, positions, [c.strip() for c in cells if c.strip().lower() not in known]
    return "", {}, []


def _score(cells: list[str]) -> int:
    names = {c.strip().lower() for c in cells}
    return len(names & {c.lower() for c in (*TEMPLATE_COLUMNS, *SCDL_COLUMNS)})


def _unrecognised(cells: list[str], display: str) -> Problem:
    lower = {c.strip().lower() for c in cells}
    missing_template = [c for c in TEMPLATE_COLUMNS if c not in lower]
    missing_scdl = [c for c in SCDL_COLUMNS if c.lower() not in lower]
    # "Incomplete" only when most columns are there: otherwise it is some other file.
    if 2 * len(missing_scdl) <= len(SCDL_COLUMNS) and len(missing_scdl) < len(missing_template):
        return Problem(display, 1, "en-tête SCDL incomplet, colonnes manquantes : "
                       f"{', '.join(missing_scdl)} ; il faut les 17 colonnes du format SCDL "
                       "délibérations 2.1.5")
    if 2 * len(missing_template) <= len(TEMPLATE_COLUMNS):
        return Problem(display, 1, "en-tête du modèle incomplet, colonnes manquantes : "
                       f"{', '.join(missing_template)} ; la première ligne doit être "
                       f"« {','.join(TEMPLATE_COLUMNS)} »")
    return Problem(display, 1, "en-tête non reconnu : la première ligne doit être celle du modèle "
                   f"(« {','.join(TEMPLATE_COLUMNS)} ») ou les 17 colonnes SCDL délibérations "
                   f"(« {','.join(SCDL_COLUMNS)} »)")


class TableReader:
    """A CSV table read one row at a time from its lines of text (line ends kept): the header first
    (format, separator, columns; its problems in `problems`), then `rows()`, each row with its
    physical line, or the problem of a malformed one. Memory holds one row, whatever the file's
    size. With `extra_columns`, columns outside the format are kept under their own name instead
    of being reported as unknown."""

    def __init__(self, lines: Iterable[str], display: str, *, extra_columns: bool = False) -> None:
        self.display = display
        self.fmt = ""
        self.problems: list[Problem] = []
        self.delimiter = ","
        self.width = 0
        self.positions: dict[str, int] = {}
        source = iter(lines)
        head = list(itertools.islice(source, HEAD_LINES))
        self._lines: Iterator[str] = itertools.chain(head, source)
        if not any(line.strip() for line in head) and len(head) < HEAD_LINES:
            self.problems.append(Problem(display, 1, "fichier vide : il faut une ligne d'en-tête "
                                         "puis une ligne par délibération"))
            return
        self._open(head, extra_columns)

    def _open(self, head: list[str], extra_columns: bool) -> None:
        display = self.display
        headers: list[tuple[int, str, list[str]]] = []
        for delimiter in (",", ";", "\t"):
            first = next(records(head, delimiter), None)
            if first is not None and isinstance(first[1], list):
                headers.append((_score(first[1]), delimiter, first[1]))
        if not headers:
            self.problems.append(Problem(display, 1, "en-tête illisible : " + _csv_error("", 1)))
            return
        _, self.delimiter, header = max(headers, key=lambda h: h[0])
        fmt, positions, unknown = _header_format(header)
        if not fmt:
            self.problems.append(_unrecognised(header, display))
            return
        names = [c.strip().lower() for c in header]
        doubled = sorted({c for c in header if names.count(c.strip().lower()) > 1})
        if doubled:
            self.problems.append(Problem(display, 1, f"colonne(s) en double dans l'en-tête : "
                                         f"{', '.join(doubled)} ; gardez-en une seule"))
            return
        if extra_columns:
            stripped = [c.strip() for c in header]
            positions = {**positions, **{name: stripped.index(name) for name in unknown if name}}
        else:
            for name in unknown:
                self.problems.append(Problem(display, 1, f"colonne « {name} » inconnue : elle est "
                                             "ignorée", WARNING))
        self.fmt, self.positions, self.width = fmt, positions, len(header)

    def rows(self) -> Iterator[tuple[int, dict[str, str]] | Problem]:
        """Each row (physical line, cells by column), or the problem of a malformed one."""
        if not self.fmt:
            return
        rows = records(self._lines, self.delimiter)
        next(rows, None)
        width, positions = self.width, self.positions
        for line, cells in rows:
            if isinstance(cells, str):
                yield Problem(self.display, line, cells)
            elif any(c.strip() for c in cells):
                if len(cells) < width or any(c.strip() for c in cells[width:]):
                    yield Problem(self.display, line, f"{len(cells)} cellules au lieu de {width} : "
                                  "vérifiez le séparateur et les guillemets de cette ligne")
                else:
                    yield line, {name: cells[i] for name, i in positions.items()}


def read_table(raw: bytes, display: str) -> Table:
    """Read a CSV file into rows of cells by column name, with the physical line of each row."""
    table = Table()
    text = decode(raw, display)
    if isinstance(text, Problem):
        table.problems.append(text)
        return table
    reader = TableReader(io.StringIO(text, newline=""), display)
    table.fmt = reader.fmt
    table.problems += reader.problems
    for row in reader.rows():
        if isinstance(row, Problem):
            table.problems.append(row)
        else:
            table.rows.append(row)
    return table
