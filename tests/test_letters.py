"""Letters to the Minister: golden Markdown, PDF content, hostile text, determinism, scale, CLI.

Regenerate the golden letters after an intended change with
`PETITION_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_letters.py`, then read the diff.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import (
    CAMPAIGN,
    CAMPAIGN_2022,
    FIXTURES,
    PROJECT,
    RECIPIENT,
    SAMPLE_LENS,
    SAMPLE_REGION,
    TODAY,
    RepoBuilder,
    motion_data,
    project_text,
)
from petition.core.model import Campaign, Motion
from petition.core.referential import referential
from petition.core.repository import Repository, load_repository
from petition.exchange.writer import dump_motion
from petition.letters import compose_letters, render_letters, repository_version
from petition.letters.bodies import ANNEX_THRESHOLD, vote_phrase
from petition.letters.recipient import Recipient
from petition.text.french import NBSP, NNBSP, date_long, number, typeset
from petition.text.mdtext import inline as md_escape

GOLDEN = Path(__file__).parent / "golden" / "letters"
LETTERS_CAMPAIGN: dict[str, Any] = {
    "id": "lettres-test",
    "titre": "Campagne d'essai pour les lettres (2023-2024)",
    "texte": "Considérant l'apport des bibliothèques de proximité sur notre territoire,\n\n"
             "Le Conseil demande que le gouvernement :",
    "demandes": ["Garantisse l'ouverture des bibliothèques de proximité ;",
                 "Engage la mise en réseau des bibliothèques et des médiathèques."],
    "propose_aux_conseils": True,
    "propose_par": ["les fédérations de l'essai"],
    "destinataires": [
        {"id": "ministre-sante", "fonction": "Ministre chargé de la santé",
         "appel": "Madame la Ministre, Monsieur le Ministre",
         "titres": [{"titre": "Ministre de la Santé et de la Prévention", "du": "2026-01-05",
                     "titulaire": "Camille Martin", "appel": "Monsieur le Ministre"}],
         "adresse": ["14, avenue Duquesne", "75350 Paris SP 07"]},
        {"id": "premiere-ministre", "fonction": "Premier ministre",
         "titres": [{"titre": "Première ministre", "du": "2026-03-01",
                     "titulaire": "Dominique Durand", "appel": "Madame la Première ministre"}]},
    ],
    "periode": {"debut": "2023-09-01", "fin": "2024-06-30"},
    "expediteur": {"nom": "Collectif d'essai pour la lecture publique",
                   "adresse": ["1, rue des Livres", "62300 Lens"],
                   "contact": "contact@exemple.fr",
                   "signataires": [{"nom": "Alix Dupont", "qualite": "Coprésidente"},
                                   {"nom": "Sacha Leroy", "qualite": "Coprésident"}]},
}
VOTE = {"resultat": "adoptee"}


def body(type_: str, code: str) -> dict[str, str]:
    known = referential().body(type_, code)
    assert known is not None
    return {"type": type_, "code": code, "nom": known.former_name or known.nom}


def adopted(type_: str, code: str, date: str, vote: dict[str, Any] | None = None,
            nature: str = "motion", **extra: Any) -> dict[str, Any]:
    data = motion_data(campagne=LETTERS_CAMPAIGN["id"], collectivite=body(type_, code), nature=nature,
                       seance={"date": date}, vote=vote or VOTE, **extra)
    data.pop("presences")
    return data


FIXTURE = [
    motion_data(campagne=LETTERS_CAMPAIGN["id"], vote={"resultat": "adoptee", "unanimite": True,
                                               "pour": 37, "contre": 0, "abstentions": 0,
                                               "source_decompte": "procès-verbal, page 2"}),
    adopted("commune", "62498", "2024-06-03", {"resultat": "adoptee", "pour": 36}),
    adopted("commune", "62510", "2023-10-05", {"resultat": "adoptee", "pour": 30, "contre": 3,
                                                "abstentions": 2}),
    adopted("commune", "62427", "2023-11-14"),
    # Huby-Saint-Leu, before its merger into Hesdin-la-Forêt (1 January 2025): its own council.
    adopted("commune", "62461", "2023-12-01", {"resultat": "adoptee", "unanimite": True}, "voeu"),
    adopted("epci", "246200364", "2024-01-18", {"resultat": "adoptee", "pour": 80, "contre": 0,
                                                 "abstentions": 1}, "deliberation"),
    adopted("departement", "62", "2024-02-05", {"resultat": "adoptee", "unanimite": True,
                                                 "pour": 78}),
    adopted("region", "32", "2024-03-21", nature="voeu"),
    adopted("commune", "57227", "2023-10-10", {"resultat": "adoptee", "pour": 33, "contre": 0,
                                                "abstentions": 0}),
    adopted("epci", "200006682", "2024-04-02"),
    adopted("epci", "200030435", "2024-05-06"),
    adopted("commune", "30007", "2024-01-10", {"resultat": "rejetee", "pour": 10, "contre": 20}),
]
NAMES = ["Lens", "Liévin", "Hénin-Beaumont", "Huby-Saint-Leu, aujourd'hui Hesdin-la-Forêt",
         "CA de Lens - Liévin",
         "Pas-de-Calais (conseil départemental)", "Hauts-de-France (conseil régional)", "Forbach",
         "CA Beaune, Côte et Sud - Communauté Beaune-Chagny-Nolay (Côte-d'Or, Saône-et-Loire)",
         "CC d'Aire-sur-l'Adour (Gers, Landes)"]


def write_campaign(builder: RepoBuilder, data: dict[str, Any]) -> None:
    builder.write(f"motions/{data['id']}/campagne.yml", dump_motion(data, "campaign"))


@pytest.fixture
def letters_repo(repo: RepoBuilder) -> RepoBuilder:
    write_campaign(repo, LETTERS_CAMPAIGN)
    for data in FIXTURE:
        repo.add(data)
    return repo


def loaded(builder: RepoBuilder) -> Repository:
    result = load_repository(builder.root, today=TODAY)
    assert [p.text() for p in result.errors] == []
    return result


def flat(text: str) -> str:
    """Extracted PDF text with every kind of space as one space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def pdf_text(content: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


# --- typography ------------------------------------------------------------------------------
def test_french_dates_numbers_and_spaces() -> None:
    assert date_long("2023-09-27") == f"27{NBSP}septembre 2023"
    assert date_long("2024-06-01") == f"1er{NBSP}juin 2024"
    assert number(34969) == f"34{NNBSP}969"
    assert typeset('Il dit : "oui" ; non!') == f"Il dit{NNBSP}: «{NBSP}oui{NBSP}»{NNBSP}; non{NNBSP}!"
    assert typeset("à 14:00, voir https://exemple.fr/a?b=1 ...") == \
        "à 14:00, voir https://exemple.fr/a?b=1 …"
    assert typeset("l'œuvre\u200b\u202e") == "l’œuvre"


def test_vote_phrases() -> None:
    def phrase(vote: dict[str, Any], nature: str = "motion") -> str:
        return flat(vote_phrase(Motion("x.yml", {"nature": nature, "vote": vote})))

    assert phrase({"resultat": "adoptee", "unanimite": True, "pour": 37, "contre": 0,
                   "abstentions": 0}) == \
        "motion adoptée à l’unanimité (37 pour, 0 contre, 0 abstention)"
    assert phrase({"resultat": "adoptee", "pour": 30, "contre": 3, "abstentions": 2,
                   "sans_participation": 1}, "deliberation") == \
        "délibération adoptée (30 pour, 3 contre, 2 abstentions, 1 ne prenant pas part au vote)"
    assert phrase({"resultat": "adoptee"}, "voeu") == "vœu adopté"
    assert phrase({"resultat": "adoptee", "unanimite": True}) == "motion adoptée à l’unanimité"


def test_recipient_is_addressed_by_function() -> None:
    assert Recipient("m", "Ministre de la Santé", "", "Monsieur le Ministre", ()).addressed == \
        "Monsieur le Ministre de la Santé"
    assert Recipient("p", "Première ministre", "", "Madame la Première ministre", ()).addressed == \
        "Madame la Première ministre"
    assert Recipient("p", "Préfète du Nord", "", "Madame la Préfète", ()).addressed == \
        "Madame la Préfète du Nord"
    assert Recipient("x", "Directeur", "", "Monsieur", ()).addressed == "Directeur"
    named = Recipient("m", "Ministre de la Santé", "Camille Martin", "Madame la Ministre",
                      ("Paris",))
    assert named.block == ("Camille Martin", "Ministre de la Santé", "Paris")


# --- Markdown --------------------------------------------------------------------------------
def test_golden_markdown_letters(letters_repo: RepoBuilder) -> None:
    """A campaign with a declared sender (letters), and the fixture 2023 campaign with the fixture
    Lens motion, which declares none (a « projet de lettre » to the neutral function today)."""
    letters_repo.write(SAMPLE_LENS, (FIXTURES / SAMPLE_LENS).read_bytes())
    repo = loaded(letters_repo)
    files = render_letters(repo, "lettres-test", "md", today=TODAY)
    assert sorted(files) == ["lettres-test-ministre-sante.md", "lettres-test-premiere-ministre.md"]
    files.update(render_letters(repo, CAMPAIGN, "md", today=TODAY))
    if os.environ.get("PETITION_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        GOLDEN.mkdir(parents=True)
        for name, content in files.items():
            (GOLDEN / name).write_bytes(content)
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(files)
    for name, content in files.items():
        assert content.decode("utf-8") == (GOLDEN / name).read_text("utf-8"), name


def test_markdown_lists_every_adopting_body_once(letters_repo: RepoBuilder) -> None:
    files = render_letters(loaded(letters_repo), "lettres-test", "md", today=TODAY)
    text = files["lettres-test-ministre-sante.md"].decode()
    for name in NAMES:
        assert text.count(f"- **{md_escape(typeset(name))}**{NBSP}— ") == 1, name
    assert "Alès" not in text  # its motion was rejected
    lens = next(line for line in text.splitlines() if line.startswith("- **Lens**"))
    objet = f"«{NBSP}Motion pour les bibliothèques de proximité{NBSP}»"
    # The repository holds neither document: each says where it is published.
    url = f"(à lire sur {md_escape(FIXTURE[0]['sources'][0]['url'])})"
    assert lens == (f"- **Lens**{NBSP}— 27{NBSP}septembre 2023, motion {objet} adoptée à "
                    f"l’unanimité (37{NBSP}pour, 0{NBSP}contre, 0{NBSP}abstention) {url}{NNBSP}; "
                    f"3{NBSP}juin 2024, motion {objet} adoptée (36{NBSP}pour) {url}")
    assert f"Collectivités{NNBSP}:** 10 (5{NBSP}communes, 3{NBSP}intercommunalités, " \
           f"1{NBSP}département et 1{NBSP}région)" in text
    assert "## Annexe" not in text


HOSTILE = ['<link rel=attachment href="file:///etc/passwd">', "{{ 7*7 }}",
           "<script>alert(1)</script>", "[x](javascript:alert(1))", "{% include 'x' %}",
           '<img src=x onerror="alert(1)">', "[y](https://exemple.fr){ onclick=\"alert(1)\" }",
           "`code` ~~barré~~ ==marqué== www.exemple.fr"]
# The site's extensions (mkdocs.yml) and a few more that a later site might switch on.
SITE_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
                   "pymdownx.superfences", "pymdownx.magiclink", "pymdownx.tilde",
                   "pymdownx.caret", "pymdownx.mark"]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co"))
               # non-characters never reach a page (refused on input) and html.unescape drops them
               .filter(lambda c: not (0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE)),
               min_size=1))
