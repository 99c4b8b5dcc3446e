"""Every record a command writes passes `petition validate`, for every body type (contract.md):
a motion imported from a template row, written by `petition new --no-input` and by
`petition from-issue`, a target (`petition targets import`), a sending (`petition sent`) and an
answer (`petition answer`), for a commune, an arrondissement, an EPCI, an EPT, the Métropole de
Lyon, a département, a région and a collectivité d'outre-mer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CAMPAIGN, RepoBuilder
from petition.core.referential import TYPES, referential
from petition.exchange.csvformats import TEMPLATE_COLUMNS
from petition.exchange.writer import dump_motion

# One body of each type, each with a session after its council was created.
BODIES = {
    "commune": ("62498", "2023-09-27"),
    "arrondissement": ("75113", "2023-10-02"),
    "epci": ("246200364", "2023-10-03"),
    "ept": ("200057867", "2023-10-04"),
    "collectivite": ("200046977", "2023-10-05"),
    "departement": ("62", "2023-10-06"),
    "region": ("32", "2023-10-09"),
    "com": ("975", "2023-10-10"),
}
SENT_ON, ANSWERED_ON = "2026-11-02", "2026-11-16"
RECIPIENT = "ministre-sante"


def test_every_type_is_covered() -> None:
    assert tuple(BODIES) == TYPES


def campaign_file() -> dict[str, Any]:
    """A campaign whose letters are sent: a sender, and a recipient in office on SENT_ON."""
    return {"id": CAMPAIGN, "titre": "Campagne d'essai de chaque type de collectivité",
            "demandes": ["Garantisse l'offre de santé de proximité."],
            "destinataires": [{"id": RECIPIENT, "fonction": "Ministre chargé de la santé",
                               "titres": [{"titre": "Ministre chargé de la santé",
                                           "du": "2026-10-01", "source": "Journal officiel"}]}],
            "expediteur": {"nom": "Coordination d'essai"}}


def official_name(type_: str) -> str:
    code, date = BODIES[type_]
    body = referential().body(type_, code, date)
    assert body is not None
    return body.nom


@pytest.fixture
def campaign_repo(repo: RepoBuilder) -> RepoBuilder:
    repo.write(f"motions/{CAMPAIGN}/campagne.yml", dump_motion(campaign_file(), "campaign"))
    return repo


def assert_valid(repo: RepoBuilder) -> None:
    result = repo.run("validate", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["erreurs"] == 0
    assert [p for p in report["problemes"] if p["level"] != "avertissement"] == []


def motion_files(repo: RepoBuilder) -> list[str]:
    folder = repo.root / "motions" / CAMPAIGN
    return sorted(p.name for p in folder.glob("*.yml") if p.name not in ("campagne.yml",
                                                                          "cibles.yml"))


@pytest.mark.parametrize("type_", TYPES)
def test_import_target_sending_and_answer_validate(campaign_repo: RepoBuilder, tmp_path: Path,
                                                   type_: str) -> None:
    repo = campaign_repo
    code, date = BODIES[type_]
    row = {"type": type_, "code": code, "nom": official_name(type_), "date": date,
           "nature": "voeu" if type_ == "region" else "motion",
           "objet": "Vœu pour l'offre de santé de proximité", "resultat": "adoptee",
           "url": "https://www.example.fr/deliberations/acte.pdf"}
    rows = tmp_path / "motions.csv"
    rows.write_text(",".join(TEMPLATE_COLUMNS) + "\n"
                    + ",".join(row.get(c, "") for c in TEMPLATE_COLUMNS) + "\n", "utf-8")
    imported = repo.run("import", str(rows), "--campaign", CAMPAIGN)
    assert imported.exit_code == 0, imported.output
    assert len(motion_files(repo)) == 1

    targets = tmp_path / "cibles.csv"
    targets.write_text(f"type,code\n{type_},{code}\n", "utf-8")
    added = repo.run("targets", "import", str(targets), "--campaign", CAMPAIGN)
    assert added.exit_code == 0, added.output

    sent = repo.run("sent", "--campaign", CAMPAIGN, "--recipient", RECIPIENT, "--date", SENT_ON)
    assert sent.exit_code == 0, sent.output
    record = yaml.safe_load((repo.root / f"motions/{CAMPAIGN}/envois/{SENT_ON}-{RECIPIENT}.yml")
                            .read_text("utf-8"))
    assert record["collectivites"] == [f"{type_}:{code}"]
    assert "canal" not in record  # no --canal: no channel recorded

    answer_pdf = tmp_path / "reponse.pdf"
    answer_pdf.write_bytes(b"%PDF-1.4\n% reponse\n%%EOF\n")
    answered = repo.run("answer", "--campaign", CAMPAIGN, "--recipient", RECIPIENT, "--date",
                        ANSWERED_ON, "--document", str(answer_pdf), "--resume",
                        "Le cabinet accuse réception.")
    assert answered.exit_code == 0, answered.output

    assert_valid(repo)
    stats = json.loads(repo.run("stats", "--campaign", CAMPAIGN, "--format", "json").stdout)
    [numbers] = stats["campagnes"]
    assert numbers["par_type"][type_] == 1
    assert [(e["destinataire"], e["statut"]) for e in numbers["envois"]] == \
        [(RECIPIENT, "repondue")]
    targets_out = json.loads(repo.run("targets", "--campaign", CAMPAIGN, "--format",
                                      "json").stdout)
    assert [(t["type"], t["code"], t["statut"]) for t in targets_out] == \
        [(type_, code, "adoptee")]


@pytest.mark.parametrize("type_", TYPES)
def test_new_without_questions_validates(campaign_repo: RepoBuilder, type_: str) -> None:
    repo = campaign_repo
    code, date = BODIES[type_]
    result = repo.run("new", "--campaign", CAMPAIGN, "--type", type_, "--code", code, "--date",
                      date, "--nature", "motion", "--objet", "Motion pour l'offre de santé",
                      "--resultat", "adoptee", "--url", "https://www.example.fr/acte.pdf",
                      "--no-input")
    assert result.exit_code == 0, result.output
    [name] = motion_files(repo)
    data = yaml.safe_load((repo.root / "motions" / CAMPAIGN / name).read_text("utf-8"))
    assert (data["collectivite"]["type"], data["collectivite"]["code"]) == (type_, code)
    assert_valid(repo)


ISSUE_TYPES = {"commune": "Commune",
               "arrondissement": "Conseil d'arrondissement (Paris, Lyon, Marseille)",
               "epci": "Intercommunalité (EPCI)",
               "ept": "Établissement public territorial (Grand Paris)",
               "collectivite": "Métropole de Lyon",
               "departement": "Département (ou Collectivité européenne d'Alsace)",
               "region": "Région (ou Corse, Martinique, Guyane)",
               "com": "Collectivité d'outre-mer"}


def issue_event(type_: str) -> dict[str, Any]:
    code, date = BODIES[type_]
    answers = {"Type de collectivité": ISSUE_TYPES[type_],
               "Code officiel de la collectivité": code,
               "Nom de la collectivité": official_name(type_),
               "Campagne": CAMPAIGN, "Date de la séance": date, "Nature de l'acte": "Motion",
               "Objet": "Motion pour l'offre de santé de proximité",
               "Résultat du vote": "Adoptée",
               "Lien vers le document": "https://www.example.fr/deliberations/acte.pdf",
               "Publication": "- [X] J'accepte que ces informations soient publiées sur le site "
                              "de la campagne (données ouvertes)."}
    body = "\n\n".join(f"### {label}\n\n{value}" for label, value in answers.items())
    return {"action": "labeled", "label": {"name": "motion-a-importer"},
            "issue": {"number": 31, "title": "Motion", "body": body, "state": "open",
                      "html_url": "https://github.com/exemple/motions/issues/31",
                      "labels": [{"name": "motion-a-importer"}], "user": {"login": "x"}},
            "repository": {"full_name": "exemple/motions", "default_branch": "main"}}


@pytest.mark.parametrize("type_", TYPES)
def test_issue_form_motion_validates(campaign_repo: RepoBuilder, tmp_path: Path,
                                     type_: str) -> None:
    repo = campaign_repo
    event = tmp_path / "event.json"
    event.write_text(json.dumps(issue_event(type_), ensure_ascii=False), "utf-8")
    result = repo.run("from-issue", str(event), "--write")
    assert result.exit_code == 0, result.output
    [name] = motion_files(repo)
    code, date = BODIES[type_]
    assert name.startswith(f"{type_}-{code.lower()}-") and name.endswith(f"-{date}.yml")
    assert_valid(repo)
