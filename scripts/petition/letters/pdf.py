"""The letter as a print-ready PDF (A4) with fpdf2: fast enough for 35,000 signatories.

Text is only ever drawn as text (no `write_html`, no markdown mode, no links, no images), so
contributor text cannot reach a file, a URL or an attachment; the only files read are the fonts
shipped with the package. The creation date comes from the letter's date, and fpdf2 derives the
document ID from the content, so the same letter always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib import resources

from fpdf import FPDF

from petition.letters.compose import Letter
from petition.letters.pdf_lists import ListWriter
from petition.text.french import NNBSP, number

FONT = "DejaVuSerif"
FONT_FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf"}
PAGES_ALIAS = "\ue000\ue001\ue002"  # private use: never in a letter's text (french.clean drops it)
LEFT, RIGHT, TOP, BOTTOM = 25.0, 20.0, 18.0, 20.0
ADDRESS_X = 100.0  # where a window envelope shows the recipient
GREY = (90, 90, 90)
DRAFT_GREY = (222, 222, 222)
DRAFT_MARK = "PROJET DE LETTRE"


class LetterPDF(FPDF):
    def __init__(self, letter: Letter) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.letter = letter
        self.annex_running = ""  # the header of annex pages: the région and département under way
        self.in_annex = False
        self.set_margins(LEFT, TOP, RIGHT)
        self.set_auto_page_break(True, margin=BOTTOM)
        self.alias_nb_pages(PAGES_ALIAS)

    def header(self) -> None:
        if self.letter.draft:
            self._draft_mark()
        if not self.in_annex:
            return
        self.set_font(FONT, "I", 8)
        self.set_text_color(*GREY)
        self.set_xy(LEFT, 10)
        self.cell(self.epw / 2, 4, self.letter.annex_title)
        self.cell(self.epw / 2, 4, self.annex_running, align="R")
        self.line(LEFT, 14.5, self.w - RIGHT, 14.5)
        self.set_text_color(0)
        self.set_xy(LEFT, TOP + 2)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        page = f"Page {self.page_no()} sur {PAGES_ALIAS}"
        if self.letter.draft:
            page = f"{DRAFT_MARK} — {page}"
        self.cell(0, 4, page, align="C")
        self.set_text_color(0)

    def _draft_mark(self) -> None:
        """« PROJET DE LETTRE » across the page, light enough to read the text through."""
        x, y = self.get_x(), self.get_y()
        self.set_font(FONT, "B", 54)
        self.set_text_color(*DRAFT_GREY)
        with self.rotation(50, self.w / 2, self.h / 2):
            width = self.get_string_width(DRAFT_MARK)
            self.text(self.w / 2 - width / 2, self.h / 2 + 8, DRAFT_MARK)
        self.set_text_color(0)
        self.set_xy(x, y)

    # --- building blocks ---------------------------------------------------------------------
    def paragraph(self, text: str, size: float = 11, style: str = "", indent: float = 0,
                  align: str = "J", after: float = 3) -> None:
        self.set_font(FONT, style, size)
        self.set_x(LEFT + indent)
        self.multi_cell(self.epw - indent, size * 0.5, text, align=align, new_x="LMARGIN",
                        new_y="NEXT")
        self.ln(after)

    def heading(self, text: str, size: float = 12, before: float = 3) -> None:
        if self.will_page_break(before + size * 0.5 + 14):
            self.add_page()
        else:
            self.ln(before)
        self.paragraph(text, size, "B", align="L", after=1.5)

    def lines_at(self, x: float, lines: tuple[str, ...], size: float = 11, style: str = "") -> None:
        self.set_font(FONT, style, size)
        for line in lines:
            self.set_x(x)
            self.multi_cell(self.w - RIGHT - x, size * 0.48, line, align="L", new_x="LMARGIN",
                            new_y="NEXT")


@contextmanager
def _fonts(pdf: FPDF) -> Iterator[None]:
    folder = resources.files("petition.data").joinpath("fonts")
    with ExitStack() as stack:
        for style, name in FONT_FILES.items():
            path = stack.enter_context(resources.as_file(folder.joinpath(name)))
            pdf.add_font(FONT, style, str(path))
        yield


def _head(pdf: LetterPDF, letter: Letter) -> None:
    pdf.set_y(TOP)
    if letter.draft:
        pdf.set_text_color(150, 0, 0)
        pdf.paragraph(letter.draft_note, 9.5, "B", align="L", after=0)
        pdf.set_text_color(0)
    pdf.lines_at(LEFT, letter.sender, 11, "B")
    pdf.set_y(max(pdf.get_y() + 8, 48))
    pdf.lines_at(ADDRESS_X, letter.recipient.block, 11)
    pdf.ln(8)
    pdf.set_font(FONT, "", 11)
    pdf.cell(0, 5, letter.date, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    for label, value in ((f"Objet{NNBSP}: ", letter.subject),
                         (f"Pièce jointe{NNBSP}: ", letter.attachment)):
        if value:
            pdf.set_font(FONT, "B", 11)
            width = pdf.get_string_width(label)
            pdf.cell(width, 5.5, label)
            pdf.set_font(FONT, "", 11)
            pdf.multi_cell(pdf.epw - width, 5.5, value, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(7)
    pdf.paragraph(letter.salutation, align="L", after=4)


def _text(pdf: LetterPDF, letter: Letter) -> None:
    for paragraph in (*letter.intro, *letter.history):
        pdf.paragraph(paragraph)
    if letter.text_lead:
        pdf.paragraph(letter.text_lead, after=2)
        for paragraph in letter.text:
            pdf.paragraph(paragraph, 10.5, "I", indent=8, after=2)
        pdf.set_font(FONT, "I", 10.5)
        for demand in letter.demands:
            pdf.set_x(LEFT + 8)
            pdf.cell(5, 5.25, "–")
            pdf.multi_cell(pdf.epw - 13, 5.25, demand, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        pdf.ln(2)


def _figures(pdf: LetterPDF, letter: Letter) -> None:
    pdf.heading("En chiffres")
    pdf.set_font(FONT, "B", 10.5)
    width = max(pdf.get_string_width(f"{label}{NNBSP}:") for label, _ in letter.figures) + 3
    for label, value in letter.figures:
        pdf.set_font(FONT, "B", 10.5)
        pdf.cell(width, 5.25, f"{label}{NNBSP}:")
        pdf.set_font(FONT, "", 10.5)
        pdf.multi_cell(pdf.epw - width, 5.25, value, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)


def _summary(pdf: LetterPDF, letter: Letter) -> None:
    """Large campaigns: bodies by région, as a small table; the list itself is annexed."""
    widths = (62.0, 28.0, pdf.epw - 90.0)
    pdf.set_font(FONT, "B", 9.5)
    for width, title, align in zip(widths, ("Région", "Collectivités", "Dont"), "LRL", strict=True):
        pdf.cell(width, 6, title, border="B", align=align)
    pdf.ln(6.5)
    pdf.set_font(FONT, "", 9.5)
    for region in letter.regions:
        if pdf.will_page_break(5):
            pdf.add_page()
        y = pdf.get_y()
        pdf.multi_cell(widths[0] - 2, 4.75, region.title, align="L", new_x="LMARGIN", new_y="NEXT")
        bottom = pdf.get_y()
        pdf.set_xy(LEFT + widths[0], y)
        pdf.cell(widths[1] - 4, 4.75, number(region.total), align="R")
        pdf.set_xy(LEFT + widths[0] + widths[1], y)
        pdf.multi_cell(widths[2], 4.75, region.breakdown, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), bottom) + 0.8)
    pdf.ln(2)
    pdf.paragraph(letter.list_note)


def _bodies(pdf: LetterPDF, letter: Letter, size: float, annex: bool) -> None:
    writer = ListWriter(pdf, FONT, size)
    for region in letter.regions:
        pdf.annex_running = region.title
        writer.heading(region.title, size + (2 if annex else 0.5))
        writer.entries(region.entries)
        for group in region.departements:
            pdf.annex_running = f"{region.title} — {group.title}" if annex else ""
            writer.heading(group.title, size + 0.5, italic=True)
            writer.entries(group.entries)


def _closing(pdf: LetterPDF, letter: Letter) -> None:
    pdf.ln(3)
    *body, politeness = letter.closing
    for paragraph in body:
        pdf.paragraph(paragraph)
    # The formula of politeness and the signature stay together on the last page.
    if pdf.will_page_break(3 * 5.5 + 9 + 5.3 * len(letter.signature)):
        pdf.add_page()
    pdf.paragraph(politeness)
    pdf.ln(6)
    pdf.lines_at(ADDRESS_X, letter.signature, 11, "B")
    pdf.ln(10)
    pdf.set_text_color(*GREY)
    pdf.paragraph(letter.footer, 8, "I", align="L", after=0)
    pdf.set_text_color(0)


def render_pdf(letter: Letter) -> bytes:
    """The letter's PDF, rendered once per process for the same letter (a letter is a value: its
    PDF is the same bytes each time; `mkdocs serve` renders again only the letters that changed)."""
    key = hashlib.blake2b(pickle.dumps(letter, protocol=5), digest_size=32).digest()
    rendered = _RENDERED.get(key)
    if rendered is None:
        rendered = _render_pdf(letter)
        while len(_RENDERED) >= _KEPT:
            del _RENDERED[next(iter(_RENDERED))]
        _RENDERED[key] = rendered
    return rendered


_KEPT = 8  # PDFs kept, by their letter's digest: the latest rendered
_RENDERED: dict[bytes, bytes] = {}


def _render_pdf(letter: Letter) -> bytes:
    pdf = LetterPDF(letter)
    day = letter.issued
    with _fonts(pdf):
        pdf.set_creation_date(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))
        pdf.set_title(f"{letter.heading} — {letter.subject}")
        if letter.sender:
            pdf.set_author(letter.sender[0])
        pdf.set_subject(letter.subject)
        pdf.set_creator("petition")
        pdf.set_lang("fr-FR")
        pdf.add_page()
        _head(pdf, letter)
        _text(pdf, letter)
        _figures(pdf, letter)
        pdf.heading(letter.list_title)
        if letter.annexed:
            _summary(pdf, letter)
        else:
            _bodies(pdf, letter, 10, annex=False)
            if letter.list_note:
                pdf.paragraph(letter.list_note)
        _closing(pdf, letter)
        if letter.annexed:
            pdf.in_annex = True
            pdf.annex_running = ""
            pdf.add_page()
            pdf.set_font(FONT, "B", 13)
            pdf.multi_cell(0, 6.5, letter.annex_title, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            _bodies(pdf, letter, 8.5, annex=True)
        return bytes(pdf.output())

