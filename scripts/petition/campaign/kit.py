"""The outreach kit: for each target council still to vote, a motion ready to put on its agenda.

One DOCX per council (the format town halls edit), holding the campaign's text and demands under
the council's own designation, the exposé des motifs, the ACTES matter (9.4 Vœux et motions),
blanks for the session and the vote, and where to send the adopted motion: the sender the campaign
declares, else the repository's report form (never an address nobody gave).

Same data, same bytes: the document carries no date or author of its own, and its zip entries
a fixed timestamp, so a rebuilt kit is byte-identical and a site rebuild changes nothing.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from petition.campaign.designation import designation, signatory, to_council
from petition.campaign.targets import PENDING, TargetState
from petition.core.model import Campaign, slugify
from petition.core.referential import Referential

ACTES_MATTER = "9.4 Vœux et motions"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build date leaks in
BLANK = "…………………………"
# « Le Conseil demande… » opening a paragraph of the common text: the council's own name goes there.
_COUNCIL = re.compile(r"^Le Conseil(?= [a-zéèêàâîôû])")
_CORE_DATES = ("created", "modified", "lastPrinted")
_UNUSED_PARTS = ("stylesWithEffects", "thumbnail", "customXml")


@dataclass(frozen=True)
class KitDocument:
    """One council's document: its file name and its bytes."""

    body_key: str
    name: str
    departements: tuple[str, ...]
    content: bytes


def file_name(state: TargetState) -> str:
    body = state.body
    return f"motion-{body.type}-{body.code.lower()}-{slugify(body.nom)}.docx"


def _text(value: Any) -> str:
    """A campaign value as text (a wrong type in a file with schema errors reads as nothing)."""
    return value if isinstance(value, str) else ""


def _paragraphs(text: str) -> list[str]:
    """A multi-line text as paragraphs: blank lines separate them, lines inside one are joined."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [" ".join(line.strip() for line in block.split("\n") if line.strip())
            for block in blocks if block.strip()]


def _sender(campaign: Campaign) -> list[str]:
    """The declared sender's name, address and contact, each a line; [] when none is declared."""
    sender = campaign.data.get("expediteur")
    if not isinstance(sender, dict) or not isinstance(sender.get("nom"), str):
        return []
    lines = [sender["nom"]]
    address = sender.get("adresse")
    if isinstance(address, list):
        lines += [line for line in address if isinstance(line, str)]
    elif isinstance(address, str):
        lines.append(address)
    if isinstance(sender.get("contact"), str):
        lines.append(sender["contact"])
    return lines


class _Writer:
    """python-docx with the few paragraph kinds the document uses."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not the template's Letter
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.2))
        normal = self.doc.styles["Normal"]
        normal.font.name = "Liberation Serif"
        normal.font.size = Pt(11.5)

    def para(self, text: str = "", *, bold: bool = False, italic: bool = False,
             center: bool = False, size: float | None = None, style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            if size:
                run.font.size = Pt(size)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def labelled(self, label: str, value: str) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(value)
        return paragraph

    def counts(self, rows: tuple[tuple[str, str], ...]) -> None:
        """Two columns of « label : blank » for the session's numbers."""
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.autofit = False  # LibreOffice would shrink the columns to the text
        for row, labels in zip(table.rows, rows, strict=True):
            for cell, label in zip(row.cells, labels, strict=True):
                cell.width = Cm(8.3)
                cell.text = f"{label} : {BLANK[:7]}" if label else ""
        self.doc.add_paragraph()

    def heading(self, text: str) -> None:
        self.doc.add_heading(text, level=2)

    def bytes(self, title: str) -> bytes:
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by = title[:250], "", ""
        props.revision = 1
        element = props._element  # no public API removes a date python-docx sets to "now"
        for child in list(element):
            if child.tag.rsplit("}", 1)[-1] in _CORE_DATES:
                element.remove(child)
        # Parts of python-docx's own template a town hall's document has no use for: Word 2010's
        # duplicate style sheet (half the size), the template's thumbnail (a picture of some
        # other document) and its empty custom XML.
        for rels in (self.doc.part.rels, self.doc.part.package.rels):
            for rid, rel in list(rels.items()):
                if rel.reltype.rsplit("/", 1)[-1] in _UNUSED_PARTS:
                    del rels[rid]
        out = io.BytesIO()
        self.doc.save(out)
        return normalised_zip(_entries(out.getvalue()))


