"""`petition import`: both formats, one fixture row per refusal reason (each named with its line),
spreadsheet dialects, idempotence, atomic never-overwriting writes, and arbitrary cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CAMPAIGN, CAMPAIGN_2022, TODAY, RepoBuilder, motion_data
from petition.core.repository import load_repository
from petition.core.yamlstrict import load_bytes
from petition.exchange import importer
from petition.exchange.csvformats import SCDL_COLUMNS, TEMPLATE_COLUMNS

DATA = Path(__file__).parent / "data" / "import"
FOLDER = f"motions/{CAMPAIGN}"
HEADER = ",".join(TEMPLATE_COLUMNS)
LENS_ROW = ("commune,62498,Lens,2023-09-27,motion,Motion pour les bibliothèques de proximité,"
            "39,29,8,37,0,0,adoptee,https://www.example.fr/lens.pdf")
COUNT_HINT = ("n'est pas un nombre entier positif ou nul : écrivez un nombre (par exemple 37), ou "
              "laissez la case vide si le nombre est inconnu")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CSV files are given by a relative name, as a user types it."""
    folder = tmp_path / "ici"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def with_lievin(repo: RepoBuilder) -> None:
    """An existing motion of Liévin on 2023-10-05, for the duplicate rows of the fixtures."""
    repo.add(motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin"},
                         seance={"date": "2023-10-05"}, presences={}, vote={"resultat": "adoptee"}))


def motion_files(repo: RepoBuilder) -> dict[str, bytes]:
    return {p.relative_to(repo.root).as_posix(): p.read_bytes()
            for p in sorted((repo.root / "motions").rglob("*.yml")) if p.name != "campagne.yml"}


def data_of(repo: RepoBuilder, rel: str) -> Any:
    return load_bytes((repo.root / rel).read_bytes()).data


TEMPLATE_REFUSALS = [
    "modele-refus.csv:3: colonne « code » : commune de code « 62999 » inconnue du référentiel "
    "officiel (COG)",
    "modele-refus.csv:4: colonne « code » : le code « 62 » est celui d'un(e) département "
    "(Pas-de-Calais), pas d'un(e) commune : corrigez « type » ou « code »",
    "modele-refus.csv:5: colonne « date » : « 27/09/2023 » n'est pas au format AAAA-MM-JJ : "
    "écrivez « 2023-09-27 »",
    "modele-refus.csv:6: colonne « date » : date « 2031-01-15 » dans le futur (aujourd'hui : "
    "2026-11-22) : vérifiez l'année",
    f"modele-refus.csv:7: colonne « pour » : « -3 » {COUNT_HINT}",
    "modele-refus.csv:8: colonne « pour » : pour 59 + contre 0 + abstentions 0 = 59, plus que les "
    "58 votants (50 présents + 8 pouvoirs) : vérifiez les nombres",
    "modele-refus.csv:9: colonne « pouvoirs » : présents + pouvoirs = 38, plus que les 35 membres "
    "en exercice : vérifiez les nombres",
    "modele-refus.csv:10: colonne « presents » : 16 présents pour 15 membres en exercice : "
    "vérifiez les deux nombres",
    "modele-refus.csv:11: colonne « nature » : « petition » n'est pas permis : écrivez motion, "
    "voeu ou deliberation",
    "modele-refus.csv:12: colonne « type » : « mairie » n'est pas permis : écrivez commune, "
    "arrondissement, epci, ept, collectivite, departement, region ou com",
    "modele-refus.csv:13: colonne « resultat » : « ajournee » n'est pas permis : écrivez adoptee "
    "ou rejetee",
    "modele-refus.csv:14: doublon de la ligne 2 : même collectivité, même date de séance et même "
    "campagne ; gardez une seule ligne",
    f"modele-refus.csv:15: doublon : motions/{CAMPAIGN}/commune-62510-lievin-2023-10-05.yml existe"
    " déjà pour cette collectivité, cette date de séance et cette campagne, avec d'autres valeurs "
    "(objet : « Motion pour les bibliothèques de proximité » dans le fichier, « Motion différente »"
    " ici) ; corrigez ce fichier-là ou retirez la ligne",
    "modele-refus.csv:16: colonne « code » : « 246200365 » n'est pas un SIREN valide (9 chiffres, "
    "clé de contrôle) : recopiez le SIREN de l'intercommunalité depuis "
    "annuaire-entreprises.data.gouv.fr",
    # line 17-18 is one row (a quoted cell on two lines, joined into one line as the objet is a
    # one-line field): the next row is physical line 19
    f"modele-refus.csv:19: colonne « effectif » : « abc » {COUNT_HINT}",
]
TEMPLATE_WRITTEN = {
    f"{FOLDER}/commune-62119-bethune-2023-10-04.yml": {
        "campagne": CAMPAIGN,
        "collectivite": {"type": "commune", "code": "62119", "nom": "Béthune"},
        "nature": "voeu", "objet": "Vœu bibliothèques", "seance": {"date": "2023-10-04"},
        "vote": {"resultat": "rejetee", "pour": 10, "contre": 20, "abstentions": 0}},
    f"{FOLDER}/commune-62498-lens-2023-09-27.yml": {
        "campagne": CAMPAIGN,
        "collectivite": {"type": "commune", "code": "62498", "nom": "Lens"},
        "nature": "motion", "objet": "Motion pour les bibliothèques de proximité",
        "seance": {"date": "2023-09-27"},
        "presences": {"effectif": 39, "presents": 29, "pouvoirs": 8},
        "vote": {"resultat": "adoptee", "pour": 37, "contre": 0, "abstentions": 0},
        "sources": [{"url": "https://www.example.fr/lens.pdf"}]},
    f"{FOLDER}/epci-246200364-ca-de-lens-lievin-2023-10-02.yml": {
        "campagne": CAMPAIGN,
        "collectivite": {"type": "epci", "code": "246200364", "nom": "CA de Lens - Liévin"},
        "nature": "voeu", "objet": "Vœu pour l'avenir des bibliothèques de proximité",
        "seance": {"date": "2023-10-02"}, "vote": {"resultat": "adoptee"}},
}


