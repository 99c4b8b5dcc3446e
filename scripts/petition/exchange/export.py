"""Open-data exports of every valid motion: SCDL délibérations 2.1.5, JSON (the site's data API)
and a flat CSV for spreadsheets. Deterministic: motions sorted by file, byte-identical on a rerun.

SCDL holds the adopted motions that its required columns can truthfully describe: a motion
without a SIRET, without the council's own number for the act (DELIB_ID, never made up), or whose
ACTES matter has no name known here, is left out and said so (a warning naming the file). Its
vote columns are all filled or all empty, as the official schema checks: VOTE_REEL is
VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION, so it is written only when the three counts and the
effectif are known, never guessed.

`build_export(repo, fmt)` gives the text and what was left out; the site publishes its text.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from petition.core.destinations import Destination
from petition.core.model import Motion
from petition.core.opendata import FORMULA_STARTS, formula_message
from petition.core.problems import WARNING, Problem
from petition.core.referential import TYPE_LABELS, Body, Referential, referential
from petition.core.repository import Repository
from petition.core.sirens import own_siren
from petition.core.vintages import population_known, vintage_of
from petition.exchange.csvformats import CSV_EXPORT_COLUMNS, EXTRA_FIELDS, SCDL_COLUMNS, TEMPLATE_FIELDS
from petition.exchange.writer import replace_file

FORMATS = ("scdl", "json", "csv")
VOWS_MATTER = "9.4"
# DELIB_MATIERE_NOM: the ACTES level-1 then level-2 titles, in lower case, joined by a slash (the
# official schema's rule). Only 9.4's is known from the project's sources (domain.md); a motion
# filed under another matter is left out of SCDL rather than given a name nobody checked.
MATTER_NAMES = {VOWS_MATTER: "autres domaines de compétences/vœux et motions"}
# Why a motion is not in an export (LeftOut.reason).
NO_SIRET, NO_ID, MATTER, FORMULA = "siret", "identifiant", "matiere", "formule"


@dataclass(frozen=True)
class LeftOut:
    """A motion an export leaves out: why (NO_SIRET, NO_ID, MATTER, FORMULA) and the warning to
    print."""

    reason: str
    problem: Problem


@dataclass
class Export:
    """An export's text, how many motions it holds, and the motions it leaves out."""

    text: str
    motions: int = 0
    left_out: list[LeftOut] = field(default_factory=list)
    rejected: int = 0  # SCDL only: motions not adopted, which the format does not describe


REASON_LABELS = ((NO_SIRET, "sans SIRET"), (NO_ID, "sans numéro de l'acte"),
                 (MATTER, "sans matière ACTES 9.4"), (FORMULA, "avec une valeur de tableur"))


def left_out_reasons(export: Export) -> str:
    """« (2 sans SIRET, 1 sans numéro de l'acte) »: how many motions each reason left out."""
    counts = Counter(left.reason for left in export.left_out)
    said = [f"{counts[reason]} {label}" for reason, label in REASON_LABELS if counts[reason]]
    return f" ({', '.join(said)})" if said else ""


def render_export(repo: Repository, fmt: str) -> str:
    """The export of `repo`'s valid motions in `fmt` (scdl, json or csv), as text."""
    return build_export(repo, fmt).text


def build_export(repo: Repository, fmt: str) -> Export:
    """The export of `repo`'s valid motions in `fmt`, with the motions it leaves out.

    The CSV for spreadsheets is separated by semicolons and starts with a UTF-8 BOM, as a French
    spreadsheet writes it (and as `petition import` reads it back); SCDL is plain UTF-8 with
    commas, as data.gouv.fr expects. Motions in error are left out (`petition validate`).
    """
    ref = referential()
    motions = sorted(repo.valid_motions(), key=lambda m: m.path)
    if fmt == "scdl":
        adopted = [m for m in motions if m.adopted]
        export = _table(SCDL_COLUMNS, adopted, lambda m: _scdl_row(m, ref), ",")
        export.rejected = len(motions) - len(adopted)
        return export
    if fmt == "csv":
        export = _table(CSV_EXPORT_COLUMNS, motions, lambda m: _flat_row(m, ref), ";")
        export.text = "\ufeff" + export.text
        return export
    if fmt == "json":
        return Export(_json(repo, motions, ref), len(motions))
    raise ValueError(f"format d'export inconnu : {fmt} (formats : {', '.join(FORMATS)})")


