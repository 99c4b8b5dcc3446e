"""`petition new`: the questions driven through CliRunner input, the options-only mode for
scripts, the same checks as a file, and never overwriting."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, PROJECT, RepoBuilder, motion_data, project_text
from petition.core.destinations import Destination, failing
from petition.core.yamlstrict import load_bytes
from petition.exchange.writer import dump_motion, write_new
from petition.intake.answers import NO_SOURCE

LIEVIN = f"motions/{CAMPAIGN}/commune-62510-lievin-2023-09-27.yml"
HINT = ("(Tapez « < » pour revenir à la question précédente, « - » pour effacer une réponse "
        "proposée.)")
# What `petition new` says once the file is written (this test repository has no git, and the
# address of its GitHub repository in projet.yml).
NEXT = (f"\nEt maintenant :\n  1. vérifiez-la : petition validate {LIEVIN}\n"
        f"  2. proposez-la : sur {PROJECT['depot']}/tree/main/motions/{CAMPAIGN}, « Add file → "
        "Upload files » (ajouter un fichier), puis « Propose changes ».\n"
        "  Sans git, le formulaire « Signaler une motion adoptée » suffit aussi : "
        f"{PROJECT['depot']}/issues/new?template=signaler-motion.yml\n")
OPTIONS = ["new", "--campaign", CAMPAIGN, "--type", "commune", "--code", "62510",
           "--date", "2023-09-27", "--nature", "motion", "--objet", "Motion bibliothèques",
           "--resultat", "adoptee"]
EXPECTED: dict[str, Any] = {
    "campagne": CAMPAIGN,
    "collectivite": {"type": "commune", "code": "62510", "nom": "Liévin"},
    "instance": "Conseil municipal", "nature": "motion", "objet": "Motion bibliothèques",
    "seance": {"date": "2023-09-27"},
    "presences": {"effectif": 39, "presents": 29, "pouvoirs": 8},
    "vote": {"resultat": "adoptee", "pour": 37, "contre": 0, "abstentions": 0},
}


def answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_questions_write_the_motion(repo: RepoBuilder) -> None:
    result = repo.run("new", input=answers(
        CAMPAIGN,  # campaign
        "Commune",  # type, any case
        "liévin",  # a name: one body found, shown for confirmation
        "peut-être", "o",  # asked again until o/n
        "",  # no SIRET (optional)
        "2031-01-01", "27/09/2023",  # future; then the French way, read as 2023-09-27
        "",  # nature: default motion
        "Motion bibliothèques",
        "2023-118",  # the act's own number, as the document writes it
        "",  # instance: default for a commune
        "39", "45", "29", "huit", "8",  # more present than members: asked again at once
        "",  # resultat: default adoptee
        "peut-être", "",  # unanimity: yes, no or unknown
        "1 234", "37", "0", "0",  # 1234 votes for 37 votants: asked again at once
        "www.lievin", "",  # not a web address; then none (a warning)
        ".", "Le conseil municipal demande", "", "le maintien de la bibliothèque.", ".",  # typed text
        "o",  # write
    ))
    assert result.exit_code == 0, result.output
    assert "  → Liévin — commune 62510, Pas-de-Calais (62), Hauts-de-France\n" in result.stdout
    expected = {**EXPECTED, "identifiant": "2023-118",
                "texte": "Le conseil municipal demande\n\nle maintien de la bibliothèque."}
    # CliRunner echoes the answers typed (here the final « o »)
    assert result.stdout.endswith(f"{dump_motion(expected)}\nÉcrire {LIEVIN} ? (o/n): o\n"
                                  f"Motion écrite : {LIEVIN}\n{NEXT}")
    assert result.stderr.splitlines() == [
        "  ✗ répondez o (oui) ou n (non)",
        "  ✗ date « 2031-01-01 » dans le futur (aujourd'hui : 2026-11-22) : vérifiez l'année",
        "  ✗ 45 présents pour 39 membres en exercice : vérifiez les deux nombres",
        "  ✗ « huit » n'est pas un nombre entier positif ou nul : écrivez un nombre (par exemple "
        "37), ou laissez la case vide si le nombre est inconnu",
        "  ✗ « peut-être » : écrivez oui ou non",
        "  ✗ pour 1234, plus que les 37 votants (29 présents + 8 pouvoirs) : vérifiez les nombres",
        "  ✗ « www.lievin » n'est pas une adresse web : copiez l'adresse complète du document, qui "
        "commence par https:// (ou laissez vide)",
        f"  ⚠ {NO_SOURCE}",
    ]
    assert load_bytes((repo.root / LIEVIN).read_bytes()).data == expected
    assert repo.run("validate").exit_code == 0


def test_duplicate_is_said_as_soon_as_body_and_date_are_known(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin"}))
    result = repo.run("new", "--campaign", CAMPAIGN, "--type", "commune", "--code", "62510",
                      input=answers("", "2023-09-27", "2023-10-12", "", "Motion", "", "", "", "", "", "",
                                    "", "", "", "", "https://www.lievin.fr/motion.pdf", "", "o"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"  ✗ doublon : {LIEVIN} existe déjà pour cette collectivité à cette date de séance dans "
        "cette campagne ; vérifiez la date, ou complétez ce fichier-là")
    assert f"Motion écrite : motions/{CAMPAIGN}/commune-62510-lievin-2023-10-12.yml" in result.stdout


def test_back_to_the_previous_question(repo: RepoBuilder) -> None:
    """The error shows on « contre », but « pour » was wrong: « < » goes back to it."""
    result = repo.run(*OPTIONS, input=answers(
        "", "", "", "39", "29", "8", "", "37", "3", "<", "34", "3", "0",
        "https://www.lievin.fr/motion.pdf", "", "o"))
    assert result.exit_code == 0, result.output
    assert result.stderr == ("  ✗ pour 37 + contre 3 = 40, plus que les 37 votants (29 présents "
                             "+ 8 pouvoirs) : vérifiez les nombres\n")
    assert load_bytes((repo.root / LIEVIN).read_bytes()).data["vote"] == {
        "resultat": "adoptee", "pour": 34, "contre": 3, "abstentions": 0}


def test_unanimity_and_text_from_a_file(repo: RepoBuilder, tmp_path: Path) -> None:
    text = tmp_path / "motion.txt"
    text.write_bytes("Considérant l'apport de la bibliothèque,\r\n\r\nLe conseil demande…\r\n".encode())
    result = repo.run(*OPTIONS, input=answers(
        "", "", "", "", "", "", "o", "", "", "", "https://www.lievin.fr/motion.pdf",
        str(tmp_path / "absent.txt"), str(text), "o"))
    assert result.exit_code == 0, result.output
    read = "Considérant l'apport de la bibliothèque,\n\nLe conseil demande…"
    assert f"  → {len(read)} caractères lus dans {text}\n" in result.stdout
    data = load_bytes((repo.root / LIEVIN).read_bytes()).data
    assert data["vote"] == {"resultat": "adoptee", "unanimite": True}
    assert data["texte"] == read
    assert result.stderr == (f"  ✗ « {tmp_path / 'absent.txt'} » illisible : fichier ou dossier "
                             "introuvable\n")


def test_write_failure_keeps_the_answers_and_resume_goes_on(
        repo: RepoBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    def disk_full(target: Destination, text: str) -> bool:
        if target.path.suffix == ".yml" and "motions" in target.path.parts:
            with failing(target.shown):  # what the writer does with the system's refusal
                raise OSError(errno.ENOSPC, "No space left on device")
        return write_new(target, text)

    # The failing writer only for this first run (the test's own isolation stays in place).
    with monkeypatch.context() as patch:
        patch.setattr("petition.intake.newmotion.write_new", disk_full)
        typed = answers("", "", "", "39", "29", "8", "", "37", "0", "0",
                        "https://www.lievin.fr/motion.pdf", "", "o")
        failed = repo.run(*OPTIONS, input=typed)
        kept = tmp_path / "petition-new-62510-2023-09-27.yml"
        assert failed.exit_code == 2
        assert failed.stderr.splitlines()[-2:] == [
            f"Erreur : impossible d'écrire {LIEVIN} : le disque est plein (libérez de la place) ; rien "
            "n'a été écrit",
            f"Vos réponses sont gardées dans {kept} : reprenez avec « petition new --resume {kept} »."]
        assert not (repo.root / LIEVIN).exists()
        assert load_bytes(kept.read_bytes()).data == {"campagne": CAMPAIGN, "reponses": {
            "type": "commune", "code": "62510", "siret": "", "date": "2023-09-27", "nature": "motion",
            "objet": "Motion bibliothèques", "identifiant": "", "resultat": "adoptee",
            "instance": "Conseil municipal", "effectif": "39", "presents": "29", "pouvoirs": "8",
            "unanimite": "", "pour": "37",
            "contre": "0", "abstentions": "0", "url": "https://www.lievin.fr/motion.pdf", "texte": ""}}

    resumed = repo.run("new", "--resume", str(kept), input=answers("o"))
    assert resumed.exit_code == 0, resumed.output
    assert resumed.stdout.startswith(f"Reprise des réponses gardées dans {kept}\n{HINT}\n"
                                     "Collectivité : Liévin — commune 62510")
    assert resumed.stdout.endswith(f"Motion écrite : {LIEVIN}\nRéponses gardées supprimées : {kept}\n"
                                   f"{NEXT}")
    assert load_bytes((repo.root / LIEVIN).read_bytes()).data == {
        **EXPECTED, "sources": [{"url": "https://www.lievin.fr/motion.pdf"}]}
    assert not kept.exists()


def test_resume_asks_again_what_is_wrong_in_the_kept_answers(repo: RepoBuilder,
                                                             tmp_path: Path) -> None:
    kept = tmp_path / "reponses.yml"
    kept.write_text(f"campagne: {CAMPAIGN}\nreponses:\n  type: commune\n  code: '62510'\n"
                    "  date: 2023-09-27\n  nature: motion\n  objet: Motion bibliothèques\n"
                    "  effectif: '39'\n  presents: '45'\n  resultat: adoptee\n")
    result = repo.run("new", "--resume", str(kept), input=answers("", "", "", "29", "", "", "", "",
                                                                  "", "", "", "o"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == ("  ✗ Présents (vide si inconnu) : 45 présents pour 39 "
                                             "membres en exercice : vérifiez les deux nombres")
    assert load_bytes((repo.root / LIEVIN).read_bytes()).data["presences"] == {
        "effectif": 39, "presents": 29}


def test_resume_refuses_a_file_that_is_not_kept_answers(repo: RepoBuilder, tmp_path: Path) -> None:
    bad = tmp_path / "x.yml"
    bad.write_text(f"campagne: {CAMPAIGN}\nreponses:\n  couleur: rouge\n")
    result = repo.run("new", "--resume", str(bad))
    assert result.exit_code == 2
    assert f"{bad} : réponse(s) inconnue(s) couleur ; questions : type, code," in result.stderr


def test_choose_among_homonyms_by_number(repo: RepoBuilder) -> None:
    result = repo.run("new", input=answers(
        CAMPAIGN, "commune", "Saint-Martin", "2", "", "2023-09-27", "", "Motion bibliothèques", "",
        "", "", "", "", "", "", "", "", "", "", "", "o"))
    assert result.exit_code == 0, result.output
    assert "  2. Saint-Martin — commune 54480, Meurthe-et-Moselle (54), Grand Est\n" \
        in result.stdout
    written = f"motions/{CAMPAIGN}/commune-54480-saint-martin-2023-09-27.yml"
    assert load_bytes((repo.root / written).read_bytes()).data == {
        "campagne": CAMPAIGN,
        "collectivite": {"type": "commune", "code": "54480", "nom": "Saint-Martin"},
        "instance": "Conseil municipal", "nature": "motion", "objet": "Motion bibliothèques",
        "seance": {"date": "2023-09-27"}, "vote": {"resultat": "adoptee"}}


def test_declining_writes_nothing(repo: RepoBuilder) -> None:
    result = repo.run(*OPTIONS, input=answers("", "", "", "", "", "", "", "", "", "", "", "", "n"))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{HINT}\nCollectivité : Liévin — commune 62510, "
                                    "Pas-de-Calais (62), Hauts-de-France\n")
    assert result.stderr == f"  ⚠ {NO_SOURCE}\nRien n'a été écrit.\n"
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
    result = repo.run("new", "--campaign", CAMPAIGN, "--type", "commune", "--no-input")
    assert result.exit_code == 2
    assert "avec --no-input, il faut aussi : --code, --date, --nature, --objet, --resultat" \
        in result.stderr
    unknown = repo.run("new", "--campaign", "autre-1999", "--no-input")
    assert unknown.exit_code == 2


# --- nothing typed is lost (issue 26) ---------------------------------------------------------
def test_an_interrupted_session_is_kept_and_offered_again(repo: RepoBuilder) -> None:
    # Ctrl-C, a closed terminal or a crash after the objet: the input ends there (click's Abort,
    # as Ctrl-C raises it). Before, every answer was lost.
    first = repo.run("new", input=answers(CAMPAIGN, "", "62510", "o", "", "27/09/2023", "",
                                          "Motion bibliothèques"))
    assert first.exit_code == 1
    session = next(Path(os.environ["PETITION_STATE_DIR"]).glob("nouvelle-motion-*.yml"))
    assert first.stderr.endswith(f"Interrompu : vos réponses sont gardées ({session}) ; relancez "
                                 "« petition new » pour reprendre là.\n")
    assert load_bytes(session.read_bytes()).data == {"campagne": CAMPAIGN, "reponses": {
        "type": "commune", "code": "62510", "siret": "", "date": "2023-09-27", "nature": "motion",
        "objet": "Motion bibliothèques"}}
    assert not (repo.root / "motions" / CAMPAIGN / LIEVIN.rsplit("/", 1)[1]).exists()

    second = repo.run("new", input=answers(
        "o",  # resume
        "", "", "39", "29", "8", "", "", "37", "0", "0", "https://www.lievin.fr/motion.pdf", "", "o"))
    assert second.exit_code == 0, second.output
    assert second.stdout.startswith(
        f"Une saisie interrompue est gardée ({CAMPAIGN}, 62510, 2023-09-27 : 6 réponse(s)).\n"
        "La reprendre là où elle s'est arrêtée ? (o/n): o\n")
    assert load_bytes((repo.root / LIEVIN).read_bytes()).data == {
        **EXPECTED, "sources": [{"url": "https://www.lievin.fr/motion.pdf"}]}
    assert not session.exists()  # written: nothing left to resume
    third = repo.run("new", input=answers(CAMPAIGN))
    assert "Une saisie interrompue" not in third.stdout


def test_declining_to_resume_starts_afresh(repo: RepoBuilder) -> None:
    repo.run("new", input=answers(CAMPAIGN, "", "62510", "o", "", "27/09/2023"))
    result = repo.run("new", input=answers("n", CAMPAIGN, "", "62498"))
    assert "Code officiel (INSEE, SIREN de l'EPCI, numéro) ou nom: 62498" in result.stdout
    assert "[62510]" not in result.stdout


def test_going_back_offers_the_previous_answer(repo: RepoBuilder) -> None:
    result = repo.run(*OPTIONS, input=answers(
        "", "", "", "39", "29", "8", "", "37", "<", "", "0", "0",  # back from « contre », Entrée keeps 37
        "https://www.lievin.fr/motion.pdf", "", "o"))
    assert result.exit_code == 0, result.output
    assert "Voix pour (vide si inconnu): 37\nVoix contre (vide si inconnu): <\n" \
           "Voix pour (vide si inconnu) [37]: \nVoix contre (vide si inconnu): 0\n" in result.stdout
    assert load_bytes((repo.root / LIEVIN).read_bytes()).data["vote"]["pour"] == 37


def test_going_back_then_clearing_an_answer(repo: RepoBuilder) -> None:
    result = repo.run(*OPTIONS, input=answers(
        "", "", "", "39", "29", "8", "", "37", "<", "-", "", "",  # « - » clears the 37 offered back
        "https://www.lievin.fr/motion.pdf", "", "o"))
    assert result.exit_code == 0, result.output
    assert load_bytes((repo.root / LIEVIN).read_bytes()).data["vote"] == {"resultat": "adoptee"}


def test_a_pasted_text_is_taken_as_text(repo: RepoBuilder) -> None:
    # Before, the first line of a pasted text was read as a file name: « … illisible ».
    pasted = ("Restant particulièrement préoccupés par la nécessaire consolidation du réseau,",
              "", "Considérant l'apport de l'offre de santé sur notre territoire,", "",
              "Le Conseil demande solennellement que le gouvernement :")
    result = repo.run(*OPTIONS, input=answers(
        "", "", "", "", "", "", "", "", "", "", "https://www.lievin.fr/motion.pdf", *pasted, ".",
        "o"))
    assert result.exit_code == 0, result.output
    assert "illisible" not in result.output
    assert load_bytes((repo.root / LIEVIN).read_bytes()).data["texte"] == "\n".join(pasted)


def test_commune_is_the_type_offered(repo: RepoBuilder) -> None:
    result = repo.run("new", "--campaign", CAMPAIGN, input=answers("", "62510", "o"))
    assert ("Type de collectivité (commune, arrondissement, epci, ept, collectivite, departement, "
            "region, com) [commune]: \n") in result.stdout
    assert "  → Liévin — commune 62510, Pas-de-Calais (62), Hauts-de-France\n" in result.stdout


def test_the_next_step_with_git_and_the_repository_address(repo: RepoBuilder) -> None:
    (repo.root / ".git").mkdir()
    repo.write("projet.yml", project_text())
    result = repo.run(*OPTIONS, "--url", "https://www.lievin.fr/motion.pdf", "--yes",
                      input=answers(*[""] * 12))
    assert result.exit_code == 0, result.output
    stem = LIEVIN.rsplit("/", 1)[1].removesuffix(".yml")
    assert result.stdout.endswith(
        f"Motion écrite : {LIEVIN}\n\nEt maintenant :\n"
        f"  1. vérifiez-la : petition validate {LIEVIN}\n"
        f"  2. proposez-la : git switch -c motion-{stem} && git add {LIEVIN} && git commit -m "
        f"\"Ajoute {stem}\" && git push, puis ouvrez une demande de modification (pull request) "
        "sur GitHub.\n"
        "  Sans git, le formulaire « Signaler une motion adoptée » suffit aussi : "
        f"{PROJECT['depot']}/issues/new?template=signaler-motion.yml\n")


def test_the_next_step_without_git_nor_address(repo: RepoBuilder) -> None:
    (repo.root / "projet.yml").unlink()
    result = repo.run(*OPTIONS, "--url", "https://www.lievin.fr/motion.pdf", "--yes",
                      input=answers(*[""] * 12))
    assert result.stdout.endswith(
        f"Motion écrite : {LIEVIN}\n\nEt maintenant :\n"
        f"  1. vérifiez-la : petition validate {LIEVIN}\n"
        "  2. proposez-la par une demande de modification (pull request) sur le dépôt GitHub de la "
        "campagne, ou par son formulaire « Signaler une motion adoptée ».\n")
