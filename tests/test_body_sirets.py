"""A SIRET belongs to its body, for every body type (domain.md, SCDL section): communes, EPCI, EPT
and the Métropole de Lyon by the referential (an arrondissement by its city's SIREN), départements
and régions by the shipped table with its source; a SIREN that belongs to another body is refused,
naming that body, by validate, import, new, the issue form and so the exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from stdnum import luhn

from conftest import CAMPAIGN, ROOT, RepoBuilder, motion_data
from petition.core.model import motion_filename
from petition.core.referential import referential
from petition.exchange.csvformats import SCDL_COLUMNS

TABLE = json.loads((ROOT / "scripts/petition/data/sirens.json").read_text("utf-8"))


def siret_of(siren: str, nic: str = "0001") -> str:
    """A valid SIRET of `siren` (its NIC's last digit is the Luhn key)."""
    return siren + nic + luhn.calc_check_digit(siren + nic)


def body(type_: str, code: str) -> dict[str, str]:
    known = referential().body(type_, code)
    assert known is not None
    return {"type": type_, "code": code, "nom": known.nom}


LENS_SIREN = referential().body("commune", "62498").siren  # type: ignore[union-attr]
LENS_SIRET = siret_of(str(LENS_SIREN))
REGION_SIREN = TABLE["region"]["32"]["siren"]
REGION = body("region", "32")


def problems(repo: RepoBuilder, path: Path) -> list[str]:
    report = json.loads(repo.run("validate", "--format", "json").stdout)
    rel = path.relative_to(repo.root).as_posix()
    return [p["message"] for p in report["problemes"] if p["path"] == rel
            and p["level"] == "erreur"]


def add(repo: RepoBuilder, collectivite: dict[str, str], siret: str, date: str = "2023-10-02",
        **extra: Any) -> Path:
    return repo.add(motion_data(collectivite={**collectivite, "siret": siret},
                                seance={"date": date}, **extra))


def test_the_table_names_its_source_and_holds_valid_sirens() -> None:
    assert TABLE["source"].startswith("gip-inclusion/dora-back, commit "
                                      "cd0b98f6a89efc0bfcab138dc64edb6c89b7c0ff")
    for kind in ("departement", "region"):
        for code, entry in TABLE[kind].items():
            assert luhn.is_valid(entry["siren"]), (kind, code)
            assert referential().body(kind, code) is not None, (kind, code)
    # What the source gives to another council stays out (never a guessed number).
    assert {"2A", "2B", "75", "972", "973", "67", "68"}.isdisjoint(TABLE["departement"])
    assert "06" not in TABLE["region"]


def test_lens_siret_on_the_region_is_refused_naming_lens(repo: RepoBuilder) -> None:
    path = add(repo, REGION, LENS_SIRET, nature="voeu")
    assert problems(repo, path) == [
        f"SIRET « {LENS_SIRET} » : son SIREN {LENS_SIREN} est celui de Lens (commune 62498), pas "
        f"celui de Hauts-de-France ({REGION_SIREN}) : vérifiez le SIRET ou le code"]


def test_the_regions_own_siret_passes_and_another_councils_is_named(repo: RepoBuilder) -> None:
    assert problems(repo, add(repo, REGION, siret_of(REGION_SIREN), nature="voeu")) == []
    departement = TABLE["departement"]["62"]["siren"]
    path = add(repo, body("departement", "62"), siret_of(REGION_SIREN))
    assert problems(repo, path) == [
        f"SIRET « {siret_of(REGION_SIREN)} » : son SIREN {REGION_SIREN} est celui de "
        f"Hauts-de-France (région 32), pas celui de Pas-de-Calais ({departement}) : vérifiez le "
        "SIRET ou le code"]


@pytest.mark.parametrize(("type_", "code"), [("ept", "200057867"), ("collectivite", "200046977"),
                                              ("epci", "246200364")])
def test_groupings_are_checked_by_their_own_siren(repo: RepoBuilder, type_: str,
                                                  code: str) -> None:
    assert problems(repo, add(repo, body(type_, code), siret_of(code))) == []
    path = repo.add(motion_data(collectivite={**body(type_, code), "siret": LENS_SIRET},
                                seance={"date": "2023-10-03"}))
    name = referential().body(type_, code).nom  # type: ignore[union-attr]
    assert problems(repo, path) == [
        f"SIRET « {LENS_SIRET} » : son SIREN {LENS_SIREN} est celui de Lens (commune 62498), pas "
        f"celui de {name} ({code}) : vérifiez le SIRET ou le code"]


def test_an_arrondissement_has_its_citys_siren(repo: RepoBuilder) -> None:
    paris = referential().body("commune", "75056")
    assert paris is not None and paris.siren
    arrondissement = body("arrondissement", "75113")
    assert problems(repo, add(repo, arrondissement, siret_of(paris.siren))) == []
    path = add(repo, arrondissement, LENS_SIRET, date="2023-10-09")
    assert problems(repo, path) == [
        f"SIRET « {LENS_SIRET} » : son SIREN {LENS_SIREN} est celui de Lens (commune 62498), pas "
        f"celui de {arrondissement['nom']} ({paris.siren}) : vérifiez le SIRET ou le code"]


def test_a_body_without_a_known_siren_is_checked_against_the_others(repo: RepoBuilder) -> None:
    """No source here gives a collectivité d'outre-mer's SIREN: another body's is refused, an
    unknown one is left to the coordinator."""
    spm = body("com", "975")
    path = add(repo, spm, LENS_SIRET)
    assert problems(repo, path) == [
        f"SIRET « {LENS_SIRET} » : son SIREN {LENS_SIREN} est celui de Lens (commune 62498), pas "
        f"celui de {spm['nom']} : vérifiez le SIRET ou le code"]
    assert problems(repo, add(repo, spm, siret_of("123456782"), date="2023-10-09")) == []


def test_a_siren_held_from_a_date_is_not_assumed_before(repo: RepoBuilder) -> None:
    corse = TABLE["region"]["94"]
    assert corse["depuis"] == "2018-01-01"
    unknown = siret_of("123456782")
    corsica = body("region", "94")
    assert problems(repo, add(repo, corsica, unknown, date="2017-06-01", nature="voeu")) == []
    path = add(repo, corsica, unknown, date="2019-06-03", nature="voeu")
    assert problems(repo, path) == [
        f"SIRET « {unknown} » : son SIREN 123456782 n'est pas celui de Collectivité de Corse "
        f"({corse['siren']}) : vérifiez le SIRET ou le code"]


def test_import_new_and_issue_form_refuse_another_bodys_siret(repo: RepoBuilder,
                                                              tmp_path: Path) -> None:
    expected = (f"SIRET « {LENS_SIRET} » : son SIREN {LENS_SIREN} est celui de Lens (commune "
                f"62498), pas celui de Hauts-de-France ({REGION_SIREN}) : vérifiez le SIRET ou le "
                "code")
    rows = tmp_path / "modele.csv"
    rows.write_text("type,code,nom,date,nature,objet,effectif,presents,pouvoirs,pour,contre,"
                    f"abstentions,resultat,url,siret\nregion,32,,2023-10-02,voeu,Vœu de soutien,,,,,"
                    f",,adoptee,,{LENS_SIRET}\n", "utf-8")
    imported = repo.run("import", str(rows), "--campaign", CAMPAIGN)
    assert imported.exit_code == 1
    assert expected in imported.output
    new = repo.run("new", "--campaign", CAMPAIGN, "--type", "region", "--code", "32", "--siret",
                   LENS_SIRET, "--date", "2023-10-02", "--nature", "voeu", "--objet", "Vœu",
                   "--resultat", "adoptee", "--no-input")
    assert new.exit_code == 1
    assert expected in new.stderr
    answers = {"Type de collectivité": "Région (ou Corse, Martinique, Guyane)",
               "Code officiel de la collectivité": "32", "Nom de la collectivité": "Hauts-de-France",
               "SIRET de la collectivité": LENS_SIRET, "Campagne": CAMPAIGN,
               "Date de la séance": "2023-10-02", "Nature de l'acte": "Vœu",
               "Objet": "Vœu de soutien", "Résultat du vote": "Adoptée",
               "Publication": "- [X] J'accepte que ces informations soient publiées sur le site "
                              "de la campagne (données ouvertes)."}
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "labeled", "issue": {"number": 9, "body": "\n\n".join(
        f"### {k}\n\n{v}" for k, v in answers.items())}}), "utf-8")
    issue = repo.run("from-issue", str(event))
    assert issue.exit_code == 1
    assert expected in issue.output
    assert not list((repo.root / "motions" / CAMPAIGN).glob("region-*"))