def test_template_one_refusal_per_reason(repo: RepoBuilder, here: Path) -> None:
    with_lievin(repo)
    shutil.copy(DATA / "modele-refus.csv", here)
    result = repo.run("import", "modele-refus.csv", "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == TEMPLATE_REFUSALS
    assert result.stderr == ("18 ligne(s) lue(s) : 3 motion(s) écrite(s), 0 déjà dans le dépôt à "
                             "l'identique, 15 ligne(s) refusée(s).\n")
    written = set(motion_files(repo)) - {f"{FOLDER}/commune-62510-lievin-2023-10-05.yml"}
    assert written == set(TEMPLATE_WRITTEN)
    for rel, expected in TEMPLATE_WRITTEN.items():
        assert data_of(repo, rel) == expected
    assert repo.run("validate").exit_code == 0


SCDL_REFUSALS = [
    "scdl-refus.csv:3: colonne « COLL_SIRET » : « 21620510400006 » n'est pas un SIRET valide (clé "
    "de contrôle fausse) : vérifiez chaque chiffre sur annuaire-entreprises.data.gouv.fr",
    "scdl-refus.csv:4: colonne « COLL_SIRET » : « 216205104000 » : un SIRET a 14 chiffres (un "
    "SIREN 9) ; recopiez-le depuis annuaire-entreprises.data.gouv.fr",
    "scdl-refus.csv:5: colonne « COLL_SIRET » : SIREN 356000000 inconnu : l'import SCDL reconnaît "
    "par leur SIREN les communes, les intercommunalités, les établissements publics territoriaux "
    "et la Métropole de Lyon du référentiel officiel, et les départements et régions de la table "
    "des SIREN ; pour un autre conseil, utilisez le modèle (colonnes type, code…)",
    "scdl-refus.csv:6: colonne « DELIB_DATE » : « 28/09/2023 » n'est pas au format AAAA-MM-JJ : "
    "écrivez « 2023-09-28 »",
    "scdl-refus.csv:7: colonne « DELIB_DATE » : date « 2031-02-01 » dans le futur (aujourd'hui : "
    "2026-11-22) : vérifiez l'année",
    f"scdl-refus.csv:8: colonne « VOTE_POUR » : « trente » {COUNT_HINT}",
    # VOTE_REEL is VOTE_POUR + VOTE_CONTRE + VOTE_ABSTENTION (the official definition)
    "scdl-refus.csv:9: colonne « VOTE_REEL » : VOTE_REEL vaut 50 mais VOTE_POUR + VOTE_CONTRE + "
    "VOTE_ABSTENTION = 51 : VOTE_REEL est le nombre de membres qui ont pris part au vote, la "
    "somme des trois ; corrigez l'un ou l'autre",
    "scdl-refus.csv:10: pour 36 + contre 0 + abstentions 0 = 36, plus que les 35 membres en "
    "exercice : vérifiez les nombres",
    "scdl-refus.csv:11: colonne « DELIB_MATIERE_CODE » : « matiere » (Code matière ACTES) : « 94 » "
    "n'a pas la forme attendue. Code de la nomenclature ACTES ; 9.4 = Vœux et motions. Seulement "
    "s'il figure sur le document.",
    "scdl-refus.csv:12: doublon de la ligne 2 : même collectivité, même date de séance et même "
    "campagne ; gardez une seule ligne",
    f"scdl-refus.csv:13: doublon : motions/{CAMPAIGN}/commune-62510-lievin-2023-10-05.yml existe "
    "déjà pour cette collectivité, cette date de séance et cette campagne, avec d'autres valeurs "
    "(collectivite.siret : absent du fichier, « 21620510400005 » ici ; identifiant : absent du "
    "fichier, « D13 » ici ; matiere : absent du fichier, « 9.4 » ici) ; corrigez ce fichier-là ou "
    "retirez la ligne",
    # lines 14-15 are one row (a quoted cell on two lines)
    "scdl-refus.csv:16: colonne « COLL_SIRET » : case vide : indiquez le SIRET de la collectivité "
    "(14 chiffres, sur annuaire-entreprises.data.gouv.fr)",
    "scdl-refus.csv:18: colonne « PREF_DATE » : la transmission (2023-10-01) est avant la séance "
    "(2023-10-06) : elle doit la suivre",
]


def test_scdl_semicolon_bom_crlf_one_refusal_per_reason(repo: RepoBuilder, here: Path) -> None:
    with_lievin(repo)
    shutil.copy(DATA / "scdl-refus.csv", here)
    result = repo.run("import", "scdl-refus.csv", "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == SCDL_REFUSALS
    assert result.stderr.endswith("16 ligne(s) lue(s) : 3 motion(s) écrite(s), 0 déjà dans le dépôt à "
                                  "l'identique, 13 ligne(s) refusée(s).\n")
    assert data_of(repo, f"{FOLDER}/commune-62498-lens-2023-09-27.yml") == {
        "campagne": CAMPAIGN,
        "collectivite": {"type": "commune", "code": "62498", "nom": "Lens",
                         "siret": "21620498200013"},
        "nature": "motion", "matiere": "9.4", "identifiant": "DEL-2023-112",
        "prefecture": "PREF062", "objet": "Motion de soutien aux bibliothèques de proximité",
        "seance": {"date": "2023-09-27"}, "dates": {"transmission": "2023-09-29"},
        "presences": {"effectif": 39},
        # VOTE_REEL (37) is the sum of the counts: checked, not stored as `votants`
        "vote": {"resultat": "adoptee", "pour": 37, "contre": 0, "abstentions": 0},
        "sources": [{"url": "https://www.example.fr/lens.pdf"}]}
    epci = data_of(repo, f"{FOLDER}/epci-246200364-ca-de-lens-lievin-2023-10-02.yml")
    assert (epci["nature"], epci["objet"], epci["vote"]) == (
        "voeu", "Vœu pour l'avenir des bibliothèques de proximité", {"resultat": "adoptee"})
    bethune = data_of(repo, f"{FOLDER}/commune-62119-bethune-2023-10-04.yml")
    assert bethune["vote"] == {"resultat": "rejetee", "pour": 10, "contre": 20, "abstentions": 0}
    assert repo.run("validate").exit_code == 0


def test_same_import_twice_changes_nothing(repo: RepoBuilder, here: Path) -> None:
    with_lievin(repo)
    shutil.copy(DATA / "modele-refus.csv", here)
    repo.run("import", "modele-refus.csv", "--campaign", CAMPAIGN)
    before = {p: (content, (repo.root / p).stat().st_mtime_ns)
              for p, content in motion_files(repo).items()}
    again = repo.run("import", "modele-refus.csv", "--campaign", CAMPAIGN)
    # The three rows already there, identical, are counted, not refused (a resumed import).
    assert again.exit_code == 1
    assert again.stdout.splitlines() == TEMPLATE_REFUSALS
    assert again.stderr == ("18 ligne(s) lue(s) : 0 motion(s) écrite(s), 3 déjà dans le dépôt à "
                            "l'identique, 15 ligne(s) refusée(s).\n")
    after = {p: (content, (repo.root / p).stat().st_mtime_ns)
             for p, content in motion_files(repo).items()}
    assert after == before
    assert sorted(p.name for p in (repo.root / FOLDER).iterdir() if p.name.startswith(".")) == []


def test_clean_file_reimported_is_counted_as_already_there(repo: RepoBuilder, here: Path) -> None:
    (here / "ok.csv").write_text(f"{HEADER}\n{LENS_ROW}\n", encoding="utf-8")
    first = repo.run("import", "ok.csv", "--campaign", CAMPAIGN)
    assert (first.exit_code, first.stdout) == (0, "")
    assert first.stderr == ("1 ligne(s) lue(s) : 1 motion(s) écrite(s), 0 déjà dans le dépôt à "
                            "l'identique, 0 ligne(s) refusée(s).\n")
    before = motion_files(repo)
    second = repo.run("import", "ok.csv", "--campaign", CAMPAIGN)
    assert (second.exit_code, second.stdout) == (0, "")
    assert second.stderr == ("1 ligne(s) lue(s) : 0 motion(s) écrite(s), 1 déjà dans le dépôt à "
                             "l'identique, 0 ligne(s) refusée(s).\n")
    assert motion_files(repo) == before


def test_unknown_campaign_is_a_usage_error(repo: RepoBuilder, here: Path) -> None:
    (here / "ok.csv").write_text(f"{HEADER}\n{LENS_ROW}\n", encoding="utf-8")
    result = repo.run("import", "ok.csv", "--campaign", "autre-2099")
    assert result.exit_code == 2
    assert f"campagne « autre-2099 » inconnue (campagnes : {CAMPAIGN_2022}, {CAMPAIGN})" \
        in result.stderr
    assert motion_files(repo) == {}


def test_dry_run_writes_nothing(repo: RepoBuilder, here: Path) -> None:
    (here / "ok.csv").write_text(f"{HEADER}\n{LENS_ROW}\n", encoding="utf-8")
    result = repo.run("import", "ok.csv", "--campaign", CAMPAIGN, "--dry-run")
    assert result.exit_code == 0
    assert result.stderr == ("1 ligne(s) lue(s) : 1 motion(s) à écrire (--dry-run), 0 déjà dans le dépôt à "
                             "l'identique, 0 ligne(s) refusée(s).\n")
    assert motion_files(repo) == {}


@pytest.mark.parametrize(("content", "expected"), [
    (f"\ufeff{HEADER.replace(',', ';')}\r\n{LENS_ROW.replace(',', ';')}\r\n".encode(), []),
    (f"{HEADER}\n\n{LENS_ROW}\n,,,,,,,,,,,,,\n".encode(), []),
    (f"{HEADER},commentaire\n{LENS_ROW},vu\n".encode(),
     ["f.csv:1: avertissement : colonne « commentaire » inconnue : elle est ignorée"]),
])
def test_spreadsheet_dialects(repo: RepoBuilder, here: Path, content: bytes,
                              expected: list[str]) -> None:
    (here / "f.csv").write_bytes(content)
    result = repo.run("import", "f.csv", "--campaign", CAMPAIGN)
    assert (result.exit_code, result.stdout.splitlines()) == (0, expected)
    assert list(motion_files(repo)) == [f"{FOLDER}/commune-62498-lens-2023-09-27.yml"]


# Lens's row in Windows-1252: its first accented letter is the first byte UTF-8 cannot read.
FIRST_ACCENT = next(c for c in LENS_ROW if ord(c) > 127).encode("cp1252")[0]


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "f.csv:1: fichier vide : il faut une ligne d'en-tête puis une ligne par motion"),
    (f"{HEADER}\n{LENS_ROW}\n".encode("cp1252"),
     f"f.csv:2: le fichier n'est pas en UTF-8 (octet 0x{FIRST_ACCENT:02X} illisible) : dans le "
     "tableur, enregistrez-le en « CSV UTF-8 »"),
    (f"{HEADER}\n".encode("utf-16"), "f.csv:1: fichier en UTF-16 (« texte Unicode ») : dans le "
     "tableur, enregistrez-le en « CSV UTF-8 »"),
    (b"nom,date,vote\nLens,2023-09-27,oui\n", "f.csv:1: en-tête non reconnu : la première ligne "
     f"doit être celle du modèle (« {HEADER} ») ou les 17 colonnes SCDL délibérations "
     f"(« {','.join(SCDL_COLUMNS)} »)"),
    (HEADER.replace(",url", "").encode() + b"\n", "f.csv:1: en-tête du modèle incomplet, colonnes "
     f"manquantes : url ; la première ligne doit être « {HEADER} »"),
    (",".join(SCDL_COLUMNS[:-1]).encode() + b"\n", "f.csv:1: en-tête SCDL incomplet, colonnes "
     "manquantes : DELIB_URL ; il faut les 17 colonnes du format SCDL délibérations 2.1.5"),
    (f"{HEADER},type\n".encode(), "f.csv:1: colonne(s) en double dans l'en-tête : type ; "
     "gardez-en une seule"),
])
def test_unreadable_files(repo: RepoBuilder, here: Path, content: bytes, expected: str) -> None:
    (here / "f.csv").write_bytes(content)
    result = repo.run("import", "f.csv", "--campaign", CAMPAIGN)
    assert (result.exit_code, result.stdout.splitlines()) == (1, [expected])


