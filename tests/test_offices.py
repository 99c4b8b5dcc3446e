"""Recipients as offices: the title in force on a letter's date, at each boundary; the checks of
dated titles; `petition letter` stopping when nobody can be addressed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import yaml

from conftest import ROOT, RepoBuilder
from petition.core.offices import NEUTRAL_SALUTATION, Office, office_at, recipient_office
from petition.exchange.writer import dump_motion

DAY = dt.timedelta(days=1)
VERAN_END = dt.date(2022, 5, 20)  # « Ministre des Solidarités et de la Santé » until this day
PREVENTION_END = dt.date(2024, 1, 11)  # « … de la Santé et de la Prévention » until this day
NEUTRAL = "Ministre chargé de la santé"
BOTH = "Madame la Ministre, Monsieur le Ministre"


def real_recipient(campaign: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "motions" / campaign / "campagne.yml").read_text("utf-8"))
    recipients = data["destinataires"]
    assert [r["id"] for r in recipients] == ["ministre-sante"]
    return dict(recipients[0])


def title_at(recipient: dict[str, Any], day: dt.date) -> tuple[str, bool] | None:
    office = office_at(recipient, day)
    return None if office is None else (office.title, office.neutral)


@pytest.mark.parametrize("campaign", ["canssm-2022", "canssm-2023"])
def test_health_minister_at_each_boundary(campaign: str) -> None:
    who = real_recipient(campaign)
    solidarites = ("Ministre des Solidarités et de la Santé", False)
    prevention = ("Ministre de la Santé et de la Prévention", False)
    travail = ("Ministre du Travail, de la Santé et des Solidarités", False)
    neutral = (NEUTRAL, True)
    assert title_at(who, dt.date(2021, 6, 1)) == solidarites  # the 2021 motions' minister
    assert title_at(who, VERAN_END - DAY) == solidarites
    assert title_at(who, VERAN_END) == prevention  # `au` excluded, `du` included
    assert title_at(who, VERAN_END + DAY) == prevention
    assert title_at(who, PREVENTION_END - DAY) == prevention
    assert title_at(who, PREVENTION_END) == travail  # its first day: certainly in force
    # It changed later at a date not recorded (`termine`): from the next day, the function.
    assert title_at(who, PREVENTION_END + DAY) == neutral
    assert title_at(who, dt.date(2026, 11, 30)) == neutral


def test_neutral_function_and_salutations() -> None:
    who = real_recipient("canssm-2023")
    office = office_at(who, dt.date(2026, 11, 30))
    assert office == Office("ministre-sante", NEUTRAL, BOTH, "", (), neutral=True)
    # No person recorded: the salutation names both, never an invented holder.
    assert office_at(who, dt.date(2023, 9, 27)) == Office(
        "ministre-sante", "Ministre de la Santé et de la Prévention", BOTH, "", (), neutral=False)
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


CAMPAIGN = "motions/canssm-2023/campagne.yml"


def write_campaign(repo: RepoBuilder, recipients: list[dict[str, Any]]) -> int:
    """Write the 2023 campaign with these recipients; the line of the first one."""
    data = yaml.safe_load((repo.root / CAMPAIGN).read_text("utf-8"))
    text = dump_motion({**data, "destinataires": recipients}, kind="campaign")
    repo.write(CAMPAIGN, text)
    return next(n for n, line in enumerate(text.splitlines(), 1) if "id: ministre-sante" in line)


def test_letter_stops_when_nobody_can_be_addressed(repo: RepoBuilder) -> None:
    line = write_campaign(repo, [{"id": "ministre-sante", "titres": [
        {"titre": "Ministre de la Santé et de la Prévention", "du": "2022-05-20",
         "au": "2024-01-11"}]}])
    assert repo.run("validate").exit_code == 0
    result = repo.run("letter", "--campaign", "canssm-2023", "--format", "md", "-o",
                      str(repo.root / "out"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{CAMPAIGN}:{line}: destinataire « ministre-sante » : aucun titre en "
        "vigueur le 22\u00a0novembre 2026 et aucune « fonction » enregistrée, la lettre ne peut être "
        "adressée à personne ; ajoutez le titre de ce jour-là dans « titres » (avec « du » et "
        "« au ») ou la formule neutre dans « fonction » (par exemple « Ministre chargé de la "
        "santé »)\n")
    assert not (repo.root / "out").exists()
    # Dated inside the title's period, the same letter is written.
    dated = repo.run("letter", "--campaign", "canssm-2023", "--format", "md", "--date",
                     "2023-10-01", "-o", str(repo.root / "out"))
    assert dated.exit_code == 0, dated.output
    text = (repo.root / "out" / "canssm-2023-ministre-sante.md").read_text("utf-8")
    assert text.startswith("# Projet de lettre au ministre de la Santé et de la Prévention\n")
    assert "Le 1er\u00a0octobre 2023" in text


def test_letter_date_in_the_future_is_refused(repo: RepoBuilder) -> None:
    result = repo.run("letter", "--campaign", "canssm-2023", "--format", "md", "--date",
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
    write_campaign(repo, [{"id": "ministre-sante", "fonction": NEUTRAL, "titres": titles}])
    result = repo.run("validate", "--format", "json")
    assert result.exit_code == 1
    problems = [p for p in json.loads(result.stdout)["problemes"]
                if p["path"].endswith("campagne.yml")]
    assert [p["message"] for p in problems] == message


def test_recipient_needs_a_function_or_titles(repo: RepoBuilder) -> None:
    line = write_campaign(repo, [{"id": "ministre-sante"}])
    result = repo.run("validate")
    assert result.exit_code == 1
    assert f"{CAMPAIGN}:{line}: destinataire sans « fonction » ni « titres » : " \
        "indiquez au moins la fonction (par exemple « fonction: Ministre chargé de la santé »)" \
        in result.stdout
