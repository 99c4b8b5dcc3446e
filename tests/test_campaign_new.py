"""`petition campaign new`: a valid campaign file in minutes, from options or questions."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import CAMPAIGN, RepoBuilder
from petition.campaign.newcampaign import TEMPLATE, recipient_id


def _new(repo: RepoBuilder, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = repo.run("campaign", "new", *args, input=input)
    return result.exit_code, result.stdout, result.stderr


def test_writes_a_valid_campaign_from_options(repo: RepoBuilder) -> None:
    code, out, err = _new(repo, "--id", "gare-2026", "--titre", "Pour la gare de Rodez",
                          "--destinataire", "Directeur général de SNCF Réseau",
                          "--appel", "Monsieur le Directeur général",
                          "--destinataire", "Préfète de l'Aveyron", "--no-input")
    assert (code, out) == (0, "motions/gare-2026/campagne.yml\n")
    text = (repo.root / "motions" / "gare-2026" / "campagne.yml").read_text("utf-8")
    assert text == (
        "# yaml-language-server: $schema=../../schema/campaign.schema.json\n"
        "id: gare-2026\n"
        "titre: Pour la gare de Rodez\n"
        "destinataires:\n"
        "- id: directeur-general-sncf-reseau\n"
        "  fonction: Directeur général de SNCF Réseau\n"
        "  appel: Monsieur le Directeur général\n"
        "- id: prefete-aveyron\n"
        "  fonction: Préfète de l'Aveyron\n" + TEMPLATE)
    assert err.endswith("puis ajoutez les motions (« petition new --campaign gare-2026 » ou "
                        "« petition import FICHIER.csv --campaign gare-2026 »).\n")
    result = repo.run("validate")
    assert (result.exit_code, result.stdout) == (0, "")
    letters = repo.root / "lettres"
    assert repo.run("letter", "--campaign", "gare-2026", "--format", "md", "-o",
                    str(letters)).exit_code == 0
    assert [p.read_text("utf-8").split("\n")[0] for p in sorted(letters.iterdir())] == [
        "# Projet de lettre à Monsieur le Directeur général de SNCF Réseau",
        "# Projet de lettre à la préfète de l’Aveyron"]


def test_questions_ask_what_options_did_not_give(repo: RepoBuilder) -> None:
    answers = "\n".join(["Gare 2026", "gare-2026", "ab", "Pour la gare",
                         "SNCF Voyageurs", "", "un", "la",
                         "Région Occitanie", "Madame la Présidente", "", ""]) + "\n"
    code, out, err = _new(repo, input=answers)
    assert code == 0, err
    data = yaml.safe_load((repo.root / "motions" / "gare-2026" / "campagne.yml").read_text("utf-8"))
    assert data == {"id": "gare-2026", "titre": "Pour la gare", "destinataires": [
        {"id": "sncf-voyageurs", "fonction": "SNCF Voyageurs", "article": "la"},
        {"id": "region-occitanie", "fonction": "Région Occitanie", "appel": "Madame la Présidente"}]}
    # the wrong answers were said, then asked again
    assert "✗ « Gare 2026 » : l'identifiant s'écrit en minuscules" in err
    assert "✗ 2 caractère(s) : de 3 à 300 attendus" in err
    assert "Article de « SNCF Voyageurs » dans « Lettre à … » (le, la, l', les)" in out


def test_recipients_can_come_from_another_campaign(repo: RepoBuilder) -> None:
    code, _, err = _new(repo, "--id", "suite-2027", "--titre", "La suite", "--depuis", CAMPAIGN,
                        "--destinataire", "Recteur de l'académie de Lille", "--no-input")
    assert code == 0, err
    data = yaml.safe_load((repo.root / "motions" / "suite-2027" / "campagne.yml").read_text("utf-8"))
    source = yaml.safe_load((repo.root / "motions" / CAMPAIGN / "campagne.yml").read_text("utf-8"))
    assert data["destinataires"] == [*source["destinataires"],
                                     {"id": "recteur-academie-lille",
                                      "fonction": "Recteur de l'académie de Lille"}]
    assert repo.run("validate").exit_code == 0


def test_never_over_an_existing_campaign_and_never_half_asked(repo: RepoBuilder) -> None:
    path = repo.root / "motions" / CAMPAIGN / "campagne.yml"
    before = path.read_bytes()
    code, _, err = _new(repo, "--id", CAMPAIGN, "--titre", "Autre", "--destinataire", "Maire",
                        "--no-input")
    assert code == 2
    assert f"--id : la campagne « {CAMPAIGN} » existe déjà (motions/{CAMPAIGN}/)" in err
    assert path.read_bytes() == before
    for args, message in [
        (("--id", "x-1", "--titre", "Titre"), "aucun destinataire : indiquez --destinataire"),
        (("--id", "x-1", "--destinataire", "Maire"), "--titre manquant (avec --no-input"),
        (("--id", "X 1", "--titre", "Titre", "--destinataire", "Maire"), "--id : « X 1 » : "),
        (("--id", "x-1", "--titre", "Titre", "--destinataire", "Maire", "--appel", "A",
          "--appel", "B"), "plus de --appel que de --destinataire"),
        (("--id", "x-1", "--titre", "Titre", "--depuis", "aucune"), "--depuis : campagne "
                                                                   "« aucune » inconnue"),
        (("--id", "x-1", "--titre", "Ti\u202etre", "--destinataire", "Maire"),
         "--titre : caractère de contrôle bidirectionnel interdit"),
    ]:
        code, _, err = _new(repo, *args, "--no-input")
        assert code == 2, args
        assert message in err, (args, err)
        assert not (repo.root / "motions" / "x-1").exists()


def test_recipient_ids_are_short_and_unique() -> None:
    assert recipient_id("Directeur général de l'Agence régionale de santé", set()) == \
        "directeur-general-agence-regionale"
    assert recipient_id("Maire", {"maire"}) == "maire-2"
    assert recipient_id("« »", set()) == "destinataire"


def test_without_campaigns_new_motion_says_how_to_start(tmp_path: Path) -> None:
    repo = RepoBuilder(tmp_path / "vide")
    for campaign in (repo.root / "motions").iterdir():
        (campaign / "campagne.yml").unlink()
        campaign.rmdir()
    result = repo.run("new", "--no-input")
    assert result.exit_code == 2
    assert "aucune campagne : un coordinateur crée d'abord motions/<campagne>/campagne.yml " \
           "(« petition campaign new »)" in result.stderr
