"""One reading of the dates people type, everywhere they type one: command-line options,
`petition new`, the issue form, `validate --fix`, PETITION_TODAY. Stored ISO."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import RepoBuilder
from petition.core.dates import ACCEPTED, DateError, parse_date
from test_sendings import CID, SENT_ON, campaign_repo, pdf_file, record


@pytest.mark.parametrize(("typed", "iso"), [
    ("2024-02-05", "2024-02-05"),
    ("05/02/2024", "2024-02-05"),
    ("5/2/2024", "2024-02-05"),
    ("5.2.2024", "2024-02-05"),
    ("5 février 2024", "2024-02-05"),
    ("5 fevrier 2024", "2024-02-05"),
    ("5 FÉVRIER 2024", "2024-02-05"),
    ("mardi 5 février 2024", "2024-02-05"),
    ("le 5 févr. 2024", "2024-02-05"),
    ("1er mars 2024", "2024-03-01"),
    ("premier mars 2024", "2024-03-01"),
    ("31 décembre 2023", "2023-12-31"),
    ("15 août 2023", "2023-08-15"),
    ("15 aout 2023", "2023-08-15"),
    (" 2024-2-5 ", "2024-02-05"),
    ("29 février 2024", "2024-02-29"),
])
def test_accepted_forms(typed: str, iso: str) -> None:
    assert parse_date(typed) == iso


@pytest.mark.parametrize(("typed", "message"), [
    ("31/02/2024", "« 31/02/2024 » : le 31 février 2024 n'existe pas (février 2024 n'a que 29 "
                   "jours) ; vérifiez la date sur le document"),
    ("29 février 2023", "« 29 février 2023 » : le 29 février 2023 n'existe pas (février 2023 n'a "
                        "que 28 jours) ; vérifiez la date sur le document"),
    ("05/02/24", f"« 05/02/24 » : l'année s'écrit avec ses quatre chiffres (2024, pas 24) ; "
                 f"{ACCEPTED}"),
    ("02/13/2024", f"« 02/13/2024 » : il n'y a pas de mois 13 (le jour s'écrit d'abord : "
                   f"JJ/MM/AAAA) ; {ACCEPTED}"),
    ("5 brumaire 2024", f"« 5 brumaire 2024 » : mois « brumaire » inconnu ; {ACCEPTED}"),
    ("demain", f"« demain » n'est pas une date lisible ; {ACCEPTED}"),
])
def test_refused_forms_say_why_and_what_to_write(typed: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(typed)
    assert str(caught.value) == message
    assert ACCEPTED == ("formes acceptées : AAAA-MM-JJ (2024-02-05), JJ/MM/AAAA (05/02/2024) ou "
                        "en toutes lettres (5 février 2024, 1er mars 2024)")


def test_answer_takes_a_french_date(repo: RepoBuilder, tmp_path: Path) -> None:
    # Issue 26: `answer --date 05/02/2024` was refused; people write dates that way.
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                    "2 novembre 2026").exit_code == 0
    result = repo.run("answer", "--campaign", CID, "--recipient", "ministre-sante",
                      "--date", "20/11/2026", "--document", str(pdf_file(tmp_path)),
                      "--accuse-reception", "5 novembre 2026")
    assert result.exit_code == 0, result.output
    saved = record(repo, f"motions/{CID}/reponses/2026-11-20-ministre-sante.yml")
    assert (saved["envoi"], saved["date"], saved["accuses_reception"]) == (
        SENT_ON, "2026-11-20", [{"date": "2026-11-05"}])


def test_an_impossible_option_date_is_a_usage_error(repo: RepoBuilder, tmp_path: Path) -> None:
    campaign_repo(repo)
    result = repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                      "31/11/2026")
    assert result.exit_code == 2
    assert result.stderr.endswith("Erreur : valeur invalide pour « --date » : « 31/11/2026 » : le "
                                  "31 novembre 2026 n'existe pas (novembre 2026 n'a que 30 jours) ; "
                                  "vérifiez la date sur le document\n")


def test_today_and_petition_today_take_french_dates(repo: RepoBuilder,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from petition.core.repository import today_default

    monkeypatch.setenv("PETITION_TODAY", "1er mars 2024")
    assert today_default() == dt.date(2024, 3, 1)
    assert repo.run("--today", "5 février 2024", "validate").exit_code == 0


def test_new_with_no_input_takes_a_french_date(repo: RepoBuilder) -> None:
    # Issue 26: `new --no-input` with JJ/MM/AAAA was refused.
    from conftest import CAMPAIGN

    result = repo.run("new", "--campaign", CAMPAIGN, "--type", "commune", "--code", "62510",
                      "--date", "27/09/2023", "--nature", "motion", "--objet", "Motion",
                      "--resultat", "adoptee", "--url", "https://www.exemple.fr/m.pdf",
                      "--no-input")
    assert result.exit_code == 0, result.output
    written = f"motions/{CAMPAIGN}/commune-62510-lievin-2023-09-27.yml"
    assert 'date: "2023-09-27"' in (repo.root / written).read_text("utf-8")


def test_validate_fix_writes_a_date_in_words_as_iso(repo: RepoBuilder) -> None:
    from conftest import motion_data

    path = repo.add(motion_data())
    text = path.read_text("utf-8").replace('date: "2023-09-27"', "date: 27 septembre 2023")
    path.write_text(text, encoding="utf-8")
    rel = path.relative_to(repo.root).as_posix()
    line = text.split("\n").index("  date: 27 septembre 2023") + 1
    result = repo.run("validate", "--fix")
    assert f'{rel}:{line}: date: 27 septembre 2023  →  date: "2023-09-27"' in result.output
    assert repo.run("validate", "--fix", "--write").exit_code == 0
    assert '  date: "2023-09-27"' in path.read_text("utf-8")
