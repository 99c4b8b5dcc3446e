"""The outreach kit: one DOCX per target council still to vote, under its own designation, only
for a campaign whose text is proposed to councils; a first page for the town hall, then the
motion alone, signed by the office that signs for that council."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from conftest import (
    CAMPAIGN,
    CAMPAIGN_2022,
    PROJECT,
    TODAY,
    RepoBuilder,
    fixture_campaign,
    motion_data,
    project_text,
)
from petition.campaign.designation import designation, signatory
from petition.campaign.kit import BLANK, TITLE_LIMIT
from petition.core.referential import french_day, referential
from petition.text.french import NBSP, NNBSP, typeset

REPO_URL = "https://github.com/collectif-exemple/motions"
ALL_TYPES = {
    ("commune", "62510"): "Le Conseil municipal de la Ville de Liévin",
    ("epci", "246200364"): "Le Conseil communautaire de la Communauté d'agglomération de Lens - "
                           "Liévin",
    ("departement", "62"): "Le Conseil départemental du Pas-de-Calais",
    ("region", "32"): "Le Conseil régional des Hauts-de-France",
}
NAMES = {"commune": "motion-commune-62510-lievin.docx",
         "epci": "motion-epci-246200364-ca-de-lens-lievin.docx",
         "departement": "motion-departement-62-pas-de-calais.docx",
         "region": "motion-region-32-hauts-de-france.docx"}
# A campaign's text as a union federation proposes it to councils (the literal shape of the 2023
# text: considérants, « Le Conseil demande… », then the demands).
PROPOSED = {
    "titre": "Motion pour les bibliothèques de proximité (2023)",
    "texte": "Restant préoccupés par l'avenir des bibliothèques de proximité,\n\n"
             "Considérant l'apport de la lecture publique sur notre territoire,\n\n"
             "Le Conseil demande solennellement que le gouvernement :",
    "demandes": ["Garantisse une bibliothèque ouverte dans chaque bassin de vie,",
                 "Accorde les financements."],
    "contexte": "Sous l'égide du cabinet du Ministre de la Culture, des travaux sont en cours en "
                "vue de regrouper les bibliothèques.",
    "contexte_date": "2023-09-27",
    "propose_aux_conseils": True,
    "propose_par": ["les fédérations syndicales de l'essai"],
}


def _campaign(repo: RepoBuilder, campaign: str = CAMPAIGN, **changes: Any) -> dict[str, Any]:
    """Rewrite the test repository's campaign file with `changes` (None removes a key)."""
    path = repo.root / "motions" / campaign / "campagne.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data  # type: ignore[no-any-return]


def _targets(repo: RepoBuilder, tmp_path: Path, rows: str, campaign: str = CAMPAIGN) -> None:
    csv = tmp_path / f"cibles-{campaign}.csv"
    csv.write_text("type,code\n" + rows, encoding="utf-8")
    result = repo.run("targets", "import", str(csv), "--campaign", campaign)
    assert result.exit_code == 0, result.output


def _targets_repo(repo: RepoBuilder, tmp_path: Path, **changes: Any) -> RepoBuilder:
    _campaign(repo, **{**PROPOSED, **changes})
    repo.add(motion_data(campagne=CAMPAIGN))  # Lens adopted: no document for it
    _targets(repo, tmp_path, "commune,62498\n" + "".join(f"{t},{c}\n" for t, c in ALL_TYPES))
    return repo


def _kit(repo: RepoBuilder, out: Path, *args: str) -> dict[str, bytes]:
    result = repo.run("kit", "--campaign", CAMPAIGN, "-o", str(out), "--repo-url", REPO_URL, *args)
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _all_paragraphs(content: bytes) -> list[Paragraph]:
    """Every paragraph in document order, table cells included."""
    doc = Document(io.BytesIO(content))
    return [Paragraph(p, doc) for p in doc.element.body.iter(qn("w:p"))]


def _texts(content: bytes) -> list[str]:
    return [p.text for p in _all_paragraphs(content)]


def _motion(content: bytes) -> list[str]:
    """The paragraphs of the motion itself: from the one that starts its page to the end."""
    paragraphs = _all_paragraphs(content)
    start = next(i for i, p in enumerate(paragraphs) if p.paragraph_format.page_break_before)
    return [p.text for p in paragraphs[start:]]