def test_malformed_rows_are_named_and_the_rest_is_imported(repo: RepoBuilder, here: Path) -> None:
    lievin = LENS_ROW.replace("62498,Lens", "62510,Liévin")
    rest = lievin.removeprefix("commune,62510,Liévin,")
    (here / "f.csv").write_text(f"{HEADER}\n{LENS_ROW},en trop\ncommune,62498\n"
                                f'commune,62510,"Liévin"x,{rest}\n{lievin}\n'
                                'commune,62119,Béthune,2023-09-27,motion,"Motion\n', "utf-8")
    result = repo.run("import", "f.csv", "--campaign", CAMPAIGN)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "f.csv:2: 15 cellules au lieu de 14 : vérifiez le séparateur et les guillemets de cette "
        "ligne",
        "f.csv:3: 2 cellules au lieu de 14 : vérifiez le séparateur et les guillemets de cette "
        "ligne",
        "f.csv:4: ligne CSV mal formée (guillemets) : entourez de guillemets doubles une cellule qui"
        " contient le séparateur, un guillemet ou un retour à la ligne, et doublez les guillemets "
        "qui font partie du texte",
        "f.csv:6: guillemet ouvert ligne 6 et jamais fermé : fermez-le, ou doublez les guillemets "
        "qui font partie du texte",
    ]
    assert list(motion_files(repo)) == [f"{FOLDER}/commune-62510-lievin-2023-09-27.yml"]


