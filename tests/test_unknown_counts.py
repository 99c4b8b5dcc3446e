"""Unknown counts stay unknown in every machine output (contract.md, domain.md « Truth »): a motion
adopted « à l'unanimité » gives no count of votes for, so `voix_pour` is null (JSON) or empty
(CSV, SCDL), never 0, and `voix_pour_connues` says how many adopted motions give their count."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from conftest import CAMPAIGN, RepoBuilder, motion_data
from petition.core.repository import load_repository
from petition.site.context import Settings
from petition.site.pages import generate
from petition.site.share import figures_path

# Lens's motion as its document says it: 37 votants, « adoptée à l'unanimité », no count.
UNANIMOUS: dict[str, Any] = {"resultat": "adoptee", "unanimite": True}
LIEVIN = {"type": "commune", "code": "62510", "nom": "Liévin"}
SETTINGS = Settings(site_name="Motions", site_url="https://exemple.fr/motions/", edit_base=None,
                    today=None)


def unanimous_repo(repo: RepoBuilder) -> RepoBuilder:
    repo.add(motion_data(vote=dict(UNANIMOUS)))
    return repo


def test_stats_json_null_when_no_count_is_known(repo: RepoBuilder) -> None:
    unanimous_repo(repo)
    figures = json.loads(repo.run("stats", "--campaign", CAMPAIGN, "--format", "json").stdout)
    for numbers in (figures["campagnes"][0], figures["total"]):
        assert (numbers["voix_pour"], numbers["voix_pour_connues"]) == (None, 0)
    # One more adopted motion, with its count: the sum of the known counts, and how many.
    repo.add(motion_data(collectivite=LIEVIN, seance={"date": "2023-10-12"},
                         vote={"resultat": "adoptee", "pour": 30, "contre": 2, "abstentions": 1}))
    figures = json.loads(repo.run("stats", "--campaign", CAMPAIGN, "--format", "json").stdout)
    assert (figures["total"]["voix_pour"], figures["total"]["voix_pour_connues"]) == (30, 1)


def test_stats_text_and_csv_say_unknown(repo: RepoBuilder) -> None:
    unanimous_repo(repo)
    text = repo.run("stats", "--campaign", CAMPAIGN).stdout
    assert [line.split(None, 2)[-1] for line in text.splitlines()
            if line.strip().startswith("Voix pour")] == ["non connues"] * 2
    table = repo.run("stats", "--campaign", CAMPAIGN, "--format", "csv").stdout
    rows = [(r["indicateur"], r["valeur"]) for r in csv.DictReader(io.StringIO(table))
            if r["indicateur"].startswith("voix_pour")]
    # The campaign, then the total: an empty cell, never 0.
    assert rows == [("voix_pour", ""), ("voix_pour_connues", "0")] * 2


def test_stats_with_no_adopted_motion_know_no_votes(repo: RepoBuilder) -> None:
    repo.add(motion_data(vote={"resultat": "rejetee", "pour": 10, "contre": 20}))
    total = json.loads(repo.run("stats", "--format", "json").stdout)["total"]
    assert (total["motions"], total["voix_pour"], total["voix_pour_connues"]) == (1, None, 0)


def test_site_figures_file_is_null(repo: RepoBuilder) -> None:
    files = generate(load_repository(unanimous_repo(repo).root), SETTINGS)
    figures = json.loads(files[figures_path(CAMPAIGN)])
    assert (figures["voix_pour"], figures["voix_pour_connues"]) == (None, 0)
    page = files[f"campagnes/{CAMPAIGN}/index.md"]
    assert isinstance(page, str)
    assert ('<div class="petition-chiffre" data-chiffre="voix_pour" data-valeur=""><span '
            'class="petition-libelle">voix pour : non connues</span></div>') in page


def test_exports_leave_unknown_counts_empty(repo: RepoBuilder) -> None:
    unanimous_repo(repo)
    record = json.loads(repo.run("export", "--format", "json").stdout)["motions"][0]
    assert record["vote"] == UNANIMOUS  # no « pour »: nothing added
    table = repo.run("export", "--format", "csv").stdout.lstrip("\ufeff")
    [row] = list(csv.DictReader(io.StringIO(table), delimiter=";"))
    assert (row["pour"], row["contre"], row["abstentions"], row["unanimite"]) == ("", "", "",
                                                                                  "oui")
