"""Open-data exports of every valid motion: SCDL délibérations 2.1.5, JSON (the site's data API)
and a flat CSV for spreadsheets. Deterministic: motions sorted by file, byte-identical on a rerun.

`render_export(repo, fmt)` is what the site calls to publish its downloads.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from petition.core.model import Motion
from petition.core.referential import Body, Referential, referential
from petition.core.repository import Repository
from petition.exchange.csvformats import (
    CSV_EXPORT_COLUMNS,
    EXTRA_FIELDS,
    SCDL_COLUMNS,
    TEMPLATE_FIELDS,
    defuse,
)
from petition.exchange.writer import replace_file

FORMATS = ("scdl", "json", "csv")
DEFAULT_MATTER = "9.4"
# ACTES nomenclature, level 1 (and 9.4, the matter of vœux et motions), for DELIB_MATIERE_NOM.
MATTER_NAMES = {
    "1": "Commande publique", "2": "Urbanisme", "3": "Domaine et patrimoine",
    "4": "Fonction publique", "5": "Institutions et vie politique",
    "6": "Libertés publiques et pouvoirs de police", "7": "Finances locales",
    "8": "Domaines de compétences par thèmes", "9": "Autres domaines de compétences",
    "9.4": "Autres domaines de compétences/Vœux et motions",
}


def render_export(repo: Repository, fmt: str) -> str:
    """The export of `repo`'s valid motions in `fmt` (scdl, json or csv), as text.

    The CSV for spreadsheets is separated by semicolons and starts with a UTF-8 BOM, as a French
    spreadsheet writes it (and as `petition import` reads it back); SCDL is plain UTF-8 with
    commas, as data.gouv.fr expects. Motions in error are left out (`petition validate`).
    """
    ref = referential()
    motions = sorted(repo.valid_motions(), key=lambda m: m.path)
    if fmt == "scdl":
        return _table(SCDL_COLUMNS, (_scdl_row(m) for m in motions if m.adopted), ",")
    if fmt == "csv":
        rows = ({k: defuse(v) for k, v in _flat_row(m, ref).items()} for m in motions)
        return "\ufeff" + _table(CSV_EXPORT_COLUMNS, rows, ";")
    if fmt == "json":
        return _json(repo, motions, ref)
    raise ValueError(f"format d'export inconnu : {fmt} (formats : {', '.join(FORMATS)})")


def _table(columns: tuple[str, ...], rows: Any, delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    return out.getvalue()


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


def _votants(m: Motion) -> int | None:
    given = m.get("vote", "votants")
    presents, pouvoirs = m.get("presences", "presents"), m.get("presences", "pouvoirs")
    if isinstance(given, int):
        return given
    if isinstance(presents, int) and isinstance(pouvoirs, int):
        return presents + pouvoirs
    return None


def _scdl_row(m: Motion) -> dict[str, str]:
    matter = str(m.data.get("matiere") or DEFAULT_MATTER)
    name = MATTER_NAMES.get(matter) or MATTER_NAMES.get(matter.split(".")[0], "")
    stem = m.path.rsplit("/", 1)[-1].removesuffix(".yml")
    return {
        "COLL_NOM": m.name,
        "COLL_SIRET": _cell(m.get("collectivite", "siret")),
        "DELIB_ID": _cell(m.data.get("identifiant") or stem),
        "DELIB_DATE": m.date,
        "DELIB_MATIERE_CODE": matter,
        "DELIB_MATIERE_NOM": name,
        "DELIB_OBJET": _cell(m.data.get("objet")),
        "PREF_ID": _cell(m.data.get("prefecture")),
        "PREF_DATE": _cell(m.get("dates", "transmission")),
        "VOTE_EFFECTIF": _cell(m.get("presences", "effectif")),
        "VOTE_REEL": _cell(_votants(m)),
        "VOTE_POUR": _cell(m.get("vote", "pour")),
        "VOTE_CONTRE": _cell(m.get("vote", "contre")),
        "VOTE_ABSTENTION": _cell(m.get("vote", "abstentions")),
        "DELIB_URL": _first_url(m),
    }


def _flat_row(m: Motion, ref: Referential) -> dict[str, str]:
    row = {c.name: _cell(m.get(*(str(p) for p in c.path)))
           for c in (*TEMPLATE_FIELDS, *EXTRA_FIELDS) if "sources" not in c.path}
    row["url"] = _first_url(m)
    body = ref.body(m.body_type, m.code, m.date or None)
    row["fichier"] = m.path
    if body is not None:
        row.update(nom_officiel=body.nom, departement=body.departement or "",
                   departement_nom=ref.departement_name(body.departement)
                   if body.departement else "",
                   region=body.region or "",
                   region_nom=ref.region_name(body.region) if body.region else "",
                   population=str(ref.population(ref.territory(body))))
    return row


def body_record(body: Body, ref: Referential) -> dict[str, Any]:
    """A body as the JSON export (and the site) describe it."""
    return {
        "type": body.type, "code": body.code, "nom_officiel": body.nom, "siren": body.siren,
        "departement": {"code": body.departement, "nom": ref.departement_name(body.departement)}
        if body.departement else None,
        "region": {"code": body.region, "nom": ref.region_name(body.region)}
        if body.region else None,
        "population": ref.population(ref.territory(body)),
    }


def _json(repo: Repository, motions: list[Motion], ref: Referential) -> str:
    records = []
    for m in motions:
        record: dict[str, Any] = {"fichier": m.path, **m.data}
        body = ref.body(m.body_type, m.code, m.date or None)
        if body is not None:
            record["collectivite"] = {**m.data["collectivite"], **body_record(body, ref)}
        records.append(record)
    campaigns = [{"id": c.id, "titre": c.title, "objectif": c.goal,
                  "motions": sum(m.campaign == c.id for m in motions)}
                 for c in sorted(repo.campaigns.values(), key=lambda c: c.id)]
    document = {
        "referentiel": {"source": ref.source, "millesime": ref.vintage, "licence": ref.licence},
        "campagnes": campaigns,
        "motions": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_export(path: Path, text: str) -> None:
    """Write an export atomically: a reader never sees half a file, a failure leaves none."""
    replace_file(path, text.encode("utf-8"))