def _table(columns: tuple[str, ...], motions: Iterable[Motion],
           make: Callable[[Motion], dict[str, str] | LeftOut], delimiter: str) -> Export:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    export = Export("")
    for m in motions:
        row = make(m)
        if isinstance(row, dict):
            row = _formula_guard(m, row) or row
        if isinstance(row, LeftOut):
            export.left_out.append(row)
            continue
        writer.writerow([row.get(c, "") for c in columns])
        export.motions += 1
    export.text = out.getvalue()
    return export


def _formula_guard(m: Motion, row: dict[str, str]) -> LeftOut | None:
    """Defence in depth: validation refuses every value a spreadsheet would run, so this never
    fires on a valid repository; if a new column ever slips past it, the motion is left out and
    named (exit 1), never published altered and never published as a formula."""
    for column, cell in row.items():
        if cell[:1] in FORMULA_STARTS:
            return LeftOut(FORMULA, Problem(m.path, 1, f"colonne {column} : {formula_message(cell)}"
                                            " ; motion laissée hors de l'export"))
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def _first_url(m: Motion) -> str:
    for source in m.data.get("sources") or []:
        if isinstance(source, dict) and source.get("url"):
            return str(source["url"])
    return ""


def _scdl_votes(m: Motion) -> dict[str, str]:
    """The five vote columns, all or none (the official cohesive-columns check)."""
    effectif = m.count("presences", "effectif")
    counts = [m.count("vote", key) for key in ("pour", "contre", "abstentions")]
    known = [c for c in counts if c is not None]
    if effectif is None or len(known) < len(counts):
        return {}
    pour, contre, abstentions = known
    return {"VOTE_EFFECTIF": str(effectif), "VOTE_REEL": str(pour + contre + abstentions),
            "VOTE_POUR": str(pour), "VOTE_CONTRE": str(contre),
            "VOTE_ABSTENTION": str(abstentions)}


def _scdl_row(m: Motion, ref: Referential) -> dict[str, str] | LeftOut:
    siret = m.get("collectivite", "siret")
    if not siret:
        return LeftOut(NO_SIRET, Problem(m.path, m.line("collectivite"), _no_siret(m, ref),
                                         WARNING, "collectivite.siret"))
    given = m.data.get("matiere")
    matter = str(given) if given else VOWS_MATTER if m.data.get("nature") in ("motion", "voeu") \
        else ""
    if matter not in MATTER_NAMES:
        said = (f"matière ACTES « {matter} » : l'export SCDL ne connaît que l'intitulé de "
                f"{VOWS_MATTER} (vœux et motions)" if matter else
                "délibération sans matière ACTES (« matiere ») : SCDL l'exige et elle ne se "
                f"déduit pas ; indiquez-la si le document la donne ({VOWS_MATTER} pour un vœu "
                "ou une motion)")
        return LeftOut(MATTER, Problem(m.path, m.line("matiere" if given else "nature"),
                                       f"{said} ; motion laissée hors du fichier SCDL", WARNING,
                                       "matiere"))
    number = m.data.get("identifiant")
    if not number:
        return LeftOut(NO_ID, Problem(m.path, m.line("collectivite"), "pas de numéro de l'acte "
                                      "(« identifiant », par exemple « 2023-118 ») : motion "
                                      "laissée hors du fichier SCDL, où DELIB_ID est le numéro "
                                      "que le conseil a donné à l'acte, jamais inventé ; "
                                      "recopiez-le du document s'il y figure", WARNING,
                                      "identifiant"))
    return {
        "COLL_NOM": m.name,
        "COLL_SIRET": str(siret),
        "DELIB_ID": _cell(number),
        "DELIB_DATE": m.date,
        "DELIB_MATIERE_CODE": matter,
        "DELIB_MATIERE_NOM": MATTER_NAMES[matter],
        "DELIB_OBJET": _cell(m.data.get("objet")),
        "PREF_ID": _cell(m.data.get("prefecture")),
        "PREF_DATE": _cell(m.get("dates", "transmission")),
        **_scdl_votes(m),
        "DELIB_URL": _first_url(m),
    }


