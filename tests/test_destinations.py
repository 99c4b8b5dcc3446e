"""Nothing is written outside the repository (issue 25; hazards 27): ids are checked before they
become paths, no write goes through a symbolic link, a command creates only the folders it owns,
and a write the system refuses is one French line naming the user's file (exit 2)."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import CAMPAIGN, RepoBuilder, motion_data
from petition.core.destinations import UnsafePath, WriteError, check_id, chosen, destination
from petition.core.referential import referential
from petition.exchange import writer
from petition.exchange.writer import dump_motion, write_new

CID = "suivi-hostile"
EVIL = "x/../../../../../outside/PWNED"  # the review's literal recipient id
SENT_ON = "2026-11-02"
ANSWERED_ON = "2026-11-10"


def campaign(recipient: str = "ministre-sante") -> dict[str, Any]:
    return {"id": CID, "titre": "Campagne d'essai des chemins",
            "demandes": ["Garantisse l'unicité du réseau de santé."],
            "destinataires": [{"id": recipient, "fonction": "Ministre chargé de la santé",
                               "appel": "Madame la Ministre",
                               "titres": [{"titre": "Ministre de la Santé", "du": "2026-10-01",
                                           "source": "Journal officiel du 1er octobre 2026"}]}],
            "expediteur": {"nom": "Intersyndicale des mineurs"}}


def with_campaign(repo: RepoBuilder, recipient: str = "ministre-sante") -> RepoBuilder:
    repo.write(f"motions/{CID}/campagne.yml", dump_motion(campaign(recipient), "campaign"))
    body = referential().body("commune", "62498")
    assert body is not None
    data = motion_data(campagne=CID, collectivite={"type": "commune", "code": "62498",
                                                   "nom": body.nom})
    repo.add(data)
    return repo


def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "reponse.pdf"
    path.write_bytes(b"%PDF-1.4\n% reponse\n%%EOF\n")
    return path


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """The folder the review's id points to, from a repository at tmp_path/depot (and around it,
    where the id's `..` lead)."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def nothing_outside(repo: RepoBuilder) -> None:
    """No PWNED file where the id's `..` lead: from motions/documents/ and from the campaign's
    reponses/ folder, five levels up are the repository's parent and grand-parent."""
    for folder in (repo.root.parent, repo.root.parent.parent):
        assert list(folder.glob("outside/*PWNED*")) == []


# --- the review's findings, literal -----------------------------------------------------------
def test_answer_refuses_a_recipient_id_that_leaves_the_repository(repo: RepoBuilder, tmp_path: Path,
                                                                 outside: Path) -> None:
    with_campaign(repo, EVIL)
    # The sending the answer would answer, as a pull request could bring it.
    repo.write(f"motions/{CID}/envois/{SENT_ON}-x.yml", dump_motion({
        "campagne": CID, "destinataire": EVIL, "date": SENT_ON, "canal": "courrier",
        "fonction": "Ministre de la Santé", "lettre": {"fichier": "documents/lettre-x.pdf",
                                                       "sha256": "0" * 64},
        "collectivites": []}, "sending"))
    before = files_under(repo.root)
    result = repo.run("answer", "--campaign", CID, "--recipient", EVIL, "--date", ANSWERED_ON,
                      "--document", str(pdf(tmp_path)))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("Erreur : ")
    assert "fichier(s) de la campagne en erreur" in result.stderr
    assert files_under(repo.root) == before
    assert files_under(outside) == []
    nothing_outside(repo)


def test_sent_refuses_a_recipient_id_that_leaves_the_repository(repo: RepoBuilder,
                                                               outside: Path) -> None:
    with_campaign(repo, EVIL)
    before = files_under(repo.root)
    result = repo.run("sent", "--campaign", CID, "--recipient", EVIL, "--date", SENT_ON)
    assert (result.exit_code, result.stdout) == (1, "")
    assert "fichier(s) de la campagne en erreur" in result.stderr
    assert files_under(repo.root) == before
    nothing_outside(repo)


@pytest.mark.parametrize("command", ["sent", "answer"])
def test_a_symlinked_documents_folder_is_never_written_through(repo: RepoBuilder, tmp_path: Path,
                                                               outside: Path, command: str) -> None:
    with_campaign(repo)
    if command == "answer":  # a sending recorded first, while documents/ is a real folder
        assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                        SENT_ON).exit_code == 0
        for kept in (repo.root / "motions" / "documents").iterdir():
            (outside / kept.name).write_bytes(kept.read_bytes())  # the link must still verify
        for kept in (repo.root / "motions" / "documents").iterdir():
            kept.unlink()
        (repo.root / "motions" / "documents").rmdir()
    (repo.root / "motions" / "documents").symlink_to(outside, target_is_directory=True)
    before, before_outside = files_under(repo.root), files_under(outside)
    args = ["--date", SENT_ON] if command == "sent" else \
        ["--date", ANSWERED_ON, "--document", str(pdf(tmp_path))]
    result = repo.run(command, "--campaign", CID, "--recipient", "ministre-sante", *args)
    assert (result.exit_code, result.stdout) == (1, "")
    # validate flags the link; the command refuses before writing anything
    assert result.stderr.startswith("Erreur : ")
    assert files_under(outside) == before_outside
    assert files_under(repo.root) == before


