"""The « Suivi » page of a campaign (its timeline, the letter and the answer to download), the home
page's latest sending and answer, and the feed's entries for them."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import RepoBuilder
from petition.core.repository import load_repository
from petition.site.context import Settings
from petition.site.pages import generate
from petition.text.french import typeset
from test_sendings import CID, MINISTER_ONLY, MINISTER_TITLE, SENT_ON, adopted, campaign_repo, pdf_file

SETTINGS = Settings(site_name="Motions", site_url="https://exemple.fr/motions/",
                    edit_base=None, today=None)
PAGE = f"campagnes/{CID}/suivi.md"
LETTER = f"lettre-{CID}-ministre-sante-{SENT_ON}.pdf"
ANSWER = f"reponse-{CID}-ministre-sante-2026-11-20.pdf"


def follow(repo: RepoBuilder, mail: Path) -> RepoBuilder:
    """Two adoptions (September and October 2023), a letter sent on 2 November 2026, its
    acknowledgement on 5 November and the answer of 20 November (its PDF written in `mail`)."""
    campaign_repo(repo, MINISTER_ONLY)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON, "--canal", "courrier").exit_code == 0
    assert repo.run("answer", "--campaign", CID, "--recipient", "ministre-sante", "--date",
                    "2026-11-20", "--document", str(pdf_file(mail)), "--resume",
                    "Le cabinet annonce une mission d'inspection.", "--accuse-reception",
                    "2026-11-05").exit_code == 0
    return repo


@pytest.fixture
def followed(repo: RepoBuilder, tmp_path: Path) -> RepoBuilder:
    """A followed campaign of its own, for a test that changes it (see `follow`)."""
    return follow(repo, tmp_path)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | bytes]:
    """The site's files of a followed campaign (see `follow`), generated once for the tests that
    only read them."""
    repo = follow(RepoBuilder(tmp_path_factory.mktemp("depot")), tmp_path_factory.mktemp("courrier"))
    return generate(load_repository(repo.root), SETTINGS)


def events(page: str) -> list[tuple[str, str]]:
    """Each event of the timeline as one line of text: « date · title »."""
    return re.findall(r"^\*\*(.+?)\*\* · (.+)$", page.replace("\u00a0", " "), flags=re.MULTILINE)


def test_the_timeline_lists_adoptions_sending_acknowledgement_and_answer(
        files: dict[str, str | bytes]) -> None:
    page = files[PAGE]
    assert isinstance(page, str)
    addressed = f"{MINISTER_TITLE} (Camille Martin)"
    expected = [
        ("septembre 2023", "1 motion adoptée en séance ce mois-là"),
        ("octobre 2023", "1 motion adoptée en séance ce mois-là"),
        ("2 novembre 2026", f"Lettre envoyée à : {addressed}"),
        ("5 novembre 2026", f"Accusé de réception de la lettre du 2 novembre 2026 ({addressed})"),
        ("20 novembre 2026", f"Réponse de : {addressed}"),
    ]
    assert events(page) == [(when, typeset(title).replace("\u00a0", " "))
                            for when, title in expected]
    # Issue 26: « par le Collectif », with its article.
    assert "Envoyée par courrier par le Collectif des lecteurs du Pas-de-Calais. La lettre " \
           "nommait 2 collectivités" in page.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Réponse reçue le 20 novembre 2026." in page.replace("\u00a0", " ")
    assert typeset("Résumé : « Le cabinet annonce une mission d'inspection. »") in page
    assert f"(../../documents/{LETTER})" in page
    assert f"(../../documents/{ANSWER})" in page
    assert 'id="envoi-2026-11-02-ministre-sante"' in page
    assert 'id="reponse-2026-11-20-ministre-sante"' in page


def test_the_sent_letter_and_the_answer_are_published_as_archived(followed: RepoBuilder) -> None:
    files = generate(load_repository(followed.root), SETTINGS)
    for name in (LETTER, ANSWER):
        archived = (followed.root / "motions" / "documents" / name).read_bytes()
        assert files[f"documents/{name}"] == archived
    # A PDF changed after its record is no longer published (validate reports it).
    (followed.root / "motions" / "documents" / ANSWER).write_bytes(b"%PDF-1.4 autre")
    files = generate(load_repository(followed.root), SETTINGS)
    assert f"documents/{ANSWER}" not in files
    assert f"documents/{LETTER}" in files


def test_home_page_shows_the_latest_sending_and_answer(files: dict[str, str | bytes]) -> None:
    home = files["index.md"]
    assert isinstance(home, str)
    text = home.replace("\u00a0", " ")
    assert f"**Dernière lettre envoyée :** [le 2 novembre 2026](campagnes/{CID}/suivi.md#envoi-" \
           f"2026-11-02-ministre-sante), à : {MINISTER_TITLE} (Camille Martin)" in text
    assert f"**Dernière réponse reçue :** [le 20 novembre 2026](campagnes/{CID}/suivi.md#reponse-" \
           "2026-11-20-ministre-sante)" in text


def test_campaign_page_links_to_its_followup(files: dict[str, str | bytes]) -> None:
    page = files[f"campagnes/{CID}/index.md"]
    assert isinstance(page, str)
    assert "Dernière lettre envoyée le 2\u00a0novembre 2026 ; dernière réponse reçue le " \
           "20\u00a0novembre 2026. [Suivi : lettres envoyées et réponses](suivi.md)" in page


def test_feed_announces_the_sending_and_the_answer(files: dict[str, str | bytes]) -> None:
    feed = files["feed.xml"]
    assert isinstance(feed, bytes)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(feed).findall("a:entry", ns)
    found = [(e.findtext("a:updated", namespaces=ns), e.findtext("a:title", namespaces=ns),
              e.findtext("a:id", namespaces=ns)) for e in entries]
    page = f"https://exemple.fr/motions/campagnes/{CID}/suivi/"
    assert found[:2] == [
        ("2026-11-20T00:00:00Z", "Réponse reçue le 20\u00a0novembre 2026 de\u202f: "
         f"{MINISTER_TITLE} (Camille Martin)", f"{page}#reponse-2026-11-20-ministre-sante"),
        ("2026-11-02T00:00:00Z", "Lettre envoyée le 2\u00a0novembre 2026 à\u202f: "
         f"{MINISTER_TITLE} (Camille Martin)", f"{page}#envoi-2026-11-02-ministre-sante"),
    ]
    assert len(found) == 2 + 2  # and the two adoptions


def test_a_campaign_without_sending_says_so(repo: RepoBuilder) -> None:
    campaign_repo(repo, MINISTER_ONLY)
    repo.add(adopted("departement", "59", "2026-11-10"))
    page = generate(load_repository(repo.root), SETTINGS)[PAGE]
    assert isinstance(page, str)
    assert "Aucune lettre de cette campagne n'est enregistrée comme envoyée pour l'instant." in page
    assert hashlib.sha256(page.encode()).hexdigest() == hashlib.sha256(
        generate(load_repository(repo.root), SETTINGS)[PAGE].encode()).hexdigest()  # type: ignore[union-attr]


def test_a_month_of_adoptions_sits_at_its_last_session(followed: RepoBuilder) -> None:
    """Adopted on 10 November, after the letter of 2 November: the month comes after the letter."""
    followed.add(adopted("departement", "59", "2026-11-10"))
    page = generate(load_repository(followed.root), SETTINGS)[PAGE]
    assert isinstance(page, str)
    assert [when for when, _ in events(page)] == [
        "septembre 2023", "octobre 2023", "2 novembre 2026", "5 novembre 2026", "novembre 2026",
        "20 novembre 2026"]


def test_a_sending_without_a_channel_says_none(repo: RepoBuilder) -> None:
    """`petition sent` without --canal records no channel, and the page invents none."""
    campaign_repo(repo, MINISTER_ONLY)
    assert repo.run("sent", "--campaign", CID, "--recipient", "ministre-sante",
                    "--date", SENT_ON).exit_code == 0
    page = generate(load_repository(repo.root), SETTINGS)[PAGE]
    assert isinstance(page, str)
    flat = page.replace("\u00a0", " ").replace("\u202f", " ")
    sender = MINISTER_ONLY["expediteur"]["nom"]
    assert sender.startswith("Collectif ")  # a common noun: read with its article
    assert f"Envoyée par le {sender}. La lettre nommait" in flat
    assert "courrier" not in flat.split("Lettre envoyée à")[1].split("La lettre nommait")[0]
