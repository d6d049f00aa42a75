"""The attendance sheet of a meeting with residents: a printable page on which the residents present are
counted by hand (a tally grid, sex × age band, with the total), the materials handed out are written down,
the questions raised are noted, and the facilitators sign; the counts are then entered from a phone (the
attendance form, which checks that the cells add up to the total written here).

The layout is prevention's action sheet (``prevention.action_sheet.ActionSheet``), in the language of the
staff member's interface; through core.pdf (DejaVu: every Karakalpak letter). Nobody is named on it but the
facilitators.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from isenim.grants.selectors.coverage import is_target
from isenim.grants.selectors.meetings import materials_of
from isenim.prevention.action_sheet import ActionSheet

BLANK_MATERIAL_LINES = 3


def meeting_sheet_pdf(meeting, *, staff_member=None) -> bytes:
    project = meeting.project
    assembly = meeting.assembly
    place = assembly.name()
    if assembly.parent_id:
        place = f"{assembly.parent.name()} · {place}"
    if not is_target(project, assembly.pk):
        place += " " + _("(outside the project's target assemblies)")
    day = date_format(meeting.held_on, "SHORT_DATE_FORMAT")
    doc = ActionSheet(
        title=_("Attendance sheet: meeting with residents"), subtitle=f"{assembly.name()} · {day}"
    )
    doc.key_values(
        [
            (_("Project"), project.title),
            (_("Donor"), project.donor),
            (_("District and citizens' assembly"), place),
            (_("Date"), date_format(meeting.held_on, "DATE_FORMAT")),
            (_("Venue"), meeting.venue),
            (_("Topics"), ", ".join(topic.name for topic in meeting.topics.all()) or "—"),
            (_("Facilitators"), meeting.facilitators or "—"),
            (_("Partners"), meeting.partners or "—"),
        ]
    )
    doc.section(_("Residents present"))
    doc.paragraph(
        _(
            "Make one mark for each resident present, in the box of their sex and age band; count the marks, "
            "write each box's number and the total, and enter them from your phone. Write no names."
        ),
        small=True,
    )
    doc.tally_grid()
    doc.blank_lines([_("Total present (the sum of the boxes):")])

    doc.section(_("Materials handed out"))
    rows = [[str(line["edition"]), str(line["quantity"]), ""] for line in materials_of(meeting)]
    rows += [["", "", ""] for _index in range(BLANK_MATERIAL_LINES)]
    doc.materials_table([_("Material (edition)"), _("Taken from stock"), _("Handed out")], rows)

    doc.section(_("Questions raised"))
    doc.blank_lines(["", "", ""])

    doc.subheading(_("Signatures"))
    doc.signature_lines(
        [(_("Counted by (name):"), _("Signature:")), (_("Chair of the assembly (name):"), _("Signature:"))]
    )
    if staff_member is not None:
        doc.paragraph(
            _("Printed by %(name)s on %(date)s.")
            % {
                "name": staff_member.display_name(),
                "date": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
            },
            small=True,
        )
    return doc.output_bytes()
