"""Lists of bodies in the PDF, drawn line by line with `FPDF.text`.

`multi_cell` costs about 1.7 ms a call, so 35,000 entries would take a minute; measuring the
entry and drawing it with `text` costs a tenth of that. Entries too long for one line are
wrapped here, word by word, on ordinary spaces only (no-break spaces keep « 27 septembre » and
« 34 969 » together).
"""

from __future__ import annotations

from fpdf import FPDF

from petition.letters.bodies import Entry

Run = tuple[str, str]  # (text, font style)
BULLET = "•"
INDENT = 4.0  # the bullet's column


class ListWriter:
    def __init__(self, pdf: FPDF, font: str, size: float) -> None:
        self.pdf = pdf
        self.font = font
        self.size = size
        self.line_h = size * 0.47
        self._widths: dict[tuple[str, str], float] = {}

    def width(self, text: str, style: str) -> float:
        key = (text, style)
        found = self._widths.get(key)
        if found is None:
            self.pdf.set_font(self.font, style, self.size)
            found = self._widths[key] = self.pdf.get_string_width(text)
        return found

    def heading(self, text: str, size: float, italic: bool = False) -> None:
        """A région or département title, kept on the page of its first two entries."""
        pdf = self.pdf
        gap = size * 0.35
        if pdf.get_y() + gap + size * 0.5 + 2 * self.line_h > pdf.page_break_trigger:
            pdf.add_page()
        else:
            pdf.set_y(pdf.get_y() + gap)
        pdf.set_font(self.font, "I" if italic else "B", size)
        pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + 0.8)

    def entries(self, entries: tuple[Entry, ...]) -> None:
        pdf = self.pdf
        x0 = pdf.l_margin + INDENT
        available = pdf.w - pdf.r_margin - x0
        font_mm = self.size * 0.3528
        baseline = (self.line_h - font_mm) / 2 + font_mm * 0.8
        for entry in entries:
            # A no-break space before the dash: it never starts a line.
            runs: list[Run] = [(entry.name, "B"), ("\u00a0— " + entry.details, "")]
            if sum(self.width(text, style) for text, style in runs) <= available:
                lines = [runs]
            else:
                lines = self.wrap(runs, available)
            if pdf.get_y() + self.line_h * len(lines) > pdf.page_break_trigger:
                pdf.add_page()  # an entry is never split across pages
            for index, line in enumerate(lines):
                if pdf.get_y() + self.line_h > pdf.page_break_trigger:
                    pdf.add_page()  # only an entry longer than a page gets here
                y = pdf.get_y() + baseline
                if index == 0:
                    pdf.set_font(self.font, "", self.size)
                    pdf.text(pdf.l_margin + 0.5, y, BULLET)
                x = x0
                for text, style in line:
                    pdf.set_font(self.font, style, self.size)
                    pdf.text(x, y, text)
                    x += self.width(text, style)
                pdf.set_y(pdf.get_y() + self.line_h)
            pdf.set_y(pdf.get_y() + self.line_h * 0.15)

    def wrap(self, runs: list[Run], available: float) -> list[list[Run]]:
        """Runs cut into lines no wider than `available`, breaking at ordinary spaces."""
        lines: list[list[Run]] = [[]]
        used = 0.0
        for text, style in runs:
            space = self.width(" ", style)
            for index, word in enumerate(text.split(" ")):
                glue = index > 0
                if not word:
                    continue
                word_w = self.width(word, style)
                if glue and lines[-1] and used + space + word_w > available:
                    lines.append([])
                    used = 0.0
                    glue = False
                piece = (" " if glue and lines[-1] else "") + word
                used += self.width(piece, style) if piece != word else word_w
                line = lines[-1]
                if line and line[-1][1] == style:
                    line[-1] = (line[-1][0] + piece, style)
                else:
                    line.append((piece, style))
        return [line for line in lines if line]