def test_any_text_escaped_for_markdown_shows_as_itself(text: str) -> None:
    expected = re.sub(" +", " ", text).strip()
    for prefix, start, end in (("", "<p>", "</p>"),
                               ("- **x** — ", "<ul>\n<li><strong>x</strong> — ", "</li>\n</ul>")):
        if not expected and not prefix:
            continue
        page = markdown.markdown(prefix + md_escape(text), extensions=SITE_EXTENSIONS)
        assert page.startswith(start) and page.endswith(end), page
        shown = page[len(start):len(page) - len(end)]
        assert "<" not in shown and html.unescape(shown).strip() == expected, page


@pytest.fixture
def hostile_repo(repo: RepoBuilder) -> RepoBuilder:
    payload = " ".join(HOSTILE)
    texte = f"Texte {payload}\n\n1. liste\n\n!!! danger\n\n??? note\n\n---"
    data = {**LETTERS_CAMPAIGN, "titre": f"Titre {payload}", "texte": texte,
            "demandes": [f"Demande {item}" for item in HOSTILE],
            "destinataires": [{"id": "ministre-sante", "fonction": f"Fonction {payload}",
                               "titres": [{"titre": f"Ministre {payload}", "du": "2026-01-01",
                                           "appel": "Monsieur le Ministre",
                                           "titulaire": f"Nom {payload}"}],
                               "adresse": [f"Adresse {payload}"]}],
            "propose_par": [f"Auteur {payload}"],
            "expediteur": {"nom": f"Expéditeur {payload}", "adresse": [f"Rue {payload}"],
                           "contact": f"Contact {payload}",
                           "signataires": [{"nom": f"Signature {payload}",
                                            "qualite": f"Qualité {payload}"}]}}
    write_campaign(repo, data)
    repo.add(adopted("commune", "62498", "2023-09-27", objet=f"Objet {payload}",
                     instance=f"Conseil {HOSTILE[2]}", texte=payload))
    return repo


