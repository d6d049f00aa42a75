"""Printable documents (case summary, later the pre-departure memo and the handover act) with fpdf2.

Every page has the header "Isenim", the document's title, and a footer with the page number and
"Confidential". Text is set in DejaVu Sans, shipped in ``core/fonts`` (see its README.txt): it carries
every letter of Karakalpak in both scripts, which the PDF core fonts do not. Labels are the caller's, already
translated into the reader's language; this module only translates its own footer.

    doc = PdfDocument(title=_("Case summary"), subtitle="CASE-2026-00042")
    doc.key_values([(_("Status"), "Open"), ...])
    doc.section(_("Services delivered"))
    doc.table([_("Date"), _("Service")], rows, widths=(30, 150))
    doc.paragraph(text)
    content: bytes = doc.output()

Nothing is fetched from outside: no images by URL, no external fonts. The document's metadata carries the
title only (never a person's name): keep personal data out of ``title`` and ``subtitle``.
"""

import logging
from collections.abc import Sequence
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF, FontFace
from fpdf.enums import MethodReturnValue, TableBordersLayout, XPos, YPos

# fontTools logs every step of subsetting the fonts at INFO: noise in the server's log.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
BRAND = "Isenim"
EMPTY = "—"
CUT = "[…]"  # a cell cut short in a table; its full text follows the table under the same mark
MAX_CELL_LINES = 30  # a table row must fit on one page

BODY_SIZE = 10
SMALL_SIZE = 8
LINE = 5.5
GREY = (90, 90, 90)
LIGHT = (235, 238, 242)


DEMO_COLOUR = (150, 20, 20)


def _demo_notice() -> str:
    """The line every page carries while the demo data set is loaded (core.demo); empty otherwise."""
    from isenim.core.demo import demo_data_loaded

    if not demo_data_loaded():
        return ""
    return _(
        "DEMO DATA: the people are invented, the phone numbers, addresses and guide facts are demo values "
        "or not checked. Never give this document to anyone as fact."
    )


def clean(text) -> str:
    """Text fit for a PDF line: no control characters except newlines, never None."""
    text = "" if text is None else str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return "".join(ch for ch in text if ch == "\n" or ch >= " " or ch == "\u00a0").strip() or EMPTY