def test_a_symlinked_documents_folder_is_refused_by_the_path_check_itself(
        repo: RepoBuilder, outside: Path) -> None:
    """Even if no check on the repository's files ran first, the path check refuses the link."""
    with_campaign(repo)
    (repo.root / "motions" / "documents").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath) as refused:
        destination(repo.root, "motions/documents/lettre.pdf", create=1)
    assert str(refused.value) == (f"motions/documents/lettre.pdf : motions/documents est un lien "
                                  f"symbolique (vers {outside}) : une commande n'écrit jamais à "
                                  "travers un lien ; remplacez-le par un vrai dossier ou fichier ; "
                                  "rien n'a été écrit")


# --- the path check --------------------------------------------------------------------------
@pytest.mark.parametrize("rel", ["motions/../../outside/PWNED.yml", "motions/x/../../y.yml",
                                 "/etc/passwd", "motions//x.yml", "motions/./x.yml",
                                 "motions/a\\..\\b.yml", "motions/.hidden.yml", ""])
def test_paths_that_leave_their_folder_are_refused(repo: RepoBuilder, rel: str) -> None:
    with pytest.raises(UnsafePath):
        destination(repo.root, rel, create=3)


def test_ids_are_checked_against_their_schema_pattern() -> None:
    assert check_id("ministre-sante", "destinataire") == "ministre-sante"
    for bad in (EVIL, "..", "Ministre", "a--b", "-a", "a\n", "", "é"):
        with pytest.raises(UnsafePath):
            check_id(bad, "destinataire")


def test_only_the_folders_a_command_owns_are_created(repo: RepoBuilder) -> None:
    with pytest.raises(UnsafePath) as refused:  # the campaign's folder is not the command's
        destination(repo.root, f"motions/{CID}/envois/x.yml", create=1)
    assert refused.value.usage
    assert f"le dossier motions/{CID} n'existe pas" in str(refused.value)
    (repo.root / "motions" / CID).mkdir()
    owned = destination(repo.root, f"motions/{CID}/envois/x.yml", create=1)
    assert owned.missing == (repo.root / "motions" / CID / "envois",)
    assert not owned.missing[0].exists()  # created by the writer, when it writes


def test_a_symlinked_final_file_is_refused(repo: RepoBuilder, outside: Path) -> None:
    (repo.root / "motions" / "documents").mkdir()
    (repo.root / "motions" / "documents" / "a.pdf").symlink_to(outside / "a.pdf")
    with pytest.raises(UnsafePath, match="est un lien symbolique"):
        destination(repo.root, "motions/documents/a.pdf")


def test_a_folder_the_user_names_outside_is_the_users_choice(repo: RepoBuilder,
                                                             tmp_path: Path) -> None:
    folder = chosen(repo.root, tmp_path / "sortie", folder=True)
    assert (folder.path, folder.missing) == (tmp_path / "sortie", (tmp_path / "sortie",))
    with pytest.raises(UnsafePath) as refused:  # never its parents
        chosen(repo.root, tmp_path / "a" / "b" / "sortie.csv")
    assert refused.value.usage


def test_a_folder_the_user_names_inside_follows_the_repositorys_rules(repo: RepoBuilder,
                                                                      outside: Path) -> None:
    (repo.root / "lettres").symlink_to(outside, target_is_directory=True)
    result = repo.run("letter", "--campaign", CAMPAIGN, "--format", "md")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("Erreur : lettres : lettres est un lien symbolique")
    assert files_under(outside) == []
    inside = repo.run("letter", "--campaign", CAMPAIGN, "--format", "md", "-o",
                      str(repo.root / "lettres" / "x"))
    assert inside.exit_code == 1
    assert files_under(outside) == []


def test_a_committed_symlink_for_the_kit_folder_is_refused(repo: RepoBuilder, outside: Path) -> None:
    repo.write(f"motions/{CAMPAIGN}/cibles.yml", dump_motion(
        {"campagne": CAMPAIGN, "cibles": {"commune": {"62510": "Liévin"}}}, "targets"))
    (repo.root / "kit").symlink_to(outside, target_is_directory=True)
    result = repo.run("kit", "--campaign", CAMPAIGN, "--repo-url", "https://github.com/o/r")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "kit est un lien symbolique" in result.stderr
    assert files_under(outside) == []


