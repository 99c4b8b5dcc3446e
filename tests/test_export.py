"""`petition export`: SCDL, JSON and CSV contents, determinism, and the export → import round
trip keeping every field both formats carry."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, ROOT, RepoBuilder
from petition.core.repository import load_repository
from petition.core.yamlstrict import load_bytes
from petition.exchange.csvformats import CSV_EXPORT_COLUMNS, SCDL_COLUMNS
from petition.exchange.export import render_export

RAW = json.loads((ROOT / "scripts/petition/data/referentiel.json").read_text("utf-8"))
# The census year of those populations, as the history file says the referential's release has.
HISTORY = json.loads((ROOT / "scripts" / "petition" / "data" / "historique.json").read_text("utf-8"))
VINTAGE = HISTORY["versions"][HISTORY["referentiel"]]["population"]
OBJET = "Motion pour les bibliothèques de proximité"
LENS: dict[str, Any] = {
    "campagne": CAMPAIGN,
    "collectivite": {"type": "commune", "code": "62498", "nom": "Lens", "siret": "21620498200013"},
    "instance": "Conseil municipal", "nature": "motion", "matiere": "9.4",
    "identifiant": "DEL-2023-112", "prefecture": "PREF062", "objet": OBJET,
    "seance": {"date": "2023-09-27"},
    "dates": {"convocation": "2023-09-20", "affichage": "2023-09-28",
              "transmission": "2023-09-29"},
    "presences": {"effectif": 39, "presents": 29, "pouvoirs": 8, "excuses": 1, "absents": 1},
    "vote": {"resultat": "adoptee", "unanimite": True, "pour": 37, "contre": 0, "abstentions": 0,
             "source_decompte": "procès-verbal de la séance"},
    "sources": [{"url": "https://www.example.fr/lens-2023-09-27.pdf"}],
}
CALL: dict[str, Any] = {
    "campagne": CAMPAIGN,
    "collectivite": {"type": "epci", "code": "246200364", "nom": "CA de Lens - Liévin",
                     "siret": "24620036400007"},
    "nature": "voeu", "objet": "Vœu pour l'avenir des bibliothèques de proximité",
    "identifiant": "C-2023-41",
    "seance": {"date": "2023-10-02"}, "presences": {"effectif": 60},
    "vote": {"resultat": "adoptee", "votants": 50, "pour": 48, "contre": 2},
}
LIEVIN: dict[str, Any] = {
    "campagne": CAMPAIGN,
    "collectivite": {"type": "commune", "code": "62510", "nom": "Liévin",
                     "siret": "21620510400005"},
    "nature": "motion", "objet": OBJET, "seance": {"date": "2023-10-05"},
    "vote": {"resultat": "rejetee", "pour": 10, "contre": 20},
}
REGION: dict[str, Any] = {
    "campagne": CAMPAIGN_2022,
    "collectivite": {"type": "region", "code": "32", "nom": "Hauts-de-France"},
    "nature": "voeu", "objet": "Vœu pour la lecture publique",
    "seance": {"date": "2022-06-23"}, "vote": {"resultat": "adoptee"},
}
FILES = {
    f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml": LENS,
    f"motions/{CAMPAIGN}/epci-246200364-ca-de-lens-lievin-2023-10-02.yml": CALL,
    f"motions/{CAMPAIGN}/commune-62510-lievin-2023-10-05.yml": LIEVIN,
    f"motions/{CAMPAIGN_2022}/region-32-hauts-de-france-2022-06-23.yml": REGION,
}


@pytest.fixture
def export_repo(repo: RepoBuilder) -> RepoBuilder:
    for data in FILES.values():
        repo.add(data)
    assert repo.run("validate").exit_code == 0
    return repo


@pytest.fixture
def empty(tmp_path: Path) -> RepoBuilder:
    return RepoBuilder(tmp_path / "vide")


def population(codes: Any) -> int:
    return sum(RAW["communes"][c][4] or 0 for c in codes)


def table(text: str, delimiter: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""),
                               delimiter=delimiter))


def test_scdl(export_repo: RepoBuilder) -> None:
    result = export_repo.run("export", "--format", "scdl")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ",".join(SCDL_COLUMNS)
    rows = table(result.stdout, ",")
    # adopted motions with a SIRET, sorted by file; the rejected one of Liévin is not a
    # deliberation, the Région has no SIRET (warned on stderr)
    assert [r["COLL_NOM"] for r in rows] == ["Lens", "CA de Lens - Liévin"]
    assert rows[0] == {
        "COLL_NOM": "Lens", "COLL_SIRET": "21620498200013", "DELIB_ID": "DEL-2023-112",
        "DELIB_DATE": "2023-09-27", "DELIB_MATIERE_CODE": "9.4",
        "DELIB_MATIERE_NOM": "autres domaines de compétences/vœux et motions",
        "DELIB_OBJET": OBJET, "BUDGET_ANNEE": "", "BUDGET_NOM": "", "PREF_ID": "PREF062",
        "PREF_DATE": "2023-09-29", "VOTE_EFFECTIF": "39", "VOTE_REEL": "37", "VOTE_POUR": "37",
        "VOTE_CONTRE": "0", "VOTE_ABSTENTION": "0",
        "DELIB_URL": "https://www.example.fr/lens-2023-09-27.pdf"}
    # abstentions unknown: all five vote columns stay empty (the official cohesive check)
    assert [rows[1][c] for c in SCDL_COLUMNS[11:16]] == [""] * 5
    assert rows[1]["DELIB_ID"] == "C-2023-41"  # the council's own number, never the file's
    assert result.stderr.splitlines() == [
        f"motions/{CAMPAIGN_2022}/region-32-hauts-de-france-2022-06-23.yml:3: avertissement : pas de "
        "SIRET (collectivite.siret) : motion laissée hors du fichier SCDL, où il est obligatoire ;"
        " lancez « petition siret » pour le chercher par son SIREN",
        "2 délibération(s) dans le fichier SCDL, 1 motion(s) adoptée(s) laissée(s) de côté (1 "
        "sans SIRET), 1 motion(s) rejetée(s) (le format ne décrit que les délibérations "
        "adoptées)."]


def test_csv_for_spreadsheets(export_repo: RepoBuilder) -> None:
    result = export_repo.run("export", "--format", "csv")
    assert result.stdout.startswith("\ufefftype;code;nom;date;")
    rows = table(result.stdout, ";")
    assert list(rows[0]) == list(CSV_EXPORT_COLUMNS)
    assert len(rows) == 4
    lens = rows[1]
    assert {k: lens[k] for k in ("type", "code", "date", "presents", "unanimite", "campagne",
                                 "fichier", "departement", "region", "population")} == {
        "type": "commune", "code": "62498", "date": "2023-09-27", "presents": "29",
        "unanimite": "oui", "campagne": CAMPAIGN,
        "fichier": f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml",
        "departement": "62", "region": "32", "population": str(population(["62498"]))}


def test_json_data_api(export_repo: RepoBuilder) -> None:
    document = json.loads(export_repo.run("export", "--format", "json").stdout)
    assert [c["id"] for c in document["campagnes"]] == [CAMPAIGN_2022, CAMPAIGN]
    assert [c["motions"] for c in document["campagnes"]] == [1, 3]
    assert document["referentiel"]["millesime"] == RAW["millesime"]
    records = {r["fichier"]: r for r in document["motions"]}
    assert list(records) == sorted(FILES)
    lens = records[f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml"]
    assert {k: v for k, v in lens.items() if k not in ("fichier", "collectivite")} == \
        {**{k: v for k, v in LENS.items() if k != "collectivite"},
         "resultat_texte": "adoptée"}
    assert lens["collectivite"] == {
        "type": "commune", "code": "62498", "nom": "Lens", "siret": "21620498200013",
        "nom_officiel": "Lens", "siren": "216204982",
        "departement": {"code": "62", "nom": "Pas-de-Calais"},
        "region": {"code": "32", "nom": "Hauts-de-France"},
        "population": population(["62498"]), "population_millesime": VINTAGE, "aujourdhui": None}
    call = records[f"motions/{CAMPAIGN}/epci-246200364-ca-de-lens-lievin-2023-10-02.yml"]
    assert call["collectivite"]["population"] == population(RAW["epci"]["246200364"][2])
    region = records[f"motions/{CAMPAIGN_2022}/region-32-hauts-de-france-2022-06-23.yml"]
    assert region["collectivite"]["departement"] is None
    assert region["collectivite"]["population"] == population(
        c for c, row in RAW["communes"].items() if row[2] == "32")


@pytest.mark.parametrize("fmt", ["scdl", "json", "csv"])
def test_deterministic_and_written_atomically(export_repo: RepoBuilder, tmp_path: Path,
                                              fmt: str) -> None:
    first = export_repo.run("export", "--format", fmt)
    second = export_repo.run("export", "--format", fmt)
    assert first.stdout_bytes == second.stdout_bytes
    target = tmp_path / "sortie" / f"export.{fmt}"
    target.parent.mkdir()
    result = export_repo.run("export", "--format", fmt, "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_bytes() == first.stdout_bytes
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert render_export(load_repository(export_repo.root), fmt).encode() == first.stdout_bytes


def test_motions_in_error_are_left_out(export_repo: RepoBuilder) -> None:
    export_repo.write(f"motions/{CAMPAIGN}/commune-62119-bethune-2023-10-03.yml", "a: [\n")
    result = export_repo.run("export", "--format", "json")
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["motions"]) == 4
    assert result.stderr == ("1 fichier(s) en erreur laissé(s) de côté : lancez « petition "
                             "validate »\n")


def test_round_trip_csv_keeps_every_field(export_repo: RepoBuilder, empty: RepoBuilder,
                                          tmp_path: Path) -> None:
    """The CSV export carries every field of these motions: importing it gives the same files."""
    exported = tmp_path / "motions.csv"
    export_repo.run("export", "--format", "csv", "-o", str(exported))
    first = empty.run("import", str(exported), "--campaign", CAMPAIGN)
    assert first.stdout.splitlines() == [
        f"{exported}:2: colonne « campagne » : ligne de la campagne « {CAMPAIGN_2022} », pas de "
        f"« {CAMPAIGN} » : importez-la avec --campaign {CAMPAIGN_2022}, ou retirez-la"]
    second = empty.run("import", str(exported), "--campaign", CAMPAIGN_2022)
    assert second.stderr.endswith("4 ligne(s) lue(s) : 1 motion(s) écrite(s), 0 déjà dans le dépôt à "
                                  "l'identique, 3 ligne(s) refusée(s).\n")
    for rel in FILES:
        assert (empty.root / rel).read_bytes() == (export_repo.root / rel).read_bytes()


def scdl_fields(data: dict[str, Any]) -> dict[str, Any]:
    """What SCDL carries of a motion, as an SCDL import writes it back: the counts only when all
    vote columns could be written (effectif and the three counts known)."""
    presences, vote = data.get("presences", {}), data["vote"]
    counts = {k: vote[k] for k in ("pour", "contre", "abstentions") if k in vote}
    complete = len(counts) == 3 and "effectif" in presences
    carried: dict[str, Any] = {
        "campagne": data["campagne"], "collectivite": data["collectivite"],
        "nature": data["nature"], "matiere": data.get("matiere", "9.4"),
        "objet": data["objet"], "seance": data["seance"],
        "vote": {"resultat": vote["resultat"], **(counts if complete else {})},
    }
    for key in ("identifiant", "prefecture"):
        if key in data:
            carried[key] = data[key]
    if "transmission" in data.get("dates", {}):
        carried["dates"] = {"transmission": data["dates"]["transmission"]}
    if complete:
        carried["presences"] = {"effectif": presences["effectif"]}
    if data.get("sources"):
        carried["sources"] = [{"url": data["sources"][0]["url"]}]
    return carried


def test_round_trip_scdl_keeps_every_field_both_carry(export_repo: RepoBuilder,
                                                      empty: RepoBuilder, tmp_path: Path) -> None:
    exported = tmp_path / "deliberations.csv"
    export_repo.run("export", "--format", "scdl", "-o", str(exported))
    result = empty.run("import", str(exported), "--campaign", CAMPAIGN)
    assert (result.exit_code, result.stdout) == (0, "")
    for rel, original in FILES.items():
        if original is LENS or original is CALL:
            assert load_bytes((empty.root / rel).read_bytes()).data == scdl_fields(original)
    again = empty.run("export", "--format", "scdl")
    assert table(again.stdout, ",") == table(exported.read_text("utf-8"), ",")
