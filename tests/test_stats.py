"""`petition stats`: figures checked against numbers computed here from the referential's own
data file (population counted once across an EPCI, its commune, a département and a region),
the fixture repository, and the text, JSON and CSV outputs."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, ROOT, RepoBuilder, fixture_campaign
from petition.core.model import Motion
from petition.core.repository import load_repository
from petition.figures.stats import all_figures
from petition.figures.statsformat import french_date

RAW = json.loads((ROOT / "scripts/petition/data/referentiel.json").read_text("utf-8"))
COMMUNES: dict[str, list[Any]] = RAW["communes"]
EPCI_MEMBERS: list[str] = RAW["epci"]["246200364"][2]
HISTORY = json.loads((ROOT / "scripts/petition/data/historique.json").read_text("utf-8"))
VINTAGE = HISTORY["versions"][HISTORY["referentiel"]]["population"]  # the referential's census


def par_type(**counts: int) -> dict[str, int]:
    """The contract's four types, then the special councils' types (none of them here)."""
    types = ("commune", "arrondissement", "epci", "ept", "collectivite", "departement", "region",
             "com")
    return {t: counts.get(t, 0) for t in types}


def population(codes: set[str]) -> int:
    return sum(COMMUNES[c][4] or 0 for c in codes)


LENS = {"62498"}
CALL = set(EPCI_MEMBERS)  # CA de Lens - Liévin
PAS_DE_CALAIS = {c for c, row in COMMUNES.items() if row[1] == "62"}
HAUTS_DE_FRANCE = {c for c, row in COMMUNES.items() if row[2] == "32"}


def motion(campaign: str, body_type: str, code: str, name: str, date: str,
           vote: dict[str, Any]) -> dict[str, Any]:
    return {"campagne": campaign, "collectivite": {"type": body_type, "code": code, "nom": name},
            "nature": "motion", "objet": "Motion pour les bibliothèques de proximité",
            "seance": {"date": date}, "vote": vote}


@pytest.fixture
def figures_repo(repo: RepoBuilder) -> RepoBuilder:
    adopted = {"resultat": "adoptee"}
    for data in (
        motion(CAMPAIGN, "commune", "62498", "Lens", "2023-09-27",
               {"resultat": "adoptee", "pour": 37, "contre": 0}),
        motion(CAMPAIGN, "commune", "62498", "Lens", "2023-11-15",
               {"resultat": "adoptee", "pour": 30}),
        motion(CAMPAIGN, "epci", "246200364", "CA de Lens - Liévin", "2023-10-02",
               {"resultat": "adoptee", "pour": 50, "contre": 2}),
        motion(CAMPAIGN, "departement", "62", "Pas-de-Calais", "2023-10-10", adopted),
        motion(CAMPAIGN, "commune", "62510", "Liévin", "2023-10-05",
               {"resultat": "rejetee", "pour": 10, "contre": 20}),
        motion(CAMPAIGN_2022, "region", "32", "Hauts-de-France", "2022-06-23", adopted),
        motion(CAMPAIGN_2022, "commune", "62498", "Lens", "2022-05-01",
               {"resultat": "adoptee", "pour": 35}),
    ):
        repo.add(data)
    # A goal exists only when the coordinators set one: this fixture's coordinators did.
    campaign = repo.root / f"motions/{CAMPAIGN}/campagne.yml"
    campaign.write_text(campaign.read_text("utf-8") + "objectif: 200\n", "utf-8")
    return repo


def test_figures_match_hand_computed_numbers(figures_repo: RepoBuilder) -> None:
    result = figures_repo.run("stats", "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    by_id = {c["id"]: c for c in figures["campagnes"]}
    assert list(by_id) == [CAMPAIGN_2022, CAMPAIGN]
    contract_keys = ["motions", "collectivites", "par_type", "population_couverte",
                     "population_cumulee", "voix_pour", "communes_par_departement"]

    c2023 = by_id[CAMPAIGN]
    assert {k: c2023[k] for k in contract_keys} == {
        "motions": 5,  # the rejected motion of Liévin counts here only
        "collectivites": 3,  # Lens (twice), the EPCI, the département
        "par_type": par_type(commune=1, epci=1, departement=1, region=0),
        "population_couverte": population(LENS | CALL | PAS_DE_CALAIS),
        "population_cumulee": population(LENS) + population(CALL) + population(PAS_DE_CALAIS),
        "voix_pour": 37 + 30 + 50,
        "communes_par_departement": {"62": 1},
    }
    assert c2023["population_couverte"] == population(PAS_DE_CALAIS)  # Lens and the EPCI are in 62
    assert (c2023["objectif"], c2023["progression_pourcent"]) == (200, 1.5)
    # The département's count is unknown: summed over the 3 adopted motions that give one.
    assert (c2023["motions_adoptees"], c2023["voix_pour_connues"]) == (4, 3)

    c2022 = by_id[CAMPAIGN_2022]
    assert {k: c2022[k] for k in contract_keys} == {
        "motions": 2, "collectivites": 2,
        "par_type": par_type(commune=1, epci=0, departement=0, region=1),
        "population_couverte": population(HAUTS_DE_FRANCE),
        "population_cumulee": population(HAUTS_DE_FRANCE) + population(LENS),
        "voix_pour": 35, "communes_par_departement": {"62": 1},
    }

    total = figures["total"]
    assert {k: total[k] for k in contract_keys} == {
        "motions": 7,
        "collectivites": 4,  # Lens counts once across both campaigns
        "par_type": par_type(commune=1, epci=1, departement=1, region=1),
        "population_couverte": population(HAUTS_DE_FRANCE),
        "population_cumulee": population(LENS) + population(CALL) + population(PAS_DE_CALAIS)
        + population(HAUTS_DE_FRANCE),
        "voix_pour": 37 + 30 + 50 + 35,
        "communes_par_departement": {"62": 1},
    }


def test_one_campaign(figures_repo: RepoBuilder) -> None:
    result = figures_repo.run("stats", "--format", "json", "--campaign", CAMPAIGN_2022)
    figures = json.loads(result.stdout)
    assert [c["id"] for c in figures["campagnes"]] == [CAMPAIGN_2022]
    assert figures["total"]["collectivites"] == 2
    assert figures["total"]["population_couverte"] == population(HAUTS_DE_FRANCE)


def test_unknown_campaign_is_a_usage_error(figures_repo: RepoBuilder) -> None:
    result = figures_repo.run("stats", "--campaign", "autre-1999")
    assert result.exit_code == 2
    assert f"campagne « autre-1999 » inconnue (campagnes : {CAMPAIGN_2022}, {CAMPAIGN})" \
        in result.stderr


def test_sample_repository(sample_repo: RepoBuilder) -> None:
    """The fixture tree: Lens and Hauts-de-France, the region's population covered."""
    result = sample_repo.run("stats", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    total = json.loads(result.stdout)["total"]
    assert total["collectivites"] == 2
    assert total["par_type"] == par_type(commune=1, epci=0, departement=0, region=1)
    assert total["population_couverte"] == population(HAUTS_DE_FRANCE)
    assert total["population_cumulee"] == population(HAUTS_DE_FRANCE) + population(LENS)
    # Lens says « à l'unanimité » and the Région « VŒU ADOPTÉ »: no count of votes for is known.
    assert (total["voix_pour"], total["voix_pour_connues"]) == (None, 0)
    # No source sets a goal for either campaign.
    assert [c["objectif"] for c in json.loads(result.stdout)["campagnes"]] == [None, None]


def n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def test_text_table_in_french(sample_repo: RepoBuilder) -> None:
    result = sample_repo.run("stats", "--campaign", CAMPAIGN)
    assert result.exit_code == 0
    lens = population(LENS)
    block = [
        "  Motions enregistrées         1",
        "  Motions adoptées             1",
        "  Collectivités                1",
        "    dont communes              1",
        "    dont intercommunalités     0",
        "    dont départements          0",
        "    dont régions               0",
        f"  Population couverte          {n(lens)}",
        f"  Population cumulée           {n(lens)}",
        "  Voix pour                    non connues",
        "  Séances                      27 septembre 2023",
        "  Dernier envoi                aucune lettre envoyée enregistrée",
        "  Communes par département     62 Pas-de-Calais : 1",
        "  Collectivités par région     32 Hauts-de-France : 1",
        "  Adoptions par mois           septembre 2023 : 1",
    ]
    title = f"Campagne {CAMPAIGN} — {fixture_campaign(CAMPAIGN)['titre']}"
    total = "Total (1 campagne, chaque collectivité comptée une fois)"
    vintage = ("Populations : population municipale INSEE, millésime 2023 en vigueur au "
               "1er janvier 2026 (référentiel COG 2026).")
    block_total = [line for line in block if "Dernier envoi" not in line]  # no letters of its own
    assert result.stdout.splitlines() == [title, *block, "", total, *block_total, "", vintage]


def test_csv_one_row_per_figure(sample_repo: RepoBuilder) -> None:
    result = sample_repo.run("stats", "--format", "csv", "--campaign", CAMPAIGN_2022)
    rows = result.stdout.splitlines()
    region = population(HAUTS_DE_FRANCE)
    assert rows[:4] == ["campagne,indicateur,cle,valeur", f"{CAMPAIGN_2022},motions,,1",
                        f"{CAMPAIGN_2022},collectivites,,1", f"{CAMPAIGN_2022},par_type,commune,0"]
    assert f"{CAMPAIGN_2022},population_couverte,,{region}" in rows
    assert "TOTAL,par_type,region,1" in rows
    assert "TOTAL,adoptions_par_mois,2022-06,1" in rows
    assert f"{CAMPAIGN_2022},objectif,," in rows


def test_files_in_error_are_left_out_with_exit_1(sample_repo: RepoBuilder) -> None:
    sample_repo.write(f"motions/{CAMPAIGN}/commune-62510-lievin-2023-10-01.yml", "a: [\n")
    result = sample_repo.run("stats", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["total"]["collectivites"] == 2
    assert result.stderr == ("1 fichier(s) en erreur laissé(s) de côté : lancez « petition "
                             "validate »\n")


def test_no_motion_at_all(repo: RepoBuilder) -> None:
    result = repo.run("stats", "--format", "json")
    assert json.loads(result.stdout)["total"] == {
        "motions": 0, "collectivites": 0,
        "par_type": par_type(commune=0, epci=0, departement=0, region=0),
        "population_couverte": 0, "population_cumulee": 0, "population_millesime": VINTAGE,
        "voix_pour": None, "populations_autres_millesimes": [],
        "communes_par_departement": {}, "motions_adoptees": 0, "collectivites_par_region": {},
        "adoptions_par_mois": {}, "premiere_seance": None, "derniere_seance": None,
        "voix_pour_connues": 0,
    }
    assert repo.run("stats").exit_code == 0


def test_first_of_the_month_is_1er() -> None:
    assert french_date("2023-09-01") == "1er septembre 2023"
    assert french_date("2023-09-27") == "27 septembre 2023"


def test_bodies_found_by_the_checks_give_the_referentials_figures(figures_repo: RepoBuilder) -> None:
    """The cache keeps each valid adopted motion's body (found once by the checks): the figures
    are those of the referential asked again for every motion."""
    loaded = load_repository(figures_repo.root, today=dt.date(2026, 11, 22))
    motions = loaded.valid_motions()
    kept = [m for m in motions if m.session_body is not None]
    assert len(kept) == sum(1 for m in motions if m.adopted) >= 5
    asked = [Motion(m.path, m.data, m.lines) for m in motions]
    assert all(m.session_body is None for m in asked)
    assert all_figures(loaded.campaigns, motions) == all_figures(loaded.campaigns, asked)
    for m in kept:
        m.session_body = ()  # a body the referential did not know: the motion counts for none
    assert all_figures(loaded.campaigns, motions)["total"]["collectivites"] == 0
