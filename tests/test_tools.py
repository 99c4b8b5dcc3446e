"""The scripts that derive the shipped data from npm packages, on a miniature package."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from build_referential import derive
from npm_data import dump


def test_referential_derivation(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    communes = [
        {"code": "01015", "nom": "Arboys en Bugey", "type": "commune-actuelle", "departement": "01",
         "region": "84", "siren": "200053668", "population": 710,
         "typeLiaison": 1},
        {"code": "01015", "nom": "Arbignieu", "type": "commune-deleguee", "chefLieu": "01015"},
        {"code": "01340", "nom": "Saint-Bois", "type": "commune-deleguee", "chefLieu": "01015"},
        {"code": "01262", "nom": "Montluel", "type": "commune-actuelle", "departement": "01",
         "region": "84", "siren": "210102620", "anciensCodes": ["01999"], "typeLiaison": 0},
        {"code": "01120", "nom": "Cordieux", "type": "commune-associee", "chefLieu": "01262"},
        {"code": "69123", "nom": "Lyon", "type": "commune-actuelle", "departement": "69",
         "region": "84", "siren": "216901231", "population": 519127},
        {"code": "69381", "nom": "Lyon 1er Arrondissement", "type": "arrondissement-municipal",
         "commune": "69123", "departement": "69", "region": "84", "population": 29436},
    ]
    (data / "communes.json").write_text(json.dumps(communes))
    (data / "epci.json").write_text(json.dumps([
        {"code": "200040350", "nom": "CC Bugey Sud", "type": "CC",
         "membres": [{"code": "01015"}, {"code": "99999"}]},
        {"code": "200046977", "nom": "Métropole de Lyon", "type": "MET69",
         "membres": [{"code": "69123"}]}]))
    (data / "ept.json").write_text(json.dumps([{"code": "200057867", "nom": "Plaine Commune",
                                                "type": "EPT", "membres": [{"code": "01262"}]}]))
    (data / "departements.json").write_text(json.dumps([
        {"code": "01", "nom": "Ain", "region": "84", "typeLiaison": 5},
        {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "region": "975", "zone": "com"}]))
    (data / "regions.json").write_text(json.dumps([
        {"code": "84", "nom": "Auvergne-Rhône-Alpes", "zone": "metro", "typeLiaison": 1},
        {"code": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"}]))
    derived = derive(tmp_path)
    assert derived["communes"] == {"01015": ["Arboys en Bugey", "01", "84", "200053668", 710],
                                   "01262": ["Montluel", "01", "84", "210102620", 0],
                                   "69123": ["Lyon", "69", "84", "216901231", 519127]}
    assert derived["anciennes_communes"] == {"01120": ["Cordieux", "01262", "commune-associee"],
                                             "01340": ["Saint-Bois", "01015", "commune-deleguee"],
                                             "01999": ["", "01262", "ancien-code"]}
    assert derived["anciens_noms"] == {"01015": ["Arbignieu"]}
    # The Métropole de Lyon is a collectivité, not an EPCI; an arrondissement is not a former
    # commune but a council's territory with its own population; a COM is neither a
    # département nor a région.
    assert derived["epci"] == {"200040350": ["CC Bugey Sud", "CC", ["01015"]]}
    assert derived["collectivites"] == {"200046977": ["Métropole de Lyon", "MET69", ["69123"]]}
    assert derived["ept"] == {"200057867": ["Plaine Commune", "EPT", ["01262"]]}
    assert derived["arrondissements"] == {"69381": ["Lyon 1er Arrondissement", "69123", 29436]}
    assert "69381" not in derived["anciennes_communes"]
    assert derived["com"] == {"975": "Saint-Pierre-et-Miquelon"}
    assert derived["departements"] == {"01": ["Ain", "84"]}
    assert derived["regions"] == {"84": "Auvergne-Rhône-Alpes"}
    # INSEE's article codes; a commune taking a plain « de » (0) is left out.
    assert derived["liaisons"] == {"departements": {"01": 5}, "regions": {"84": 1},
                                   "communes": {"01015": 1}}
    text = dump(derived)
    assert json.loads(text) == derived
    assert '\n"01015": ["Arboys en Bugey","01","84","200053668",710],\n' in text


def test_sirens_derivation_keeps_only_each_councils_own(tmp_path: Path, monkeypatch: Any) -> None:
    import build_sirens

    source = tmp_path / "source.py"
    source.write_text('''SIRET_BY_REGION_CODE = {
    "06": "22985000300018",  # DEPARTEMENT DE MAYOTTE
    "32": "20005374200017",  # REGION HAUTS-DE-FRANCE
}

SIRET_BY_DEPARTEMENT_CODE = {
    "2A": "20007695800012",  # COLLECTIVITE DE CORSE TODO(vmttn): à valider
    "62": "22620001200012",  # DEPARTEMENT DU PAS DE CALAIS
}
''', "utf-8")
    output = tmp_path / "sirens.json"
    monkeypatch.setattr(build_sirens, "OUTPUT", output)
    monkeypatch.setattr(sys, "argv", ["build_sirens.py", str(source)])
    build_sirens.main()
    data = json.loads(output.read_text("utf-8"))
    assert data["departement"] == {"62": {"siren": "226200012",
                                          "denomination": "DEPARTEMENT DU PAS DE CALAIS"}}
    assert data["region"] == {"32": {"siren": "200053742", "denomination": "REGION HAUTS-DE-FRANCE",
                                     "depuis": "2016-01-01"}}
    source.write_text(source.read_text("utf-8").replace("22620001200012", "22620001200013"))
    with pytest.raises(SystemExit) as refused:
        build_sirens.main()
    assert str(refused.value) == "departement 62 : SIRET 22620001200013 invalide dans la source"
