"""The mistakes of issue 15, typed as people type them: one message each, naming the line to edit
and the line to write; `petition validate --fix` rewrites what is certain, line by line."""

from __future__ import annotations

import pytest

from conftest import CAMPAIGN, FIXTURES, SAMPLE_LENS, RepoBuilder

LENS = SAMPLE_LENS
# The fixture file names no URL: give it one, so that only the mistake under test is reported.
# The fixture file gives no counts either: the tests of counts need some (unanimity with one
# abstention, so nothing looks inferred).
SEED = (FIXTURES / LENS).read_text("utf-8").replace(
    "sources:\n  - description:", "sources:\n  - url: https://www.example.fr/lens.pdf\n    description:"
).replace("  unanimite: true\n", "  unanimite: true\n  pour: 36\n  contre: 0\n  abstentions: 1\n")
HINT = "(ou lancez « petition validate --fix »)"
# The campaign's id as people type it: capitals and a space (« CAMPAGNE 2023 »).
TYPED_CAMPAIGN = CAMPAIGN.upper().replace("-", " ")


def sample_lens(repo: RepoBuilder, *edits: tuple[str, str]) -> str:
    """The fixture Lens file with `edits` (old, new) applied; returns its text."""
    text = SEED
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    repo.write(LENS, text)
    return text


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def report(repo: RepoBuilder) -> list[str]:
    result = repo.run("validate")
    return list(result.stdout.splitlines())


@pytest.mark.parametrize("edits, fragment, message", [
    ([('date: "2023-09-27"', "date: 27/09/2023")], "date: 27/09",
     "« seance.date » (Date de la séance) : « 27/09/2023 » : la date est écrite JJ/MM/AAAA ; "
     f'écrivez « date: "2023-09-27" » {HINT}'),
    ([('date: "2023-09-27"', "date: “2023-09-27”")], "date: “",
     "« seance.date » (Date de la séance) : « “2023-09-27” » : des guillemets typographiques (Word) "
     f'entourent la valeur ; écrivez « date: "2023-09-27" » {HINT}'),
    ([('code: "62498"', "code: “62498”")], "code: “",
     "« collectivite.code » (Code officiel) : « “62498” » : des guillemets typographiques (Word) "
     f'entourent la valeur ; écrivez « code: "62498" » {HINT}'),
    ([("effectif: 39", 'effectif: "39"')], "effectif:",
     "« presences.effectif » (Membres en exercice) : « 39 » : le nombre est entre guillemets, donc "
     f"lu comme un texte ; écrivez « effectif: 39 » {HINT}"),
    ([("nature: motion", "nature: Vœu")], "nature:",
     "« nature » (Nature de l'acte) : « Vœu » : les valeurs permises s'écrivent sans majuscule ni "
     f"accent ; écrivez « nature: voeu » {HINT}"),
    ([("pour: 36", "pour:36")], "pour:36",
     "espace manquante après « pour: » (sans elle, YAML lit la ligne comme un seul mot) : écrivez "
     f"« pour: 36 » {HINT}"),
    ([('date: "2023-09-27"', 'date: "2023-02-30"')], "date: \"2023-02",
     "« seance.date » (Date de la séance) : « 2023-02-30 » : le 30 février 2023 n'existe pas "
     "(février 2023 n'a que 28 jours) ; vérifiez la date sur le document"),
    ([(f"campagne: {CAMPAIGN}", f"campagne: {TYPED_CAMPAIGN}")], "campagne:",
     f"campagne « {TYPED_CAMPAIGN} » : l'identifiant s'écrit en minuscules avec des tirets, comme "
     f"le nom du dossier ; écrivez « campagne: {CAMPAIGN} »"),
    ([("  nom: Lens", "  nom: {officiel: Lens}")], "nom: {",
     "« collectivite.nom » (Nom officiel) doit être un texte (entre guillemets si besoin), pas un "
     "bloc de champs (officiel)"),
])
def test_one_message_on_the_line_to_edit(repo: RepoBuilder, edits: list[tuple[str, str]],
                                         fragment: str, message: str) -> None:
    text = sample_lens(repo, *edits)
    assert report(repo) == [f"{LENS}:{line_of(text, fragment)}: {message}"]