def test_hostile_text_is_inert_in_markdown(hostile_repo: RepoBuilder) -> None:
    files = render_letters(loaded(hostile_repo), "lettres-test", "md", today=TODAY)
    text = files["lettres-test-ministre-sante.md"].decode()
    for bad in ("<script", "<link", "<img", "{{", "{%", "](", "49", "\n> 1. ", "\n> !!!",
                "\n> ---", "://"):
        assert bad not in text, bad
    page = markdown.markdown(text, extensions=SITE_EXTENSIONS)
    for bad in ("<script", "<link", "<img", "<a ", "onclick=", "onerror=", "49", "<ol",
                "admonition", "<details", "<code", "<del", "<mark"):
        assert bad not in page, bad
    visible = html.unescape(re.sub(r"<[^>]+>", "", page))
    for item in HOSTILE:
        assert flat(typeset(item)) in flat(visible), item


def test_hostile_text_is_inert_in_pdf(hostile_repo: RepoBuilder) -> None:
    files = render_letters(loaded(hostile_repo), "lettres-test", "pdf", today=TODAY)
    content = files["lettres-test-ministre-sante.pdf"]
    for bad in (b"/EmbeddedFile", b"/URI", b"/Launch", b"/JavaScript", b"/JS", b"/Annots",
                b"/FileAttachment", b"file:"):
        assert bad not in content, bad
    text = " ".join(pdf_text(content))
    assert "49" not in text
    for item in ("<script>alert(1)</script>", "{{ 7*7 }}", "[x](javascript:alert(1))"):
        assert f"Demande {item}" in text, item