def _note(content: bytes) -> list[str]:
    texts = _texts(content)
    return texts[:len(texts) - len(_motion(content))]


# --- designation and signatory ----------------------------------------------------------------
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


# domain.md, « who signs »: the president of the deliberating assembly, by its office.
@pytest.mark.parametrize(("type_", "code", "expected"), [
    ("commune", "62510", "Le maire"),
    ("commune", "75056", "Le maire"),  # the Conseil de Paris: the maire de Paris presides
    ("arrondissement", "75113", "Le maire d'arrondissement"),
    ("arrondissement", "13201", "Le maire d'arrondissement"),
    ("epci", "246200364", "Le président"),
    ("ept", "200057867", "Le président"),
    ("collectivite", "200046977", "Le président"),
    ("departement", "62", "Le président du conseil départemental"),
    ("departement", "976", "Le président du conseil départemental"),
    ("region", "32", "Le président du conseil régional"),
    ("region", "94", "Le président de l'Assemblée de Corse"),
    ("region", "02", "Le président de l'Assemblée de Martinique"),
    ("region", "03", "Le président de l'Assemblée de Guyane"),
    ("com", "975", "Le président du conseil territorial"),
])
def test_each_council_is_signed_by_its_own_office(type_: str, code: str, expected: str) -> None:
    ref = referential()
    body = ref.body(type_, code)
    assert body is not None
    assert signatory(body, ref) == expected


def test_a_conseil_d_arrondissement_kit_is_signed_by_the_maire_d_arrondissement(
        repo: RepoBuilder, tmp_path: Path) -> None:
    # Issue 22: the kit of a conseil d'arrondissement was signed « Le président ».
    _campaign(repo, **PROPOSED)
    _targets(repo, tmp_path, "arrondissement,75113\n")
    motion = _motion(_kit(repo, tmp_path / "kit")["motion-arrondissement-75113-paris-13e-"
                                                  "arrondissement.docx"])
    assert "Le maire d’arrondissement," in motion
    assert not any("président" in line for line in motion)


# --- which campaigns have a kit ---------------------------------------------------------------
def test_no_kit_for_a_campaign_whose_text_is_one_council_s_own(repo: RepoBuilder,
                                                               tmp_path: Path) -> None:
    # Issue 22: the 2022 campaign's demands are the Région's own vœu (« Que le Conseil Régional
    # prenne… »); `petition kit` asked every council to adopt them.
    _campaign(repo, CAMPAIGN_2022, propose_aux_conseils=None, texte=None, demandes=[
        "Que le Conseil Régional prenne aujourd'hui une position assumée pour le soutien des "
        "bibliothèques de proximité."])
    _targets(repo, tmp_path, "commune,62510\n", CAMPAIGN_2022)
    out = tmp_path / "kit"
    result = repo.run("kit", "--campaign", CAMPAIGN_2022, "-o", str(out), "--repo-url", REPO_URL)
    assert result.exit_code == 2
    assert (f"la campagne {CAMPAIGN_2022} ne propose pas de texte à adopter aux conseils : son "
            "fichier campagne.yml ne dit pas « propose_aux_conseils: true »") in result.stderr
    assert "aucun kit n'est écrit" in result.stderr
    assert not out.exists()


def test_the_site_never_calls_a_council_s_own_text_proposed_to_councils(
        repo: RepoBuilder, tmp_path: Path) -> None:
    from petition.core.repository import load_repository
    from petition.site.context import Settings
    from petition.site.pages import generate

    _campaign(repo, CAMPAIGN_2022, propose_aux_conseils=None, demandes=[
        "Que le Conseil Régional prenne aujourd'hui une position assumée."])
    _campaign(repo, **PROPOSED)
    _targets(repo, tmp_path, "commune,62510\n", CAMPAIGN_2022)
    site = generate(load_repository(repo.root), Settings(
        site_name="Motions", site_url="https://exemple.fr/", today=TODAY, repo_url=REPO_URL))
    own = str(site[f"campagnes/{CAMPAIGN_2022}/index.md"])
    assert "proposé aux conseils" not in own
    assert "## Les demandes" in own
    targets = str(site[f"campagnes/{CAMPAIGN_2022}/cibles.md"])
    assert "ne propose pas de texte à adopter aux conseils" in targets
    assert ".docx" not in targets and ".zip" not in targets
    assert not any(path.startswith(f"campagnes/{CAMPAIGN_2022}/kit/") for path in site)
    proposed = str(site[f"campagnes/{CAMPAIGN}/index.md"])
    assert "## Le texte proposé aux conseils" in proposed


