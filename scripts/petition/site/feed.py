"""The Atom feed of new adoptions, letters sent and answers received (`feed.xml`), written by
ElementTree so that every value is escaped as XML, and dated by the sessions and records so that a
rebuild gives the same bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from petition.campaign.sendings import followups
from petition.core.model import NATURES, result_word
from petition.core.referential import TYPE_LABELS
from petition.site.context import Site
from petition.site.followup import addressee, answer_anchor, followup_page, sending_anchor
from petition.site.layout import url_of
from petition.site.motionview import result_text
from petition.text.french import date_long

FEED = "feed.xml"
ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"


def atom(site: Site) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    _text(feed, "title", f"{site.settings.site_name} : adoptions, lettres et réponses")
    _text(feed, "subtitle", "Les motions et les vœux adoptés par les conseils des collectivités "
                            "pour le réseau de santé CANSSM / Filieris.")
    _text(feed, "id", site.absolute(FEED))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": site.absolute(FEED),
                                           "type": "application/atom+xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": site.absolute(""),
                                           "type": "text/html"})
    items = sorted(_adoption_items(site) + _followup_items(site), reverse=True)[:ENTRIES]
    newest = items[0][0] if items else "2021-01-01"
    _text(feed, "updated", f"{newest}T00:00:00Z")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.settings.site_name)
    for date, url, title, campaign, summary in items:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "title", title)
        _text(item, "id", url)
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "href": url,
                                               "type": "text/html"})
        _text(item, "updated", f"{date}T00:00:00Z")
        ET.SubElement(item, f"{{{ATOM}}}category", {"term": campaign,
                                                   "label": site.campaign_title(campaign)})
        _text(item, "summary", summary)
    ET.indent(feed)
    body_xml: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body_xml + b"\n"


# (date, url, title, campaign, summary): sorted newest first, the URL breaking ties.
Item = tuple[str, str, str, str, str]


def _adoption_items(site: Site) -> list[Item]:
    items = []
    for entry in site.adoptions[:ENTRIES]:
        m, body = entry.motion, entry.body
        url = site.absolute(url_of(entry.page, site.settings.directory_urls) + "#" + entry.anchor)
        kind = TYPE_LABELS.get(body.type, body.type)
        nature = NATURES.get(m.nature, m.nature).lower()
        title = site.campaign_title(m.campaign)
        items.append((m.date, url, f"{body.nom} ({kind}) : {nature} {result_word(m.nature, True)} "
                      f"le {date_long(m.date)}", m.campaign,
                      f"{title}. Objet : {m.data.get('objet', '')}. Résultat : {result_text(m)}."))
    return items


def _followup_items(site: Site) -> list[Item]:
    """A letter sent and an answer received are news too."""
    items = []
    for campaign in site.campaigns:
        page = site.absolute(url_of(followup_page(campaign.id), site.settings.directory_urls))
        for followup in followups(site.repo, campaign.id):
            sending = followup.sending
            items.append((sending.date, f"{page}#{sending_anchor(followup)}",
                          f"Lettre envoyée le {date_long(sending.date)} à : {addressee(sending)}",
                          campaign.id, f"{campaign.title}. La lettre de la campagne a été envoyée "
                          f"à : {addressee(sending)}."))
            for answer in followup.answers:
                summary = answer.summary or "résumé non saisi"
                items.append((answer.date, f"{page}#{answer_anchor(answer)}",
                              f"Réponse reçue le {date_long(answer.date)} de : {addressee(sending)}",
                              campaign.id, f"{campaign.title}. Réponse à la lettre du "
                              f"{date_long(sending.date)} : {summary}"))
    return items


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = value
    return element
