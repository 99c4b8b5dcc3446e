"""The SCDL file says only what the motions' documents say (domain.md, SCDL section): DELIB_ID is
the council's own number for the act, never made from a file name (a motion without one is left
out and counted, as one without a SIRET), and the ACTES matter is 9.4 only for a motion or a vœu;
a « délibération » has the matter its document gives, never assumed. The number is read from an
SCDL import, asked by `petition new` and by the issue form."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CAMPAIGN, RepoBuilder, motion_data
from petition.core.model import motion_filename
from petition.exchange.csvformats import SCDL_COLUMNS

LENS_SIRET = "21620498200013"
LENS = {"type": "commune", "code": "62498", "nom": "Lens", "siret": LENS_SIRET}
LENS_FILE = f"motions/{CAMPAIGN}/{motion_filename('commune', '62498', 'Lens', '2023-09-27')}"
SUMMARY = ("{kept} délibération(s) dans le fichier SCDL, {left} motion(s) adoptée(s) laissée(s) "
           "de côté{why}, 0 motion(s) rejetée(s) (le format ne décrit que les délibérations "
           "adoptées).")


def scdl_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_delib_id_is_the_acts_own_number(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite=LENS, identifiant="2023-118"))
    result = repo.run("export", "--format", "scdl")
    assert result.exit_code == 0
    [row] = scdl_rows(result.stdout)
    assert row["DELIB_ID"] == "2023-118"
    assert result.stderr == SUMMARY.format(kept=1, left=0, why="") + "\n"


def test_a_motion_without_its_number_is_left_out_and_counted(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite=LENS))
    result = repo.run("export", "--format", "scdl")
    assert result.exit_code == 0  # a warning, not an error
    assert scdl_rows(result.stdout) == []
    assert result.stderr.splitlines() == [
        f"{LENS_FILE}:3: avertissement : pas de numéro de l'acte (« identifiant », par exemple "
        "« 2023-118 ») : motion laissée hors du fichier SCDL, où DELIB_ID est le numéro que le "
        "conseil a donné à l'acte, jamais inventé ; recopiez-le du document s'il y figure",
        SUMMARY.format(kept=0, left=1, why=" (1 sans numéro de l'acte)")]
    # The other exports hold it all the same, without a number.
    record = json.loads(repo.run("export", "--format", "json").stdout)["motions"][0]
    assert "identifiant" not in record


@pytest.mark.parametrize(("nature", "matter", "expected"), [
    ("motion", None, "9.4"),  # a motion is a « vœu ou motion » by definition
    ("voeu", None, "9.4"),
    ("deliberation", "9.4", "9.4"),  # as its document gives it
    ("deliberation", None, None),  # never assumed
    ("deliberation", "7.1", None),  # a matter whose official name is not known here
])
def test_matter_is_assumed_only_for_motions_and_vows(repo: RepoBuilder, nature: str,
                                                     matter: str | None,
                                                     expected: str | None) -> None:
    extra: dict[str, Any] = {"matiere": matter} if matter else {}
    repo.add(motion_data(collectivite=LENS, identifiant="2023-118", nature=nature, **extra))
    result = repo.run("export", "--format", "scdl")
    rows = scdl_rows(result.stdout)
    if expected is None:
        assert rows == []
        assert SUMMARY.format(kept=0, left=1, why=" (1 sans matière ACTES 9.4)") in result.stderr
    else:
        assert [(r["DELIB_MATIERE_CODE"], r["DELIB_MATIERE_NOM"]) for r in rows] == \
            [(expected, "autres domaines de compétences/vœux et motions")]


def test_scdl_import_keeps_delib_id(repo: RepoBuilder, tmp_path: Path) -> None:
    row = {"COLL_NOM": "Lens", "COLL_SIRET": LENS_SIRET, "DELIB_ID": "2023-118",
           "DELIB_DATE": "2023-09-27", "DELIB_OBJET": "Motion pour l'offre de santé"}
    source = tmp_path / "deliberations.csv"
    source.write_text(",".join(SCDL_COLUMNS) + "\n" + ",".join(row.get(c, "") for c in SCDL_COLUMNS)
                      + "\n", "utf-8")
    assert repo.run("import", str(source), "--campaign", CAMPAIGN).exit_code == 0
    data = yaml.safe_load((repo.root / LENS_FILE).read_text("utf-8"))
    assert data["identifiant"] == "2023-118"


def test_new_asks_for_the_number(repo: RepoBuilder) -> None:
    result = repo.run("new", "--campaign", CAMPAIGN, "--type", "commune", "--code", "62498",
                      "--date", "2023-09-27", "--nature", "motion", "--objet", "Motion bibliothèques",
                      "--identifiant", "2023-118", "--resultat", "adoptee", "--no-input")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((repo.root / LENS_FILE).read_text("utf-8"))["identifiant"] == "2023-118"


def test_issue_form_reads_the_number(repo: RepoBuilder, tmp_path: Path) -> None:
    answers = {"Type de collectivité": "Commune", "Code officiel de la collectivité": "62498",
               "Nom de la collectivité": "Lens", "Campagne": CAMPAIGN,
               "Date de la séance": "2023-09-27", "Nature de l'acte": "Motion",
               "Objet": "Motion pour l'offre de santé", "Numéro de l'acte": "2023-118",
               "Résultat du vote": "Adoptée",
               "Publication": "- [X] J'accepte que ces informations soient publiées sur le site "
                              "de la campagne (données ouvertes)."}
    body = "\n\n".join(f"### {label}\n\n{value}" for label, value in answers.items())
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "labeled", "issue": {"number": 5, "body": body}}),
                     "utf-8")
    result = repo.run("from-issue", str(event), "--write")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((repo.root / LENS_FILE).read_text("utf-8"))["identifiant"] == "2023-118"
