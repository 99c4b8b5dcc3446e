"""The outreach kit: for each target council still to vote, a motion ready to put on its agenda.

Only a campaign whose file says its common text is proposed to councils (`propose_aux_conseils`)
has a kit: a text that is one council's own (a région's vœu, whose demands are its own) is never
offered to others. One DOCX per council (the format town halls edit):

- a first page for the town hall, marked as no part of the motion: what the document is, what to
  check before the session (an office the text names that has ended since), and where to send the
  deliberation (the sender the campaign declares, else the repository's report form, as a link);
- then the motion alone, as the council adopts it: its designation, the ACTES matter (9.4 Vœux et
  motions), the object, the exposé des motifs, the visa, the campaign's text and demands under the
  council's own name, and the vote block kept on one page, signed by the office that signs for
  that council (« Le maire », « Le maire d'arrondissement », « Le président du conseil
  départemental »…).

The exposé never states a dated context as if it were still true: the campaign's `contexte` is
shown only with the date its facts were true (`contexte_date`, « En septembre 2023, … »), else
left out.

Same data, same bytes: the document carries no date or author of its own, and its zip entries
a fixed timestamp, so a rebuilt kit is byte-identical and a site rebuild changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from petition.campaign.designation import designation, signatory, to_council
from petition.campaign.targets import PENDING, TargetState
from petition.core.cut import cut
from petition.core.model import Campaign, slugify
from petition.core.referential import Body, Referential, french_day
from petition.text.french import MONTHS, typeset

ACTES_MATTER = "9.4 Vœux et motions"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build date leaks in
BLANK = "…………………………"
LANGUAGE = "fr-FR"
TITLE_LIMIT = 255  # characters of a DOCX core property (python-docx refuses more)
VISA = "Vu le code général des collectivités territoriales,"
# Collectivités d'outre-mer whose councils the CGCT (sixth part) governs; the others (Polynésie,
# Nouvelle-Calédonie, Wallis-et-Futuna, TAAF) have statutes of their own: no visa is guessed.
_CGCT_COM = frozenset({"975", "977", "978"})
# « Le Conseil demande… » opening a paragraph of the common text: the council's own name goes there.
_COUNCIL = re.compile(r"^Le Conseil(?= [a-zéèêàâîôû])")
# A campaign title's trailing year(s), « (2023) », « (2021-2022) »: the motion has no campaign year.
_TITLE_YEARS = re.compile(r"\s*\((?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\)\s*$")
_CORE_DATES = ("created", "modified", "lastPrinted")
_UNUSED_PARTS = ("stylesWithEffects", "thumbnail", "customXml")
_GREY = RGBColor(0x55, 0x55, 0x55)
_LINK_BLUE = "1F4E9A"


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


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:  # the campaign file's schema error, reported by validate
        return None


def refusal(campaign: Campaign) -> str:
    """Why the campaign has no kit ("" when it has one), in French."""
    if not campaign.proposed_to_councils:
        return (f"la campagne {campaign.id} ne propose pas de texte à adopter aux conseils : son "
                "fichier campagne.yml ne dit pas « propose_aux_conseils: true » (son texte et ses "
                "demandes sont ceux d'un conseil, par exemple le vœu d'une région, et ne se proposent "
                "pas tels quels à d'autres) ; aucun kit n'est écrit")
    if not _text(campaign.data.get("texte")).strip() and not campaign.demands:
        return (f"la campagne {campaign.id} propose un texte aux conseils mais son fichier "
                "campagne.yml n'a ni « texte » ni « demandes » : aucun kit n'est écrit")
    return ""


def motion_object(campaign: Campaign) -> str:
    """The motion's « Objet »: the campaign's title without its year(s), which the council's own
    motion does not carry."""
    title = _text(campaign.data.get("titre")) or campaign.id
    return _TITLE_YEARS.sub("", title) or title


def dated_context(campaign: Campaign) -> tuple[str, list[str]] | None:
    """(« En septembre 2023, la situation était décrite ainsi : », the context's paragraphs), or
    None when the campaign gives no context or not the date its facts were true."""
    day = campaign.context_date
    paragraphs = _paragraphs(_text(campaign.data.get("contexte")))
    if day is None or not paragraphs:
        return None
    return f"En {MONTHS[day.month - 1]} {day.year}, la situation était décrite ainsi :", paragraphs


def ended_titles(campaign: Campaign, today: dt.date | None) -> list[str]:
    """A sentence for each recipient's title the common text names and that had ended by
    `today` (from the campaign's dated titles): the town hall checks it before the session. A
    title read inside a longer one the text names (« Ministre de la Culture » inside « Ministre
    de la Culture et du Patrimoine ») is that longer one."""
    if today is None:
        return []
    text = " ".join([_text(campaign.data.get("texte")), *map(_text, campaign.demands)])
    titles = []
    for recipient in campaign.recipients:
        listed = recipient.get("titres") if isinstance(recipient, dict) else None
        titles += [t for t in listed if isinstance(t, dict) and isinstance(t.get("titre"), str)] \
            if isinstance(listed, list) else []
    notes = []
    for title in sorted(titles, key=lambda t: -len(t["titre"])):
        name = title["titre"]
        if name not in text:
            continue
        text = text.replace(name, "\ue000")  # read once, by its longest title
        end = _date(title.get("au"))
        if end is not None and end <= today:
            notes.append(f"Le texte nomme le « {name} » : ce titre a pris fin le "
                         f"{french_day(end.isoformat())}. Vérifiez avant la séance le titre "
                         "en vigueur, et adaptez le texte si le conseil le souhaite.")
        elif end is None and title.get("termine") is True:
            notes.append(f"Le texte nomme le « {name} » : ce titre a pris fin depuis. "
                         "Vérifiez avant la séance le titre en vigueur, et adaptez le texte "
                         "si le conseil le souhaite.")
    return notes


def _sender(campaign: Campaign) -> list[str]:
    """The declared sender's name, address and contact, each a line; [] when none is declared."""
    sender = campaign.sender
    if sender is None:
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


def has_visa(body: Body) -> bool:
    """Whether the CGCT governs this council (every one but a few collectivités d'outre-mer)."""
    return body.type != "com" or body.code in _CGCT_COM


_TOKEN = re.compile("(\ue000[^\ue001]*\ue001)")


def _french(text: str) -> str:
    """French typography (’, no-break spaces before « : ; ! ? » and inside « »), around the
    template's placeholders, which it leaves as they are."""
    parts = _TOKEN.split(text)
    out = []
    for index, part in enumerate(parts):
        if index % 2 or not part.strip():
            out.append(part)
            continue
        lead, trail = part[:len(part) - len(part.lstrip())], part[len(part.rstrip()):]
        out.append(lead + typeset(part) + trail)
    return "".join(out)


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
        normal.paragraph_format.space_after = Pt(6)
        heading = self.doc.styles["Heading 2"]  # the template's is blue Calibri: not a motion's
        fonts = heading.element.get_or_add_rPr().get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        heading.font.name, heading.font.size = "Liberation Serif", Pt(12.5)
        heading.font.color.rgb = RGBColor(0, 0, 0)
        self._french()

    def _french(self) -> None:
        """French everywhere Word and LibreOffice look for a language (spell-checking,
        hyphenation), instead of the template's en-US."""
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
        if r_pr is not None:
            lang = r_pr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                r_pr.append(lang)
            lang.set(qn("w:val"), LANGUAGE)
            lang.set(qn("w:eastAsia"), LANGUAGE)
            lang.set(qn("w:bidi"), "ar-SA")
        theme = self.doc.settings.element.find(qn("w:themeFontLang"))
        if theme is not None:
            theme.set(qn("w:val"), LANGUAGE)
        self.doc.core_properties.language = LANGUAGE

    def para(self, text: str = "", *, bold: bool = False, italic: bool = False,
             center: bool = False, size: float | None = None, style: str | None = None,
             grey: bool = False) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(_french(text))
            run.bold, run.italic = bold or None, italic or None
            if size:
                run.font.size = Pt(size)
            if grey:
                run.font.color.rgb = _GREY
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def labelled(self, label: str, value: str) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(_french(label)).bold = True
        paragraph.add_run(_french(value))
        return paragraph

    def link(self, paragraph: Paragraph, url: str, text: str) -> None:
        """A clickable link (python-docx has no API for one): a hyperlink element pointing at an
        external relationship, its text underlined in blue."""
        rid = self.doc.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        color = OxmlElement("w:color")
        color.set(qn("w:val"), _LINK_BLUE)
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        props.extend([color, underline])
        run.append(props)
        node = OxmlElement("w:t")
        node.text = _french(text)
        run.append(node)
        hyperlink.append(run)
        paragraph._p.append(hyperlink)

    def counts(self, rows: tuple[tuple[str, str], ...]) -> None:
        """Two columns of « label : blank » for the session's numbers, never split across pages."""
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.autofit = False  # LibreOffice would shrink the columns to the text
        for row, labels in zip(table.rows, rows, strict=True):
            cant_split = OxmlElement("w:cantSplit")
            row._tr.get_or_add_trPr().append(cant_split)
            for cell, label in zip(row.cells, labels, strict=True):
                cell.width = Cm(8.3)
                cell.text = _french(f"{label} : {BLANK[:7]}") if label else ""
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True

    def heading(self, text: str) -> Paragraph:
        paragraph: Paragraph = self.doc.add_heading(text, level=2)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def bytes(self, title: str) -> bytes:
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by = title, "", ""
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
_TITLE_TOKEN = "\ue000titre\ue001"  # noqa: S105 - a placeholder, not a password
_FILLED = ("word/document.xml", "word/_rels/document.xml.rels", "docProps/core.xml")


def _note_page(w: _Writer, campaign: Campaign, with_report: bool, today: dt.date | None) -> None:
    """The town hall's page: clearly no part of the motion, which starts on the next page."""
    w.para("Note pour le secrétariat", bold=True, size=14)
    w.para("Cette page accompagne le projet de motion : elle ne fait pas partie de la motion et "
           "n'est pas soumise au vote. La motion commence à la page suivante.", italic=True)
    by = campaign.proposed_by
    proposed = f", proposée aux conseils par {', '.join(by)}" if by else ""
    w.para(f"Ce document propose {_TO_COUNCIL_TOKEN} d'adopter la motion « "
           f"{motion_object(campaign)} »{proposed}.")
    w.para("Le texte est modifiable : le conseil reste seul juge de ce qu'il adopte. Avant la "
           "séance, complétez sa date et le nom du rapporteur ; après le vote, les nombres du "
           "vote, le résultat et les signatures.")
    for note in ended_titles(campaign, today):
        w.para(note)
    sender = _sender(campaign)
    if sender:
        w.para("Après le vote", bold=True)
        w.para("Merci d'adresser une copie de la délibération (extrait du registre, avec le "
               "nombre de votants et le résultat du vote), qu'elle soit adoptée ou rejetée, à :")
        for line in sender:
            w.para(line, bold=True)
    elif with_report:
        w.para("Après le vote", bold=True)
        paragraph = w.para("Merci de signaler la délibération, qu'elle soit adoptée ou rejetée, "
                           "avec l'adresse du document publié, sur le formulaire public de la "
                           "campagne, déjà rempli pour votre collectivité : ")
        w.link(paragraph, _REPORT_TOKEN, "signaler la délibération")
        paragraph.add_run(".")
    w.para(f"Campagne : {_text(campaign.data.get('titre')) or campaign.id}.", italic=True,
           size=9.5, grey=True)


def _motion(w: _Writer, campaign: Campaign, visa: bool) -> None:
    """The motion itself, as the council adopts it."""
    council = _COUNCIL_TOKEN
    first = w.para(council, bold=True, center=True, size=14)
    first.paragraph_format.page_break_before = True
    w.para(f"Séance du {BLANK}", center=True)
    w.labelled("Nomenclature ACTES : ", ACTES_MATTER)
    w.labelled("Objet : ", motion_object(campaign))
    w.labelled("Rapporteur : ", BLANK)

    proposal = f"Il est proposé {_TO_COUNCIL_TOKEN} d'adopter la motion suivante :"
    context = dated_context(campaign)
    w.heading("Exposé des motifs")
    if context is not None:
        lead, paragraphs = context
        w.para(lead)
        for paragraph in paragraphs:
            w.para(paragraph, italic=True).paragraph_format.left_indent = Cm(0.8)
    w.para(proposal)

    w.heading("Motion")
    text = _paragraphs(_text(campaign.data.get("texte")))
    w.para(f"{council},")
    if visa:
        w.para(VISA)
    for paragraph in text:
        w.para(_COUNCIL.sub(council, paragraph))
    if not any(_COUNCIL.match(p) for p in text):
        w.para(f"{council} demande :")
    for demand in campaign.demands:
        if isinstance(demand, str):
            w.para(demand, style="List Bullet")

    # The vote block, from its heading to the signatures, on one page.
    w.heading("Vote")
    w.counts((("Membres en exercice", "Votants"), ("Présents", "Pour"), ("Pouvoirs", "Contre"),
              ("", "Abstentions")))
    block = [w.para(""),
             w.para("Résultat :   ☐ adoptée à l'unanimité    ☐ adoptée    ☐ rejetée"),
             w.para(f"Fait et délibéré à {BLANK}, le {BLANK}"),
             w.para("Pour extrait conforme,"),
             w.para(f"{_SIGNATORY_TOKEN},", bold=True),
             w.para(""),
             w.para(""),
             w.para(f"Le ou la secrétaire de séance, {BLANK}")]
    for kept in block[:-1]:
        kept.paragraph_format.keep_with_next = True


def template(campaign: Campaign, with_report: bool, visa: bool = True,
             today: dt.date | None = None) -> list[tuple[str, bytes]]:
    """The zip entries of the campaign's document, with placeholders for the council."""
    w = _Writer()
    _note_page(w, campaign, with_report, today)
    _motion(w, campaign, visa)
    return _entries(w.bytes(_TITLE_TOKEN))


def fill(entries: list[tuple[str, bytes]], campaign: Campaign, state: TargetState,
         ref: Referential, report_url: str | None) -> bytes:
    """One council's DOCX from the campaign's template: its values, XML-escaped, in place. The
    title is cut to its limit once the council's name is in it, never through a character."""
    council = designation(state.body, ref)
    title = cut(typeset(f"{motion_object(campaign)} · {council}"), TITLE_LIMIT)
    values = {_COUNCIL_TOKEN: typeset(council), _TO_COUNCIL_TOKEN: typeset(to_council(council)),
              _SIGNATORY_TOKEN: typeset(signatory(state.body, ref)),
              _REPORT_TOKEN: report_url or "", _TITLE_TOKEN: title}
    filled = []
    for name, content in entries:
        if name in _FILLED:
            text = content.decode("utf-8")
            for token, value in values.items():
                text = text.replace(token, escape(value, {'"': "&quot;"}))
            content = text.encode("utf-8")
        filled.append((name, content))
    return normalised_zip(filled)


def document(campaign: Campaign, state: TargetState, ref: Referential, report_url: str | None,
             today: dt.date | None = None) -> bytes:
    """The DOCX of one council: `report_url` is the pre-filled report form for it (used when the
    campaign declares no sender); `today` dates the note on offices that have ended."""
    entries = template(campaign, report_url is not None, has_visa(state.body), today)
    return fill(entries, campaign, state, ref, report_url)


def build_kit(campaign: Campaign, states: Iterable[TargetState], ref: Referential,
              report_url: Callable[[TargetState], str | None],
              today: dt.date | None = None) -> list[KitDocument]:
    """The documents of the targets still `en_attente`, in the targets' order; none when the
    campaign proposes no text to councils (see `refusal`)."""
    if refusal(campaign):
        return []
    templates: dict[tuple[bool, bool], list[tuple[str, bytes]]] = {}
    documents = []
    for state in states:
        if state.status != PENDING:
            continue
        url = report_url(state)
        key = (url is not None, has_visa(state.body))
        entries = templates.get(key)
        if entries is None:
            entries = templates[key] = template(campaign, *key, today)
        documents.append(KitDocument(state.body.key, file_name(state), state.departements,
                                     fill(entries, campaign, state, ref, url)))
    return documents