def test_spaced_number_then_checked_as_meant(repo: RepoBuilder) -> None:
    """`pour: 1 234` gets its line to write, and the count, read as meant, is checked too."""
    text = sample_lens(repo, ("pour: 36", "pour: 1 234"))
    line = line_of(text, "pour: 1 234")
    assert report(repo) == [
        f"{LENS}:{line}: pour 1234 + contre 0 + abstentions 1 = 1235, plus que les 37 votants (29 "
        "présents + 8 pouvoirs) : vérifiez les nombres",
        f"{LENS}:{line}: « vote.pour » (Voix pour) : « 1 234 » : le nombre est écrit avec des "
        f"espaces ; écrivez « pour: 1234 » {HINT}"]


def test_glued_key_is_named_on_its_own_line_even_last_in_its_block(repo: RepoBuilder) -> None:
    text = sample_lens(repo, ("  abstentions: 1", "  abstentions:1"))
    assert report(repo) == [
        f"{LENS}:{line_of(text, 'abstentions:1')}: espace manquante après « abstentions: » (sans "
        f"elle, YAML lit la ligne comme un seul mot) : écrivez « abstentions: 1 » {HINT}"]


def test_vote_total_is_reported_on_the_votes_line(repo: RepoBuilder) -> None:
    text = sample_lens(repo, ("pour: 36", "pour: 40"))
    assert report(repo) == [
        f"{LENS}:{line_of(text, 'pour: 40')}: pour 40 + contre 0 + abstentions 1 = 41, plus que "
        "les 37 votants (29 présents + 8 pouvoirs) : vérifiez les nombres"]


def test_misspelt_key_gets_a_suggestion(repo: RepoBuilder) -> None:
    text = sample_lens(repo, ("nature: motion", "nautre: motion"))
    line = line_of(text, "nautre")
    assert report(repo)[0] == (
        # Issue 26: a missing field says what to write.
        f"{LENS}:2: champ obligatoire « nature » manquant : ajoutez la ligne « nature: motion » (ou "
        "voeu, deliberation)")
    assert report(repo)[1].startswith(
        f"{LENS}:{line}: champ inconnu « nautre » (vouliez-vous écrire « nature » ?) : vérifiez "
        "l'orthographe ; champs permis : auteurs,")


# --- petition validate --fix ------------------------------------------------------------------
MISTAKES = (('date: "2023-09-27"', "date: 27/09/2023"), ('code: "62498"', "code: “62498”"),
            ("effectif: 39", 'effectif: "39"'), ("pour: 36", "pour:36"))


def test_fix_is_a_dry_run_listing_one_line_per_change(repo: RepoBuilder) -> None:
    text = sample_lens(repo, *MISTAKES)
    result = repo.run("validate", "--fix")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f'{LENS}:{line_of(text, "code: “")}: code: “62498”  →  code: "62498"',
        f'{LENS}:{line_of(text, "date: 27/09")}: date: 27/09/2023  →  date: "2023-09-27"',
        f'{LENS}:{line_of(text, "effectif:")}: effectif: "39"  →  effectif: 39',
        f"{LENS}:{line_of(text, 'pour:36')}: pour:36  →  pour: 36",
    ]
    assert result.stderr == ("4 correction(s) possible(s) dans 1 fichier(s), rien n'a été écrit : "
                             "pour les appliquer, lancez « petition validate --fix --write ».\n")
    assert (repo.root / LENS).read_text("utf-8") == text


def test_fix_write_changes_only_those_lines(repo: RepoBuilder) -> None:
    sample_lens(repo, *MISTAKES)
    result = repo.run("validate", "--fix", "--write")
    assert result.exit_code == 0, result.output
    assert result.stderr == ("4 correction(s) appliquée(s) dans 1 fichier(s).\n"
                             "3 fichier(s) vérifié(s) : 0 erreur(s), 0 avertissement(s).\n")
    assert (repo.root / LENS).read_text("utf-8") == SEED
    again = repo.run("validate", "--fix")
    assert (again.exit_code, again.stdout, again.stderr) == (
        0, "", "Aucune correction sûre à proposer.\n")


def test_fix_keeps_crlf_comments_and_everything_else(repo: RepoBuilder) -> None:
    crlf = SEED.replace("pour: 36", "pour: 1 234  # voix du registre").replace(
        'date: "2023-09-27"', "date: 27.09.2023").replace("\n", "\r\n")
    repo.write(LENS, crlf.encode())
    result = repo.run("validate", "--fix", "--write")
    assert result.stdout.splitlines()[:2] == [
        f'{LENS}:{line_of(crlf, "date: 27.09")}: corrigé : date: 27.09.2023  →  date: "2023-09-27"',
        f"{LENS}:{line_of(crlf, 'pour: 1 234')}: corrigé : pour: 1 234  # voix du registre  →  "
        "pour: 1234  # voix du registre"]
    expected = SEED.replace("pour: 36", "pour: 1234  # voix du registre").replace("\n", "\r\n")
    assert (repo.root / LENS).read_bytes() == expected.encode()