# --- the documents ----------------------------------------------------------------------------
def test_one_document_per_pending_target_under_its_designation(repo: RepoBuilder,
                                                                 tmp_path: Path) -> None:
    _targets_repo(repo, tmp_path)
    files = _kit(repo, tmp_path / "kit")
    assert sorted(files) == sorted(NAMES.values())
    for (type_, code), council in ALL_TYPES.items():
        council = typeset(council)
        motion = _motion(files[NAMES[type_]])
        assert motion[0] == council
        assert f"Nomenclature ACTES{NNBSP}: 9.4 Vœux et motions" in motion
        assert f"Il est proposé au {council[3:]} d’adopter la motion suivante{NNBSP}:" in motion
        assert motion[motion.index(f"{council},") + 1] == "Vu le code général des collectivités " \
                                                          "territoriales,"
        # The common text's « Le Conseil demande… » carries the council's own name.
        assert f"{council} demande solennellement que le gouvernement{NNBSP}:" in motion
        for demand in PROPOSED["demandes"]:
            assert typeset(demand) in motion
        assert f"Séance du {BLANK}" in motion
        for label in ("Membres en exercice", "Présents", "Pouvoirs", "Votants", "Pour", "Contre",
                      "Abstentions"):
            assert f"{label}{NNBSP}: {BLANK[:7]}" in motion
        assert _note(files[NAMES[type_]])[0] == "Note pour le secrétariat"
        link = _links(files[NAMES[type_]])
        assert link[0][1] == "signaler la délibération"
        assert f"&code={code}&" in link[0][0] and link[0][0].endswith(f"&campagne={CAMPAIGN}")


def test_the_motion_holds_only_the_motion(repo: RepoBuilder, tmp_path: Path) -> None:
    # Issue 26: a drafting note, an « Après le vote » section and the campaign's footer sat
    # inside the text to adopt.
    _targets_repo(repo, tmp_path)
    content = _kit(repo, tmp_path / "kit")[NAMES["commune"]]
    motion, note = _motion(content), _note(content)
    for outside in ("Après le vote", "Projet de motion", "Campagne", "modifiable", "formulaire",
                    "signaler"):
        assert not any(outside in line for line in motion), outside
    assert note[1] == ("Cette page accompagne le projet de motion\u202f: elle ne fait pas partie de "
                       "la motion et n’est pas soumise au vote. La motion commence à la page "
                       "suivante.")
    assert "Après le vote" in note
    assert f"Campagne{NNBSP}: {typeset(PROPOSED['titre'])}." in note
    assert motion[-5:] == ["Pour extrait conforme,", "Le maire,", "", "",
                           f"Le ou la secrétaire de séance, {BLANK}"]


def test_no_campaign_year_in_the_object(repo: RepoBuilder, tmp_path: Path) -> None:
    # Issue 26: « Objet » ended with « (2023) ».
    _targets_repo(repo, tmp_path, titre="Motion pour des bibliothèques ouvertes près de chez soi "
                                        "(2023)")
    motion = _motion(_kit(repo, tmp_path / "kit")[NAMES["commune"]])
    assert f"Objet{NNBSP}: Motion pour des bibliothèques ouvertes près de chez soi" in motion
    assert not any("2023)" in line for line in motion)


def test_a_dated_context_says_when_it_was_true(repo: RepoBuilder, tmp_path: Path) -> None:
    # Issue 22: a kit made in December 2026 said « des travaux sont en cours » (2023), an office
    # that ended in January 2024, as if it were still so.
    _targets_repo(repo, tmp_path)
    motion = _motion(_kit(repo, tmp_path / "kit")[NAMES["commune"]])
    lead = motion.index(f"En septembre 2023, la situation était décrite ainsi{NNBSP}:")
    assert motion[lead + 1] == typeset(PROPOSED["contexte"])


