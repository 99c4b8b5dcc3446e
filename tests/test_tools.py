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
         "region": "84", "siren": "200053668", "population": 710},
        {"code": "01015", "nom": "Arbignieu", "type": "commune-deleguee", "chefLieu": "01015"},
        {"code": "01340", "nom": "Saint-Bois", "type": "commune-deleguee", "chefLieu": "01015"},
        {"code": "01262", "nom": "Montluel", "type": "commune-actuelle", "departement": "01",
         "region": "84", "siren": "210102620", "anciensCodes": ["01999"]},
        {"code": "01120", "nom": "Cordieux", "type": "commune-associee", "chefLieu": "01262"},
    ]
    (data / "communes.json").write_text(json.dumps(communes))
    (data / "epci.json").write_text(json.dumps([{"code": "200040350", "nom": "CC Bugey Sud",
                                                 "type": "CC", "membres": [{"code": "01015"},
                                                                           {"code": "99999"}]}]))
    (data / "departements.json").write_text(json.dumps([{"code": "01", "nom": "Ain",
                                                         "region": "84"}]))
    (data / "regions.json").write_text(json.dumps([{"code": "84",
                                                    "nom": "Auvergne-Rhône-Alpes"}]))
    derived = derive(tmp_path)
    assert derived["communes"] == {"01015": ["Arboys en Bugey", "01", "84", "200053668", 710],
                                   "01262": ["Montluel", "01", "84", "210102620", 0]}
    assert derived["anciennes_communes"] == {"01120": ["Cordieux", "01262", "commune-associee"],
                                             "01340": ["Saint-Bois", "01015", "commune-deleguee"],
                                             "01999": ["", "01262", "ancien-code"]}
    assert derived["anciens_noms"] == {"01015": ["Arbignieu"]}
    assert derived["epci"] == {"200040350": ["CC Bugey Sud", "CC", ["01015"]]}
    text = dump(derived)
    assert json.loads(text) == derived
    assert '\n"01015": ["Arboys en Bugey","01","84","200053668",710],\n' in text