# --- PDF -------------------------------------------------------------------------------------
def test_pdf_names_bodies_figures_and_recipient(letters_repo: RepoBuilder) -> None:
    files = render_letters(loaded(letters_repo), "lettres-test", "pdf", today=TODAY)
    assert sorted(files) == ["lettres-test-ministre-sante.pdf", "lettres-test-premiere-ministre.pdf"]
    content = files["lettres-test-ministre-sante.pdf"]
    reader = PdfReader(io.BytesIO(content))
    pages = pdf_text(content)
    text = " ".join(pages)
    for name in NAMES:
        assert flat(typeset(name)) in text, name
    assert "Alès" not in text
    for expected in ("Camille Martin", "Ministre de la Santé et de la Prévention",
                     "14, avenue Duquesne", "Monsieur le Ministre,", "Le 22 novembre 2026",
                     "Collectivités : 10 (5 communes, 3 intercommunalités, "
                     "1 département et 1 région)",
                     f"Population des territoires : {flat(number(_population(letters_repo)))} "
                     "habitants, chacun compté une seule fois (population municipale INSEE, "
                     "millésime 2023 en vigueur au 1er janvier 2026)",
                     "Voix pour : 294, selon le décompte de 6 délibérations sur 11",
                     "Période : séances du 27 septembre 2023 au 3 juin 2024",
                     "« Garantisse l’ouverture des bibliothèques de proximité ; »"[2:-2],
                     "Collectif d’essai pour la lecture publique", "Alix Dupont, Coprésidente",
                     "adoptée à l’unanimité (37 pour, 0 contre, 0 abstention)",
                     "Nous vous prions d’agréer, Monsieur le Ministre, l’expression de notre très "
                     "haute considération.",
                     "Lettre établie le 22 novembre 2026"):
        assert expected in text, expected
    assert all(f"Page {i} sur {len(pages)}" in page for i, page in enumerate(pages, 1))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    fonts = {str(f["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVuSerif" in f for f in fonts)
    assert b"/FontFile2" in content  # embedded, not referenced
    assert reader.metadata is not None and reader.metadata.creation_date == \
        dt.datetime(2026, 11, 22, tzinfo=dt.UTC)


def _population(builder: RepoBuilder) -> int:
    letter = compose_letters(loaded(builder), "lettres-test", today=TODAY)[0]
    value = dict(letter.figures)["Population des territoires"]
    return int(re.sub(r"\D", "", value.split("habitant")[0]))


def test_same_data_same_bytes(letters_repo: RepoBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = loaded(letters_repo)
    for fmt in ("md", "pdf"):
        first = render_letters(repo, "lettres-test", fmt, today=TODAY)
        monkeypatch.setattr("petition.letters.pdf._RENDERED", {})  # rendered again, not kept
        again = render_letters(load_repository(letters_repo.root, today=TODAY), "lettres-test",
                               fmt, today=TODAY)
        assert first == again, fmt
    later = render_letters(repo, "lettres-test", "pdf", today=dt.date(2026, 12, 1))
    assert later != first


def test_repository_version_in_footer(letters_repo: RepoBuilder) -> None:
    assert repository_version(letters_repo.root) is None
    if shutil.which("git") is None:
        pytest.skip("git absent")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "data"]):
        subprocess.run(["git", *args], cwd=letters_repo.root, env=env, check=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=letters_repo.root,
                            capture_output=True, text=True, check=True).stdout.strip()
    text = render_letters(loaded(letters_repo), "lettres-test", "md", today=TODAY)
    assert f"(version {commit})" in text["lettres-test-ministre-sante.md"].decode()
    letters_repo.add(adopted("commune", "62001", "2024-02-02"))
    assert repository_version(letters_repo.root) == f"{commit} + modifications locales"


def test_campaign_without_adoptions(repo: RepoBuilder) -> None:
    result = loaded(repo)
    text = render_letters(result, CAMPAIGN, "md", today=TODAY)[f"{CAMPAIGN}-{RECIPIENT}.md"]
    assert "aucune collectivité n’a adopté de texte au titre de la campagne" in text.decode()
    assert "Aucune collectivité pour l’instant." in text.decode()
    pdf = render_letters(result, CAMPAIGN, "pdf", today=TODAY)[f"{CAMPAIGN}-{RECIPIENT}.pdf"]
    assert "Aucune collectivité pour l’instant." in " ".join(pdf_text(pdf))


def test_pdf_reads_no_file_but_the_fonts(letters_repo: RepoBuilder,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    repo = loaded(letters_repo)
    render_letters(repo, "lettres-test", "pdf", today=TODAY)  # imports done before watching
    monkeypatch.setattr("petition.letters.pdf._RENDERED", {})  # rendered again, not kept
    opened: list[str] = []
    real_open = io.open

    def watching(file: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(file, int):  # file descriptors: the pipes of `git rev-parse`
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watching)
    monkeypatch.setattr("io.open", watching)
    render_letters(repo, "lettres-test", "pdf", today=TODAY)
    assert opened and all(re.search(r"petition/data/fonts/DejaVuSerif[-A-Za-z]*\.ttf$", f)
                          for f in opened), opened


# --- scale -----------------------------------------------------------------------------------
def large_repository(root: Path, departements: tuple[str, ...]) -> Repository:
    """One adopted motion per commune of these départements, in memory."""
    ref = referential()
    wanted = set(departements)
    motions = []
    for index, code in enumerate(ref.commune_codes()):
        known = ref.body("commune", code)
        if known is None or known.departement not in wanted:
            continue
        vote = {"resultat": "adoptee", "pour": 10 + index % 30} if index % 2 else VOTE
        data = {"campagne": LETTERS_CAMPAIGN["id"], "nature": "motion", "objet": "Motion",
                "collectivite": {"type": "commune", "code": code, "nom": known.nom},
                "seance": {"date": f"2024-0{1 + index % 6}-1{index % 10}"}, "vote": vote}
        motions.append(Motion(f"motions/{LETTERS_CAMPAIGN['id']}/{code}.yml", data))
    return Repository(root, {LETTERS_CAMPAIGN["id"]: Campaign("campagne.yml", LETTERS_CAMPAIGN)}, motions)


def test_large_campaign_gets_an_annex(tmp_path: Path) -> None:
    repo = large_repository(tmp_path, ("59", "62", "57"))
    count = len(repo.motions)
    assert count > 2000
    md = render_letters(repo, "lettres-test", "md", today=TODAY)["lettres-test-ministre-sante.md"]
    body, annex = md.decode().split("\n## Annexe")
    assert len(body.splitlines()) < 80
    assert "Wattrelos" not in body and f"- **Wattrelos**{NBSP}— " in annex
    assert f"| Hauts-de-France | {number(count - 725)} | {number(count - 725)}{NBSP}communes |" \
        in body
    assert annex.count("\n- **") == count
    pdf = render_letters(repo, "lettres-test", "pdf", today=TODAY)["lettres-test-ministre-sante.pdf"]
    pages = pdf_text(pdf)
    start = next(i for i, page in enumerate(pages) if "Annexe : les" in page)
    assert start <= 3 and len(pages) > 30
    assert "Wattrelos" not in " ".join(pages[:start])
    title = f"Annexe : les {flat(number(count))} collectivités et les textes adoptés"
    assert all(page.count(title) >= 1 for page in pages[start:])
    assert any("Grand Est — Moselle (57)" in page for page in pages[start + 1:])
    assert count > ANNEX_THRESHOLD


# --- command line ----------------------------------------------------------------------------
def test_cli_writes_letters(letters_repo: RepoBuilder, tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    result = letters_repo.run("letter", "--campaign", "lettres-test", "--format", "md", "-o",
                              str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out / "lettres-test-ministre-sante.md"),
                                          str(out / "lettres-test-premiere-ministre.md")]
    expected = render_letters(loaded(letters_repo), "lettres-test", "md", today=TODAY)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == expected
    default = letters_repo.run("letter", "--campaign", "lettres-test", "--format", "pdf")
    assert default.exit_code == 0, default.output
    assert sorted(p.name for p in (letters_repo.root / "lettres").iterdir()) == \
        ["lettres-test-ministre-sante.pdf", "lettres-test-premiere-ministre.pdf"]


def test_letters_name_their_repository_from_projet_yml(letters_repo: RepoBuilder,
                                                       tmp_path: Path) -> None:
    """The letters cite their source by projet.yml's name: changing « nom » changes them at the
    next run; without projet.yml they say « le dépôt des motions »."""
    def footer() -> str:
        out = tmp_path / "sortie"
        shutil.rmtree(out, ignore_errors=True)
        result = letters_repo.run("letter", "--campaign", "lettres-test", "--format", "md", "-o",
                                  str(out))
        assert result.exit_code == 0, result.output
        text = (out / "lettres-test-ministre-sante.md").read_text("utf-8")
        return next(line for line in text.splitlines() if line.startswith("*Lettre établie"))

    assert typeset(f"à partir des données du dépôt « {PROJECT['nom']} » :") \
        in footer()
    letters_repo.write("projet.yml", project_text(nom="Gare de la vallée"))
    assert typeset("à partir des données du dépôt « Gare de la vallée » :") \
        in footer()
    (letters_repo.root / "projet.yml").unlink()
    assert typeset("à partir des données du dépôt des motions :") in footer()


def test_cli_usage_errors(letters_repo: RepoBuilder) -> None:
    unknown = letters_repo.run("letter", "--campaign", "inconnue", "--format", "md")
    assert unknown.exit_code == 2
    assert "campagne « inconnue » inconnue" in unknown.stderr
    assert letters_repo.run("letter", "--campaign", "lettres-test", "--format", "odt").exit_code == 2
    assert not (letters_repo.root / "lettres").exists()


def test_cli_leaves_out_files_in_error(letters_repo: RepoBuilder) -> None:
    bad = adopted("commune", "62001", "2024-02-02", {"resultat": "adoptee", "pour": -3})
    letters_repo.add(bad)
    result = letters_repo.run("letter", "--campaign", "lettres-test", "--format", "md")
    assert result.exit_code == 1
    assert "1 fichier(s) en erreur laissé(s) de côté" in result.stderr
    text = (letters_repo.root / "lettres" / "lettres-test-ministre-sante.md").read_text()
    assert "Ablain-Saint-Nazaire" not in text


# --- letters report, not represent ---------------------------------------------------------------
def test_one_signatory_speaks_in_the_singular(letters_repo: RepoBuilder) -> None:
    one = {**LETTERS_CAMPAIGN["expediteur"], "signataires": [{"nom": "Alix Dupont",
                                                      "qualite": "Coprésidente"}]}
    write_campaign(letters_repo, {**LETTERS_CAMPAIGN, "expediteur": one})
    text = render_letters(loaded(letters_repo), "lettres-test", "md",
                          today=TODAY)["lettres-test-ministre-sante.md"].decode()
    assert "J’ai l’honneur de porter à votre connaissance" in text
    assert "Je reste à votre disposition" in text
    assert ("Je vous prie d’agréer, Monsieur le Ministre, l’expression de ma très haute "
            "considération.") in text
    assert "Nous " not in text and "notre très" not in text


def test_letters_never_speak_for_the_councils(letters_repo: RepoBuilder) -> None:
    repo = loaded(letters_repo)
    for campaign in ("lettres-test", CAMPAIGN_2022, CAMPAIGN):
        for name, content in render_letters(repo, campaign, "md", today=TODAY).items():
            text = content.decode().casefold()
            for words in ("au nom de", "signataires", "la motion de la campagne", "représent"):
                assert words not in text, (name, words)


def test_region_letter_says_what_the_region_adopted(repo: RepoBuilder) -> None:
    repo.write(SAMPLE_REGION, (FIXTURES / SAMPLE_REGION).read_bytes())
    text = render_letters(loaded(repo), CAMPAIGN_2022, "md",
                          today=TODAY)[f"{CAMPAIGN_2022}-{RECIPIENT}.md"].decode()
    assert (f"- **Hauts-de-France (conseil régional)**{NBSP}— 23{NBSP}juin 2022, vœu "
            f"«{NBSP}Inquiétudes concernant l’avenir des bibliothèques de proximité{NBSP}» "
            "adopté\n") in text
    assert f"- **Voix pour{NNBSP}:** non connues (aucun décompte détaillé)\n" in text
    # No title recorded for today: the recipient's function, « Ministre chargé de la culture ».
    assert text.startswith("# Projet de lettre au ministre chargé de la culture\n")


def test_draft_is_marked_on_every_pdf_page(tmp_path: Path) -> None:
    draft = {k: v for k, v in LETTERS_CAMPAIGN.items() if k != "expediteur"}
    repo = large_repository(tmp_path, ("62",))
    repo.campaigns[LETTERS_CAMPAIGN["id"]] = Campaign("campagne.yml", draft)
    letter = compose_letters(repo, "lettres-test", today=TODAY)[0]
    assert (letter.draft, letter.heading, letter.sender, letter.signature) == \
        (True, "Projet de lettre à Monsieur le Ministre de la Santé et de la Prévention", (), ())
    pages = pdf_text(render_letters(repo, "lettres-test", "pdf", today=TODAY)[
        "lettres-test-ministre-sante.pdf"])
    assert len(pages) > 10
    for number_, page in enumerate(pages, 1):
        assert f"PROJET DE LETTRE — Page {number_} sur {len(pages)}" in page, number_
    signed = pdf_text(render_letters(large_repository(tmp_path, ("62",)), "lettres-test", "pdf",
                                     today=TODAY)["lettres-test-ministre-sante.pdf"])
    assert not any("PROJET DE LETTRE" in page for page in signed)


@pytest.mark.parametrize(("name", "expected"), [
    ("Collectif des lecteurs du Pas-de-Calais", "le Collectif des lecteurs du Pas-de-Calais"),
    ("Fédération des lecteurs", "la Fédération des lecteurs"),
    ("Union locale des lecteurs", "l'Union locale des lecteurs"),
    ("Association des lecteurs", "l'Association des lecteurs"),
    ("Le Collectif des lecteurs", "le Collectif des lecteurs"),
    ("Les Amis de la lecture", "les Amis de la lecture"),
    ("Camille Martin", "Camille Martin"),  # a person: no article
    ("FSU Culture", "FSU Culture"),  # an acronym: no article guessed
])
def test_a_sender_reads_with_its_article(name: str, expected: str) -> None:
    from petition.text.french import with_article

    assert with_article(name) == expected