def test_an_undated_context_is_left_out(repo: RepoBuilder, tmp_path: Path) -> None:
    _targets_repo(repo, tmp_path, contexte_date=None)
    content = _kit(repo, tmp_path / "kit")[NAMES["commune"]]
    assert not any("travaux" in line for line in _texts(content))
    assert not any("situation" in line for line in _texts(content))


def test_the_town_hall_is_told_when_an_office_the_text_names_has_ended(
        repo: RepoBuilder, tmp_path: Path) -> None:
    titles = fixture_campaign(CAMPAIGN)["destinataires"][0]["titres"]
    ended = next(t for t in titles if t.get("du") and t.get("au") and t["au"] <= TODAY.isoformat())
    longer = next(t for t in titles if t["titre"].startswith(ended["titre"] + " ")
                  and t.get("termine") and not t.get("au"))
    _targets_repo(repo, tmp_path, texte=f"Restant préoccupés par les discussions en cours avec le "
                                        f"{ended['titre']},\n\nLe Conseil demande :")
    note = _note(_kit(repo, tmp_path / "kit")[NAMES["commune"]])
    day = french_day(ended["au"]).replace("\u00a0", " ")
    assert [line for line in note if line.startswith("Le texte nomme")] == [
        f"Le texte nomme le «{NBSP}{ended['titre']}{NBSP}»{NNBSP}: ce titre a pris fin le {day}. "
        "Vérifiez avant la séance le titre en vigueur, et adaptez le texte si le conseil le "
        "souhaite."]
    # A text that names the longer title is not read as naming the shorter one inside it.
    _campaign(repo, texte=f"Avec le {longer['titre']},\n\nLe Conseil demande :")
    note = _note(_kit(repo, tmp_path / "kit2")[NAMES["commune"]])
    assert [line for line in note if line.startswith("Le texte nomme")] == [
        f"Le texte nomme le «{NBSP}{longer['titre']}{NBSP}»{NNBSP}: ce titre a pris fin depuis. "
        "Vérifiez avant la séance le titre en vigueur, et adaptez le texte si le conseil le "
        "souhaite."]