def test_scdl_import_finds_a_region_by_its_siren(repo: RepoBuilder, tmp_path: Path) -> None:
    row = {"COLL_NOM": "Région Hauts-de-France", "COLL_SIRET": siret_of(REGION_SIREN),
           "DELIB_ID": "20230623-12", "DELIB_DATE": "2023-06-23", "DELIB_OBJET": "Vœu de soutien"}
    source = tmp_path / "deliberations.csv"
    source.write_text(",".join(SCDL_COLUMNS) + "\n" + ",".join(row.get(c, "") for c in SCDL_COLUMNS)
                      + "\n", "utf-8")
    result = repo.run("import", str(source), "--campaign", CAMPAIGN)
    assert result.exit_code == 0, result.output
    name = motion_filename("region", "32", "Hauts-de-France", "2023-06-23")
    assert (repo.root / "motions" / CAMPAIGN / name).is_file()


def test_export_leaves_out_a_motion_with_another_bodys_siret(repo: RepoBuilder) -> None:
    add(repo, REGION, LENS_SIRET, nature="voeu", identifiant="2023-12")
    result = repo.run("export", "--format", "scdl")
    assert result.exit_code == 1  # the file is in error: never published with a wrong SIRET
    assert LENS_SIRET not in result.stdout


def test_json_export_gives_each_bodys_own_siren(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite=REGION, nature="voeu"))
    repo.add(motion_data(collectivite=body("com", "975"), seance={"date": "2023-10-10"}))
    records = {r["collectivite"]["code"]: r["collectivite"]
               for r in json.loads(repo.run("export", "--format", "json").stdout)["motions"]}
    assert records["32"]["siren"] == REGION_SIREN
    assert records["975"]["siren"] is None  # no source gives it: null, never guessed