def _no_siret(m: Motion, ref: Referential) -> str:
    body = ref.body(m.body_type, m.code)
    how = ("lancez « petition siret » pour le chercher par son SIREN"
           if body is not None and own_siren(body, m.date or None) else
           f"recopiez celui du conseil ({TYPE_LABELS.get(m.body_type, m.body_type)} : le "
           "référentiel ne donne pas son SIREN) depuis annuaire-entreprises.data.gouv.fr")
    return ("pas de SIRET (collectivite.siret) : motion laissée hors du fichier SCDL, où il est "
            f"obligatoire ; {how}")


def _flat_row(m: Motion, ref: Referential) -> dict[str, str]:
    row = {c.name: _cell(m.get(*(str(p) for p in c.path)))
           for c in (*TEMPLATE_FIELDS, *EXTRA_FIELDS) if "sources" not in c.path}
    row["url"] = _first_url(m)
    body = ref.body(m.body_type, m.code, m.date or None)
    row["resultat_texte"] = m.result
    row["fichier"] = m.path
    if body is not None:
        territory = ref.territory(body)
        row.update(nom_officiel=body.nom, departement=body.departement or "",
                   departement_nom=ref.departement_name(body.departement)
                   if body.departement else "",
                   region=body.region or "",
                   region_nom=ref.region_name(body.region) if body.region else "",
                   population=_population_cell(ref, territory),
                   population_millesime=_vintage_cell(vintage_of(ref, territory)))
        today = ref.body("commune", body.today) if body.today else None
        if today is not None:  # a commune of the past: the one it is part of today
            row.update(commune_aujourdhui=today.code, commune_aujourdhui_nom=today.nom)
    return row


def _population_cell(ref: Referential, territory: tuple[str, ...]) -> str:
    return str(ref.population(territory)) if population_known(ref, territory) else ""


def _vintage_cell(vintage: int | list[int | None] | None) -> str:
    if isinstance(vintage, list):
        return " et ".join(str(y) for y in vintage if y is not None)
    return "" if vintage is None else str(vintage)


def body_record(body: Body, ref: Referential, date: str | None = None) -> dict[str, Any]:
    """A body as the JSON export (and the site) describe it: a commune of the past with its own
    population, that population's census year, and the commune it is part of today; its SIREN
    on the session's `date` when a source gives it (core.sirens), else null."""
    territory = ref.territory(body)
    today = ref.body("commune", body.today) if body.today else None
    return {
        "type": body.type, "code": body.code, "nom_officiel": body.nom,
        "siren": own_siren(body, date),
        "departement": {"code": body.departement, "nom": ref.departement_name(body.departement)}
        if body.departement else None,
        "region": {"code": body.region, "nom": ref.region_name(body.region)}
        if body.region else None,
        "population": ref.population(territory) if population_known(ref, territory) else None,
        "population_millesime": vintage_of(ref, territory),
        "aujourdhui": {"code": today.code, "nom": today.nom} if today is not None else None,
    }


def _json(repo: Repository, motions: list[Motion], ref: Referential) -> str:
    records = []
    for m in motions:
        # The result in words: « adoptée par la voix prépondérante du président » for a tie.
        record: dict[str, Any] = {"fichier": m.path, **m.data, "resultat_texte": m.result}
        body = ref.body(m.body_type, m.code, m.date or None)
        if body is not None:
            record["collectivite"] = {**m.data["collectivite"],
                                      **body_record(body, ref, m.date or None)}
        records.append(record)
    campaigns = [{"id": c.id, "titre": c.title, "objectif": c.goal,
                  "motions": sum(m.campaign == c.id for m in motions)}
                 for c in sorted(repo.campaigns.values(), key=lambda c: c.id)]
    document = {
        "referentiel": {"source": ref.source, "millesime": ref.vintage, "licence": ref.licence,
                        "population_millesime": ref.history.current_vintage,
                        "historique": ref.history.source},
        "campagnes": campaigns,
        "motions": records,
    }
    # json.dumps with an indent lists every piece of the text before joining them: millions of
    # small strings at every council of France. Written piece by piece, the same text takes a
    # fraction of that memory.
    out = io.StringIO()
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=True).iterencode(document):
        out.write(piece)
    out.write("\n")
    return out.getvalue()


def write_export(target: Destination, text: str) -> None:
    """Write an export atomically: a reader never sees half a file, a failure leaves none."""
    replace_file(target, text.encode("utf-8"))
