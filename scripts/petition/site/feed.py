"""The Atom feeds of what is new: every motion published on the site, every letter sent and every
answer received (`feed.xml`), and the same for each campaign (`campagnes/<campagne>/feed.xml`).

A motion is dated by its publication (`publication`), not by its session: a motion reported a year
after its vote is still news to a subscriber. A letter and an answer are dated by their records. A
feed keeps the latest ENTRIES items and says so in its subtitle; the full list is in the open data.
Written by ElementTree so that every value is escaped as XML; the same repository gives the same
bytes.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from importlib import resources

from petition.campaign.sendings import followups
from petition.core.model import NATURES
from petition.core.referential import TYPE_LABELS
from petition.site.context import Site
from petition.site.followup import addressee, answer_anchor, followup_page, sending_anchor
from petition.site.layout import CAMPAIGNS_DIR, md_link, url_of
from petition.site.motionview import result_text
from petition.site.render import page
from petition.site.typography import spacing
from petition.text.french import date_long

FEED = "feed.xml"
STYLESHEET = "flux.xsl"  # shows a feed opened in a browser as a page, in French
FALLBACK = "flux.css"  # the same feed readable where a browser no longer applies XSLT
SUBSCRIBE_PAGE = "abonnement.md"
ENTRIES = 100
ATOM = "http://www.w3.org/2005/Atom"
EMPTY_UPDATED = "2021-01-01T00:00:00Z"  # a feed with no entry still needs a date: a fixed one

# (timestamp, url, title, campaign, summary): sorted newest first, the URL breaking ties.
Item = tuple[str, str, str, str, str]


def campaign_feed(campaign_id: str) -> str:
    return f"{CAMPAIGNS_DIR}/{campaign_id}/{FEED}"


def feeds(site: Site) -> dict[str, str | bytes]:
    items = sorted(_motion_items(site) + _followup_items(site), reverse=True)
    files: dict[str, str | bytes] = {
        FEED: atom(site, items, FEED, f"{site.settings.site_name} : motions, lettres et réponses"),
        **{name: resources.files("petition.site").joinpath("assets", name).read_bytes()
           for name in (STYLESHEET, FALLBACK)},
        SUBSCRIBE_PAGE: subscribe_page(site)}
    for campaign in site.campaigns:
        path = campaign_feed(campaign.id)
        files[path] = atom(site, [i for i in items if i[3] == campaign.id], path,
                           f"{campaign.title} : motions, lettres et réponses")
    return files


def atom(site: Site, items: list[Item], path: str, title: str) -> bytes:
    """A feed of `items` (newest first), its newest ENTRIES."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    _text(feed, "title", title)
    shown = items[:ENTRIES]
    _text(feed, "subtitle", "Les motions et les vœux des conseils des collectivités pour "
                            f"{site.project.for_cause}, adoptés ou rejetés, dans l'ordre de leur "
                            "publication sur le site, et les lettres envoyées et les réponses "
                            f"reçues : les {ENTRIES} plus récentes nouvelles (la liste complète "
                            "des motions est dans les données ouvertes du site).")
    _text(feed, "id", site.absolute(path))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": site.absolute(path),
                                           "type": "application/atom+xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": site.absolute(""),
                                           "type": "text/html"})
    _text(feed, "updated", shown[0][0] if shown else EMPTY_UPDATED)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.settings.site_name)
    for stamp, url, item_title, campaign, summary in shown:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "title", item_title)
        _text(item, "id", url)
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "href": url,
                                               "type": "text/html"})
        _text(item, "published", stamp)
        _text(item, "updated", stamp)
        ET.SubElement(item, f"{{{ATOM}}}category", {"term": campaign,
                                                   "label": site.campaign_title(campaign)})
        _text(item, "summary", summary)
    ET.indent(feed)
    body_xml: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    folder = posixpath.dirname(path) or "."
    declaration, _, rest = body_xml.partition(b"\n")
    sheets = (f'<?xml-stylesheet type="text/xsl" href="{posixpath.relpath(STYLESHEET, folder)}"?>\n'
              f'<?xml-stylesheet type="text/css" href="{posixpath.relpath(FALLBACK, folder)}"?>\n')
    return declaration + b"\n" + sheets.encode() + rest + b"\n"


def subscribe_page(site: Site) -> str:
    """« S'abonner »: what a feed is, how to follow one, the address of each."""
    feeds_ = [{"title": "Toutes les campagnes", "url": site.absolute(FEED)}]
    feeds_ += [{"title": c.title, "url": site.absolute(campaign_feed(c.id))} for c in site.campaigns]
    return page("abonnement.md.j2", {"title": "S'abonner",
                                     "description": "Être averti de chaque nouvelle motion, lettre "
                                                    "et réponse : les flux du site et comment les "
                                                    "suivre."},
                feeds=feeds_, entries=ENTRIES, data=md_link(SUBSCRIBE_PAGE, "donnees.md"))


def _motion_items(site: Site) -> list[Item]:
    """Every motion, adopted or rejected, at its publication."""
    items = []
    for entry in site.published:
        m, body = entry.motion, entry.body
        url = site.absolute(url_of(entry.page, site.settings.directory_urls))
        kind = TYPE_LABELS.get(body.type, body.type)
        nature = NATURES.get(m.nature, m.nature).lower()
        objet = m.data.get("objet")
        items.append((site.published_at(entry), url,
                      f"{body.nom} ({kind}) : {nature} {m.result} le "
                      f"{date_long(m.date)}", m.campaign,
                      f"{site.campaign_title(m.campaign)}. Séance du {date_long(m.date)}."
                      + (f" Objet : {objet}." if objet else "") + f" Résultat : {result_text(m)}."))
    return items


def _followup_items(site: Site) -> list[Item]:
    """A letter sent and an answer received are news too."""
    items = []
    for campaign in site.campaigns:
        page = site.absolute(url_of(followup_page(campaign.id), site.settings.directory_urls))
        for followup in followups(site.repo, campaign.id):
            sending = followup.sending
            items.append((f"{sending.date}T00:00:00Z", f"{page}#{sending_anchor(followup)}",
                          f"Lettre envoyée le {date_long(sending.date)} à : {addressee(sending)}",
                          campaign.id, f"{campaign.title}. La lettre de la campagne a été envoyée "
                          f"à : {addressee(sending)}."))
            for answer in followup.answers:
                summary = answer.summary or "résumé non saisi"
                items.append((f"{answer.date}T00:00:00Z", f"{page}#{answer_anchor(answer)}",
                              f"Réponse reçue le {date_long(answer.date)} de : {addressee(sending)}",
                              campaign.id, f"{campaign.title}. Réponse à la lettre du "
                              f"{date_long(sending.date)} : {summary}"))
    return items


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = spacing(value)
    return element