def test_fix_never_guesses(repo: RepoBuilder) -> None:
    """`pour: trente` or a date that does not exist have no certain reading: nothing to write."""
    text = sample_lens(repo, ("pour: 36", "pour: trente"), ('date: "2023-09-27"', 'date: "2023-02-30"'))
    result = repo.run("validate", "--fix", "--write")
    assert result.exit_code == 1
    date_line = line_of(text, 'date: "2023-02')
    assert result.stdout.splitlines() == [
        f"{LENS}:{date_line}: « seance.date » (Date de la séance) : "
        "« 2023-02-30 » : le 30 février 2023 n'existe pas (février 2023 n'a que 28 jours) ; "
        "vérifiez la date sur le document",
        f"{LENS}:{line_of(text, 'pour: trente')}: « vote.pour » (Voix pour) doit être un nombre "
        "entier, pas « trente »"]
    assert (repo.root / LENS).read_text("utf-8") == text


def test_write_needs_fix(repo: RepoBuilder) -> None:
    result = repo.run("validate", "--write")
    assert result.exit_code == 2
    assert "--write s'utilise avec --fix : petition validate --fix --write" in result.stderr


# --- copies and sources -----------------------------------------------------------------------
LIEVIN = f"motions/{CAMPAIGN}/commune-62510-lievin-2023-10-12.yml"


def test_copy_of_another_councils_file_is_a_warning(repo: RepoBuilder) -> None:
    """The issue's case: Lens's file with only the code, name and date changed."""
    sample_lens(repo)
    copy = SEED.replace('code: "62498"', 'code: "62510"').replace("nom: Lens", "nom: Liévin") \
        .replace('date: "2023-09-27"', 'date: "2023-10-12"').replace('affichage: "2023-09-28"',
                                                                   'affichage: "2023-10-13"') \
        .replace('convocation: "2023-09-20"', 'convocation: "2023-10-05"')
    repo.write(LIEVIN, copy)
    result = repo.run("validate")
    assert result.exit_code == 0
    expected = []
    for path, other in ((LENS, LIEVIN), (LIEVIN, LENS)):
        found = []
        for fragment, said, what in (
                # Issue 26: the president of the session and the signatories too.
                ("presidence:", "la présidence de séance est celle", "la présidence"),
                ("secretaire:", "le secrétaire de séance est celui", "le secrétaire de séance"),
                ("  noms:", "les noms des présences sont ceux", "les présences"),
                ("texte: |-", "le texte intégral est celui", "le texte"),
                ("signataires:", "les signataires sont ceux", "les signataires")):
            found.append((line_of(SEED, fragment), f"{path}:{line_of(SEED, fragment)}: "
                          f"avertissement : {said} de la motion d'une autre collectivité ({other}) "
                          f": si ce fichier a été copié, recopiez {what} du document de cette "
                          "collectivité"))
        expected += [line for _, line in sorted(found)]
    assert result.stdout.splitlines() == expected


