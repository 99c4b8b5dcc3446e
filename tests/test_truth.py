"""Nothing published that the sources do not say: the fixture data as its documents state it, counts
that only an inference could give refused, and unknown shown as unknown wherever a reader looks."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from conftest import (
    CAMPAIGN,
    CAMPAIGN_2022,
    SAMPLE_LENS,
    SAMPLE_REGION,
    TODAY,
    RepoBuilder,
    fixture_campaign,
    fixture_data,
    motion_data,
)
from petition.core.repository import load_repository
from petition.site.pages import generate
from sitebuild import site_repo
from test_site import SETTINGS

LENS = SAMPLE_LENS
REGION = SAMPLE_REGION


# --- the fixture data, as its own documents state it --------------------------------------------
# The tests of unknown counts below (and the site's) rely on these facts of the fixture motions.
def test_lens_is_unanimity_without_counts() -> None:
    assert fixture_data(LENS)["vote"] == {"resultat": "adoptee", "unanimite": True}
    assert "Adoptée à l'unanimité" in fixture_data(LENS)["texte"]


def test_region_demands_are_the_voeu_s() -> None:
    demands = fixture_data(REGION)["demandes"]
    assert all(d.startswith("Que le Conseil Régional prenne ") for d in demands)
    # The vœu's own sentence, joined back: « … prenne aujourd'hui … et prenne attache … ».
    joined = demands[0][:-1].replace("Que", "que", 1) + " et " + \
        demands[1].removeprefix("Que le Conseil Régional ")[:-1]
    assert f"Monsieur le Président, {joined}." in " ".join(fixture_data(REGION)["texte"].split())
    assert fixture_data(REGION)["campagne"] == CAMPAIGN_2022
    assert fixture_campaign(CAMPAIGN_2022)["demandes"] == demands


@pytest.mark.parametrize("campaign", [CAMPAIGN_2022, CAMPAIGN])
def test_campaigns_invent_no_goal_sender_or_coordinator(campaign: str) -> None:
    file = fixture_campaign(campaign)
    assert not {"objectif", "expediteur", "organisations", "signature"} & set(file)
    assert file["propose_par"] and file["notes"]


def test_2022_summary_says_presented() -> None:
    resume = " ".join(fixture_campaign(CAMPAIGN_2022)["resume"].split())
    assert "ont présenté à leur instance délibérante une motion" in resume
    assert "ont adopté" not in resume


# --- counts only an inference could give --------------------------------------------------------
INFERRED = {"resultat": "adoptee", "unanimite": True, "pour": 37, "contre": 0, "abstentions": 0}


def refusal(line: int, pour: int) -> str:
    return (f"{LENS}:{line}: « pour: {pour} » est le nombre des votants, avec « unanimite: true » : "
            "ce décompte semble déduit, or « à l'unanimité » dit seulement qu'aucune voix n'est "
            "contre (des abstentions sont possibles). Si le document ne donne pas les voix, "
            "retirez pour, contre et abstentions et gardez « unanimite: true » ; s'il les donne, "
            "dites où dans « source_decompte » (par exemple « procès-verbal, page 2 »)")


def line_of_key(path: Any, key: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(f"{key}:"))


@pytest.mark.parametrize("vote, presences", [
    (INFERRED, {"effectif": 39, "presents": 29, "pouvoirs": 8}),
    ({"resultat": "adoptee", "unanimite": True, "pour": 37}, {"effectif": 39, "presents": 29,
                                                              "pouvoirs": 8}),
    ({**INFERRED, "votants": 37}, None),
])
def test_unanimity_counted_as_every_votant_is_refused(repo: RepoBuilder, vote: dict[str, Any],
                                                      presences: dict[str, Any] | None) -> None:
    extra = {"presences": presences} if presences else {}
    data_ = motion_data(vote=vote, **extra)
    if presences is None:
        data_.pop("presences")
    path = repo.add(data_)
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == refusal(line_of_key(path, "pour"), 37)


@pytest.mark.parametrize("vote", [
    {**INFERRED, "source_decompte": "procès-verbal, page 2 : « 37 voix pour »"},
    {"resultat": "adoptee", "unanimite": True, "pour": 36, "contre": 0, "abstentions": 1},
    {"resultat": "adoptee", "pour": 37, "contre": 0, "abstentions": 0},  # no unanimity claimed
    {"resultat": "adoptee", "unanimite": True},
])
def test_counts_a_document_gives_are_accepted(repo: RepoBuilder, vote: dict[str, Any]) -> None:
    repo.add(motion_data(vote=vote))
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_import_refuses_inferred_counts_with_the_row_named(repo: RepoBuilder) -> None:
    header = ("type,code,nom,date,nature,objet,effectif,presents,pouvoirs,pour,contre,abstentions,"
              "resultat,url,unanimite\n")
    row = "commune,62498,Lens,2023-09-27,motion,Motion,39,29,8,37,0,0,adoptee,,oui\n"
    path = repo.write("import.csv", header + row)
    result = repo.run("import", str(path), "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:2: colonne « pour » : « pour: 37 » est le nombre des "
                                    "votants, avec « unanimite: true »")


# --- unknown shown as unknown -------------------------------------------------------------------
def test_stats_text_says_how_many_counts_are_known(repo: RepoBuilder) -> None:
    repo.add(motion_data(vote={"resultat": "adoptee", "pour": 30, "contre": 2}))
    repo.add(motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin"},
                         vote={"resultat": "adoptee", "unanimite": True}))
    repo.add(motion_data(collectivite={"type": "commune", "code": "62427",
                                       "nom": "Hénin-Beaumont"},
                         vote={"resultat": "adoptee"}))
    result = repo.run("stats", "--campaign", CAMPAIGN)
    rows = [line for line in result.stdout.splitlines() if line.strip().startswith("Voix pour")]
    assert rows == ["  Voix pour                    30 (décompte connu pour 1 motion adoptée "
                    "sur 3)"] * 2
    figures = json.loads(repo.run("stats", "--format", "json").stdout)["total"]
    assert (figures["voix_pour"], figures["voix_pour_connues"],
            figures["motions_adoptees"]) == (30, 1, 3)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    builder = site_repo(tmp_path_factory.mktemp("exemple"))
    return generate(load_repository(builder.root, today=TODAY), SETTINGS)


def test_campaign_page_says_unknown_not_zero(sample_site: dict[str, Any]) -> None:
    page = str(sample_site[f"campagnes/{CAMPAIGN_2022}/index.md"])
    card = re.search(r'<div class="petition-chiffre" data-chiffre="voix_pour"[^\n]*', page)
    assert card is not None
    assert card.group(0) == ('<div class="petition-chiffre" data-chiffre="voix_pour" '
                             'data-valeur=""><span class="petition-libelle">voix pour : non '
                             'connues</span></div>')
    assert "0</span> <span class=\"petition-libelle\">voix pour" not in page


def test_site_names_the_population_vintage(sample_site: dict[str, Any]) -> None:
    vintage = "population municipale INSEE, millésime 2023 en vigueur au 1er janvier 2026"
    for name in ("index.md", f"campagnes/{CAMPAIGN}/index.md", f"campagnes/{CAMPAIGN_2022}/index.md"):
        page = str(sample_site[name])
        population = re.search(r'data-chiffre="population_couverte"[^\n]*', page)
        assert population is not None and f"({vintage})" in population.group(0), name
    assert vintage in str(sample_site["donnees.md"])


def test_motion_card_and_feed_say_counts_unknown(sample_site: dict[str, Any]) -> None:
    card = sample_site[f"campagnes/{CAMPAIGN}/commune-62498-lens-2023-09-27/index.html"].decode()
    assert "<strong>Adoptée à l'unanimité (voix non connues)</strong>" in html.unescape(card)
    feed = ET.fromstring(sample_site["feed.xml"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    summaries = sorted(e.findtext("a:summary", namespaces=ns) or ""
                       for e in feed.findall("a:entry", ns))
    # Sorted by campaign title: Lens's motion (« Motion pour des… ») then the Région's vœu
    # (« Soutien aux… »).
    assert [s.rsplit(" Résultat\u202f: ", 1)[1] for s in summaries] == [
        "Adoptée à l'unanimité (voix non connues).", "Adopté (voix non connues)."]


def test_export_leaves_unknown_counts_empty(sample_site: dict[str, Any]) -> None:
    text = sample_site["donnees/motions.csv"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    lens = next(r for r in rows if r["code"] == "62498")
    assert (lens["pour"], lens["contre"], lens["abstentions"], lens["unanimite"]) == \
        ("", "", "", "oui")
