"""Every council of France by the law (issue 13): arrondissements, the Ville de Paris, the Métropole
de Lyon and the Rhône, Corse, Martinique, Guyane, Mayotte, the collectivités d'outre-mer, the EPT.

Each figure is computed here from the referential's own data file; each verdict is a literal
motion and the message `petition validate` (or `import`) gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, ROOT, RepoBuilder, motion_data

RAW = json.loads((ROOT / "scripts/petition/data/referentiel.json").read_text("utf-8"))
COMMUNES: dict[str, list[Any]] = RAW["communes"]
ARRONDISSEMENTS: dict[str, list[Any]] = RAW["arrondissements"]
LYON_MEMBERS: list[str] = RAW["collectivites"]["200046977"][2]


def population(communes: set[str]) -> int:
    return sum(COMMUNES[c][4] for c in communes)


def adopted(body_type: str, code: str, name: str, date: str = "2023-10-10",
            **extra: Any) -> dict[str, Any]:
    """An adopted vœu with no counts (what most documents give)."""
    return motion_data(collectivite={"type": body_type, "code": code, "nom": name},
                       instance="Conseil", nature="voeu", seance={"date": date}, presences={},
                       vote={"resultat": "adoptee"}, **extra)


def totals(repo: RepoBuilder) -> dict[str, Any]:
    result = repo.run("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    total: dict[str, Any] = json.loads(result.stdout)["total"]
    return total


def validate(repo: RepoBuilder) -> tuple[int, list[str]]:
    result = repo.run("validate", "--format", "json")
    return result.exit_code, [p["message"] for p in json.loads(result.stdout)["problemes"]]


# --- arrondissements of Paris, Lyon, Marseille -------------------------------------------------
def test_paris_13e_covers_its_own_population(repo: RepoBuilder) -> None:
    repo.add(adopted("arrondissement", "75113", "Paris 13e Arrondissement"))
    assert validate(repo) == (0, [])
    total = totals(repo)
    assert ARRONDISSEMENTS["75113"][2] == 181271  # the figure, from the referential
    assert (total["population_couverte"], total["population_cumulee"]) == (181271, 181271)
    assert total["par_type"]["arrondissement"] == 1
    assert total["par_type"]["commune"] == 0
    assert total["communes_par_departement"] == {}  # an arrondissement is not a commune


def test_arrondissement_inside_covered_paris_adds_nothing(repo: RepoBuilder) -> None:
    repo.add(adopted("arrondissement", "75113", "Paris 13e Arrondissement"))
    repo.add(adopted("commune", "75056", "Paris"))
    total = totals(repo)
    paris = population({"75056"})
    assert paris == sum(row[2] for row in ARRONDISSEMENTS.values() if row[1] == "75056")
    assert total["population_couverte"] == paris
    assert total["population_cumulee"] == paris + ARRONDISSEMENTS["75113"][2]
    assert total["collectivites"] == 2


def test_paris_1st_to_4th_form_paris_centre_since_2020(repo: RepoBuilder) -> None:
    repo.add(adopted("arrondissement", "75102", "Paris 2e Arrondissement"))
    assert validate(repo) == (1, [
        "aucun conseil « Paris 2e Arrondissement » (arrondissement 75102) ne siège depuis le "
        "28 juin 2020 : regroupé avec les 1er, 2e, 3e et 4e arrondissements dans le secteur "
        "« Paris Centre » au renouvellement de 2020 (loi n° 2017-257 du 28 février 2017, art. 21)"
        " ; c'est le conseil d'arrondissement de Paris Centre (code 75101) qui délibère : "
        "indiquez le type « arrondissement » et le code « 75101 »"])


def test_paris_centre_covers_four_arrondissements(repo: RepoBuilder) -> None:
    repo.add(adopted("arrondissement", "75101", "Paris Centre"))
    assert validate(repo) == (0, [])
    assert totals(repo)["population_couverte"] == sum(
        ARRONDISSEMENTS[c][2] for c in ("75101", "75102", "75103", "75104"))


def test_paris_2e_before_2020_is_its_own_council(repo: RepoBuilder) -> None:
    repo.add(adopted("arrondissement", "75102", "Paris 2e Arrondissement", "2019-05-06",
                     campagne=CAMPAIGN_2022))
    code, found = validate(repo)
    assert code == 0 and all("ne siège" not in m for m in found)
    result = repo.run("stats", "--format", "json", "--campaign", CAMPAIGN_2022)
    assert json.loads(result.stdout)["total"]["population_couverte"] == ARRONDISSEMENTS["75102"][2]


def test_marseille_councils_sit_for_two_arrondissements(repo: RepoBuilder) -> None:
    repo.add(adopted("arrondissement", "13213", "Marseille 13e et 14e Arrondissements"))
    assert validate(repo) == (0, [])
    assert totals(repo)["population_couverte"] == ARRONDISSEMENTS["13213"][2] + \
        ARRONDISSEMENTS["13214"][2]


def test_marseille_second_arrondissement_of_a_sector_is_refused(repo: RepoBuilder) -> None:
    repo.add(adopted("arrondissement", "13214", "Marseille 14e Arrondissement"))
    assert validate(repo) == (1, [
        "aucun conseil « Marseille 14e Arrondissement » (arrondissement 13214) ne siège jamais : "
        "à Marseille, un seul conseil siège pour deux arrondissements (code électoral, article "
        "L261, tableau n° 3) ; c'est le conseil des 13e et 14e arrondissements (code 13213) qui "
        "délibère : indiquez le type « arrondissement » et le code « 13213 »"])


def test_arrondissement_code_is_not_a_commune(repo: RepoBuilder) -> None:
    repo.add(adopted("commune", "69383", "Lyon 3e Arrondissement"))
    assert validate(repo) == (1, [
        "le code « 69383 » est celui d'un(e) conseil d'arrondissement (Lyon 3e Arrondissement), "
        "pas d'un(e) commune : corrigez « type » ou « code »"])


# --- Métropole de Lyon and the Rhône -----------------------------------------------------------
def test_rhone_since_2015_excludes_the_metropole(repo: RepoBuilder) -> None:
    repo.add(adopted("departement", "69", "Rhône"))
    rhone = {c for c, row in COMMUNES.items() if row[1] == "69"} - set(LYON_MEMBERS)
    assert len(LYON_MEMBERS) == 58
    total = totals(repo)
    assert total["population_couverte"] == population(rhone)


def test_rhone_and_metropole_together_cover_the_whole_departement(repo: RepoBuilder) -> None:
    repo.add(adopted("departement", "69", "Rhône"))
    repo.add(adopted("collectivite", "200046977", "Métropole de Lyon"))
    assert validate(repo) == (0, [])
    whole = {c for c, row in COMMUNES.items() if row[1] == "69"}
    total = totals(repo)
    assert total["population_couverte"] == population(whole)
    assert total["population_cumulee"] == population(whole)  # the two territories are disjoint
    assert total["par_type"]["collectivite"] == 1
    assert total["par_type"]["epci"] == 0


def test_metropole_de_lyon_did_not_exist_before_2015(repo: RepoBuilder) -> None:
    repo.add(adopted("collectivite", "200046977", "Métropole de Lyon", "2014-11-20",
                     campagne=CAMPAIGN_2022))
    code, found = validate(repo)
    assert code == 1
    assert ("aucun conseil « Métropole de Lyon » (collectivite 200046977) ne siégeait le "
            "20 novembre 2014 : créée le 1er janvier 2015 (loi n° 2014-58 du 27 janvier 2014, "
            "art. 26 ; CGCT L3611-1) ; avant, la Communauté urbaine de Lyon délibérait (elle "
            "n'est plus dans le référentiel)") in found


def test_metropole_de_lyon_is_not_an_epci(repo: RepoBuilder) -> None:
    repo.add(adopted("epci", "200046977", "Métropole de Lyon"))
    assert validate(repo) == (1, [
        "le code « 200046977 » est celui d'un(e) collectivité à statut particulier (Métropole de "
        "Lyon), pas d'un(e) intercommunalité : corrigez « type » ou « code »"])


# --- bodies replaced by another --------------------------------------------------------------
@pytest.mark.parametrize(("body", "message"), [
    (("departement", "2A", "Corse-du-Sud"),
     "aucun conseil « Corse-du-Sud » (departement 2A) ne siège depuis le 1er janvier 2018 : "
     "remplacé par la Collectivité de Corse le 1er janvier 2018 (loi n° 2015-991 du 7 août 2015 "
     "(NOTRe), art. 30) ; c'est l'Assemblée de Corse (Collectivité de Corse, code 94) qui "
     "délibère : indiquez le type « region » et le code « 94 »"),
    (("departement", "972", "Martinique"),
     "aucun conseil « Martinique » (departement 972) ne siège depuis le 18 décembre 2015 : "
     "remplacé par la collectivité territoriale de Martinique (loi n° 2011-884 du 27 juillet "
     "2011, art. 21 : dès la première réunion de l'assemblée élue en décembre 2015, le "
     "18 décembre 2015) ; c'est l'Assemblée de Martinique (collectivité territoriale de "
     "Martinique, code 02) qui délibère : indiquez le type « region » et le code « 02 »"),
    (("departement", "75", "Paris"),
     "aucun conseil « Paris » (departement 75) ne siège depuis le 1er janvier 2019 : remplacé par "
     "la Ville de Paris le 1er janvier 2019 (loi n° 2017-257 du 28 février 2017, art. 1er) ; "
     "c'est le Conseil de Paris (Ville de Paris, commune 75056) qui délibère : indiquez le type "
     "« commune » et le code « 75056 »"),
    (("region", "06", "Mayotte"),
     "aucun conseil « Mayotte » (region 06) ne siège jamais : Mayotte n'a pas de conseil "
     "régional : le Département de Mayotte exerce les compétences d'une région (loi n° 2010-1487 "
     "du 7 décembre 2010) ; c'est le conseil départemental de Mayotte (département 976) qui "
     "délibère : indiquez le type « departement » et le code « 976 »"),
    (("departement", "68", "Haut-Rhin"),
     "aucun conseil « Haut-Rhin » (departement 68) ne siège depuis le 1er janvier 2021 : remplacé "
     "par la Collectivité européenne d'Alsace le 1er janvier 2021 (loi n° 2019-816 du 2 août "
     "2019) ; c'est le conseil de la Collectivité européenne d'Alsace (code 6AE) qui délibère : "
     "indiquez le type « departement » et le code « 6AE »"),
])
def test_council_that_no_longer_sits_is_refused(repo: RepoBuilder, body: tuple[str, str, str],
                                                message: str) -> None:
    repo.add(adopted(*body, date="2023-03-15"))
    assert validate(repo) == (1, [message])


def test_corse_du_sud_before_2018_is_accepted(repo: RepoBuilder) -> None:
    repo.add(adopted("departement", "2A", "Corse-du-Sud", "2017-06-12", campagne=CAMPAIGN_2022))
    code, found = validate(repo)
    assert code == 0 and all("ne siège" not in m for m in found)


@pytest.mark.parametrize(("code", "names"), [
    ("94", ("Collectivité de Corse", "Corse")),
    ("02", ("Collectivité territoriale de Martinique", "Martinique")),
    ("03", ("Collectivité territoriale de Guyane", "Guyane")),
])
def test_collectivites_uniques_sit_under_their_region_code(repo: RepoBuilder, code: str,
                                                           names: tuple[str, ...]) -> None:
    for index, name in enumerate(names):
        repo.add(adopted("region", code, name, f"2023-10-1{index}"))
    assert validate(repo) == (0, [])
    total = totals(repo)
    assert total["collectivites"] == 1  # two names, one body
    assert total["population_couverte"] == population(
        {c for c, row in COMMUNES.items() if row[2] == code})


def test_alsace_covers_bas_rhin_and_haut_rhin(repo: RepoBuilder) -> None:
    repo.add(adopted("departement", "6AE", "Collectivité européenne d'Alsace"))
    assert validate(repo) == (0, [])
    assert totals(repo)["population_couverte"] == population(
        {c for c, row in COMMUNES.items() if row[1] in ("67", "68")})


def test_mayotte_departement_covers_mayotte(repo: RepoBuilder) -> None:
    repo.add(adopted("departement", "976", "Mayotte"))
    assert validate(repo) == (0, [])
    total = totals(repo)
    assert total["population_couverte"] == population(
        {c for c, row in COMMUNES.items() if row[1] == "976"})
    assert total["par_type"]["departement"] == 1


# --- collectivités d'outre-mer are not régions -------------------------------------------------
@pytest.mark.parametrize("code", ["975", "977", "978", "984", "986", "987", "988", "989"])
def test_com_codes_are_not_regions(repo: RepoBuilder, code: str) -> None:
    name = RAW["com"][code]
    repo.add(adopted("region", code, name))
    assert validate(repo) == (1, [
        f"le code « {code} » est celui d'un(e) collectivité d'outre-mer ({name}), pas d'un(e) "
        "région : corrigez « type » ou « code »"])


def test_com_counts_as_a_com(repo: RepoBuilder) -> None:
    repo.add(adopted("com", "987", "Polynésie française"))
    assert validate(repo) == (0, [])
    total = totals(repo)
    assert (total["par_type"]["com"], total["par_type"]["region"]) == (1, 0)
    assert total["population_couverte"] == population(
        {c for c, row in COMMUNES.items() if row[1] == "987"})


def test_saint_barthelemy_has_no_commune(repo: RepoBuilder) -> None:
    repo.add(adopted("commune", "97701", "Saint-Barthélemy"))
    assert validate(repo) == (1, [
        "aucun conseil « Saint-Barthélemy » (commune 97701) ne siège jamais : Saint-Barthélemy "
        "n'a pas de commune (loi organique n° 2007-223 du 21 février 2007) ; c'est le conseil "
        "territorial de Saint-Barthélemy (code 977) qui délibère : indiquez le type « com » et le "
        "code « 977 »"])


# --- établissements publics territoriaux --------------------------------------------------------
def test_ept_counts_its_members(repo: RepoBuilder) -> None:
    members = RAW["ept"]["200057867"][2]
    repo.add(adopted("ept", "200057867", "Plaine Commune"))
    assert validate(repo) == (0, [])
    total = totals(repo)
    assert total["population_couverte"] == population(set(members))
    assert total["par_type"]["ept"] == 1


def test_ept_did_not_exist_before_2016(repo: RepoBuilder) -> None:
    repo.add(adopted("ept", "200057867", "Plaine Commune", "2015-06-01", campagne=CAMPAIGN_2022))
    code, found = validate(repo)
    assert code == 1
    assert ("aucun conseil « Plaine Commune » (ept 200057867) ne siégeait le 1er juin 2015 : les "
            "établissements publics territoriaux du Grand Paris existent depuis le 1er janvier "
            "2016 (loi n° 2015-991 du 7 août 2015, art. 59) ; avant, les communes et les "
            "intercommunalités d'alors délibéraient") in found


# --- the same rules in `petition import` -------------------------------------------------------
def test_import_applies_the_same_rules(repo: RepoBuilder, tmp_path: Path) -> None:
    csv_file = tmp_path / "lignes.csv"
    csv_file.write_text(
        "type,code,nom,date,nature,objet,effectif,presents,pouvoirs,pour,contre,abstentions,"
        "resultat,url\n"
        "arrondissement,75113,Paris 13e Arrondissement,2023-10-02,voeu,Vœu pour les bibliothèques,,,,,,,"
        "adoptee,\n"
        "departement,2B,Haute-Corse,2023-10-03,motion,Motion pour les bibliothèques,,,,,,,adoptee,\n",
        encoding="utf-8")
    result = repo.run("import", str(csv_file), "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert (repo.root / f"motions/{CAMPAIGN}/"
            "arrondissement-75113-paris-13e-arrondissement-2023-10-02.yml").is_file()
    assert (f"{csv_file}:3: colonne « code » : aucun conseil « Haute-Corse » (departement 2B) ne "
            "siège depuis le 1er janvier 2018") in result.output
