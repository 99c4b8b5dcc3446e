"""Letters sent and answers received: `petition sent`, `petition answer`, their records checked by
`petition validate`, the `envois` of the stats, and a later letter recalling the earlier one."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from conftest import TODAY, RepoBuilder, motion_data
from petition.core.referential import referential
from petition.core.repository import load_repository
from petition.exchange.writer import dump_motion
from petition.text.french import date_long

CID = "suivi-test"
MINISTER_TITLE = "Ministre de la Santé et de l'Accès aux soins"
CAMPAIGN: dict[str, Any] = {
    "id": CID,
    "titre": "Campagne d'essai du suivi des lettres",
    "demandes": ["Garantisse l'ouverture des bibliothèques de proximité."],
    "destinataires": [
        {"id": "ministre-sante", "fonction": "Ministre chargé de la santé",
         "appel": "Madame la Ministre, Monsieur le Ministre",
         "titres": [{"titre": MINISTER_TITLE, "du": "2026-10-01", "titulaire": "Camille Martin",
                     "appel": "Madame la Ministre", "source": "Journal officiel du 1er octobre 2026"}]},
        # In office only until 1 June 2026, and no neutral function recorded.
        {"id": "prefet-62", "titres": [{"titre": "Préfet du Pas-de-Calais", "du": "2025-01-01",
                                        "au": "2026-06-01", "source": "Journal officiel"}]},
    ],
    "expediteur": {"nom": "Collectif des lecteurs du Pas-de-Calais"},
}
SENT_ON = "2026-11-02"
# Letters and the site need every recipient in office today: the prefect is left out.
MINISTER_ONLY = {**CAMPAIGN, "destinataires": CAMPAIGN["destinataires"][:1]}


def body(type_: str, code: str) -> dict[str, str]:
    known = referential().body(type_, code)
    assert known is not None
    return {"type": type_, "code": code, "nom": known.nom}


def adopted(type_: str, code: str, date: str) -> dict[str, Any]:
    data = motion_data(campagne=CID, collectivite=body(type_, code), seance={"date": date},
                       vote={"resultat": "adoptee", "pour": 30, "contre": 0, "abstentions": 0})
    data.pop("presences")
    return data


def campaign_repo(repo: RepoBuilder, campaign: dict[str, Any] | None = None) -> RepoBuilder:
    repo.write(f"motions/{CID}/campagne.yml", dump_motion(campaign or CAMPAIGN, "campaign"))
    repo.add(adopted("commune", "62498", "2023-09-27"))
    repo.add(adopted("commune", "62510", "2023-10-16"))
    return repo


def pdf_file(tmp_path: Path, name: str = "reponse.pdf", text: bytes = b"reponse") -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n% " + text + b"\n%%EOF\n")
    return path


def record(repo: RepoBuilder, rel: str) -> dict[str, Any]:
    data = yaml.safe_load((repo.root / rel).read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def pdf_text(content: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)


# --- recording ---------------------------------------------------------------------------------
def test_sent_records_the_sending_and_archives_the_letter(repo: RepoBuilder) -> None:
    campaign_repo(repo)
    result = repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante", "--date", SENT_ON)
    assert result.exit_code == 0, result.output
    letter = f"motions/documents/lettre-{CID}-ministre-sante-{SENT_ON}.pdf"
    rel = f"motions/{CID}/envois/{SENT_ON}-ministre-sante.yml"
    assert result.output.splitlines() == [letter, rel]
    data = record(repo, rel)
    archived = (repo.root / letter).read_bytes()
    ref = referential()
    bodies = [ref.body("commune", c) for c in ("62498", "62510")]
    covered = set()
    for found in bodies:
        assert found is not None
        covered.update(ref.territory(found))
    assert data == {
        "campagne": CID, "destinataire": "ministre-sante", "date": SENT_ON,
        "fonction": MINISTER_TITLE, "titulaire": "Camille Martin",
        "expediteur": "Collectif des lecteurs du Pas-de-Calais",
        "lettre": {"fichier": f"documents/lettre-{CID}-ministre-sante-{SENT_ON}.pdf",
                   "sha256": hashlib.sha256(archived).hexdigest()},
        "chiffres": {"collectivites": 2, "motions_adoptees": 2,
                     "population_couverte": ref.population(covered), "voix_pour": 60,
                     "premiere_seance": "2023-09-27", "derniere_seance": "2023-10-16"},
        "collectivites": ["commune:62498", "commune:62510"],
    }
    # The archived letter is the letter of that day, to the office in force that day.
    text = pdf_text(archived)
    assert "Camille Martin" in text
    assert "notre courrier" not in text  # the first letter to this office recalls none
    assert "2 novembre 2026" in " ".join(text.split())
    assert (repo.root / rel).read_text("utf-8").startswith(
        "# yaml-language-server: $schema=../../../schema/sending.schema.json\n")
    check = repo.run("validate")
    assert check.exit_code == 0, check.output


def test_the_archived_letter_keeps_its_hash_when_the_data_changes(repo: RepoBuilder) -> None:
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    letter = repo.root / f"motions/documents/lettre-{CID}-ministre-sante-{SENT_ON}.pdf"
    before = letter.read_bytes()
    repo.add(adopted("departement", "59", "2026-11-10"))
    assert repo.run("validate").exit_code == 0
    assert letter.read_bytes() == before
    data = record(repo, f"motions/{CID}/envois/{SENT_ON}-ministre-sante.yml")
    assert data["lettre"]["sha256"] == hashlib.sha256(before).hexdigest()
    # Tampering with the archived letter is an error that names the file and the hashes.
    letter.write_bytes(before + b"%")
    result = repo.run("validate")
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if "envois" in ln)
    assert line.startswith(f"motions/{CID}/envois/{SENT_ON}-ministre-sante.yml:")
    assert "a changé depuis son enregistrement" in line
    assert hashlib.sha256(before + b"%").hexdigest() in line


def test_sent_defaults_to_today_and_says_so_in_the_record(repo: RepoBuilder) -> None:
    campaign_repo(repo)
    result = repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                      "--canal", "courriel")
    assert result.exit_code == 0, result.output
    data = record(repo, f"motions/{CID}/envois/{TODAY.isoformat()}-ministre-sante.yml")
    assert (data["date"], data["canal"]) == (TODAY.isoformat(), "courriel")


def test_a_second_sending_the_same_day_is_refused(repo: RepoBuilder) -> None:
    campaign_repo(repo)
    args = ("sent", "--campaign", CID, "--recipient", "ministre-sante", "--date", SENT_ON)
    assert repo.run(*args).exit_code == 0
    before = snapshot(repo.root)
    result = repo.run(*args)
    assert result.exit_code == 1
    assert result.output == (f"Erreur : un envoi à « ministre-sante » est déjà enregistré le "
                             f"2\u00a0novembre 2026 (motions/{CID}/envois/{SENT_ON}-ministre-sante"
                             ".yml) : un seul envoi par destinataire et par jour ; rien n'a été "
                             "écrit\n")
    assert snapshot(repo.root) == before


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--recipient", "ministre-sante", "--date", "2026-11-23"), 2,
     "Erreur : date d'envoi 2026-11-23 dans le futur (aujourd'hui : 2026-11-22) : enregistrez "
     "l'envoi le jour où la lettre part\n"),
    (("--recipient", "ministre-culture", "--date", SENT_ON), 2,
     f"Erreur : destinataire « ministre-culture » inconnu dans motions/{CID}/campagne.yml "
     "(destinataires : ministre-sante, prefet-62)\n"),
    (("--recipient", "prefet-62", "--date", SENT_ON), 1,
     "Erreur : « prefet-62 » n'occupe aucune fonction enregistrée le 2\u00a0novembre 2026 "
     f"(aucun titre en vigueur ce jour-là, pas de « fonction ») : complétez ses « titres » dans "
     f"motions/{CID}/campagne.yml, ou vérifiez la date\n"),
    (("--recipient", "ministre-sante", "--date", "02/11/26"), 2, None),  # which century?
])
def test_sent_refuses(repo: RepoBuilder, args: tuple[str, ...], code: int,
                      message: str | None) -> None:
    campaign_repo(repo)
    before = snapshot(repo.root)
    result = repo.run("sent", "--campaign", CID, *args)
    assert result.exit_code == code
    if message is not None:
        assert result.output == message
    else:
        assert ("« 02/11/26 » : l'année s'écrit avec ses quatre chiffres (2026, pas 26) ; formes "
                "acceptées : AAAA-MM-JJ (2024-02-05), JJ/MM/AAAA (05/02/2024) ou en toutes lettres "
                "(5 février 2024, 1er mars 2024)") in result.output
    assert snapshot(repo.root) == before


def test_sent_refuses_a_campaign_without_sender(repo: RepoBuilder) -> None:
    campaign_repo(repo, {k: v for k, v in CAMPAIGN.items() if k != "expediteur"})
    before = snapshot(repo.root)
    result = repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante", "--date", SENT_ON)
    assert result.exit_code == 1
    assert result.output.startswith(f"Erreur : motions/{CID}/campagne.yml n'a pas d'« expediteur »"
                                    " : ses lettres sont des projets")
    assert snapshot(repo.root) == before


def test_answer_records_the_answer_with_its_document(repo: RepoBuilder, tmp_path: Path) -> None:
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    source = pdf_file(tmp_path)
    result = repo.run("answer", "--campaign", CID, "--recipient", "ministre-sante",
                      "--date", "2026-11-20", "--document", str(source),
                      "--resume", "Le cabinet annonce une mission  d'inspection.",
                      "--accuse-reception", "2026-11-05")
    assert result.exit_code == 0, result.output
    stored = f"documents/reponse-{CID}-ministre-sante-2026-11-20.pdf"
    rel = f"motions/{CID}/reponses/2026-11-20-ministre-sante.yml"
    assert result.output.splitlines() == [f"motions/{stored}", rel]
    assert (repo.root / "motions" / stored).read_bytes() == source.read_bytes()
    assert record(repo, rel) == {
        "campagne": CID, "destinataire": "ministre-sante", "envoi": SENT_ON, "date": "2026-11-20",
        "document": {"fichier": stored, "sha256": hashlib.sha256(source.read_bytes()).hexdigest()},
        "resume": "Le cabinet annonce une mission d'inspection.",
        "accuses_reception": [{"date": "2026-11-05"}],
    }
    assert repo.run("validate").exit_code == 0
    stats = json.loads(repo.run("stats", "--format", "json", "--campaign", CID).output)
    numbers = stats["campagnes"][0]
    assert [{k: e[k] for k in ("date", "destinataire", "statut", "reponse")}
            for e in numbers["envois"]] == [
        {"date": SENT_ON, "destinataire": "ministre-sante", "statut": "repondue",
         "reponse": {"date": "2026-11-20"}}]
    # Today (22 November 2026) the minister's title in force is the recorded one; the prefect's
    # title ended, and no function is recorded: unknown, not invented.
    assert numbers["destinataires"] == [{"id": "ministre-sante", "titre": MINISTER_TITLE},
                                        {"id": "prefet-62", "titre": None}]


def test_a_sending_without_answer_is_envoyee(repo: RepoBuilder) -> None:
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    stats = json.loads(repo.run("stats", "--format", "json").output)
    numbers = next(c for c in stats["campagnes"] if c["id"] == CID)
    assert [(e["statut"], e["reponse"]) for e in numbers["envois"]] == [("envoyee", None)]
    others = [c["envois"] for c in stats["campagnes"] if c["id"] != CID]
    assert others == [[], []]


@pytest.mark.parametrize(("args", "code", "start"), [
    (("--date", "2026-11-01"), 1, "Erreur : aucun envoi à « ministre-sante » enregistré au plus "
                                  "tard le 1er\u00a0novembre 2026"),
    (("--date", "2026-11-23"), 2, "Erreur : date de la réponse 2026-11-23 dans le futur"),
    (("--date", "2026-11-20", "--accuse-reception", "2026-10-30"), 2,
     "Erreur : accusé de réception du 30\u00a0octobre 2026, avant l'envoi du 2\u00a0novembre 2026"),
])
def test_answer_refuses_dates_out_of_order(repo: RepoBuilder, tmp_path: Path,
                                           args: tuple[str, ...], code: int, start: str) -> None:
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    before = snapshot(repo.root)
    result = repo.run("answer", "--campaign", CID, "--recipient", "ministre-sante",
                      "--document", str(pdf_file(tmp_path)), *args)
    assert result.exit_code == code
    assert result.output.startswith(start)
    assert snapshot(repo.root) == before


def test_answer_refuses_what_is_not_a_pdf(repo: RepoBuilder, tmp_path: Path) -> None:
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    fake = tmp_path / "reponse.pdf"
    fake.write_bytes(b"<html>pas un PDF</html>")
    link = tmp_path / "lien.pdf"
    link.symlink_to(pdf_file(tmp_path, "vrai.pdf"))
    before = snapshot(repo.root)
    for path, message in ((fake, "n'est pas un PDF (il ne commence pas par %PDF-)"),
                          (link, "n'est pas un fichier ordinaire (lien symbolique ou dossier)")):
        result = repo.run("answer", "--campaign", CID, "--recipient", "ministre-sante",
                          "--date", "2026-11-20", "--document", str(path))
        assert result.exit_code == 2
        assert result.output == f"Erreur : {path} {message}" + (
            " : numérisez la réponse en PDF\n" if path == fake else " : donnez le PDF lui-même\n")
    assert snapshot(repo.root) == before


# --- validation of records written by hand -----------------------------------------------------
def _hand_written(repo: RepoBuilder, tmp_path: Path, **changes: Any) -> str:
    """A sending recorded by `petition sent`, then edited by hand: its path."""
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    rel = f"motions/{CID}/envois/{SENT_ON}-ministre-sante.yml"
    data = {**record(repo, rel), **changes}
    target = f"motions/{CID}/envois/{data['date']}-{data['destinataire']}.yml"
    (repo.root / rel).unlink()
    repo.write(target, dump_motion(data, "sending",
                                   "# yaml-language-server: $schema=../../../schema/{}.schema.json"))
    return target


@pytest.mark.parametrize(("changes", "expected"), [
    ({"date": "2026-12-01"}, "date « 2026-12-01 » dans le futur (aujourd'hui : 2026-11-22) : "
                             "vérifiez l'année"),
    ({"destinataire": "ministre-culture"}, f"destinataire « ministre-culture » absent de motions/"
                                           f"{CID}/campagne.yml (destinataires : ministre-sante, "
                                           "prefet-62) : corrigez l'identifiant"),
    ({"destinataire": "prefet-62"}, "« prefet-62 » n'occupait aucune fonction enregistrée le "
                                    "2026-11-02 : complétez ses « titres » dans "
                                    f"motions/{CID}/campagne.yml ou corrigez la date"),
    ({"canal": "pigeon"}, "« canal » (Moyen d'envoi) : valeur « pigeon » non permise ; choisissez "
                          "parmi : courrier, courriel, remise en main propre"),
])
def test_validate_checks_sendings(repo: RepoBuilder, tmp_path: Path, changes: dict[str, Any],
                                  expected: str) -> None:
    target = _hand_written(repo, tmp_path, **changes)
    result = repo.run("validate", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["problemes"]
    assert [p["message"] for p in problems if p["path"] == target and p["level"] == "erreur"] \
        == [expected]


def test_validate_refuses_an_answer_before_its_sending(repo: RepoBuilder, tmp_path: Path) -> None:
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    assert repo.run("answer", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                    "2026-11-20", "--document", str(pdf_file(tmp_path))).exit_code == 0
    rel = f"motions/{CID}/reponses/2026-11-20-ministre-sante.yml"
    text = (repo.root / rel).read_text("utf-8").replace(f'envoi: "{SENT_ON}"', 'envoi: "2026-11-21"')
    (repo.root / rel).write_text(text, "utf-8")
    result = repo.run("validate")
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.startswith(rel)]
    assert lines == [
        f"{rel}:1: avertissement : réponse sans résumé : ajoutez « resume: … », ce que dit la "
        "réponse en quelques phrases (la page « Suivi » l'affiche)",
        f"{rel}:4: aucun envoi enregistré le 2026-11-21 à « ministre-sante » : enregistrez-le avec "
        "« petition sent » ou corrigez la date",
        f"{rel}:5: réponse datée du 2026-11-20, avant l'envoi du 2026-11-21 auquel elle répond : "
        "vérifiez les deux dates",
    ]


# --- figures and the later letter ----------------------------------------------------------------
def test_stats_text_shows_the_last_sending_and_answer(repo: RepoBuilder, tmp_path: Path) -> None:
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    text = repo.run("stats", "--campaign", CID).output
    assert "  Dernier envoi                2 novembre 2026 à ministre-sante " \
           f"({MINISTER_TITLE})" in text
    assert "  Dernière réponse             aucune réponse enregistrée" in text
    assert repo.run("answer", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                    "2026-11-20", "--document", str(pdf_file(tmp_path))).exit_code == 0
    text = repo.run("stats", "--campaign", CID).output
    assert "  Dernière réponse             20 novembre 2026 de ministre-sante (à la lettre du " \
           "2 novembre 2026)" in text


def test_a_later_letter_recalls_the_earlier_one_and_what_changed(repo: RepoBuilder) -> None:
    campaign_repo(repo, MINISTER_ONLY)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    repo.add(adopted("departement", "59", "2026-11-10"))
    result = repo.run("letter", "--campaign", CID, "--format", "md", "-o", str(repo.root / "out"))
    assert result.exit_code == 0, result.output
    text = " ".join((repo.root / "out" / f"{CID}-ministre-sante.md").read_text("utf-8").split())
    sent_on = date_long(SENT_ON).replace("\u00a0", " ")
    assert f"Le présent courrier fait suite à notre courrier du {sent_on}." in text
    nord = referential().body("departement", "59")
    assert nord is not None
    assert (f"Depuis ce courrier, une collectivité s’ajoute à celles qu’il nommait : {nord.nom} "
            "(conseil départemental), séance du 10 novembre 2026.") in text


def test_the_records_reload_as_the_program_wrote_them(repo: RepoBuilder, tmp_path: Path) -> None:
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    loaded = load_repository(repo.root, today=TODAY)
    assert [(s.campaign, s.recipient, s.date, s.channel) for s in loaded.sendings] == [
        (CID, "ministre-sante", SENT_ON, "")]  # no --canal: no channel recorded
    assert loaded.errors == []
    assert dt.date.fromisoformat(loaded.sendings[0].date) <= TODAY


def test_answer_refuses_a_summary_that_hides_characters(repo: RepoBuilder, tmp_path: Path) -> None:
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    before = snapshot(repo.root)
    result = repo.run("answer", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                      "2026-11-20", "--document", str(pdf_file(tmp_path)),
                      "--resume", "Réponse \u202egnp.exe")
    assert result.exit_code == 2
    assert result.output.startswith("Erreur : --resume : ")
    assert "\u202e" not in result.output
    assert snapshot(repo.root) == before


def test_stats_csv_lists_the_recipients_and_the_sendings(repo: RepoBuilder) -> None:
    campaign_repo(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    rows = repo.run("stats", "--format", "csv", "--campaign", CID).output.splitlines()
    assert [r for r in rows if ",destinataires," in r or ",envois," in r] == [
        f"{CID},destinataires,ministre-sante,{MINISTER_TITLE}",
        f"{CID},destinataires,prefet-62,",
        f"{CID},envois,{SENT_ON} ministre-sante,envoyee",
    ]


def test_a_later_letter_to_a_new_office_says_to_whom_the_earlier_ones_went(
        repo: RepoBuilder) -> None:
    """Two letters under a title that then changed: the new letter names both, and the title."""
    earlier = {**MINISTER_ONLY, "destinataires": [{
        "id": "ministre-sante", "fonction": "Ministre chargé de la santé",
        "titres": [{"titre": "Ministre de la Santé", "du": "2026-01-01", "au": "2026-11-15",
                    "source": "Journal officiel"},
                   {"titre": MINISTER_TITLE, "du": "2026-11-15", "source": "Journal officiel"}]}]}
    campaign_repo(repo, earlier)
    for day in ("2026-10-05", SENT_ON):
        assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                        "--date", day).exit_code == 0
    assert record(repo, f"motions/{CID}/envois/{SENT_ON}-ministre-sante.yml")["fonction"] == \
        "Ministre de la Santé"
    result = repo.run("letter", "--campaign", CID, "--format", "md", "-o", str(repo.root / "out"))
    assert result.exit_code == 0, result.output
    text = " ".join((repo.root / "out" / f"{CID}-ministre-sante.md").read_text("utf-8").split())
    assert ("Le présent courrier fait suite à notre courrier du 2 novembre 2026 (destinataire "
            "alors : Ministre de la Santé) et à notre courrier précédent du 5 octobre 2026.") in text
    assert "Depuis ce courrier, aucune collectivité ne s’est ajoutée à celles qu’il nommait." in text
