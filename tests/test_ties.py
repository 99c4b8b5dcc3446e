"""A tie adopted by the president's casting vote (CGCT L2121-20; domain.md): an SCDL row with
VOTE_POUR = VOTE_CONTRE is imported as adopted, with a warning, and the result is said « adoptée
par la voix prépondérante du président » (« adopté » for a vœu) wherever it shows: the motion's
page, the lists of the site, the feed, the letters and the exports."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import yaml

from conftest import CAMPAIGN, RepoBuilder, motion_data
from petition.core.model import Motion, motion_filename
from petition.core.referential import referential
from petition.core.repository import load_repository
from petition.exchange.csvformats import SCDL_COLUMNS
from petition.letters import render_letters
from petition.letters.bodies import vote_phrase
from petition.site.context import Settings
from petition.site.pages import generate

TIE = {"resultat": "adoptee", "pour": 15, "contre": 15, "abstentions": 7}
SAID = "par la voix prépondérante du président"
SETTINGS = Settings(site_name="Motions", site_url="https://exemple.fr/motions/", edit_base=None,
                    today=None)
LENS_SIRET = "21620498200013"


def lens_file() -> str:
    return motion_filename("commune", "62498", "Lens", "2023-09-27")


def flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def tied_repo(repo: RepoBuilder, nature: str = "motion") -> RepoBuilder:
    repo.add(motion_data(nature=nature, vote=dict(TIE)))
    return repo


# --- import ------------------------------------------------------------------------------------
def test_scdl_tie_is_imported_as_adopted_with_a_warning(repo: RepoBuilder, tmp_path: Path) -> None:
    row = {"COLL_NOM": "Lens", "COLL_SIRET": LENS_SIRET, "DELIB_ID": "2023-118",
           "DELIB_DATE": "2023-09-27", "DELIB_MATIERE_CODE": "9.4",
           "DELIB_MATIERE_NOM": "Autres domaines de compétences/Vœux et motions",
           "DELIB_OBJET": "Motion pour l'offre de santé de proximité", "VOTE_EFFECTIF": "39",
           "VOTE_REEL": "37", "VOTE_POUR": "15", "VOTE_CONTRE": "15", "VOTE_ABSTENTION": "7",
           "DELIB_URL": "https://www.example.fr/deliberations/2023-118.pdf"}
    source = tmp_path / "deliberations.csv"
    source.write_text(",".join(SCDL_COLUMNS) + "\n" + ",".join(row.get(c, "") for c in SCDL_COLUMNS)
                      + "\n", "utf-8")
    result = repo.run("import", str(source), "--campaign", CAMPAIGN)
    assert result.exit_code == 0, result.output
    assert f"{source}:2: avertissement : adoptée à égalité (15 pour, 15 contre) : régulier par la " \
        "voix prépondérante du président (CGCT L2121-20), sauf si le vote était secret ; " \
        "vérifiez que le document le dit\n" in result.output
    data = yaml.safe_load((repo.root / "motions" / CAMPAIGN / lens_file()).read_text("utf-8"))
    assert data["vote"] == {"resultat": "adoptee", "pour": 15, "contre": 15, "abstentions": 7}


def test_scdl_more_against_is_still_rejected(repo: RepoBuilder, tmp_path: Path) -> None:
    row = {"COLL_NOM": "Lens", "COLL_SIRET": LENS_SIRET, "DELIB_ID": "2023-119",
           "DELIB_DATE": "2023-09-27", "DELIB_OBJET": "Motion pour l'offre de santé",
           "VOTE_POUR": "14", "VOTE_CONTRE": "16"}
    source = tmp_path / "deliberations.csv"
    source.write_text(",".join(SCDL_COLUMNS) + "\n" + ",".join(row.get(c, "") for c in SCDL_COLUMNS)
                      + "\n", "utf-8")
    assert repo.run("import", str(source), "--campaign", CAMPAIGN).exit_code == 0
    data = yaml.safe_load((repo.root / "motions" / CAMPAIGN / lens_file()).read_text("utf-8"))
    assert data["vote"]["resultat"] == "rejetee"


# --- what readers see ----------------------------------------------------------------------------
def test_motion_result_agrees_with_the_nature() -> None:
    assert Motion("a.yml", {"nature": "motion", "vote": TIE}).result == f"adoptée {SAID}"
    assert Motion("a.yml", {"nature": "voeu", "vote": TIE}).result == f"adopté {SAID}"
    # Not a tie: no vote decided by the president.
    assert Motion("a.yml", {"nature": "motion", "vote": {**TIE, "pour": 16}}).result == "adoptée"
    assert Motion("a.yml", {"nature": "motion", "vote": {"resultat": "adoptee", "pour": 0,
                                                         "contre": 0}}).result == "adoptée"
    assert Motion("a.yml", {"nature": "voeu", "vote": {**TIE, "resultat": "rejetee"}}).result == \
        "rejeté"


def test_motion_page_says_the_casting_vote(repo: RepoBuilder) -> None:
    files = generate(load_repository(tied_repo(repo, "voeu").root), SETTINGS)
    stem = lens_file().removesuffix(".yml")
    page = files[f"campagnes/{CAMPAIGN}/{stem}/index.html"]
    assert isinstance(page, bytes)
    text = page.decode()
    assert "<title>Lens : vœu adopté par la voix prépondérante du président le 27 septembre 2023" \
        in flat(text)
    assert ('<p class="petition-etat petition-etat-adoptee"><strong>Adopté par la voix '
            'prépondérante du président : 15 voix pour, 15 contre, 7 abstentions</strong></p>') \
        in flat(text)


def test_site_lists_and_feed_say_the_casting_vote(repo: RepoBuilder) -> None:
    files = generate(load_repository(tied_repo(repo).root), SETTINGS)
    departement = referential().body("commune", "62498").departement  # type: ignore[union-attr]
    listing = files[f"campagnes/{CAMPAIGN}/{departement}.md"]
    assert isinstance(listing, str)
    [row] = [line for line in listing.splitlines() if line.startswith("| [Lens]")]
    assert row.endswith("| Motion | adoptée par la voix prépondérante du président |")
    feed = files["feed.xml"]
    assert isinstance(feed, bytes)
    assert "Lens (commune) : motion adoptée par la voix prépondérante du président le 27 " \
        "septembre 2023" in flat(feed.decode())


def test_letter_says_the_casting_vote(repo: RepoBuilder) -> None:
    assert flat(vote_phrase(Motion("a.yml", {"nature": "voeu", "vote": TIE}))) == \
        "vœu adopté par la voix prépondérante du président (15 pour, 15 contre, 7 abstentions)"
    rendered = render_letters(load_repository(tied_repo(repo).root), CAMPAIGN, "md")
    [markdown] = rendered.values()
    objet = motion_data()["objet"].replace("'", "’")
    assert f"- **Lens** — 27 septembre 2023, motion « {objet} » " \
        "adoptée par la voix prépondérante du président (15 pour, 15 contre, 7 abstentions)" \
        in flat(markdown.decode())


def test_exports_say_the_casting_vote(repo: RepoBuilder) -> None:
    tied_repo(repo)
    exported = repo.run("export", "--format", "json")
    record: dict[str, Any] = json.loads(exported.stdout)["motions"][0]
    assert record["resultat_texte"] == "adoptée par la voix prépondérante du président"
    assert record["vote"] == TIE
    table = repo.run("export", "--format", "csv").stdout.lstrip("\ufeff")
    [row] = list(csv.DictReader(io.StringIO(table), delimiter=";"))
    assert (row["resultat"], row["resultat_texte"]) == ("adoptee", f"adoptée {SAID}")
