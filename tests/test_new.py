"""`petition new`: the questions driven through CliRunner input, the options-only mode for
scripts, the same checks as a file, and never overwriting."""

from __future__ import annotations

from typing import Any

from conftest import RepoBuilder, motion_data
from petition.core.yamlstrict import load_bytes
from petition.exchange.writer import dump_motion

LIEVIN = "motions/canssm-2023/commune-62510-lievin-2023-09-27.yml"
OPTIONS = ["new", "--campaign", "canssm-2023", "--type", "commune", "--code", "62510",
           "--date", "2023-09-27", "--nature", "motion", "--objet", "Motion CANSSM",
           "--resultat", "adoptee"]
EXPECTED: dict[str, Any] = {
    "campagne": "canssm-2023",
    "collectivite": {"type": "commune", "code": "62510", "nom": "Liévin"},
    "instance": "Conseil municipal", "nature": "motion", "objet": "Motion CANSSM",
    "seance": {"date": "2023-09-27"},
    "presences": {"effectif": 39, "presents": 29, "pouvoirs": 8},
    "vote": {"resultat": "adoptee", "pour": 37, "contre": 0, "abstentions": 0},
}


def answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_questions_write_the_motion(repo: RepoBuilder) -> None:
    result = repo.run("new", input=answers(
        "canssm-2023",  # campaign
        "Commune",  # type, any case
        "liévin",  # a name: one body found, shown for confirmation
        "peut-être", "o",  # asked again until o/n
        "27/09/2023", "2031-01-01", "2023-09-27",  # wrong format, future, right
        "",  # nature: default motion
        "Motion CANSSM",
        "",  # instance: default for a commune
        "39", "29", "huit", "8",  # a count asked again
        "",  # resultat: default adoptee
        "37", "0", "0",
        "",  # no URL
        "o",  # write
    ))
    assert result.exit_code == 0, result.output
    assert "  → Liévin — commune 62510, Pas-de-Calais (62), Hauts-de-France\n" in result.stdout
    # CliRunner echoes the answers typed (here the final « o »)
    assert result.stdout.endswith(f"{dump_motion(EXPECTED)}\nÉcrire {LIEVIN} ? (o/n): o\n"
                                  f"Motion écrite : {LIEVIN}\n")
    assert result.stderr.splitlines() == [
        "  ✗ répondez o (oui) ou n (non)",
        "  ✗ « 27/09/2023 » n'est pas au format AAAA-MM-JJ : écrivez « 2023-09-27 »",
        "  ✗ date « 2031-01-01 » dans le futur (aujourd'hui : 2026-11-22) : vérifiez l'année",
        "  ✗ « huit » n'est pas un nombre entier positif ou nul : écrivez un nombre (par exemple "
        "37), ou laissez la case vide si le nombre est inconnu",
    ]
    assert load_bytes((repo.root / LIEVIN).read_bytes()).data == EXPECTED
    assert repo.run("validate").exit_code == 0


def test_choose_among_homonyms_by_number(repo: RepoBuilder) -> None:
    result = repo.run("new", input=answers(
        "canssm-2023", "commune", "Saint-Martin", "2", "2023-09-27", "", "Motion CANSSM", "",
        "", "", "", "", "", "", "", "", "o"))
    assert result.exit_code == 0, result.output
    assert "  2. Saint-Martin — commune 54480, Meurthe-et-Moselle (54), Grand Est\n" \
        in result.stdout
    written = "motions/canssm-2023/commune-54480-saint-martin-2023-09-27.yml"
    assert load_bytes((repo.root / written).read_bytes()).data == {
        "campagne": "canssm-2023",
        "collectivite": {"type": "commune", "code": "54480", "nom": "Saint-Martin"},
        "instance": "Conseil municipal", "nature": "motion", "objet": "Motion CANSSM",
        "seance": {"date": "2023-09-27"}, "vote": {"resultat": "adoptee"}}


def test_declining_writes_nothing(repo: RepoBuilder) -> None:
    result = repo.run(*OPTIONS, input=answers("", "", "", "", "", "", "", "", "n"))
    assert result.exit_code == 0
    assert result.stdout.startswith("Collectivité : Liévin — commune 62510, Pas-de-Calais (62), "
                                    "Hauts-de-France\n")
    assert result.stderr == "Rien n'a été écrit.\n"
    assert not (repo.root / LIEVIN).exists()


def test_options_only(repo: RepoBuilder) -> None:
    result = repo.run(*OPTIONS, "--instance", "Conseil municipal", "--effectif", "39",
                      "--presents", "29", "--pouvoirs", "8", "--pour", "37", "--contre", "0",
                      "--abstentions", "0", "--no-input")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, f"Motion écrite : {LIEVIN}\n", "")
    assert load_bytes((repo.root / LIEVIN).read_bytes()).data == EXPECTED


def test_never_overwrites(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin"}))
    before = (repo.root / LIEVIN).read_bytes()
    result = repo.run(*OPTIONS, "--no-input")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{LIEVIN}:1: doublon : {LIEVIN} existe déjà pour cette collectivité, cette date de séance "
        "et cette campagne ; complétez ce fichier-là",
        "Rien n'a été écrit : corrigez les réponses ci-dessus.",
    ]
    assert (repo.root / LIEVIN).read_bytes() == before


def test_bad_options_are_named_and_nothing_is_written(repo: RepoBuilder) -> None:
    result = repo.run(*OPTIONS, "--pour", "-1", "--presents", "45", "--effectif", "39",
                      "--no-input")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "petition new:1: « pour » : « -1 » n'est pas un nombre entier positif ou nul : écrivez un "
        "nombre (par exemple 37), ou laissez la case vide si le nombre est inconnu",
        "Rien n'a été écrit : corrigez les réponses ci-dessus.",
    ]
    result = repo.run(*OPTIONS, "--presents", "45", "--effectif", "39", "--no-input")
    assert result.stderr.splitlines() == [
        f"{LIEVIN}:13: 45 présents pour 39 membres en exercice : vérifiez les deux nombres",
        "Rien n'a été écrit : corrigez les réponses ci-dessus.",
    ]
    assert not (repo.root / LIEVIN).exists()


def test_missing_options_with_no_input_is_a_usage_error(repo: RepoBuilder) -> None:
    result = repo.run("new", "--campaign", "canssm-2023", "--type", "commune", "--no-input")
    assert result.exit_code == 2
    assert "avec --no-input, il faut aussi : --code, --date, --nature, --objet, --resultat" \
        in result.stderr
    unknown = repo.run("new", "--campaign", "canssm-1999", "--no-input")
    assert unknown.exit_code == 2
