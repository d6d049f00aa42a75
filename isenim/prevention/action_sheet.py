"""The action sheet: a printable page taken to a bazaar or a station, on which the people reached are
counted by hand (a tally grid, sex × age band), the materials taken and brought back are written down, and
the staff sign; the counts are then entered from a phone (the tally form).

In the language of the staff member's interface (the request's language, active when this runs). Through
core.pdf (fpdf2, DejaVu: every Karakalpak letter). No person is named on it but the staff present.
"""

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from fpdf.enums import MethodReturnValue, XPos, YPos

from isenim.core.pdf import BODY_SIZE, FONT, GREY, LIGHT, LINE, SMALL_SIZE, PdfDocument, clean
from isenim.prevention.choices import AgeBand, Sex
from isenim.prevention.selectors.actions import materials_of

BLANK_MATERIAL_LINES = 3
# mm: the heading (1 + LINE), the first line of a name and a signature (11) and room for the second (10)
SIGNATURES_HEIGHT = 1 + LINE + 11 + 10
GRID_ROW_HEIGHT = 20  # mm: room for tally marks
GRID_ROW_SMALLER = (17, 14)  # mm: when many materials would push the sheet onto a second page


def _when(action) -> str:
    starts = timezone.localtime(action.starts_at)
    text = f"{date_format(starts.date(), 'DATE_FORMAT')}, {time_format(starts.time(), 'H:i')}"
    if action.ends_at:
        text += f" – {time_format(timezone.localtime(action.ends_at).time(), 'H:i')}"
    return text


def _place(action) -> str:
    place = action.district.name()
    if action.assembly_id:
        place += f" · {action.assembly.name()}"
    return place


