"""The corpus of `petition discover`'s tests (tests/data/discover/sources) and what it must give:
the repository it is searched for, the candidates and the problems, computed from the referential."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from conftest import CAMPAIGN, CAMPAIGN_2022, RepoBuilder, motion_data
from petition.core.referential import TYPE_LABELS, referential

CORPUS = Path(__file__).parent / "data" / "discover" / "sources"
FILES = ("agglo-lens-lievin.csv", "gip-actes.csv", "ville-lievin.csv", "ville-lille.csv")
KEYWORDS = ["Marévie", "CARMA", "caisse des marais salants"]
REF = referential()


def set_keywords(repo: RepoBuilder, campaign: str, words: list[str] | None) -> None:
    """Give `campaign` these expressions (None: none at all), whatever its file held."""
    path = repo.root / "motions" / campaign / "campagne.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data.pop("mots_cles", None)
    if words is not None:
        data["mots_cles"] = words
    path.write_text("# yaml-language-server: $schema=../../schema/campaign.schema.json\n"
                    + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture(name="searched")
def searched_fixture(repo: RepoBuilder) -> RepoBuilder:
    """The repository the corpus is searched for: CAMPAIGN declares the corpus' expressions and
    already holds the motion of Lens of 27 September 2023; CAMPAIGN_2022 declares none."""
    set_keywords(repo, CAMPAIGN, KEYWORDS)
    set_keywords(repo, CAMPAIGN_2022, None)
    repo.add(motion_data(campagne=CAMPAIGN,
                         collectivite={"type": "commune", "code": "62498", "nom": "Lens"},
                         seance={"date": "2023-09-27"}))
    return repo


def body(kind: str, code: str) -> str:
    found = REF.body(kind, code)
    assert found is not None
    return f"{found.nom} ({TYPE_LABELS[kind]} {code})"


def expected_lines(name: dict[str, str]) -> list[str]:
    """The candidates of the corpus, in the order the sources are read; `name` gives each file's
    name as shown (its path or its address)."""
    return [
        f"{name['agglo-lens-lievin.csv']}:3: 2023-12-05, {body('epci', '246200364')} : « VŒU POUR LA "
        "CAISSE-DES-MARAIS-SALANTS ET SON OFFRE DE SOINS » (mot-clé « caisse des marais salants »)",
        f"{name['gip-actes.csv']}:2: 2023-10-12, {body('commune', '62510')} : « Motion de soutien au "
        "réseau de santé Marévie (réseau régional) » (mot-clé « Marévie »)",
        f"{name['gip-actes.csv']}:3: 2023-03-30, {body('commune', '57463')} : « Motion : CARMA, "
        "Marévie et l'avenir des centres de santé » (mot-clé « CARMA »)",
        f"{name['ville-lievin.csv']}:6: 2023-11-16, {body('commune', '62510')} : « Vœu relatif à "
        "l'accès aux soins dans le bassin » (mot-clé « CARMA »)",
        f"{name['ville-lille.csv']}:2: 2023-04-07, {body('commune', '59350')} : « Motion de "
        "soutien à Marévie » (mot-clé « Marévie »)",
    ]


def expected_problems(name: dict[str, str]) -> list[str]:
    return [
        f"{name['agglo-lens-lievin.csv']}:5: 6 cellules au lieu de 17 : vérifiez le séparateur et "
        "les guillemets de cette ligne",
        f"{name['ville-lievin.csv']}:3: avertissement : même délibération que "
        f"{name['gip-actes.csv']}:2 (même collectivité, même date de séance) : laissée de côté "
        f"pour {CAMPAIGN}",
        f"{name['ville-lille.csv']}:4: guillemet ouvert ligne 3 et jamais fermé : fermez-le, ou "
        "doublez les guillemets qui font partie du texte",
    ]


SUMMARY = (f"5 délibération(s) candidate(s) pour {CAMPAIGN} : 4 fichier(s) SCDL lu(s), 13 "
           "délibération(s) ; 1 déjà dans le dépôt, 0 déjà écartée(s), 1 en double, 0 laissée(s) "
           "de côté (cellule dangereuse).")


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