def test_count_of_thousands_of_digits_is_refused_not_a_traceback(repo: RepoBuilder,
                                                                 here: Path) -> None:
    """int() refuses past 4,300 digits: the cell is refused before it gets there."""
    digits = "9" * 5000
    (here / "f.csv").write_text(f"{HEADER}\n{LENS_ROW.replace(',39,', f',{digits},')}\n", "utf-8")
    result = repo.run("import", "f.csv", "--campaign", CAMPAIGN)
    assert (result.exit_code, result.stdout.splitlines()) == (1, [
        f"f.csv:2: colonne « effectif » : « {'9' * 18}… » (5000 chiffres) : nombre bien trop "
        "grand, vérifiez la case"])


def test_campaign_column_and_invisible_characters(repo: RepoBuilder, here: Path) -> None:
    header = f"{HEADER},campagne,siret"
    hidden = LENS_ROW.replace("Motion pour", "Motion\u202e pour")
    (here / "f.csv").write_text(
        f"{header}\n{LENS_ROW},{CAMPAIGN_2022},\n"
        f"{hidden},,\n"
        f"{LENS_ROW},,21620510400005\n{LENS_ROW},,216204982\n", "utf-8")
    result = repo.run("import", "f.csv", "--campaign", CAMPAIGN)
    assert result.stdout.splitlines() == [
        f"f.csv:2: colonne « campagne » : ligne de la campagne « {CAMPAIGN_2022} », pas de « {CAMPAIGN} »"
        f" : importez-la avec --campaign {CAMPAIGN_2022}, ou retirez-la",
        "f.csv:3: colonne « objet » : caractère de contrôle bidirectionnel interdit (U+202E "
        "RIGHT-TO-LEFT OVERRIDE) : supprimez-le, il peut masquer ou inverser le texte affiché",
        "f.csv:4: colonne « siret » : SIRET « 21620510400005 » : son SIREN 216205104 est celui de "
        "Liévin (commune 62510), pas celui de Lens (216204982) : vérifiez le SIRET ou le code",
        "f.csv:5: colonne « siret » : « 216204982 » est un SIREN : écrivez le SIRET complet (14 "
        "chiffres) ou laissez la case vide",
    ]
    assert motion_files(repo) == {}


