"""The outreach kit: one DOCX per target council still to vote, under its own designation."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document

from conftest import CAMPAIGN, PROJECT, RepoBuilder, motion_data, project_text
from petition.campaign.designation import designation
from petition.campaign.kit import BLANK
from petition.core.referential import referential

REPO_URL = "https://github.com/collectif-exemple/motions"
ALL_TYPES = {
    ("commune", "62510"): "Le Conseil municipal de la Ville de Liévin",
    ("epci", "246200364"): "Le Conseil communautaire de la Communauté d'agglomération de Lens - "
                           "Liévin",
    ("departement", "62"): "Le Conseil départemental du Pas-de-Calais",
    ("region", "32"): "Le Conseil régional des Hauts-de-France",
}


@pytest.mark.parametrize(("type_", "code", "expected"), [
    *((t, c, e) for (t, c), e in ALL_TYPES.items()),
    ("commune", "62667", "Le Conseil municipal de la Ville du Portel"),
    ("commune", "78440", "Le Conseil municipal de la Ville des Mureaux"),
    ("commune", "62041", "Le Conseil municipal de la Ville d'Arras"),
    ("commune", "59299", "Le Conseil municipal de la Ville de Hem"),  # INSEE: h aspiré
    ("commune", "59350", "Le Conseil municipal de la Ville de Lille"),
    ("commune", "75056", "Le Conseil de Paris"),
    ("collectivite", "200046977", "Le Conseil de la Métropole de Lyon"),
    ("departement", "6AE", "Le Conseil de la Collectivité européenne d'Alsace"),
    ("arrondissement", "75113", "Le Conseil du 13e arrondissement de Paris"),
    ("arrondissement", "75101", "Le Conseil d'arrondissement de Paris Centre"),
    ("arrondissement", "13201", "Le Conseil des 1er et 7e arrondissements de Marseille"),
    ("arrondissement", "69381", "Le Conseil du 1er arrondissement de Lyon"),
    ("ept", "200057867", "Le Conseil de territoire de Plaine Commune"),
    ("ept", "200057875", "Le Conseil de territoire d'Est Ensemble"),
    ("com", "975", "Le Conseil territorial de Saint-Pierre-et-Miquelon"),
    ("com", "987", "L'Assemblée de la Polynésie française"),
    ("com", "988", "Le Congrès de la Nouvelle-Calédonie"),
    ("epci", "200093201", "Le Conseil de la Métropole Européenne de Lille"),
    ("epci", "246700488", "Le Conseil de l'Eurométropole de Strasbourg"),
    ("epci", "243100518", "Le Conseil de Toulouse Métropole"),
    ("departement", "80", "Le Conseil départemental de la Somme"),
    ("departement", "13", "Le Conseil départemental des Bouches-du-Rhône"),
    ("departement", "02", "Le Conseil départemental de l'Aisne"),
    ("departement", "37", "Le Conseil départemental d'Indre-et-Loire"),
    ("departement", "976", "Le Conseil départemental de Mayotte"),
    ("region", "28", "Le Conseil régional de Normandie"),
    ("region", "76", "Le Conseil régional d'Occitanie"),
    ("region", "44", "Le Conseil régional du Grand Est"),
    ("region", "75", "Le Conseil régional de la Nouvelle-Aquitaine"),
    ("region", "04", "Le Conseil régional de La Réunion"),
    ("region", "94", "L'Assemblée de Corse"),
    ("region", "02", "L'Assemblée de Martinique"),
    ("region", "03", "L'Assemblée de Guyane"),
])
def test_designation(type_: str, code: str, expected: str) -> None:
    ref = referential()
    body = ref.body(type_, code)
    assert body is not None
    assert designation(body, ref) == expected


def test_a_small_commune_is_not_called_a_town() -> None:
    ref = referential()
    small = next(b for b in (ref.body("commune", c) for c in ref.commune_codes())
                 if b is not None and ref.population((b.code,)) < 2000 and ref.liaison(b) == 0)
    assert designation(small, ref) == f"Le Conseil municipal de la Commune de {small.nom}"


def _targets_repo(repo: RepoBuilder, tmp_path: Path) -> RepoBuilder:
    repo.add(motion_data())  # Lens adopted: no document for it
    csv = tmp_path / "cibles.csv"
    csv.write_text("type,code\ncommune,62498\n" + "".join(f"{t},{c}\n" for t, c in ALL_TYPES),
                   encoding="utf-8")
    assert repo.run("targets", "import", str(csv), "--campaign", CAMPAIGN).exit_code == 0
    return repo


def _kit(repo: RepoBuilder, out: Path) -> dict[str, bytes]:
    result = repo.run("kit", "--campaign", CAMPAIGN, "-o", str(out), "--repo-url", REPO_URL)
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _paragraphs(content: bytes) -> list[str]:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return [p.text for p in doc.paragraphs] + cells


def test_one_document_per_pending_target_with_its_designation(repo: RepoBuilder,
                                                                 tmp_path: Path) -> None:
    _targets_repo(repo, tmp_path)
    files = _kit(repo, tmp_path / "kit")
    assert sorted(files) == ["motion-commune-62510-lievin.docx",
                             "motion-departement-62-pas-de-calais.docx",
                             "motion-epci-246200364-ca-de-lens-lievin.docx",
                             "motion-region-32-hauts-de-france.docx"]
    campaign = yaml.safe_load((repo.root / "motions" / CAMPAIGN / "campagne.yml").read_text("utf-8"))
    names = {"commune": "motion-commune-62510-lievin.docx",
             "epci": "motion-epci-246200364-ca-de-lens-lievin.docx",
             "departement": "motion-departement-62-pas-de-calais.docx",
             "region": "motion-region-32-hauts-de-france.docx"}
    for (type_, code), council in ALL_TYPES.items():
        text = _paragraphs(files[names[type_]])
        assert text[0] == council
        assert "Nomenclature ACTES : 9.4 Vœux et motions" in text
        assert f"Il est proposé au {council[3:]} d'adopter la motion suivante :" in text
        # The common text's « Le Conseil demande… » carries the council's own name.
        assert f"{council} demande solennellement que le gouvernement :" in text
        for demand in campaign["demandes"]:
            assert demand in text
        assert " ".join(campaign["contexte"].split()) in text  # the exposé des motifs
        assert f"Séance du {BLANK}" in text
        for label in ("Membres en exercice", "Présents", "Pouvoirs", "Votants", "Pour", "Contre",
                      "Abstentions"):
            assert f"{label} : {BLANK[:7]}" in text
        url = (f"{REPO_URL}/issues/new?template=signaler-motion.yml&type=")
        link = next(p for p in text if p.startswith(url))
        assert f"&code={code}&" in link and link.endswith(f"&campagne={CAMPAIGN}")


def test_the_declared_sender_replaces_the_form(repo: RepoBuilder, tmp_path: Path) -> None:
    from petition.campaign.kit import document
    from petition.campaign.targets import progress
    from petition.core.repository import load_repository

    _targets_repo(repo, tmp_path)
    loaded = load_repository(repo.root)
    ref = referential()
    campaign = loaded.campaigns[CAMPAIGN]
    campaign.data["expediteur"] = {"nom": "Collectif minier",
                                   "adresse": ["1, rue de la Fosse", "62300 Lens"],
                                   "contact": "contact@exemple.fr"}
    state = next(s for s in progress(loaded.targets[CAMPAIGN], loaded.motions, ref).states
                 if s.body.code == "62510")
    text = _paragraphs(document(campaign, state, ref, f"{REPO_URL}/issues/new"))
    start = text.index("Merci d'adresser une copie de la délibération (extrait du registre, avec "
                       "le nombre de votants et le résultat du vote), qu'elle soit adoptée ou "
                       "rejetée, à :")
    assert text[start + 1:start + 5] == ["Collectif minier", "1, rue de la Fosse", "62300 Lens",
                                         "contact@exemple.fr"]
    assert not any("issues/new" in p for p in text)


def test_contributor_text_stays_text(repo: RepoBuilder, tmp_path: Path) -> None:
    _targets_repo(repo, tmp_path)
    path = repo.root / "motions" / CAMPAIGN / "campagne.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["contexte"] = "<script>alert(1)</script> {{ 7*7 }} & <w:p/>"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    content = _kit(repo, tmp_path / "kit")["motion-commune-62510-lievin.docx"]
    assert "<script>alert(1)</script> {{ 7*7 }} & <w:p/>" in _paragraphs(content)
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml")
    assert "\ue000".encode() not in xml  # every placeholder of the template filled in
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &amp; &lt;w:p/&gt;" in xml


def test_same_data_same_bytes(repo: RepoBuilder, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    _targets_repo(repo, tmp_path)
    first = _kit(repo, tmp_path / "one")
    later = time.time() + 3 * 86400 + 3723  # days, hours and seconds later
    monkeypatch.setattr(time, "time", lambda: later)
    second = _kit(repo, tmp_path / "two")
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first["motion-region-32-hauts-de-france.docx"]))
    assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml")
    assert b"dcterms:created" not in core and b"dcterms:modified" not in core


def test_no_kit_without_targets_or_a_place_to_report(repo: RepoBuilder, tmp_path: Path) -> None:
    result = repo.run("kit", "--campaign", CAMPAIGN, "-o", str(tmp_path / "k"))
    assert result.exit_code == 2
    assert "n'a pas de cibles déclarées" in result.stderr
    _targets_repo(repo, tmp_path)
    repo.write("projet.yml", project_text(depot=None))
    result = repo.run("kit", "--campaign", CAMPAIGN, "-o", str(tmp_path / "k"))
    assert result.exit_code == 2  # no « depot » in projet.yml, no --repo-url, no sender
    assert "--repo-url" in result.stderr
    assert not (tmp_path / "k").exists()
    # the repository's address comes from projet.yml's « depot »
    repo.write("projet.yml", project_text())
    assert repo.run("kit", "--campaign", CAMPAIGN, "-o", str(tmp_path / "k")).exit_code == 0
    text = _paragraphs((tmp_path / "k" / "motion-commune-62510-lievin.docx").read_bytes())
    assert any(p.startswith(f"{PROJECT['depot']}/issues/new?template=signaler-motion.yml&")
               for p in text)
