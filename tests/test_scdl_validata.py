"""`petition export --format scdl` against the official SCDL « Délibérations » 2.1.5 schema, with
validata-core, the validator of the national portal: its custom checks (SIRET, vote sums,
cohesive vote columns, ACTES matter names, date order) run, and a file broken in each of those ways
is refused by the very same call, so a pass means something."""

from __future__ import annotations

import csv
import importlib
import io
import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, RepoBuilder, motion_data
from petition.exchange.csvformats import SCDL_COLUMNS

pytestmark = pytest.mark.filterwarnings(
    'ignore:Function "validate_resource" is deprecated:UserWarning')

SCHEMA = json.loads((ROOT / "tests/data/scdl/deliberations-2.1.5.schema.json").read_text("utf-8"))
LENS_SIRET, LIEVIN_SIRET, CALL_SIRET, HENIN_SIRET = (
    "21620498200013", "21620510400005", "24620036400007", "21620427100003")


def report(path: Path) -> dict[str, Any]:
    with warnings.catch_warnings():
        # frictionless 4 imports `stringcase`, whose source has an invalid escape (a warning
        # when first compiled: DeprecationWarning in Python 3.11, SyntaxWarning later)
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        validata = importlib.import_module("validata_core")
    result: dict[str, Any] = validata.validate(str(path), SCHEMA)
    return result


def errors(path: Path) -> list[tuple[str, int, str]]:
    """(error code, row, column) of every error validata reports."""
    found = report(path)
    return sorted((e["code"], e.get("rowPosition") or 0, e.get("fieldName") or "")
                  for task in found["tasks"] for e in task["errors"])


@pytest.fixture
def scdl_repo(repo: RepoBuilder) -> RepoBuilder:
    """Motions that exercise every SCDL column: full counts, partial counts, members not taking
    part in the vote, a transmission date, an objet with commas, quotes and a line break, a
    rejected motion, a body without SIRET, a deliberation whose ACTES matter is unknown, and a
    motion whose document gives no number for the act (DELIB_ID is never made up)."""
    lens = motion_data(collectivite={"type": "commune", "code": "62498", "nom": "Lens",
                                     "siret": LENS_SIRET},
                       matiere="9.4", prefecture="PREF062", identifiant="DEL-2023-112",
                       dates={"transmission": "2023-09-29"},
                       sources=[{"url": "https://www.example.fr/lens.pdf"}])
    henin = motion_data(collectivite={"type": "commune", "code": "62427",
                                      "nom": "Hénin-Beaumont", "siret": HENIN_SIRET},
                        objet='Vœu « Lire partout », "livres", et accès à la culture',
                        nature="voeu", seance={"date": "2023-10-02"}, identifiant="2023-45",
                        presences={"effectif": 35, "presents": 30, "pouvoirs": 3},
                        vote={"resultat": "adoptee", "pour": 25, "contre": 3, "abstentions": 2,
                              "sans_participation": 3})
    call = motion_data(collectivite={"type": "epci", "code": "246200364",
                                     "nom": "CA de Lens - Liévin", "siret": CALL_SIRET},
                       seance={"date": "2023-10-03"}, presences={"effectif": 60},
                       identifiant="C2023-77",
                       vote={"resultat": "adoptee", "votants": 50, "pour": 48, "contre": 2})
    lievin = motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin",
                                       "siret": LIEVIN_SIRET},
                         seance={"date": "2023-10-05"}, presences={},
                         vote={"resultat": "rejetee", "pour": 10, "contre": 20})
    bethune = motion_data(collectivite={"type": "commune", "code": "62119", "nom": "Béthune"},
                          seance={"date": "2023-10-06"})
    wimereux = motion_data(collectivite={"type": "commune", "code": "62893", "nom": "Wimereux",
                                         "siret": "21620893400002"},
                           nature="deliberation", seance={"date": "2023-10-07"})
    lens_again = motion_data(collectivite={"type": "commune", "code": "62498", "nom": "Lens",
                                           "siret": LENS_SIRET}, seance={"date": "2023-12-11"})
    for data in (lens, henin, call, lievin, bethune, wimereux, lens_again):
        repo.add(data)
    assert repo.run("validate").exit_code == 0
    return repo


def exported(repo: RepoBuilder, target: Path) -> list[dict[str, str]]:
    result = repo.run("export", "--format", "scdl", "-o", str(target))
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(target.read_text("utf-8"), newline="")))


def rewrite(source: Path, target: Path, change: dict[str, str], row: int = 0) -> Path:
    """A copy of an SCDL file with some cells of one data row changed."""
    rows = list(csv.DictReader(io.StringIO(source.read_text("utf-8"), newline="")))
    rows[row].update(change)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SCDL_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    target.write_text(out.getvalue(), "utf-8")
    return target