def _links(content: bytes) -> list[tuple[str, str]]:
    """(target, visible text) of every hyperlink of the document."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    rels = archive.read("word/_rels/document.xml.rels").decode()
    targets = {m.group(1): m.group(2) for m in re.finditer(
        r'<Relationship Id="(rId\d+)" Type="[^"]+/hyperlink" Target="([^"]+)" TargetMode="External"/>',
        rels)}
    document = archive.read("word/document.xml").decode()
    return [(targets[rid].replace("&amp;", "&"), re.sub(r"<[^>]+>", "", inner)) for rid, inner in
            re.findall(r'<w:hyperlink r:id="(rId\d+)">(.*?)</w:hyperlink>', document)]


def test_the_report_link_is_clickable_not_a_raw_address(repo: RepoBuilder, tmp_path: Path) -> None:
    # Issue 26: the link was a raw percent-encoded URL, which cannot be clicked.
    _targets_repo(repo, tmp_path)
    content = _kit(repo, tmp_path / "kit")[NAMES["commune"]]
    assert _links(content) == [(
        f"{REPO_URL}/issues/new?template=signaler-motion.yml&type=Commune&code=62510&"
        f"nom=Li%C3%A9vin&campagne={CAMPAIGN}", "signaler la délibération")]
    assert not any("%C3" in line or "https://" in line for line in _texts(content))


def test_the_document_is_in_french(repo: RepoBuilder, tmp_path: Path) -> None:
    # Issue 26: the document's language was en-US (spell-checked in English).
    _targets_repo(repo, tmp_path)
    archive = zipfile.ZipFile(io.BytesIO(_kit(repo, tmp_path / "kit")[NAMES["commune"]]))
    for name in archive.namelist():
        assert b"en-US" not in archive.read(name), name
    assert b'<w:lang w:val="fr-FR"' in archive.read("word/styles.xml")
    assert b"<dc:language>fr-FR</dc:language>" in archive.read("docProps/core.xml")


def test_the_vote_block_is_kept_on_one_page(repo: RepoBuilder, tmp_path: Path) -> None:
    # Issue 26: « Abstentions » stood alone on page 2. From the heading « Vote » to the last
    # signature, each paragraph keeps with the next and no row of the counts splits.
    _targets_repo(repo, tmp_path)
    content = _kit(repo, tmp_path / "kit")[NAMES["commune"]]
    paragraphs = _all_paragraphs(content)
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Vote")
    block = paragraphs[start:]
    assert block[-1].text == f"Le ou la secrétaire de séance, {BLANK}"
    assert all(p.paragraph_format.keep_with_next for p in block[:-1])
    rows = Document(io.BytesIO(content)).tables[0].rows
    assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
               for row in rows)


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("LibreOffice absent (CI : .ci/run doit l'installer)")
    return found


@pytest.mark.slow
def test_rendered_the_vote_block_sits_on_one_page_after_the_note(repo: RepoBuilder,
                                                                 tmp_path: Path) -> None:
    from pypdf import PdfReader

    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice absent")
    _targets_repo(repo, tmp_path, texte="\n\n".join(f"Considérant le point numéro {n} de "
                                                    "l'exposé, qui tient sur une ligne ou deux," for n in
                                                    range(14)) + "\n\nLe Conseil demande :")
    docx = tmp_path / "motion.docx"
    docx.write_bytes(_kit(repo, tmp_path / "kit")[NAMES["commune"]])
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=180)
    pages = [unicodedata.normalize("NFC", p.extract_text())
             for p in PdfReader(tmp_path / "motion.pdf").pages]
    assert "Note pour le secrétariat" in pages[0] and "Vu le code" not in pages[0]
    assert pages[1].lstrip().startswith("Le Conseil municipal de la Ville de Liévin")
    vote = next(i for i, page in enumerate(pages) if "Membres en exercice" in page)
    for label in ("Abstentions", "Résultat", "Le maire,", "secrétaire de séance"):
        assert label in pages[vote], label


# --- the title --------------------------------------------------------------------------------
def test_a_long_title_is_cut_after_the_council_is_named_never_through_a_character(
        repo: RepoBuilder, tmp_path: Path) -> None:
    # Issue 25: a 250-character cut went through a placeholder, leaving a private-use character
    # where the council's name should be.
    _targets_repo(repo, tmp_path, titre="Motion " + "pour les bibliothèques de proximité " * 8 + "é")
    for content in _kit(repo, tmp_path / "kit").values():
        core = zipfile.ZipFile(io.BytesIO(content)).read("docProps/core.xml").decode()
        title = re.search(r"<dc:title>(.*)</dc:title>", core).group(1)  # type: ignore[union-attr]
        assert len(title) <= TITLE_LIMIT and title.endswith("…")
        assert not re.search("[\ue000-\uf8ff]", title)


# --- the rest ---------------------------------------------------------------------------------
def test_the_declared_sender_replaces_the_form(repo: RepoBuilder, tmp_path: Path) -> None:
    _targets_repo(repo, tmp_path, expediteur={"nom": "Collectif des lecteurs",
                                              "adresse": ["1, rue de la Fosse", "62300 Lens"],
                                              "contact": "contact@exemple.fr"})
    content = _kit(repo, tmp_path / "kit")[NAMES["commune"]]
    note = _note(content)
    start = note.index("Merci d’adresser une copie de la délibération (extrait du registre, avec "
                       "le nombre de votants et le résultat du vote), qu’elle soit adoptée ou "
                       f"rejetée, à{NNBSP}:")
    assert note[start + 1:start + 5] == ["Collectif des lecteurs", "1, rue de la Fosse", "62300 Lens",
                                         "contact@exemple.fr"]
    assert _links(content) == []


def test_contributor_text_stays_text(repo: RepoBuilder, tmp_path: Path) -> None:
    _targets_repo(repo, tmp_path, contexte="<script>alert(1)</script> {{ 7*7 }} & <w:p/>")
    content = _kit(repo, tmp_path / "kit")[NAMES["commune"]]
    assert "<script>alert(1)</script> {{ 7*7 }} & <w:p/>" in _texts(content)
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
    _campaign(repo, **PROPOSED)
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
    [(link, _)] = _links((tmp_path / "k" / "motion-commune-62510-lievin.docx").read_bytes())
    assert link.startswith(f"{PROJECT['depot']}/issues/new?template=signaler-motion.yml&")
