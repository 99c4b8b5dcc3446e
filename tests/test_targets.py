"""A campaign's targets: declared from a CSV, checked by validate, their status derived from the
motions, their figures in stats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, RepoBuilder, motion_data
from petition.core.referential import TYPES, referential
from petition.core.schemas import schema

TARGETS = f"motions/{CAMPAIGN}/cibles.yml"
EPCI = "246200364"  # CA de Lens - Liévin
LENS, LIEVIN, HARNES, DOUAI = "62498", "62510", "62413", "59178"


def _motion(type_: str, code: str, name: str, date: str, result: str = "adoptee",
            campaign: str = CAMPAIGN) -> dict[str, Any]:
    data = motion_data(collectivite={"type": type_, "code": code, "nom": name}, campagne=campaign,
                       seance={"date": date}, vote={"resultat": result})
    del data["presences"], data["instance"]
    return data


@pytest.fixture
def campaign_repo(repo: RepoBuilder, tmp_path: Path) -> RepoBuilder:
    return targeted(repo, tmp_path)


def targeted(repo: RepoBuilder, tmp_path: Path) -> RepoBuilder:
    """An EPCI whose members adopted (Lens), rejected (Liévin) and did nothing (Harnes); the
    département of Pas-de-Calais adopted, covering them; Douai (Nord) did nothing in this campaign
    (it adopted in another one, which must not count)."""
    repo.add(_motion("commune", LENS, "Lens", "2023-09-27"))
    repo.add(_motion("commune", LIEVIN, "Liévin", "2023-10-16", "rejetee"))
    repo.add(_motion("departement", "62", "Pas-de-Calais", "2023-12-04"))
    repo.add(_motion("commune", DOUAI, "Douai", "2022-03-01", campaign=CAMPAIGN_2022))
    csv = tmp_path / "cibles.csv"
    csv.write_text(f"type,code\nepci,{EPCI}\ncommune,{LENS}\ncommune,{LIEVIN}\n"
                   f"commune,{HARNES}\ncommune,{DOUAI}\ndepartement,62\n", encoding="utf-8")
    result = repo.run("targets", "import", str(csv), "--campaign", CAMPAIGN)
    assert result.exit_code == 0, result.output
    return repo


def _rows(repo: RepoBuilder) -> dict[str, dict[str, Any]]:
    result = repo.run("targets", "--campaign", CAMPAIGN, "--format", "json")
    assert result.exit_code == 0, result.output
    return {f"{r['type']}:{r['code']}": r for r in json.loads(result.stdout)}


def test_statuses_are_derived_from_the_campaigns_motions(campaign_repo: RepoBuilder) -> None:
    rows = _rows(campaign_repo)
    assert {k: r["statut"] for k, r in rows.items()} == {
        f"epci:{EPCI}": "en_attente", f"commune:{LENS}": "adoptee",
        f"commune:{LIEVIN}": "rejetee", f"commune:{HARNES}": "en_attente",
        f"commune:{DOUAI}": "en_attente", "departement:62": "adoptee"}
    assert rows[f"commune:{LENS}"]["seance"] == "2023-09-27"
    assert rows[f"commune:{LIEVIN}"]["seance"] == "2023-10-16"


def test_a_council_covered_by_another_stays_pending_and_says_by_whom(
        campaign_repo: RepoBuilder) -> None:
    rows = _rows(campaign_repo)
    harnes = rows[f"commune:{HARNES}"]
    assert (harnes["statut"], harnes["couverture"]) == ("en_attente", "totale")
    assert harnes["couverte_par"] == [{"type": "departement", "code": "62", "nom": "Pas-de-Calais"}]
    epci = rows[f"epci:{EPCI}"]
    assert epci["couverture"] == "totale"
    assert epci["couverte_par"] == [{"type": "departement", "code": "62", "nom": "Pas-de-Calais"},
                                    {"type": "commune", "code": LENS, "nom": "Lens"}]
    # Douai adopted in another campaign only: nothing covers it in this one.
    assert (rows[f"commune:{DOUAI}"]["couverture"], rows[f"commune:{DOUAI}"]["couverte_par"]) \
        == (None, [])


def test_the_targets_figures_are_unions_of_territories(campaign_repo: RepoBuilder) -> None:
    ref = referential()
    pas_de_calais = set(ref.territory(ref.body("departement", "62")))  # type: ignore[arg-type]
    members = set(ref.territory(ref.body("epci", EPCI)))  # type: ignore[arg-type]
    assert {LENS, LIEVIN, HARNES} <= members <= pas_de_calais
    result = campaign_repo.run("stats", "--campaign", CAMPAIGN, "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["campagnes"][0]["cibles"]
    assert figures == {"total": 6, "adoptees": 2, "rejetees": 1, "en_attente": 3,
                       # the EPCI and its communes lie inside the département: counted once
                       "population": ref.population(pas_de_calais | {DOUAI}),
                       # covered: the département's adopted motion (Lens is inside it)
                       "population_couverte": ref.population(pas_de_calais)}


def test_stats_text_has_a_line_for_the_targets(campaign_repo: RepoBuilder) -> None:
    result = campaign_repo.run("stats", "--campaign", CAMPAIGN)
    assert "  Collectivités ciblées        6 : 2 adoptée(s), 1 rejetée(s), 3 en attente\n" \
        in result.stdout


def test_a_campaign_without_targets_has_no_targets_key(repo: RepoBuilder) -> None:
    result = repo.run("stats", "--format", "json")
    assert all("cibles" not in c for c in json.loads(result.stdout)["campagnes"])


def test_text_listing(campaign_repo: RepoBuilder) -> None:
    lines = campaign_repo.run("targets", "--campaign", CAMPAIGN).stdout.splitlines()
    assert lines[0].split() == ["Type", "Code", "Nom", "Statut", "Séance", "Couverture"]
    harnes = next(line for line in lines if HARNES in line)
    assert harnes.split("  ")[-1] == "couverte par Pas-de-Calais"
    assert "rejetée" in next(line for line in lines if LIEVIN in line)
    # Issue 26: the table ends with a total line, counted from the rows' statuses.
    rows = json.loads(campaign_repo.run("targets", "--campaign", CAMPAIGN, "--format",
                                        "json").stdout)
    statuses = [r["statut"] for r in rows]
    covered = sum(1 for r in rows if r["statut"] == "en_attente" and r["couverture"])
    assert lines[-1] == (f"Total : {len(rows)} collectivité(s) ciblée(s) : "
                         f"{statuses.count('adoptee')} adoptée(s), {statuses.count('rejetee')} "
                         f"rejetée(s), {statuses.count('en_attente')} en attente, dont {covered} "
                         "déjà couverte(s) au moins en partie par la motion d'une autre.")
    assert covered and len(rows) == len(lines) - 2


def test_import_writes_sorted_targets_and_again_changes_nothing(campaign_repo: RepoBuilder,
                                                               tmp_path: Path) -> None:
    path = campaign_repo.root / TARGETS
    before = path.read_bytes()
    assert before.decode("utf-8") == (
        "# yaml-language-server: $schema=../../schema/targets.schema.json\n"
        f"campagne: {CAMPAIGN}\ncibles:\n  commune:\n    \"{DOUAI}\": Douai\n"
        f"    \"{HARNES}\": Harnes\n    \"{LENS}\": Lens\n    \"{LIEVIN}\": Liévin\n"
        f"  epci:\n    \"{EPCI}\": CA de Lens - Liévin\n  departement:\n    \"62\": Pas-de-Calais\n")
    again = tmp_path / "again.csv"
    again.write_text(f"type;code\ncommune;{HARNES}\nepci;{EPCI}\n", encoding="utf-8")
    result = campaign_repo.run("targets", "import", str(again), "--campaign", CAMPAIGN)
    assert result.exit_code == 0
    assert "0 cible(s) ajoutée(s), 2 déjà déclarée(s)" in result.stderr
    assert path.read_bytes() == before
    assert campaign_repo.run("validate").exit_code == 0


def test_each_bad_row_is_named_and_the_good_ones_are_kept(repo: RepoBuilder,
                                                           tmp_path: Path) -> None:
    csv = tmp_path / "cibles.csv"
    csv.write_text("type,code,nom\n"
                   "commune,62498,Lens\n"
                   "commune,99999,\n"
                   "epci,62,\n"
                   "ville,62498,\n"
                   "commune,62498,Lens\n"
                   "commune,62510,Lens\n"
                   ",,\n"
                   "region,32,Hauts-de-France\n", encoding="utf-8")
    result = repo.run("targets", "import", str(csv), "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{csv}:3: commune de code « 99999 » inconnu(e) du référentiel officiel (COG 2026)",
        f"{csv}:4: le code « 62 » est celui d'un département (Pas-de-Calais), pas d'une "
        "intercommunalité : corrigez le type ou le code",
        f"{csv}:5: type « ville » inconnu : choisissez parmi {', '.join(TYPES)}",
        f"{csv}:6: doublon de la ligne 2 (Lens) : gardez une seule ligne",
        f"{csv}:7: le code « 62510 » est celui de « Liévin », pas de « Lens » : vérifiez le code "
        "ou le nom",
    ]
    text = (repo.root / TARGETS).read_text("utf-8")
    assert '"62498": Lens' in text and '"32": Hauts-de-France' in text and "62510" not in text


def test_an_old_commune_code_is_refused_with_todays(repo: RepoBuilder, tmp_path: Path) -> None:
    ref = referential()
    old, current = next((code, row[1]) for code, row in ref._former.items() if row[2] != "ancien-code"
                        and code not in ref._communes)
    csv = tmp_path / "c.csv"
    csv.write_text(f"type,code\ncommune,{old}\n", encoding="utf-8")
    result = repo.run("targets", "import", str(csv), "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert f"ciblez « {current} »" in result.stdout
    assert not (repo.root / TARGETS).exists()


def test_validate_checks_the_targets_file(repo: RepoBuilder) -> None:
    repo.write(TARGETS, "# yaml-language-server: $schema=../../schema/targets.schema.json\n"
               f"campagne: {CAMPAIGN_2022}\n"
               "cibles:\n"
               "  commune:\n"
               '    "62498": Lens\n'
               '    "99999": Nulle-Part\n'
               '    "62510": Lievin\n'
               "  epci:\n"
               '    "62": Pas-de-Calais\n'
               "  canton:\n"
               '    "6201": X\n')
    result = repo.run("validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{TARGETS}:2: campagne « {CAMPAIGN_2022} » dans le dossier « {CAMPAIGN} » : écrivez " \
           f"« campagne: {CAMPAIGN} »" in lines
    assert f"{TARGETS}:6: commune de code « 99999 » inconnu(e) du référentiel officiel (COG 2026)" \
        in lines
    assert f"{TARGETS}:7: avertissement : nom « Lievin » : le nom officiel s'écrit « Liévin »" \
        in lines
    assert any(line.startswith(f"{TARGETS}:9: « cibles.epci » (Intercommunalités) : « 62 » n'a "
                               "pas la forme attendue") for line in lines)
    assert any(line.startswith(f"{TARGETS}:10: champ inconnu « canton » dans « cibles »")
               for line in lines)


def test_validate_refuses_a_body_targeted_twice(repo: RepoBuilder) -> None:
    repo.write(TARGETS, "# yaml-language-server: $schema=../../schema/targets.schema.json\n"
               f"campagne: {CAMPAIGN}\ncibles:\n  commune:\n"
               '    "62498": Lens\n    "62498": Lens\n')
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{TARGETS}:6: clé « 62498 » en double (lignes 5 et 6) "
                                          ": gardez une seule ligne, YAML ne garderait que la "
                                          "dernière"]


def test_validate_refuses_an_old_code_beside_todays(repo: RepoBuilder) -> None:
    ref = referential()
    old, current = next((code, row[1]) for code, row in ref._former.items()
                        if row[2] == "commune-deleguee" and code not in ref._communes)
    name = ref.body("commune", current).nom  # type: ignore[union-attr]
    repo.write(TARGETS, "# yaml-language-server: $schema=../../schema/targets.schema.json\n"
               f"campagne: {CAMPAIGN}\ncibles:\n  commune:\n"
               f'    "{old}": X\n    "{current}": {name}\n')
    lines = repo.run("validate").stdout.splitlines()
    assert any(line.startswith(f"{TARGETS}:5: « {old} » est l'ancien code de ") and
               line.endswith(f": ciblez « {current} »") for line in lines)


def test_a_targets_file_outside_a_campaign_is_reported(repo: RepoBuilder) -> None:
    repo.write("motions/perdue/cibles.yml", "campagne: perdue\ncibles: {}\n")
    result = repo.run("validate")
    assert "motions/perdue/cibles.yml:1: pas de campagne.yml dans motions/perdue/ : les cibles " \
           "vont dans le dossier de leur campagne" in result.stdout


def test_a_council_that_no_longer_sits_is_refused_naming_the_one_that_does(
        repo: RepoBuilder, tmp_path: Path) -> None:
    csv = tmp_path / "c.csv"
    csv.write_text("type,code\ndepartement,75\narrondissement,75113\n", encoding="utf-8")
    result = repo.run("targets", "import", str(csv), "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{csv}:2: aucun conseil « Paris » (departement 75) ne siège "
                                    "depuis le 1er janvier 2019")
    assert "indiquez le type « commune » et le code « 75056 »" in result.stdout
    assert '"75113": Paris 13e Arrondissement' in (repo.root / TARGETS).read_text("utf-8")


def test_every_body_type_can_be_targeted() -> None:
    assert list(schema("targets")["properties"]["cibles"]["properties"]) == list(TYPES)


def test_suggest_prints_the_communes_of_a_territory(repo: RepoBuilder) -> None:
    ref = referential()
    result = repo.run("targets", "suggest", "--epci", EPCI)
    assert result.exit_code == 0
    members = sorted(ref.territory(ref.body("epci", EPCI)))  # type: ignore[arg-type]
    expected = ["type,code,nom"] + [f"commune,{c},{ref.body('commune', c).nom}"  # type: ignore[union-attr]
                                    for c in members]
    assert result.stdout.splitlines() == expected


def test_suggest_lists_the_epci_of_a_departement(repo: RepoBuilder) -> None:
    ref = referential()
    result = repo.run("targets", "suggest", "--departement", "62", "--niveau", "epci")
    codes = [line.split(",")[1] for line in result.stdout.splitlines()[1:]]
    wanted = sorted({siren for code, _, dep, siren in ref.communes_with_epci() if dep == "62"
                     and siren})
    assert codes == wanted and EPCI in codes


def test_suggest_refuses_an_unknown_territory(repo: RepoBuilder) -> None:
    result = repo.run("targets", "suggest", "--epci", "123")
    assert result.exit_code == 2
    assert "epci « 123 » inconnu(e) du référentiel officiel" in result.stderr
