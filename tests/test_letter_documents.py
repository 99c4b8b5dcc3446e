"""A letter offers to send only the deliberations whose documents the repository holds, and says
where the others are published (their URLs); and a motion's page lists as its destinataires only
those its own record names, never the campaign's recipients."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from conftest import CAMPAIGN, RepoBuilder, motion_data
from petition.core.repository import load_repository
from petition.letters import render_letters
from petition.site.context import Settings
from petition.site.pages import generate

LIEVIN = {"type": "commune", "code": "62510", "nom": "Liévin"}
LENS_URL = "https://www.example.fr/deliberations/lens-2023-118.pdf"
PDF = b"%PDF-1.4\n% deliberation de Lievin\n%%EOF\n"


def flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text.replace("&#58;", ":").replace("&#46;", "."))


def letter(repo: RepoBuilder) -> str:
    [text] = render_letters(load_repository(repo.root), CAMPAIGN, "md").values()
    return flat(text.decode())


def held(repo: RepoBuilder) -> dict[str, Any]:
    """Liévin's motion, its PDF kept in motions/documents/."""
    repo.write("motions/documents/lievin-2023-10-05.pdf", PDF)
    return motion_data(collectivite=LIEVIN, seance={"date": "2023-10-05"},
                       sources=[{"fichier": "documents/lievin-2023-10-05.pdf",
                                 "sha256": hashlib.sha256(PDF).hexdigest()}])


def test_no_document_held_offers_none_and_gives_the_addresses(repo: RepoBuilder) -> None:
    repo.add(motion_data(sources=[{"url": LENS_URL}]))
    text = letter(repo)
    assert "transmettre" not in text
    assert "Nous restons à votre disposition pour vous en entretenir. Ces délibérations se " \
        "lisent à l’adresse indiquée pour chacune dans la liste." in text
    assert f"(37 pour, 0 contre, 0 abstention) (à lire sur {LENS_URL})" in text


def test_held_documents_are_offered_and_the_others_read_online(repo: RepoBuilder) -> None:
    repo.add(motion_data(sources=[{"url": LENS_URL}]))
    repo.add(held(repo))
    text = letter(repo)
    assert "Nous restons à votre disposition pour vous transmettre 1 délibération dont nous " \
        "détenons le document, et pour vous en entretenir. Les autres se lisent à l’adresse " \
        "indiquée pour chacune dans la liste." in text
    lievin = text[text.index("**Liévin**"):].split("- **")[0]
    assert "à lire sur" not in lievin  # held here: no address needed


def test_every_document_held_offers_them_all(repo: RepoBuilder) -> None:
    repo.add(held(repo))
    assert "Nous restons à votre disposition pour vous transmettre ces délibérations et vous en " \
        "entretenir." in letter(repo)


def test_neither_document_nor_address_promises_nothing(repo: RepoBuilder) -> None:
    data = motion_data()
    data.pop("sources")
    repo.add(data)
    text = letter(repo)
    assert "Nous restons à votre disposition pour vous en entretenir. Nous vous prions" in text
    assert "à lire sur" not in text and "se lisent" not in text


def test_motion_page_lists_only_the_destinataires_its_record_names(repo: RepoBuilder) -> None:
    """A regional vœu addressed to the council's president, asking it to contact the ministry:
    the ministry is not its destinataire, whatever the campaign's letters are addressed to."""
    repo.add(motion_data(collectivite={"type": "region", "code": "32", "nom": "Hauts-de-France"},
                         nature="voeu", destinataires=["Président du Conseil régional "
                                                       "Hauts-de-France"],
                         demandes=["Que le Conseil Régional prenne attache avec le Ministère en "
                                   "charge de la sécurité sociale et de la santé."]))
    settings = Settings(site_name="Motions", site_url="https://exemple.fr/motions/",
                        edit_base=None, today=None)
    files = generate(load_repository(repo.root), settings)
    [page] = [v for k, v in files.items() if k.startswith(f"campagnes/{CAMPAIGN}/region-32-")
              and k.endswith("index.html")]
    assert isinstance(page, bytes)
    shown = re.findall(r"<dt>Destinataires</dt><dd>(.*?)</dd>", page.decode())
    assert shown == ["Président du Conseil régional Hauts-de-France"]


def test_a_collectivite_d_outre_mer_is_listed_under_its_own_name(repo: RepoBuilder) -> None:
    """Not among « intercommunalités s'étendant sur plusieurs régions »: it has no région."""
    from petition.core.referential import referential

    spm = referential().body("com", "975")
    assert spm is not None
    repo.add(motion_data(collectivite={"type": "com", "code": "975", "nom": spm.nom}))
    text = letter(repo)
    assert "plusieurs régions" not in text
    assert f"### {spm.nom} - **{spm.nom}** — 27 septembre 2023" in text