class ActionSheet(PdfDocument):
    def tally_grid(self, row_height: float = GRID_ROW_HEIGHT) -> None:
        bands = list(AgeBand)
        first = 34
        total_width = 24
        width = (self.epw - first - total_width) / len(bands)
        self.set_font(FONT, "B", SMALL_SIZE + 1)
        self.set_fill_color(*LIGHT)
        self.cell(first, 8, "", border=1, fill=True)
        for band in bands:
            self.cell(width, 8, clean(band.label), border=1, align="C", fill=True)
        self.cell(
            total_width,
            8,
            clean(_("Total")),
            border=1,
            align="C",
            fill=True,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        for sex in Sex:
            self.set_font(FONT, "B", BODY_SIZE)
            self.cell(first, row_height, clean(sex.label), border=1, fill=True)
            for _band in bands:
                self.cell(width, row_height, "", border=1)
            self.cell(total_width, row_height, "", border=1, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", BODY_SIZE)
        self.ln(2)

    def materials_table(self, headers: list[str], rows: list[list[str]]) -> None:
        """A bordered table whose blank rows stay blank (lines to write on); the first column wraps."""
        widths = [self.epw * 0.5, self.epw * 0.25, self.epw * 0.25]
        self.set_font(FONT, "B", SMALL_SIZE + 1)
        self.set_fill_color(*LIGHT)
        for width, label in zip(widths, headers, strict=True):
            self.cell(width, 8, clean(label), border=1, fill=True)
        self.ln(8)
        self.set_font(FONT, "", SMALL_SIZE + 1)
        for values in rows:
            text = clean(values[0]) if values[0] else ""
            lines = (
                self.multi_cell(
                    widths[0] - 2, 4.5, text, dry_run=True, output=MethodReturnValue.LINES, new_x=XPos.LEFT
                )
                if text
                else [""]
            )
            height = max(9, len(lines) * 4.5 + 2)
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
            x, y = self.get_x(), self.get_y()
            self.rect(x, y, widths[0], height)
            if text:
                self.set_xy(x + 1, y + 1)
                self.multi_cell(widths[0] - 2, 4.5, text, new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.set_xy(x + widths[0], y)
            for width, value in zip(widths[1:], values[1:], strict=True):
                self.cell(width, height, clean(value) if value else "", border=1, align="C")
            self.set_xy(x, y + height)
        self.set_font(FONT, "", BODY_SIZE)
        self.ln(3)

    def signature_lines(self, pairs: list[tuple[str, str]]) -> None:
        """Each pair on one line: a name to write, then a signature."""
        half = self.epw / 2
        for name_label, signature_label in pairs:
            if self.get_y() + 10 > self.page_break_trigger:
                self.add_page()
            y = self.get_y() + 7
            for offset, label in ((0, name_label), (half, signature_label)):
                self.set_x(self.l_margin + offset)
                label = clean(label)
                width = self.get_string_width(label) + 3
                self.cell(width, 9, label)
                self.line(self.get_x(), y, self.l_margin + offset + half - 4, y)
            self.ln(11)

    def blank_lines(self, labels: list[str]) -> None:
        """Labels each followed by a line to write on."""
        for label in labels:
            self.set_font(FONT, "", BODY_SIZE)
            label = clean(label)
            label_width = self.get_string_width(label) + 3
            self.cell(label_width, 9, label)
            y = self.get_y() + 7
            self.line(self.get_x(), y, self.w - self.r_margin, y)
            self.ln(10)


def action_sheet_pdf(action, *, staff_member=None) -> bytes:
    """The sheet of one action, in the active language, on one page: the materials table has blank lines
    to write on (3 rows in all, at least one blank), fewer (down to none), then smaller tally boxes, when
    long titles would push the end of the sheet onto a second page."""
    lines = materials_of(action)
    tries = [(blank, GRID_ROW_HEIGHT) for blank in range(max(1, BLANK_MATERIAL_LINES - len(lines)), -1, -1)]
    tries += [(0, grid) for grid in GRID_ROW_SMALLER]  # then smaller boxes for the marks
    for blank, grid in tries:
        doc = _sheet(action, lines, blank, staff_member, grid)
        if doc.page == 1:
            break
    return doc.output_bytes()


def _sheet(action, lines, blank: int, staff_member, grid: float = GRID_ROW_HEIGHT) -> ActionSheet:
    day = date_format(timezone.localtime(action.starts_at).date(), "SHORT_DATE_FORMAT")
    subtitle = f"{action.place_name} · {day}"
    doc = ActionSheet(title=_("Outreach action sheet"), subtitle=subtitle)
    staff = ", ".join(member.display_name() for member in action.staff.all())
    doc.key_values(
        [
            (_("Type of place"), action.get_place_type_display()),
            (_("Place"), action.place_name),
            (_("District and citizens' assembly"), _place(action)),
            (_("Date and time"), _when(action)),
            (_("Campaign"), str(action.campaign) if action.campaign_id else "—"),
            (_("Staff present"), staff or "—"),
        ]
    )
    doc.section(_("People reached"))
    doc.paragraph(
        _(
            "Make one mark for each person you talk to or give a material to, in the box of their sex and "
            "age band; count the marks afterwards and enter them from your phone. Write no names."
        ),
        small=True,
    )
    doc.tally_grid(grid)
    doc.blank_lines([_("Consultations given (people who asked for advice):")])

    doc.section(_("Materials taken"))
    rows = [[str(line.edition), str(line.taken), ""] for line in lines]
    rows += [["", "", ""] for _index in range(blank)]  # lines to write on for what else is taken
    doc.materials_table([_("Material (edition)"), _("Taken from stock"), _("Brought back unused")], rows)

    if doc.get_y() + SIGNATURES_HEIGHT > doc.page_break_trigger:
        doc.add_page()  # the signatures stay together
    top = doc.get_y()
    doc.subheading(_("Signatures"))
    if staff_member is not None:  # on the heading's line, to the right: no line of its own
        below = doc.get_y()
        doc.set_font(FONT, "", SMALL_SIZE)
        doc.set_text_color(*GREY)
        doc.set_xy(doc.l_margin, top + 1)
        printed = _("Printed by %(name)s on %(date)s.") % {
            "name": staff_member.display_name(),
            "date": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
        }
        doc.cell(doc.epw, LINE, clean(printed), align="R")
        doc.set_text_color(0, 0, 0)
        doc.set_font(FONT, "", BODY_SIZE)
        doc.set_xy(doc.l_margin, below)
    doc.signature_lines(
        [(_("Counted by (name):"), _("Signature:")), (_("Checked by (name):"), _("Signature:"))]
    )
    return doc
