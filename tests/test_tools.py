"""The scripts that derive the shipped data from npm packages, on a miniature package."""

from __future__ import annotations

import json
import sys
from pathlib import Path

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
