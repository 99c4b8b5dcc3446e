"""Recipients of every kind, addressed in French from the campaign's data: the article follows the
title (« au directeur général », « à la préfète », « à l'Agence »), the form of address follows
`appel`, and validation asks for `article` where nothing tells it."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from conftest import CAMPAIGN, RepoBuilder
from petition.core.addressing import addressed, article_of, to_phrase
from petition.letters.recipient import Recipient


@pytest.mark.parametrize(("title", "call", "given", "expected"), [
    # offices: the article of the first noun, the office in lower case in running text
    ("Directeur général de SNCF Réseau", "", None, "au directeur général de SNCF Réseau"),
    ("Directrice générale de l'ARS Occitanie", "Madame, Monsieur", None,
     "à la directrice générale de l'ARS Occitanie"),
    ("Préfet de la région Occitanie", "", None, "au préfet de la région Occitanie"),
    ("Préfète du Nord", "", None, "à la préfète du Nord"),
    ("Recteur de l'académie de Lille", "", None, "au recteur de l'académie de Lille"),
    ("Inspecteur d'académie", "", None, "à l'inspecteur d'académie"),
    ("Ambassadrice de France", "", None, "à l'ambassadrice de France"),
    ("Haut-commissaire au Plan", "", None, "au haut-commissaire au Plan"),
    ("Président-directeur général de SNCF Voyageurs", "", None,
     "au président-directeur général de SNCF Voyageurs"),
    # both genders: the generic masculine of legal texts, unless one person's form says otherwise
    ("Ministre chargé de la santé", "Madame la Ministre, Monsieur le Ministre", None,
     "au ministre chargé de la santé"),
    ("Ministre de la Culture", "Madame, Monsieur", None, "au ministre de la Culture"),
    ("Ministre de la Culture", "Madame la Ministre déléguée", None, "à la ministre de la Culture"),
    ("Maire de Lens", "", None, "au maire de Lens"),
    # bodies keep their capital
    ("Agence régionale de santé Occitanie", "", None, "à l'Agence régionale de santé Occitanie"),
    ("Région Occitanie", "", None, "à la Région Occitanie"),
    ("Conseil départemental de la Lozère", "", None, "au Conseil départemental de la Lozère"),
    ("Haute Autorité de santé", "", None, "à la Haute Autorité de santé"),
    ("Hôpital de Lens", "", None, "à l'Hôpital de Lens"),
    ("Premier ministre", "", None, "au Premier ministre"),
    ("Défenseure des droits", "", None, "à la Défenseure des droits"),
    # the form of address names the title: the formal suscription
    ("Préfet de la région Occitanie", "Monsieur le Préfet", None,
     "à Monsieur le Préfet de la région Occitanie"),
    ("Directeur général de SNCF Réseau", "Monsieur le Directeur général", None,
     "à Monsieur le Directeur général de SNCF Réseau"),
    ("Première ministre", "Madame la Première ministre", None, "à Madame la Première ministre"),
    # a noun the letter does not know: the campaign's `article`, or the gender its `appel` gives
    ("SNCF Réseau", "", "la", "à la SNCF Réseau"),
    ("Établissements SNCF", "", "les", "aux Établissements SNCF"),
    ("Provéditeur de la République", "Monsieur le Provéditeur", None,
     "à Monsieur le Provéditeur de la République"),
    ("Provéditrice", "Madame la Provéditrice générale", None, "à la Provéditrice"),
    ("SNCF Voyageurs", "Madame, Monsieur", None, "à : SNCF Voyageurs"),
])
def test_to_whom(title: str, call: str, given: str | None, expected: str) -> None:
    assert to_phrase(call, title, given) == expected


def test_the_form_of_address_gives_the_gender_of_an_unknown_noun() -> None:
    article = article_of("Provéditrice de la République", "Madame la Provéditrice")
    assert article is not None and article.phrase("Provéditrice de la République", to=True) == \
        "à la Provéditrice de la République"
    assert article_of("Provéditrice de la République", "Madame, Monsieur") is None
    # one noun for the call, another for the title: it says nothing of the title
    assert article_of("Provéditrice", "Monsieur le Directeur") is None


def test_addressed_joins_the_call_and_the_title() -> None:
    assert addressed("Monsieur le Directeur général", "Directeur général de l'ARS") == \
        "Monsieur le Directeur général de l'ARS"
    assert addressed("Madame, Monsieur", "Directeur général de l'ARS") == \
        "Directeur général de l'ARS"


def test_recipient_heading_uses_the_campaign_article() -> None:
    who = Recipient("sncf", "SNCF Réseau", "", "Madame, Monsieur", (), article="la")
    assert (who.to, who.salutation) == ("à la SNCF Réseau", "Madame, Monsieur")


# --- letters written from campaign files --------------------------------------------------------
def _campaign(repo: RepoBuilder, recipients: list[dict[str, Any]]) -> None:
    path = repo.root / "motions" / CAMPAIGN / "campagne.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["destinataires"] = recipients
    path.write_text("# yaml-language-server: $schema=../../schema/campaign.schema.json\n"
                    + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_letters_to_recipients_of_every_kind(repo: RepoBuilder) -> None:
    _campaign(repo, [
        {"id": "dg", "fonction": "Directeur général de SNCF Réseau",
         "appel": "Monsieur le Directeur général"},
        {"id": "prefete", "fonction": "Préfète de la région Occitanie"},
        {"id": "ministre", "fonction": "Ministre chargé des transports",
         "appel": "Madame la Ministre, Monsieur le Ministre",
         "titres": [{"titre": "Ministre des Transports", "du": "2025-01-01",
                     "titulaire": "Camille Martin", "appel": "Madame la Ministre"}]},
        {"id": "ars", "fonction": "Agence régionale de santé Occitanie"},
        {"id": "sncf", "fonction": "SNCF Voyageurs", "article": "la"},
    ])
    assert repo.run("validate").exit_code == 0
    out = repo.root / "lettres"
    result = repo.run("letter", "--campaign", CAMPAIGN, "--format", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    firsts = {p.stem.removeprefix(f"{CAMPAIGN}-"): p.read_text("utf-8").split("\n")
              for p in out.glob("*.md")}
    headings = {rid: lines[0] for rid, lines in firsts.items()}
    assert headings == {
        "dg": "# Projet de lettre à Monsieur le Directeur général de SNCF Réseau",
        "prefete": "# Projet de lettre à la préfète de la région Occitanie",
        "ministre": "# Projet de lettre à Madame la Ministre des Transports",
        "ars": "# Projet de lettre à l’Agence régionale de santé Occitanie",
        "sncf": "# Projet de lettre à la SNCF Voyageurs",
    }
    salutations = {rid: next(line for line in lines if line.endswith(",") and
                             line.split(" ")[0] in ("Madame", "Madame,", "Monsieur"))
                   for rid, lines in firsts.items()}
    assert salutations == {"dg": "Monsieur le Directeur général,", "prefete": "Madame, Monsieur,",
                           "ministre": "Madame la Ministre,", "ars": "Madame, Monsieur,",
                           "sncf": "Madame, Monsieur,"}


def test_validate_asks_for_the_article_it_cannot_tell(repo: RepoBuilder) -> None:
    _campaign(repo, [{"id": "sncf", "fonction": "SNCF Voyageurs"},
                     {"id": "m", "fonction": "Ministre chargé des transports",
                      "titres": [{"titre": "Office national des chemins", "du": "2020-01-01"},
                                 {"titre": "Compagnie nationale", "du": "2019-01-01",
                                  "au": "2020-01-01"}]}])
    result = repo.run("validate")
    assert result.exit_code == 0  # a warning: the letter still goes « à : SNCF Voyageurs »
    rel = f"motions/{CAMPAIGN}/campagne.yml"
    text = (repo.root / rel).read_text("utf-8").split("\n")
    line = next(i for i, t in enumerate(text, 1) if t.strip() == "- id: sncf")
    assert result.stdout.splitlines() == [
        f"{rel}:{line}: avertissement : « SNCF Voyageurs » : la lettre ne sait pas quel article lui "
        "donner (« au », « à la », « à l' ») ; ajoutez la ligne « article: le » (ou la, l', les) à "
        "côté, ou une formule d'appel « appel: Monsieur le … » ou « Madame la … »"]