class PdfDocument(FPDF):
    """An A4 document with the house header and footer; write it with the methods below, then ``output()``."""

    def __init__(self, *, title: str, subtitle: str = ""):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc_title = clean(title)
        self.doc_subtitle = subtitle.strip()
        self.confidential = _("Confidential")
        self.demo_notice = _demo_notice()
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_title(f"{self.doc_title} {self.doc_subtitle}".strip())
        self.set_creator(BRAND)
        self.set_author(BRAND)
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=20)
        self.alias_nb_pages()
        self.add_page()
        self._title_block()

    # --- page furniture --------------------------------------------------------------------------
    def header(self) -> None:
        self.set_font(FONT, "B", SMALL_SIZE)
        self.set_text_color(*GREY)
        self.cell(self.epw / 2, 5, BRAND)
        self.set_font(FONT, "", SMALL_SIZE)
        label = f"{self.doc_title} {self.doc_subtitle}".strip()
        self.cell(self.epw / 2, 5, label, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*GREY)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        if self.demo_notice:  # on every page: a demo phone number must never pass for a checked one
            self.set_font(FONT, "B", SMALL_SIZE)
            self.set_text_color(*DEMO_COLOUR)
            self.multi_cell(0, 4, self.demo_notice, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(2)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, "", BODY_SIZE)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", SMALL_SIZE)
        self.set_text_color(*GREY)
        self.cell(self.epw / 2, 5, self.confidential.upper())
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": self.str_alias_nb_pages}
        self.cell(self.epw / 2, 5, page, align="R")
        self.set_text_color(0, 0, 0)

    def _title_block(self) -> None:
        self.set_font(FONT, "B", 16)
        self.multi_cell(0, 8, self.doc_title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self.doc_subtitle:
            self.set_font(FONT, "", 12)
            self.multi_cell(0, 7, clean(self.doc_subtitle), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)
        self.set_font(FONT, "", BODY_SIZE)

    # --- content ---------------------------------------------------------------------------------
    def section(self, title: str) -> None:
        """A section heading; starts a new page when too little room is left for its first lines."""
        if self.get_y() > self.page_break_trigger - 40:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 12)
        self.multi_cell(0, 7, clean(title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*LIGHT)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)
        self.set_font(FONT, "", BODY_SIZE)

    def subheading(self, text: str) -> None:
        self.ln(1)
        self.set_font(FONT, "B", BODY_SIZE)
        self.multi_cell(0, LINE, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", BODY_SIZE)

    def paragraph(self, text: str, *, small: bool = False) -> None:
        self.set_font(FONT, "", SMALL_SIZE if small else BODY_SIZE)
        if small:
            self.set_text_color(*GREY)
        self.multi_cell(0, LINE, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, "", BODY_SIZE)
        self.ln(1)

    def key_values(self, rows: Sequence[tuple[str, str]], *, key_width: float = 55) -> None:
        """Label–value pairs, labels in bold on the left; long values wrap (a value too long for one page
        is cut in the table and printed in full after it)."""
        if not rows:
            return
        self.set_font(FONT, "", BODY_SIZE)
        value_width = self.epw - key_width
        overflow: list[tuple[str, str]] = []
        with self.table(
            col_widths=(key_width, value_width),
            width=self.epw,
            first_row_as_headings=False,
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            text_align=("LEFT", "LEFT"),
            line_height=LINE,
            padding=(1, 1.5),
            v_align="TOP",
        ) as table:
            for key, value in rows:
                row = table.row()
                row.cell(clean(key), style=FontFace(emphasis="BOLD"))
                shown, cut = self._fit(clean(value), value_width)
                row.cell(shown)
                if cut:
                    overflow.append((clean(key), clean(value)))
        self.ln(2)
        self._continued(overflow)

    def table_rows(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], *, widths: Sequence[float]
    ) -> None:
        """A table with a heading row (repeated on each page); ``widths`` are relative. A cell too long
        for one page is cut in the table and printed in full after it, under its row and column."""
        if not rows:
            return
        self.set_font(FONT, "", SMALL_SIZE + 1)
        total = sum(widths)
        widths_mm = [self.epw * width / total for width in widths]
        overflow: list[tuple[str, str]] = []
        with self.table(
            col_widths=tuple(widths),
            width=self.epw,
            headings_style=FontFace(emphasis="BOLD", fill_color=LIGHT),
            text_align="LEFT",
            line_height=LINE - 1,
            padding=(1, 1.5),
            v_align="TOP",
        ) as table:
            heading = table.row()
            for label in headers:
                heading.cell(clean(label))
            for values in rows:
                row = table.row()
                for column, value in enumerate(values):
                    shown, cut = self._fit(clean(value), widths_mm[column])
                    row.cell(shown)
                    if cut:
                        overflow.append((f"{clean(values[0])} · {clean(headers[column])}", clean(value)))
        self.set_font(FONT, "", BODY_SIZE)
        self.ln(2)
        self._continued(overflow)

    def _fit(self, text: str, width: float) -> tuple[str, bool]:
        """``text`` as it fits in a cell ``width`` mm wide without the row outgrowing a page (in the current
        font), and whether it had to be cut."""
        lines = self.multi_cell(
            width - 3, LINE, text, dry_run=True, output=MethodReturnValue.LINES, new_x=XPos.LEFT
        )
        if len(lines) <= MAX_CELL_LINES:
            return text, False
        return "\n".join(lines[: MAX_CELL_LINES - 1]) + "\n" + CUT, True

    def _continued(self, overflow: list[tuple[str, str]]) -> None:
        for title, text in overflow:
            self.subheading(f"{title} {CUT}")
            self.paragraph(text)

    def output_bytes(self) -> bytes:
        return bytes(self.output())