def test_export_passes_the_official_schema_with_its_custom_checks(scdl_repo: RepoBuilder,
                                                                  tmp_path: Path) -> None:
    target = tmp_path / "deliberations.csv"
    rows = exported(scdl_repo, target)
    assert [r["COLL_NOM"] for r in rows] == ["Hénin-Beaumont", "Lens", "CA de Lens - Liévin"]
    found = report(target)
    assert [e for task in found["tasks"] for e in task["errors"]] == []
    assert [w for task in found["tasks"] for w in task["structure_warnings"]] == []
    assert found["valid"] is True
    henin = rows[0]
    # members not taking part are not « votants réels »: VOTE_REEL = pour + contre + abstention
    assert [henin[c] for c in SCDL_COLUMNS[11:16]] == ["35", "30", "25", "3", "2"]
    assert henin["DELIB_OBJET"] == 'Vœu « Lire partout », "livres", et accès à la culture'


# Data rows of the export: 0 Hénin-Beaumont, 1 Lens (file lines 2 and 3).
@pytest.mark.parametrize(("row", "change", "expected"), [
    (1, {"COLL_SIRET": "21620498200014"}, [("french-siret-value", 3, "COLL_SIRET")]),
    (1, {"COLL_SIRET": ""}, [("constraint-error", 3, "COLL_SIRET")]),
    # présents + pouvoirs (the old definition) is not the sum of the counts here
    (0, {"VOTE_REEL": "33"}, [("sum-columns-value", 2, "VOTE_REEL")]),
    (1, {"VOTE_REEL": "", "VOTE_POUR": "", "VOTE_CONTRE": "", "VOTE_ABSTENTION": ""},
     [("cohesive-columns-value", 3, "VOTE_EFFECTIF")]),
    (1, {"DELIB_MATIERE_NOM": "Vœux et motions"},
     [("nomenclature-actes-value", 3, "DELIB_MATIERE_NOM")]),
    (1, {"PREF_DATE": "2023-09-20"}, [("compare-columns-value", 3, "PREF_DATE")]),
])
def test_a_broken_file_is_refused(scdl_repo: RepoBuilder, tmp_path: Path, row: int,
                                  change: dict[str, str],
                                  expected: list[tuple[str, int, str]]) -> None:
    """The validation above can fail: the same call refuses each way of breaking the file."""
    good = tmp_path / "deliberations.csv"
    exported(scdl_repo, good)
    assert errors(rewrite(good, tmp_path / "casse.csv", change, row)) == expected


def test_the_sample_repository_export_is_valid(sample_repo: RepoBuilder, tmp_path: Path) -> None:
    """The fixture motions have no SIRET: the file holds the header only, and says why."""
    target = tmp_path / "deliberations.csv"
    assert exported(sample_repo, target) == []
    assert target.read_bytes() == (",".join(SCDL_COLUMNS) + "\r\n").encode()
    assert report(target)["valid"] is True


def test_donnees_page_says_what_the_file_holds_and_why_not_the_others(
        scdl_repo: RepoBuilder) -> None:
    from petition.core.repository import load_repository
    from petition.site.context import Settings
    from petition.site.pages import generate

    settings = Settings(site_name="Motions", site_url="https://exemple.fr/motions/")
    page = generate(load_repository(scdl_repo.root), settings)["donnees.md"]
    assert isinstance(page, str)
    section = page[page.index("## Le fichier SCDL"):]
    nbsp = "\u00a0"
    assert section.split("\n\n")[1:5] == [
        f"Le fichier au format national des délibérations contient 3{nbsp}délibérations : ce "
        "format ne décrit que les délibérations adoptées, et chacune y est identifiée par le "
        "SIRET de la collectivité et par le numéro que le conseil a donné à l'acte (DELIB_ID), "
        "tous deux obligatoires ; un numéro que le document ne donne pas n'est jamais inventé.",
        f"3{nbsp}motions adoptées n'y figurent pas :",
        "- 1 sans SIRET connu : le dépôt ne l'a pas encore (il se recopie depuis "
        "annuaire-entreprises.data.gouv.fr, ou la commande `petition siret` le cherche pour un "
        "conseil dont le SIREN est connu : commune, intercommunalité, département, région).\n"
        "- 1 sans numéro de l'acte connu : le document ne le donne pas, ou il n'a pas encore été "
        "recopié dans le fichier de la motion (« identifiant »).\n"
        "- 1 dont la matière ACTES n'est pas celle des vœux et motions (9.4) ou n'est pas "
        "indiquée : son intitulé officiel n'est pas repris ici.",
        "Elles sont toutes dans les fichiers JSON et CSV.",
    ]
    assert f"1{nbsp}motion rejetée n'y figure pas non plus." in section
