"""`petition validate`: every check with a passing and a failing motion, exact messages, formats,
exit codes, and the path and file-name hazards (hazards.md 10–11)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CAMPAIGN, CAMPAIGN_2022, RepoBuilder, motion_data
from petition.core.schemas import schema
from petition.exchange.writer import dump_motion

LENS = f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml"


def problems_of(repo: RepoBuilder) -> list[dict[str, Any]]:
    result = repo.run("validate", "--format", "json")
    return list(json.loads(result.stdout)["problemes"])


def messages(repo: RepoBuilder) -> list[str]:
    result = repo.run("validate")
    return result.stdout.splitlines()


def test_valid_motion_passes(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_several_mistakes_reported_together(repo: RepoBuilder) -> None:
    repo.write(LENS, f"""\
# yaml-language-server: $schema=../../schema/motion.schema.json
campagne: {CAMPAIGN}
collectivite:
  type: commune
  code: 62498
  nom: Lens
nature: motoin
objet: Motion pour les bibliothèques
seance:
  date: "2023-09-27"
presences:
  effectif: 39
  presents: 15
  pouvoirs: 20
vote:
  resultat: adoptee
  unanimite: true
  pour: 30
  contre: 5
couleur: rouge
""")
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{LENS}:1: avertissement : aucune source : ajoutez sous « sources: » l'adresse web du "
        "document (« - url: https://… ») ou son PDF déposé dans motions/documents/ (« - fichier: "
        "documents/… »), pour que chacun puisse vérifier la motion",
        f"{LENS}:5: « collectivite.code » (Code officiel) : « 62498 » : sans guillemets, la valeur "
        'est lue comme un nombre ; écrivez « code: "62498" » (ou lancez « petition validate --fix »)',
        f"{LENS}:7: « nature » (Nature de l'acte) : valeur « motoin » non permise ; choisissez "
        "parmi : motion, voeu, deliberation",
        f"{LENS}:13: avertissement : quorum non atteint (15 présents sur 39) : normal seulement "
        "après une seconde convocation ; sinon, vérifiez les nombres",
        f"{LENS}:14: 20 pouvoirs pour 15 présents : chaque présent ne peut détenir qu'un pouvoir "
        "(CGCT L2121-20)",
        f"{LENS}:19: « unanimite: true » mais 5 voix contre : l'unanimité veut dire aucune voix "
        "contre",
        f"{LENS}:20: champ inconnu « couleur » : vérifiez l'orthographe ; champs permis : "
        + ", ".join(sorted(schema("motion")["properties"])),
    ]
    assert result.stderr == "3 fichier(s) vérifié(s) : 5 erreur(s), 2 avertissement(s).\n"


@pytest.mark.parametrize("presences, vote, expected", [
    ({"effectif": 39, "presents": 29, "pouvoirs": 8}, {"resultat": "adoptee", "pour": 37}, []),
    ({"effectif": 10, "presents": 6, "pouvoirs": 7}, {"resultat": "adoptee"},
     ["7 pouvoirs pour 6 présents : chaque présent ne peut détenir qu'un pouvoir (CGCT L2121-20)",
      "présents + pouvoirs = 13, plus que les 10 membres en exercice : vérifiez les nombres"]),
    ({"effectif": 10, "presents": 12}, {"resultat": "adoptee"},
     ["12 présents pour 10 membres en exercice : vérifiez les deux nombres"]),
    ({"effectif": 39, "presents": 29, "pouvoirs": 8}, {"resultat": "adoptee", "pour": 30,
                                                        "contre": 5, "abstentions": 3},
     # Issue 26: the message names each number it adds and compares.
     ["pour 30 + contre 5 + abstentions 3 = 38, plus que les 37 votants (29 présents + 8 "
      "pouvoirs) : vérifiez les nombres"]),
    ({"effectif": 39, "presents": 29, "pouvoirs": 8}, {"resultat": "adoptee", "pour": 30,
                                                        "sans_participation": 8},
     ["pour 30 + ne prenant pas part au vote 8 = 38, plus que les 37 votants (29 présents + 8 "
      "pouvoirs) : vérifiez les nombres"]),
    ({"effectif": 20}, {"resultat": "adoptee", "pour": 21},
     ["pour 21, plus que les 20 membres en exercice : vérifiez les nombres"]),
    ({"effectif": 39, "presents": 29, "pouvoirs": 8, "excuses": 1, "absents": 2},
     {"resultat": "adoptee"},
     ["présents, pouvoirs, excusés et absents font 40, pas les 39 membres en exercice : chaque "
      "membre doit être compté une fois"]),
    ({"effectif": 39, "presents": 29, "pouvoirs": 8, "excuses": 1, "absents": 1},
     {"resultat": "adoptee"}, []),
    ({}, {"resultat": "adoptee", "unanimite": True, "pour": 20, "contre": 1},
     ["« unanimite: true » mais 1 voix contre : l'unanimité veut dire aucune voix contre"]),
    ({}, {"resultat": "adoptee", "unanimite": True, "pour": 20, "abstentions": 3}, []),
    ({}, {"resultat": "adoptee", "pour": 5, "contre": 9},
     ["adoptée avec 5 pour et 9 contre : vérifiez le résultat ou les voix"]),
    ({}, {"resultat": "rejetee", "pour": 9, "contre": 5},
     ["rejetée avec 9 pour et 5 contre : vérifiez le résultat ou les voix"]),
    ({}, {"resultat": "rejetee", "pour": 5, "contre": 9}, []),
])
def test_vote_arithmetic(repo: RepoBuilder, presences: dict[str, int], vote: dict[str, Any],
                         expected: list[str]) -> None:
    repo.add(motion_data(presences=presences, vote=vote))
    found = [p["message"] for p in problems_of(repo) if p["level"] == "erreur"]
    assert found == expected


def test_quorum_is_a_warning_only(repo: RepoBuilder) -> None:
    repo.add(motion_data(presences={"effectif": 39, "presents": 19, "pouvoirs": 10},
                         vote={"resultat": "adoptee", "pour": 29}))
    result = repo.run("validate")
    assert result.exit_code == 0
    assert result.stdout.endswith("avertissement : quorum non atteint (19 présents sur 39) : "
                                  "normal seulement après une seconde convocation ; sinon, "
                                  "vérifiez les nombres\n")


def test_attendance_names_must_match_counts(repo: RepoBuilder) -> None:
    repo.add(motion_data(vote={"resultat": "adoptee"}, presences={
        "effectif": 5, "presents": 3, "pouvoirs": 2,
        "noms": {"presents": ["M. A", "Mme B"],
                 "pouvoirs": [{"mandant": "M. C", "mandataire": "M. A"},
                              {"mandant": "M. D", "mandataire": "M. A"}]}}))
    assert [p["message"] for p in problems_of(repo)] == [
        "2 noms listés dans « presences.noms.presents » mais presents = 3 : mettez-les d'accord",
        "M. A détient plusieurs pouvoirs : un présent ne peut en détenir qu'un (CGCT L2121-20)",
    ]


def test_proxy_holder_must_be_present(repo: RepoBuilder) -> None:
    repo.add(motion_data(vote={"resultat": "adoptee"}, presences={
        "presents": 1, "pouvoirs": 1,
        "noms": {"presents": ["M. A"], "pouvoirs": [{"mandant": "M. C", "mandataire": "M. Z"}]}}))
    assert [p["message"] for p in problems_of(repo)] == [
        "le mandataire M. Z n'est pas dans la liste des présents : un pouvoir se donne à un "
        "membre présent"]


@pytest.mark.parametrize("seance, dates, expected", [
    ("2023-09-27", {"convocation": "2023-09-20", "affichage": "2023-09-28"}, []),
    ("2023-09-27", {"convocation": "2023-09-29"},
     ["la convocation (2023-09-29) est après la séance (2023-09-27) : elle doit la précéder"]),
    ("2023-09-27", {"reception": "2023-10-01"},
     ["la réception (2023-10-01) est après la séance (2023-09-27) : elle doit la précéder"]),
    ("2023-09-27", {"affichage": "2023-09-26"},
     ["l'affichage (2023-09-26) est avant la séance (2023-09-27) : elle doit la suivre"]),
    ("2023-09-27", {"transmission": "2023-09-01"},
     ["la transmission (2023-09-01) est avant la séance (2023-09-27) : elle doit la suivre"]),
    ("2026-11-23", {},
     ["date « 2026-11-23 » dans le futur (aujourd'hui : 2026-11-22) : vérifiez l'année"]),
    ("2026-11-22", {}, []),
    # The issue's literal mistakes: one message each, saying what is wrong and what to write.
    ("2023-02-30", {}, ["« seance.date » (Date de la séance) : « 2023-02-30 » : le 30 février 2023 "
                        "n'existe pas (février 2023 n'a que 28 jours) ; vérifiez la date sur le "
                        "document"]),
    ("2023-13-01", {}, ["« seance.date » (Date de la séance) : « 2023-13-01 » : il n'y a pas de mois "
                        "13 (AAAA-MM-JJ : l'année, le mois de 01 à 12, puis le jour) ; vérifiez la "
                        "date sur le document"]),
    ("27/09/2023", {}, ["« seance.date » (Date de la séance) : « 27/09/2023 » : la date est écrite "
                        'JJ/MM/AAAA ; écrivez « date: "2023-09-27" » (ou lancez « petition validate '
                        "--fix »)"]),
])
def test_dates(repo: RepoBuilder, seance: str, dates: dict[str, str], expected: list[str]) -> None:
    data = motion_data(seance={"date": seance}, dates=dates) if dates else \
        motion_data(seance={"date": seance})
    repo.add(data, name="commune-62498-lens-" + seance.replace("/", "-") + ".yml")
    found = sorted(p["message"] for p in problems_of(repo) if p["field"] != "(fichier)")
    assert found == sorted(expected)


def test_today_is_injectable(repo: RepoBuilder) -> None:
    repo.add(motion_data(seance={"date": "2023-09-27"}))
    result = repo.run("--today", "2023-09-26", "validate")
    assert result.exit_code == 1
    assert "date « 2023-09-27 » dans le futur (aujourd'hui : 2023-09-26)" in result.stdout


def test_body_code_of_another_type(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite={"type": "commune", "code": "62", "nom": "Pas-de-Calais"}),
             name="commune-62-pas-de-calais-2023-09-27.yml")
    assert [p["message"] for p in problems_of(repo)] == [
        "le code « 62 » est celui d'un(e) département (Pas-de-Calais), pas d'un(e) commune : "
        "corrigez « type » ou « code »"]


def test_unknown_code_suggests_by_name(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite={"type": "commune", "code": "62999", "nom": "Lens"}),
             name="commune-62999-lens-2023-09-27.yml")
    assert [p["message"] for p in problems_of(repo)] == [
        "commune de code « 62999 » inconnue du référentiel officiel (COG) ; Lens a le code "
        "« 62498 », Lens-Lestang a le code « 26162 »"]


def test_name_accents_and_case_are_a_kind_warning(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite={"type": "commune", "code": "62510", "nom": "LIEVIN"}))
    result = repo.run("validate")
    assert result.exit_code == 0
    assert result.stdout == (
        f"motions/{CAMPAIGN}/commune-62510-lievin-2023-09-27.yml:6: avertissement : nom « LIEVIN »"
        " : le nom officiel s'écrit « Liévin »\n")


def test_wrong_name_for_code(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite={"type": "commune", "code": "62498", "nom": "Liévin"}))
    # Issue 26: « Liévin » is a commune's name: the code is at fault, said on the code's line.
    assert [(p["line"], p["message"]) for p in problems_of(repo)] == [(
        5, "le code « 62498 » est celui de « Lens », pas de « Liévin », dont le code est « 62510 » "
           ": écrivez « code: \"62510\" » (ou, si c'est bien Lens, « nom: Lens »)")]


def test_a_misspelt_name_is_said_on_the_name(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite={"type": "commune", "code": "62498", "nom": "Lenz"}))
    assert [(p["line"], p["message"]) for p in problems_of(repo)] == [(
        6, "le code « 62498 » est celui de « Lens », pas de « Lenz » : vérifiez le code ou le nom")]


def test_merged_commune_old_code_is_accepted_before_its_merger(repo: RepoBuilder) -> None:
    # 01015 Arbignieu is a commune déléguée of Arboys en Bugey since 1 January 2016 (INSEE's
    # history in the shipped history file): a motion from before the merger is real.
    # (no attendance: Lens's 39 members would exceed this small council's legal size)
    repo.add(motion_data(collectivite={"type": "commune", "code": "01015", "nom": "Arbignieu"},
                         seance={"date": "2015-09-27"}, presences={}))
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize("body", [
    {"type": "epci", "code": "246200364", "nom": "CA de Lens - Liévin"},
    {"type": "departement", "code": "62", "nom": "Pas-de-Calais"},
    {"type": "region", "code": "32", "nom": "Hauts-de-France"},
    {"type": "commune", "code": "2A004", "nom": "Ajaccio"},
])
def test_every_type_of_body(repo: RepoBuilder, body: dict[str, str]) -> None:
    repo.add(motion_data(collectivite=body))
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_campaign_must_exist_and_match_folder(repo: RepoBuilder) -> None:
    repo.add(motion_data(campagne="autre-2099"))
    repo.add(motion_data(campagne=CAMPAIGN_2022), name=f"../{CAMPAIGN}/commune-62498-lens-x.yml")
    found = {(p["path"], p["message"]) for p in problems_of(repo) if p["field"] == "campagne"}
    assert found == {
        ("motions/autre-2099/commune-62498-lens-2023-09-27.yml",
         f"campagne « autre-2099 » inconnue (campagnes : {CAMPAIGN_2022}, {CAMPAIGN}) : corrigez-la ; "
         "pour une nouvelle campagne, un coordinateur crée d'abord "
         "motions/autre-2099/campagne.yml"),
        (f"motions/{CAMPAIGN}/commune-62498-lens-x.yml",
         f"motion de la campagne « {CAMPAIGN_2022} » rangée dans le dossier « {CAMPAIGN} » : "
         f"déplacez-la dans motions/{CAMPAIGN_2022}/"),
    }


def test_duplicates_across_files(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    repo.add(motion_data(objet="Une autre copie"), name="commune-62498-lens-2023-09-27-bis.yml")
    dupes = [p for p in problems_of(repo) if p["message"].startswith("doublon")]
    assert [(p["path"], p["message"]) for p in dupes] == [
        (f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27-bis.yml",
         "doublon : même collectivité, même date de séance et même campagne que "
         f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml ; gardez un seul fichier"),
        (f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml",
         "doublon : même collectivité, même date de séance et même campagne que "
         f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27-bis.yml ; gardez un seul fichier"),
    ]


def test_same_body_other_date_or_campaign_is_not_a_duplicate(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    repo.add(motion_data(seance={"date": "2023-12-01"}))
    repo.add(motion_data(campagne=CAMPAIGN_2022))
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_file_name_must_follow_content(repo: RepoBuilder) -> None:
    repo.add(motion_data(), name="lens.yml")
    assert [(p["line"], p["message"]) for p in problems_of(repo)] == [
        (1, "nom de fichier « lens.yml » ne correspond pas au contenu : renommez-le "
            "« commune-62498-lens-2023-09-27.yml »")]


def test_nfd_file_name_is_named(repo: RepoBuilder) -> None:
    repo.add(motion_data(collectivite={"type": "commune", "code": "62510", "nom": "Liévin"}),
             name="commune-62510-lie\u0301vin-2023-09-27.yml")
    messages_ = [p["message"] for p in problems_of(repo)]
    assert messages_ == [
        "nom de fichier « commune-62510-lie\u0301vin-2023-09-27.yml » (nom enregistré en Unicode "
        "décomposé NFD) ne correspond pas au contenu : renommez-le "
        "« commune-62510-lievin-2023-09-27.yml »"]


def test_case_insensitive_collision(repo: RepoBuilder) -> None:
    repo.add(motion_data())
    repo.add(motion_data(seance={"date": "2023-12-01"}), name="COMMUNE-62498-LENS-2023-09-27.yml")
    collisions = [p for p in problems_of(repo) if "casse" in p["message"]]
    assert len(collisions) == 2
    assert collisions[0]["message"] == (
        "noms de fichiers qui ne diffèrent que par la casse ou les accents "
        f"(motions/{CAMPAIGN}/COMMUNE-62498-LENS-2023-09-27.yml, "
        f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml) : gardez-en un seul")


def test_schema_line_missing_is_a_warning(repo: RepoBuilder) -> None:
    path = repo.add(motion_data())
    path.write_text(path.read_text().split("\n", 1)[1])
    result = repo.run("validate")
    assert result.exit_code == 0
    assert "avertissement : première ligne attendue" in result.stdout


# --- documents (hazard 10) ---------------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def with_document(repo: RepoBuilder, fichier: str, sha: str | None = None) -> None:
    source: dict[str, str] = {"fichier": fichier}
    if sha:
        source["sha256"] = sha
    repo.add(motion_data(sources=[source]))


def test_document_ok(repo: RepoBuilder) -> None:
    import hashlib
    repo.write("motions/documents/lens-2023.pdf", PDF)
    with_document(repo, "documents/lens-2023.pdf", hashlib.sha256(PDF).hexdigest())
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")


def test_document_sha_missing_gives_the_fix(repo: RepoBuilder) -> None:
    import hashlib
    repo.write("motions/documents/lens-2023.pdf", PDF)
    with_document(repo, "documents/lens-2023.pdf")
    assert [p["message"] for p in problems_of(repo)] == [
        f"empreinte SHA-256 manquante pour « documents/lens-2023.pdf » : écrivez "
        f"« sha256: {hashlib.sha256(PDF).hexdigest()} »"]


@pytest.mark.parametrize("fichier", ["../../../etc/passwd", "/etc/passwd",
                                     "documents/../../../etc/passwd.pdf", "documents/.git.pdf",
                                     "documents/A.PDF", "documents/sub/x.pdf"])
def test_document_path_traversal_refused_by_pattern(repo: RepoBuilder, fichier: str) -> None:
    with_document(repo, fichier)
    found = problems_of(repo)
    assert [p["field"] for p in found] == ["sources.0.fichier"]
    assert "n'a pas la forme attendue" in found[0]["message"]


def test_document_symlink_to_passwd_refused(repo: RepoBuilder) -> None:
    (repo.root / "motions" / "documents").mkdir(parents=True)
    os.symlink("/etc/passwd", repo.root / "motions" / "documents" / "x.pdf")
    with_document(repo, "documents/x.pdf")
    assert [(p["path"], p["message"]) for p in problems_of(repo)] == [
        (LENS, "document « documents/x.pdf » : ce n'est pas un fichier ordinaire (lien symbolique "
               "ou dossier) ; déposez le PDF lui-même"),
        ("motions/documents/x.pdf", "lien symbolique interdit dans motions/ : déposez le fichier "
                                    "lui-même")]


def test_document_not_a_pdf_or_missing(repo: RepoBuilder) -> None:
    repo.write("motions/documents/x.pdf", b"<html>not a pdf</html>")
    with_document(repo, "documents/x.pdf")
    repo.add(motion_data(seance={"date": "2023-01-05"}, sources=[{"fichier": "documents/y.pdf"}]))
    assert sorted(p["message"] for p in problems_of(repo)) == [
        "document « documents/x.pdf » : ce n'est pas un PDF (il ne commence pas par %PDF-)",
        "document « documents/y.pdf » introuvable : ajoutez le PDF dans motions/documents/ ou "
        "retirez la ligne",
    ]


def test_motion_symlink_refused(repo: RepoBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("a: 1\n")
    os.symlink(outside, repo.root / "motions" / CAMPAIGN / "evil.yml")
    assert [p["message"] for p in problems_of(repo)] == [
        "lien symbolique interdit dans motions/ : déposez le fichier lui-même"]


# --- formats, exit codes, paths ----------------------------------------------------------------
def test_github_annotations(repo: RepoBuilder) -> None:
    repo.add(motion_data(nature="motoin"))
    result = repo.run("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        f"::error file=motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml,line=8,"
        "title=petition validate::« nature » (Nature de l'acte) : valeur « motoin » non permise "
        "; choisissez parmi : motion, voeu, deliberation\n")


def test_json_format(repo: RepoBuilder) -> None:
    repo.add(motion_data(nature="motoin"))
    result = repo.run("validate", "--format", "json")
    assert json.loads(result.stdout) == {
        "erreurs": 1, "avertissements": 0,
        "problemes": [{"path": f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml",
                       "line": 8, "level": "erreur", "field": "nature",
                       "message": "« nature » (Nature de l'acte) : valeur « motoin » non "
                                  "permise ; choisissez parmi : motion, voeu, deliberation"}]}


def test_given_paths_limit_the_report_but_not_cross_checks(repo: RepoBuilder) -> None:
    good = repo.add(motion_data())
    repo.add(motion_data(nature="motoin", seance={"date": "2023-01-01"}))
    result = repo.run("validate", str(good))
    assert (result.exit_code, result.stdout) == (0, "")
    dupe = repo.add(motion_data(objet="copie"), name="commune-62498-lens-2023-09-27-b.yml")
    result = repo.run("validate", str(dupe))
    assert result.exit_code == 1
    assert result.stdout.count("doublon") == 1


def test_usage_errors_exit_2(repo: RepoBuilder, tmp_path: Path) -> None:
    assert repo.run("validate", "--format", "xml").exit_code == 2
    assert repo.run("validate", str(tmp_path / "nope.yml")).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    from click.testing import CliRunner

    from petition.__main__ import cli
    result = CliRunner().invoke(cli, ["--repo", str(empty), "validate"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Erreur : pas de dossier « motions/ »")


def test_hostile_yaml_files_one_line_each(repo: RepoBuilder) -> None:
    base = f"motions/{CAMPAIGN}/"
    repo.write(base + "a.yml", b"a: &x 1\nb: *x\n")
    repo.write(base + "b.yml", "x: caf\xe9".encode("latin-1"))
    repo.write(base + "c.yml", b"a: " + b"[" * 30000 + b"]" * 30000)
    repo.write(base + "d.yml", b"- 1\n- 2\n")
    repo.write(base + "e.yml", b"")
    repo.write(base + "f.yml", b"a: !!python/object/apply:os.system ['id']\n")
    result = repo.run("validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [base + n for n in "abcdef" for n in
                                                      [n + ".yml"]]
    assert "Traceback" not in result.output


def test_cache_never_hides_a_changed_file(repo: RepoBuilder) -> None:
    path = repo.add(motion_data())
    assert repo.run("validate").exit_code == 0
    assert repo.run("validate").exit_code == 0
    path.write_text(path.read_text().replace("nature: motion", "nature: motoin"))
    assert repo.run("validate").exit_code == 1
    path.write_text(path.read_text().replace("nature: motoin", "nature: motion"))
    assert repo.run("validate").exit_code == 0


@pytest.mark.parametrize("raw_name, shown", [
    (b"bad\nname.yml", f"motions/{CAMPAIGN}/bad\\x0aname.yml"),
    (b"\xff\xfe.yml", f"motions/{CAMPAIGN}/\\xff\\xfe.yml"),
    (b"a\xe2\x80\xaeb.yml", f"motions/{CAMPAIGN}/a\\x202eb.yml"),
])
def test_unreadable_file_names_one_line(repo: RepoBuilder, raw_name: bytes, shown: str) -> None:
    folder = os.fsencode(repo.root / "motions" / CAMPAIGN)
    with open(os.path.join(folder, raw_name), "wb") as handle:
        handle.write(b"a: 1\n")
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout == (f"{shown}:1: nom de fichier illisible (caractère invisible ou hors "
                             "UTF-8) : renommez-le comme indiqué dans CONTRIBUTING.md\n")


CAMPAIGN_FILE = f"motions/{CAMPAIGN}/campagne.yml"


@pytest.mark.parametrize("noms, expected", [
    ({"pouvoirs": 5}, [(LENS, "« presences.noms.pouvoirs » (Pouvoirs) doit être une liste, pas « 5 »")]),
    ({"presents": ["M. A"], "pouvoirs": [{"mandant": "M. C", "mandataire": ["M. A"]}]},
     [(LENS, "« presences.noms.pouvoirs.0.mandataire » (Mandataire) doit être un texte "
             "(entre guillemets si besoin), pas une liste de 1 élément(s)")]),
    ({"presents": [["M. A"]]},
     [(LENS, "« presences.noms.presents.0 » (Nom) doit être un texte (entre guillemets si "
             "besoin), pas une liste de 1 élément(s)")]),
])
def test_malformed_names_are_reported_not_crashed_on(repo: RepoBuilder, noms: dict[str, Any],
                                                     expected: list[tuple[str, str]]) -> None:
    repo.add(motion_data(vote={"resultat": "adoptee"},
                         presences={"presents": 1, "pouvoirs": 1, "noms": noms}))
    assert [(p["path"], p["message"]) for p in problems_of(repo) if p["level"] == "erreur"] \
        == expected


@pytest.mark.parametrize("change, expected", [
    ({"destinataires": 5}, "« destinataires » (Destinataires) doit être une liste, pas « 5 »"),
    ({"destinataires": [{"id": [1], "fonction": "Ministre chargé de la santé"}]},
     "« destinataires.0.id » (Identifiant) doit être un texte (entre guillemets si besoin), "
     "pas une liste de 1 élément(s)"),
    ({"periode": {"debut": 2020}}, "« periode.debut » (Début) doit être un texte (entre guillemets "
                                   "si besoin), pas « 2020 » ; mettez-le entre guillemets"),
])
def test_malformed_campaign_is_reported_not_crashed_on(repo: RepoBuilder, change: dict[str, Any],
                                                       expected: str) -> None:
    campaign = yaml.safe_load((repo.root / CAMPAIGN_FILE).read_text(encoding="utf-8"))
    repo.write(CAMPAIGN_FILE, dump_motion({**campaign, **change}, kind="campaign"))
    repo.add(motion_data())
    result = repo.run("validate")
    assert result.exit_code == 1
    assert [(p["path"], p["message"]) for p in problems_of(repo)] == [(CAMPAIGN_FILE, expected)]


def test_validate_says_what_a_campaign_file_lacks(repo: RepoBuilder) -> None:
    """A campaign file written by hand with only a summary and a recipient without its office:
    one French line per missing thing, at the line where it belongs."""
    repo.write(CAMPAIGN_FILE, "# yaml-language-server: $schema=../../schema/campaign.schema.json\n"
                              "resume: Une campagne.\n"
                              "destinataires:\n"
                              "  - id: ministre\n")
    result = repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{CAMPAIGN_FILE}:2: champ obligatoire manquant : « id » (identifiant court, en minuscules ; "
        "c'est aussi le nom du dossier) ; ajoutez-le",
        f"{CAMPAIGN_FILE}:2: champ obligatoire manquant : « titre » (titre de la campagne, affiché "
        "sur le site et dans les lettres) ; ajoutez-le",
        f"{CAMPAIGN_FILE}:4: destinataire sans « fonction » ni « titres » : indiquez au moins la "
        "fonction (par exemple « fonction: Ministre chargé de la santé »)"]


def test_bad_petition_today_is_a_usage_error(repo: RepoBuilder,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    repo.add(motion_data())
    monkeypatch.setenv("PETITION_TODAY", "2023-13-45")
    result = repo.run("validate")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Erreur : PETITION_TODAY : « 2023-13-45 » : il n'y a pas de mois 13 ; formes acceptées : "
        "AAAA-MM-JJ (2024-02-05), JJ/MM/AAAA (05/02/2024) ou en toutes lettres (5 février 2024, "
        "1er mars 2024) ; corrigez ou retirez cette variable")


# --- issue 26: what contributors leave out ------------------------------------------------------
def test_the_campaign_is_taken_from_the_folder(repo: RepoBuilder) -> None:
    from conftest import CAMPAIGN

    data = motion_data()
    del data["campagne"]
    repo.write(f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27.yml",
               dump_motion(data).replace(f"campagne: {CAMPAIGN}\n", ""))
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")
    stats = json.loads(repo.run("stats", "--format", "json", "--campaign", CAMPAIGN).stdout)
    assert stats["campagnes"][0]["motions"] == 1
    # The same motion written again with its campaign is the same motion: a duplicate.
    repo.write(f"motions/{CAMPAIGN}/commune-62498-lens-2023-09-27-bis.yml", dump_motion(data))
    assert any(": doublon : même collectivité, même date de séance et même campagne" in m
               for m in messages(repo))


@pytest.mark.parametrize(("remove", "expected"), [
    ("  date: \"2023-09-27\"\n",
     "champ obligatoire « date » manquant dans « seance » : ajoutez sous « seance: » la ligne "
     "« date: \"2023-09-27\" » (par exemple)"),
    ("nature: motion\n",
     "champ obligatoire « nature » manquant : ajoutez la ligne « nature: motion » (ou voeu, "
     "deliberation)"),
])
def test_a_missing_field_says_what_to_write(repo: RepoBuilder, remove: str, expected: str) -> None:
    path = repo.add(motion_data(seance={"date": "2023-09-27", "heure": "14:00"}))
    text = path.read_text("utf-8")
    assert remove in text
    path.write_text(text.replace(remove, "", 1), encoding="utf-8")
    assert any(line.endswith(f": {expected}") for line in messages(repo)), messages(repo)