def test_votants_checked_by_validate(repo: RepoBuilder) -> None:
    repo.add(motion_data(presences={"effectif": 39, "presents": 29, "pouvoirs": 8},
                         vote={"resultat": "adoptee", "votants": 36, "pour": 36}))
    repo.add(motion_data(seance={"date": "2023-10-01"}, presences={"effectif": 30},
                         vote={"resultat": "adoptee", "votants": 31, "pour": 20}))
    assert repo.run("validate").stdout.splitlines() == [
        f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml:18: 36 votants mais présents + "
        "pouvoirs = 37 : mettez-les d'accord",
        f"motions/{CAMPAIGN}/commune-62498-lens-2023-10-01.yml:16: 31 votants pour 30 membres en "
        "exercice : vérifiez les deux nombres",
    ]


def _rows(count: int) -> bytes:
    codes = ["62498", "62510", "62119", "62893", "62427", "62001"][:count]
    lines = [HEADER] + [LENS_ROW.replace("62498,Lens", f"{c},") for c in codes]
    return ("\n".join(lines) + "\n").encode()


def test_large_files_are_checked_in_parallel_with_progress(repo: RepoBuilder,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    calls: list[tuple[int, int]] = []
    loaded = load_repository(repo.root, today=TODAY)
    report = importer.import_csv(loaded, _rows(6), "f.csv", CAMPAIGN, today=TODAY,
                                 progress=lambda done, total: calls.append((done, total)))
    assert (report.errors, len(report.written)) == (0, 6)
    assert calls == [(0, 6), (2, 6), (4, 6), (6, 6)]
    assert repo.run("validate").exit_code == 0


CELL = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=14, max_size=14), max_size=4),
       delimiter=st.sampled_from([",", ";"]))
