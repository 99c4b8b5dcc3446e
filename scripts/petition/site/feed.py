"""The Atom feed of new adoptions (`feed.xml`), written by ElementTree so that every value is
escaped as XML, and dated by the sessions so that a rebuild gives the same bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from petition.core.model import NATURES, result_word
from petition.core.referential import TYPE_LABELS
from petition.site.context import Site
from petition.site.layout import url_of
from petition.text.french import date_long

FEED = "feed.xml"
ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"


def atom(site: Site) -> bytes:
    ET.register_namespace("", ATOM)
    adopted = site.adoptions
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    _text(feed, "title", f"{site.settings.site_name} : nouvelles adoptions")
    _text(feed, "subtitle", "Les motions et les vœux adoptés par les conseils des collectivités "
                            "pour le réseau de santé CANSSM / Filieris.")
    _text(feed, "id", site.absolute(FEED))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": site.absolute(FEED),
                                           "type": "application/atom+xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": site.absolute(""),
                                           "type": "text/html"})
    newest = adopted[0].motion.date if adopted else "2021-01-01"
    _text(feed, "updated", f"{newest}T00:00:00Z")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.settings.site_name)
    for entry in adopted[:ENTRIES]:
        m, body = entry.motion, entry.body
        url = site.absolute(url_of(entry.page, site.settings.directory_urls) + "#" + entry.anchor)
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        kind = TYPE_LABELS.get(body.type, body.type)
        nature = NATURES.get(m.nature, m.nature).lower()
        _text(item, "title", f"{body.nom} ({kind}) : {nature} {result_word(m.nature, True)} le "
                             f"{date_long(m.date)}")
        _text(item, "id", url)
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "href": url,
                                               "type": "text/html"})
        _text(item, "updated", f"{m.date}T00:00:00Z")
        title = site.campaign_title(m.campaign)
        ET.SubElement(item, f"{{{ATOM}}}category", {"term": m.campaign, "label": title})
        _text(item, "summary", f"{title}. Objet : {m.data.get('objet', '')}")
    ET.indent(feed)
    body_xml: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body_xml + b"\n"


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = value
    return element
