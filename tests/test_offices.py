"""Recipients as offices: the title in force on a letter's date, at each boundary; the checks of
dated titles; `petition letter` stopping when nobody can be addressed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import yaml

from conftest import CAMPAIGN, CAMPAIGN_2022, RECIPIENT, RepoBuilder, fixture_campaign
from petition.core.offices import NEUTRAL_SALUTATION, Office, office_at, recipient_office
from petition.exchange.writer import dump_motion

DAY = dt.timedelta(days=1)
FIRST_END = dt.date(2022, 5, 20)  # the fixture recipient's first title, until this day
SECOND_END = dt.date(2024, 1, 11)  # its second title, until this day
NEUTRAL = "Ministre chargé de la santé"
BOTH = "Madame la Ministre, Monsieur le Ministre"


def fixture_recipient(campaign: str) -> dict[str, Any]:
    recipients = fixture_campaign(campaign)["destinataires"]
    assert [r["id"] for r in recipients] == [RECIPIENT]
    return dict(recipients[0])


def title_at(recipient: dict[str, Any], day: dt.date) -> tuple[str, bool] | None:
    office = office_at(recipient, day)
    return None if office is None else (office.title, office.neutral)


@pytest.mark.parametrize("campaign", [CAMPAIGN_2022, CAMPAIGN])
def test_recipient_at_each_boundary(campaign: str) -> None:
    who = fixture_recipient(campaign)
    first, second, third = ((t["titre"], False) for t in who["titres"])
    assert who["titres"][0]["au"] == FIRST_END.isoformat()
    assert who["titres"][1]["du"] == FIRST_END.isoformat()
    assert who["titres"][1]["au"] == who["titres"][2]["du"] == SECOND_END.isoformat()
    assert who["titres"][2]["termine"] is True
    neutral = (who["fonction"], True)
    assert title_at(who, dt.date(2021, 6, 1)) == first  # the 2021 motions' minister
    assert title_at(who, FIRST_END - DAY) == first
    assert title_at(who, FIRST_END) == second  # `au` excluded, `du` included
    assert title_at(who, FIRST_END + DAY) == second
    assert title_at(who, SECOND_END - DAY) == second
    assert title_at(who, SECOND_END) == third  # its first day: certainly in force
    # It changed later at a date not recorded (`termine`): from the next day, the function.
    assert title_at(who, SECOND_END + DAY) == neutral
    assert title_at(who, dt.date(2026, 11, 30)) == neutral


def test_neutral_function_and_salutations() -> None:
    who = fixture_recipient(CAMPAIGN)
    office = office_at(who, dt.date(2026, 11, 30))
    assert office == Office(RECIPIENT, who["fonction"], BOTH, "", (), neutral=True)
    # No person recorded: the salutation names both, never an invented holder.
    assert office_at(who, dt.date(2023, 9, 27)) == Office(
        RECIPIENT, who["titres"][1]["titre"], BOTH, "", (), neutral=False)
    bare = {"id": "x", "fonction": "Préfet de région"}
    assert office_at(bare, dt.date(2024, 1, 1)) == Office("x", "Préfet de région",
                                                          NEUTRAL_SALUTATION, "", (), True)


def test_holder_and_salutation_only_within_their_dates() -> None:
    who = {"id": "m", "fonction": NEUTRAL, "appel": BOTH, "adresse": ["Paris"],
           "titres": [{"titre": "Ministre A", "du": "2025-01-10", "au": "2025-03-01",
                       "titulaire": "Camille Martin", "appel": "Madame la Ministre"}]}
    named = Office("m", "Ministre A", "Madame la Ministre", "Camille Martin", ("Paris",), False)
    assert office_at(who, dt.date(2025, 1, 9)) == Office("m", NEUTRAL, BOTH, "", ("Paris",), True)
    assert office_at(who, dt.date(2025, 1, 10)) == named
    assert office_at(who, dt.date(2025, 2, 28)) == named
    assert office_at(who, dt.date(2025, 3, 1)) == Office("m", NEUTRAL, BOTH, "", ("Paris",), True)


def test_nothing_recorded_is_nobody() -> None:
    only_titles = {"id": "m", "titres": [{"titre": "Ministre A", "du": "2025-01-10",
                                          "au": "2025-03-01"}]}
    assert office_at(only_titles, dt.date(2025, 1, 9)) is None
    assert office_at(only_titles, dt.date(2025, 3, 1)) is None
    assert office_at(only_titles, dt.date(2025, 1, 10)) is not None
    ended = {"id": "m", "titres": [{"titre": "Ministre B", "du": "2025-01-10", "termine": True}]}
    assert office_at(ended, dt.date(2025, 1, 10)) is not None
    assert office_at(ended, dt.date(2025, 1, 11)) is None
    assert recipient_office([only_titles], "autre", dt.date(2025, 2, 1)) is None
    assert recipient_office([only_titles], "m", dt.date(2025, 2, 1)) is not None


CAMPAIGN_FILE = f"motions/{CAMPAIGN}/campagne.yml"


def write_campaign(repo: RepoBuilder, recipients: list[dict[str, Any]]) -> int:
    """Write the 2023 campaign with these recipients; the line of the first one."""
    data = yaml.safe_load((repo.root / CAMPAIGN_FILE).read_text("utf-8"))
    text = dump_motion({**data, "destinataires": recipients}, kind="campaign")
    repo.write(CAMPAIGN_FILE, text)
    return next(n for n, line in enumerate(text.splitlines(), 1) if f"id: {RECIPIENT}" in line)


def test_letter_stops_when_nobody_can_be_addressed(repo: RepoBuilder) -> None:
    line = write_campaign(repo, [{"id": RECIPIENT, "titres": [
        {"titre": "Ministre de la Culture", "du": "2022-05-20", "au": "2024-01-11"}]}])
    assert repo.run("validate").exit_code == 0
    result = repo.run("letter", "--campaign", CAMPAIGN, "--format", "md", "-o",
                      str(repo.root / "out"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{CAMPAIGN_FILE}:{line}: destinataire « {RECIPIENT} » : aucun titre en "
        "vigueur le 22\u00a0novembre 2026 et aucune « fonction » enregistrée, la lettre ne peut être "
        "adressée à personne ; ajoutez le titre de ce jour-là dans « titres » (avec « du » et "
        "« au ») ou la formule neutre dans « fonction » (par exemple « Ministre chargé de la "
        "santé »)\n")
    assert not (repo.root / "out").exists()
    # Dated inside the title's period, the same letter is written.
    dated = repo.run("letter", "--campaign", CAMPAIGN, "--format", "md", "--date",
                     "2023-10-01", "-o", str(repo.root / "out"))
    assert dated.exit_code == 0, dated.output
    text = (repo.root / "out" / f"{CAMPAIGN}-{RECIPIENT}.md").read_text("utf-8")
    assert text.startswith("# Projet de lettre au ministre de la Culture\n")
    assert "Le 1er\u00a0octobre 2023" in text


def test_letter_date_in_the_future_is_refused(repo: RepoBuilder) -> None:
    result = repo.run("letter", "--campaign", CAMPAIGN, "--format", "md", "--date",
                      "2026-11-23")
    assert result.exit_code == 2
    assert "le 2026-11-23 est dans le futur" in result.stderr


@pytest.mark.parametrize("titles, message", [
    ([{"titre": "A", "du": "2024-01-11", "au": "2024-01-11"}],
     ["titre « A » : « au » (2024-01-11) doit être après « du » (2024-01-11) ; « au » est le "
     "premier jour où le titre ne vaut plus"]),
    ([{"titre": "A", "du": "2024-01-11", "au": "2024-02-01", "termine": True}],
     ["titre « A » : « termine » et « au » à la fois ; gardez « au » si la date de fin est connue, "
     "sinon « termine: true »"]),
    ([{"titre": "A", "termine": True}],
     ["titre « A » : « termine: true » sans « du » ne vaut pour aucune date ; indiquez « du » ou "
     "retirez ce titre"]),
    ([{"titre": "A", "du": "2024-01-11", "appel": "Madame la Ministre"}],
     ["titre « A » : « appel » sans « titulaire » ; la formule d'appel d'une personne ne s'écrit "
     "que si une source la nomme (sinon, mettez « appel » au niveau du destinataire)"]),
    ([{"titre": "A", "au": "2024-01-12"}, {"titre": "B", "du": "2024-01-11"}],
     ["les titres n° 1 et n° 2 se chevauchent (le 2024-01-11) : une lettre ne saurait auquel "
      "s'adresser ; corrigez « du » et « au »"]),
    ([{"titre": "A", "du": "2020-01-01"}, {"titre": "B", "du": "2021-01-01", "au": "2022-01-01"},
      {"titre": "C", "du": "2023-01-01"}],
     # The first title, never ended, overlaps both later ones.
     ["les titres n° 1 et n° 2 se chevauchent (le 2021-01-01) : une lettre ne saurait auquel "
      "s'adresser ; corrigez « du » et « au »",
      "les titres n° 1 et n° 3 se chevauchent (le 2023-01-01) : une lettre ne saurait auquel "
      "s'adresser ; corrigez « du » et « au »"]),
])
def test_dated_titles_are_checked(repo: RepoBuilder, titles: list[dict[str, Any]],
                                  message: list[str]) -> None:
    write_campaign(repo, [{"id": RECIPIENT, "fonction": NEUTRAL, "titres": titles}])
    result = repo.run("validate", "--format", "json")
    assert result.exit_code == 1
    problems = [p for p in json.loads(result.stdout)["problemes"]
                if p["path"].endswith("campagne.yml") and p["level"] == "erreur"]
    assert [p["message"] for p in problems] == message


def test_recipient_needs_a_function_or_titles(repo: RepoBuilder) -> None:
    line = write_campaign(repo, [{"id": RECIPIENT}])
    result = repo.run("validate")
    assert result.exit_code == 1
    assert f"{CAMPAIGN_FILE}:{line}: destinataire sans « fonction » ni « titres » : " \
        "indiquez au moins la fonction (par exemple « fonction: Ministre chargé de la santé »)" \
        in result.stdout