def test_one_person_may_preside_a_commune_and_its_intercommunality(repo: RepoBuilder) -> None:
    """A mayor often presides the intercommunality too: not a copy (two communes would be)."""
    from conftest import motion_data
    for kind, code, name in (("commune", "62498", "Lens"), ("epci", "246200364", "CA de Lens - Liévin")):
        repo.add(motion_data(collectivite={"type": kind, "code": code, "nom": name},
                             seance={"date": "2023-09-27", "presidence": "Sylvain ROBERT, Maire"},
                             presences={}, signataires=[{"nom": "Sylvain ROBERT"}]))
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_same_council_on_another_date_is_not_a_copy(repo: RepoBuilder) -> None:
    sample_lens(repo)
    repo.write(f"motions/{CAMPAIGN}/commune-62498-lens-2023-12-13.yml",
               SEED.replace('date: "2023-09-27"', 'date: "2023-12-13"')
               .replace('affichage: "2023-09-28"', 'affichage: "2023-12-14"'))
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_thin_marks_are_no_evidence(repo: RepoBuilder) -> None:
    """Two names, « M. MARTIN » as secretary, a one-line text: coincidences, not copies."""
    from conftest import motion_data
    for code, name in (("62498", "Lens"), ("62510", "Liévin")):
        repo.add(motion_data(collectivite={"type": "commune", "code": code, "nom": name},
                             seance={"date": "2023-09-27", "secretaire": "M. MARTIN"},
                             presences={"effectif": 39, "presents": 29, "pouvoirs": 8,
                                        "noms": {"excuses": ["M. A", "Mme B"]}},
                             texte="Le conseil adopte la motion."))
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_motion_without_source_is_a_warning(repo: RepoBuilder) -> None:
    from conftest import motion_data
    path = repo.add({k: v for k, v in motion_data().items() if k != "sources"})
    result = repo.run("validate")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path.relative_to(repo.root).as_posix()}:1: avertissement : aucune source : ajoutez sous "
        "« sources: » l'adresse web du document (« - url: https://… ») ou son PDF déposé dans "
        "motions/documents/ (« - fichier: documents/… »), pour que chacun puisse vérifier la "
        "motion\n")


# --- issue 26: what --fix now mends -----------------------------------------------------------
def test_fix_renames_a_notepad_file(repo: RepoBuilder) -> None:
    """Saved by Notepad as « ….yml.txt »: --fix says the new name, --write renames it."""
    saved = LENS + ".txt"
    repo.write(saved, SEED)
    shown = repo.run("validate", "--fix")
    assert shown.stdout.splitlines() == [
        f"{saved}:1: à renommer : commune-62498-lens-2023-09-27.yml.txt  →  "
        "commune-62498-lens-2023-09-27.yml"]
    assert (repo.root / saved).exists()
    done = repo.run("validate", "--fix", "--write")
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines() == [
        f"{saved}:1: renommé : commune-62498-lens-2023-09-27.yml.txt  →  "
        "commune-62498-lens-2023-09-27.yml"]
    assert "1 correction(s) appliquée(s) dans 1 fichier(s)." in done.stderr
    assert not (repo.root / saved).exists()
    assert (repo.root / LENS).read_text("utf-8") == SEED


def test_fix_never_renames_over_another_file(repo: RepoBuilder) -> None:
    repo.write(LENS + ".txt", SEED)
    repo.write(LENS, SEED)
    result = repo.run("validate", "--fix", "--write")
    assert "renommé" not in result.stdout
    assert (repo.root / (LENS + ".txt")).exists()


def test_fix_replaces_tabs_in_the_indentation(repo: RepoBuilder) -> None:
    tabbed = SEED.replace('  date: "2023-09-27"', '\tdate: "2023-09-27"') \
        .replace('  heure: "14:00"', '\theure: "14:00"')
    repo.write(LENS, tabbed)
    before = repo.run("validate")
    assert before.exit_code == 1
    assert "tabulation dans l'indentation" in before.stdout
    shown = repo.run("validate", "--fix")
    date, hour = line_of(tabbed, "\tdate:"), line_of(tabbed, "\theure:")
    assert shown.stdout.splitlines() == [
        f"{LENS}:{date}: tabulation dans l'indentation : chaque tabulation remplacée par deux "
        'espaces : date: "2023-09-27"',
        f"{LENS}:{hour}: tabulation dans l'indentation : chaque tabulation remplacée par deux "
        'espaces : heure: "14:00"']
    assert repo.run("validate", "--fix", "--write").exit_code == 0
    assert (repo.root / LENS).read_text("utf-8") == SEED


def test_fix_writes_an_hour_as_hh_mm(repo: RepoBuilder) -> None:
    text = sample_lens(repo, ('heure: "14:00"', "heure: 18h30"))
    line = line_of(text, "heure: 18h30")
    assert report(repo) == [
        f"{LENS}:{line}: « seance.heure » (Heure) : « 18h30 » : l'heure s'écrit HH:MM ; écrivez "
        f"« heure: \"18:30\" » {HINT}"]
    shown = repo.run("validate", "--fix")
    assert shown.stdout.splitlines() == [f'{LENS}:{line}: heure: 18h30  →  heure: "18:30"']
    assert repo.run("validate", "--fix", "--write").exit_code == 0
    assert '  heure: "18:30"\n' in (repo.root / LENS).read_text("utf-8")