# --- the system's refusals, in French, naming the user's file ----------------------------------
def refuse_temporary_files(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """The system refuses every new file (a read-only folder, a full disk)."""
    real = os.open

    def fake(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if str(path).endswith(".tmp"):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, mode, **kwargs)
    monkeypatch.setattr(writer.os, "open", fake)


READ_ONLY = "le dossier est en lecture seule"
FULL = "le disque est plein (libérez de la place)"


@pytest.mark.parametrize("code, reason", [(errno.EROFS, READ_ONLY), (errno.ENOSPC, FULL)])
def test_sent_and_answer_name_the_users_file_and_exit_2(repo: RepoBuilder, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        code: int, reason: str) -> None:
    with_campaign(repo)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                    SENT_ON).exit_code == 0
    before = files_under(repo.root)
    refuse_temporary_files(monkeypatch, code)
    sent = repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                    "2026-11-03")
    assert (sent.exit_code, sent.stdout) == (2, "")
    assert sent.stderr == (f"Erreur : impossible d'écrire motions/documents/lettre-{CID}-"
                           f"ministre-sante-2026-11-03.pdf : {reason} ; rien n'a été écrit\n")
    answer = repo.run("answer", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                      ANSWERED_ON, "--document", str(pdf(tmp_path)))
    assert (answer.exit_code, answer.stdout) == (2, "")
    assert answer.stderr == (f"Erreur : impossible d'écrire motions/documents/reponse-{CID}-"
                             f"ministre-sante-{ANSWERED_ON}.pdf : {reason} ; rien n'a été écrit\n")
    assert files_under(repo.root) == before


def test_targets_import_letter_and_export_on_a_read_only_repository(
        repo: RepoBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    csv = tmp_path / "cibles.csv"
    csv.write_text("type,code\ncommune,62510\n", "utf-8")
    refuse_temporary_files(monkeypatch, errno.EROFS)
    targets = repo.run("targets", "import", str(csv), "--campaign", CAMPAIGN)
    assert (targets.exit_code, targets.stdout) == (2, "")
    assert targets.stderr == (f"Erreur : impossible d'écrire motions/{CAMPAIGN}/cibles.yml : "
                              f"{READ_ONLY} ; rien n'a été écrit\n")
    (repo.root / "lettres").mkdir()
    letter = repo.run("letter", "--campaign", CAMPAIGN, "--format", "md")
    assert letter.exit_code == 2
    assert letter.stderr.startswith(f"Erreur : impossible d'écrire lettres/{CAMPAIGN}-")
    assert letter.stderr.endswith(f".md : {READ_ONLY} ; rien n'a été écrit\n")
    export = repo.run("export", "--format", "json", "-o", str(repo.root / "export.json"))
    assert export.exit_code == 2
    assert export.stderr == (f"Erreur : impossible d'écrire {repo.root / 'export.json'} : "
                             f"{READ_ONLY} ; rien n'a été écrit\n")
    for result in (targets, letter, export):
        assert "Read-only" not in result.output and ".tmp" not in result.output
    assert not (repo.root / "export.json").exists()
    assert not (repo.root / "motions" / CAMPAIGN / "cibles.yml").exists()


def test_a_write_error_never_names_the_temporary_file(repo: RepoBuilder,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_temporary_files(monkeypatch, errno.ENOSPC)
    target = destination(repo.root, f"motions/{CAMPAIGN}/x.yml")
    with pytest.raises(WriteError) as refused:
        write_new(target, "a: 1\n")
    assert (refused.value.shown, refused.value.reason) == (f"motions/{CAMPAIGN}/x.yml", FULL)
    assert ".petition-" not in str(refused.value)


# --- a run killed between the PDF and its record ------------------------------------------------
@pytest.mark.parametrize("command", ["sent", "answer"])
def test_a_run_killed_between_the_pdf_and_its_record_is_finished_by_the_next(
        repo: RepoBuilder, tmp_path: Path, command: str) -> None:
    with_campaign(repo)
    sent = ["sent", "--campaign", CID, "--recipient", "ministre-sante", "--date", SENT_ON]
    args = sent if command == "sent" else [
        "answer", "--campaign", CID, "--recipient", "ministre-sante", "--date", ANSWERED_ON,
        "--document", str(pdf(tmp_path))]
    if command == "answer":
        assert repo.run(*sent).exit_code == 0
    first = repo.run(*args)
    assert first.exit_code == 0, first.output
    document, record = first.stdout.splitlines()
    kept = (repo.root / record).read_bytes()
    (repo.root / record).unlink()  # what kill -9 between the two writes leaves: the PDF alone
    again = repo.run(*args)
    assert (again.exit_code, again.stdout) == (0, first.stdout)
    assert (repo.root / record).read_bytes() == kept
    assert repo.run("validate").exit_code == 0
    # A different PDF under that name is never replaced.
    (repo.root / record).unlink()
    (repo.root / document).write_bytes(b"%PDF-1.4\n% autre\n%%EOF\n")
    other = repo.run(*args)
    assert (other.exit_code, other.stdout) == (1, "")
    assert other.stderr == (f"Erreur : {document} existe déjà : un document archivé ne se remplace "
                            "pas ; rien n'a été écrit\n")