def test_arbitrary_cells_never_crash(repo: RepoBuilder, rows: list[list[str]],
                                     delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerows(rows)
    raw = out.getvalue().encode()
    report = importer.import_csv(load_repository(repo.root, today=TODAY), raw, "f.csv",
                                 CAMPAIGN, today=TODAY, write=False)
    last = len(io.StringIO(raw.decode(), newline="").readlines())  # \n, \r\n or \r end a line
    assert all(p.path == "f.csv" and 1 <= p.line <= last and "\n" not in p.message
               for p in report.problems)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(repo: RepoBuilder, raw: bytes) -> None:
    report = importer.import_csv(load_repository(repo.root, today=TODAY),
                                 HEADER.encode() + b"\n" + raw, "f.csv", CAMPAIGN,
                                 today=dt.date(2026, 11, 22), write=False)
    assert all(p.line >= 1 for p in report.problems)


def test_scdl_name_warning_and_nature_from_the_object(repo: RepoBuilder, here: Path) -> None:
    cells = ["Mairie de Béthune", "21620498200013", "", "2023-09-27", "", "",
             "Convention avec la médiathèque départementale", "", "", "", "", "", "", "", "", "", ""]
    (here / "s.csv").write_text(",".join(SCDL_COLUMNS) + "\n" + ",".join(cells) + "\n", "utf-8")
    result = repo.run("import", "s.csv", "--campaign", CAMPAIGN)
    assert (result.exit_code, result.stdout.splitlines()) == (0, [
        "s.csv:2: avertissement : colonne « COLL_NOM » : « Mairie de Béthune » ne ressemble pas à "
        "« Lens », la collectivité de ce SIRET : vérifiez le SIRET"])
    assert data_of(repo, f"{FOLDER}/commune-62498-lens-2023-09-27.yml") == {
        "campagne": CAMPAIGN,
        "collectivite": {"type": "commune", "code": "62498", "nom": "Lens",
                         "siret": "21620498200013"},
        "nature": "deliberation", "objet": "Convention avec la médiathèque départementale",
        "seance": {"date": "2023-09-27"}, "vote": {"resultat": "adoptee"}}


def test_sample_file_imports_cleanly(sample_repo: RepoBuilder, here: Path) -> None:
    shutil.copy(DATA / "exemple-modele.csv", here)
    result = sample_repo.run("import", "exemple-modele.csv", "--campaign", CAMPAIGN)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == ("6 ligne(s) lue(s) : 6 motion(s) écrite(s), 0 déjà dans le dépôt à "
                             "l'identique, 0 ligne(s) refusée(s).\n")
    assert len(motion_files(sample_repo)) == 8
    assert sample_repo.run("validate").exit_code == 0