def _entries(raw: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def normalised_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of `entries` in the given order, with nothing of the moment it was built: fixed
    dates, permissions and compression (for DOCX files and the site's zips of them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=9)
    return out.getvalue()


# Placeholders of the campaign's one template (private-use characters, which no council's name
# holds): each council's document is the template with its own values put in, so a kit of 1,500
# councils costs one python-docx document and 1,500 text replacements, not 1,500 documents.
_COUNCIL_TOKEN, _TO_COUNCIL_TOKEN = "\ue000conseil\ue001", "\ue000au-conseil\ue001"
_SIGNATORY_TOKEN, _REPORT_TOKEN = "\ue000signataire\ue001", "\ue000formulaire\ue001"
_FILLED = ("word/document.xml", "docProps/core.xml")


def template(campaign: Campaign, with_report: bool) -> list[tuple[str, bytes]]:
    """The zip entries of the campaign's document, with placeholders for the council."""
    council = _COUNCIL_TOKEN
    title = _text(campaign.data.get("titre")) or campaign.id
    w = _Writer()
    w.para(council, bold=True, center=True, size=14)
    w.para(f"Séance du {BLANK}", center=True)
    w.labelled("Nomenclature ACTES : ", ACTES_MATTER)
    w.labelled("Objet : ", title)
    w.para("Projet de motion : ce document est modifiable ; la collectivité reste seule juge "
           "de son texte.", italic=True, size=9.5)

    w.heading("Exposé des motifs")
    reasons = _paragraphs(_text(campaign.data.get("contexte")))
    for paragraph in reasons:
        w.para(paragraph)
    if not reasons:
        w.para(f"(À rédiger par la collectivité.) {BLANK}")

    w.heading("Texte de la motion")
    w.para(f"Il est proposé {_TO_COUNCIL_TOKEN} d'adopter la motion suivante :")
    text = _paragraphs(_text(campaign.data.get("texte")))
    for paragraph in text:
        w.para(_COUNCIL.sub(council, paragraph))
    if not any(_COUNCIL.match(p) for p in text):
        w.para(f"{council} demande :")
    for demand in campaign.demands:
        if isinstance(demand, str):
            w.para(demand, style="List Bullet")

    w.heading("Délibération")
    w.counts((("Membres en exercice", "Votants"), ("Présents", "Pour"), ("Pouvoirs", "Contre"),
              ("", "Abstentions")))
    w.para("Résultat :   ☐ adoptée à l'unanimité    ☐ adoptée    ☐ rejetée")
    w.para(f"Fait à {BLANK}, le {BLANK}")
    w.para(f"{_SIGNATORY_TOKEN},", bold=True)
    w.para("")
    w.para(f"Le ou la secrétaire de séance, {BLANK}")

    w.heading("Après le vote")
    sender = _sender(campaign)
    if sender:
        w.para("Merci d'adresser une copie de la délibération (extrait du registre, avec le "
               "nombre de votants et le résultat du vote), qu'elle soit adoptée ou rejetée, à :")
        for line in sender:
            w.para(line, bold=True)
    elif with_report:
        w.para("Merci de signaler la délibération, qu'elle soit adoptée ou rejetée, sur le "
               "formulaire public de la campagne (déjà rempli pour votre collectivité), avec le "
               "lien du document publié :")
        w.para(_REPORT_TOKEN, size=9.5)
    w.para(f"Campagne : {title} ({campaign.id}).", italic=True, size=9.5)
    return _entries(w.bytes(f"{title} · {council}"))


def fill(entries: list[tuple[str, bytes]], state: TargetState, ref: Referential,
         report_url: str | None) -> bytes:
    """One council's DOCX from the campaign's template: its values, XML-escaped, in place."""
    council = designation(state.body, ref)
    values = {_COUNCIL_TOKEN: council, _TO_COUNCIL_TOKEN: to_council(council),
              _SIGNATORY_TOKEN: signatory(state.body), _REPORT_TOKEN: report_url or ""}
    filled = []
    for name, content in entries:
        if name in _FILLED:
            text = content.decode("utf-8")
            for token, value in values.items():
                text = text.replace(token, escape(value))
            content = text.encode("utf-8")
        filled.append((name, content))
    return normalised_zip(filled)


def document(campaign: Campaign, state: TargetState, ref: Referential,
             report_url: str | None) -> bytes:
    """The DOCX of one council: `report_url` is the pre-filled report form for it (used when the
    campaign declares no sender)."""
    return fill(template(campaign, report_url is not None), state, ref, report_url)


def build_kit(campaign: Campaign, states: Iterable[TargetState], ref: Referential,
              report_url: Callable[[TargetState], str | None]) -> list[KitDocument]:
    """The documents of the targets still `en_attente`, in the targets' order."""
    templates: dict[bool, list[tuple[str, bytes]]] = {}
    documents = []
    for state in states:
        if state.status != PENDING:
            continue
        url = report_url(state)
        entries = templates.get(url is not None)
        if entries is None:
            entries = templates[url is not None] = template(campaign, url is not None)
        documents.append(KitDocument(state.body.key, file_name(state), state.departements,
                                     fill(entries, state, ref, url)))
    return documents
