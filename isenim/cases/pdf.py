"""The case summary PDF: the case, its person, team, latest assessment, plan, services, referrals and the
notes the reader may read, in the reader's language (every label through gettext; the request's language
is already active). Built from ``selectors.summary.case_summary``, which did the access checks."""

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from isenim.cases.selectors.summary import CaseSummary
from isenim.core.pdf import EMPTY, PdfDocument
from isenim.core.templatetags.ui import ui_script


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else EMPTY


def _name(user) -> str:
    return ui_script(user.display_name()) if user is not None else EMPTY


def file_name(summary: CaseSummary) -> str:
    return f"case-{summary.case.number}-summary.pdf"


def case_summary_pdf(summary: CaseSummary, *, reader) -> bytes:
    case = summary.case
    doc = PdfDocument(title=_("Case summary"), subtitle=case.number)
    _overview(doc, summary)
    _assessment(doc, summary)
    _plan(doc, summary)
    _services(doc, summary)
    _referrals(doc, summary)
    _notes(doc, summary)
    doc.ln(4)
    doc.paragraph(
        _("Printed on %(date)s by %(name)s. Keep this paper locked away; shred it when no longer needed.")
        % {"date": date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"), "name": _name(reader)},
        small=True,
    )
    return doc.output_bytes()


def _overview(doc: PdfDocument, summary: CaseSummary) -> None:
    case = summary.case
    team = [
        f"{_name(member.user)} · {member.user.get_role_display()}"
        + (f" · {_('case manager')}" if member.user_id == case.manager_id else "")
        for member in summary.team
    ]
    rows = [
        (_("Case number"), case.number),
        (_("Person"), f"{case.person.code} · {case.person.display_name()}"),
        (_("Status"), case.get_status_display()),
        (_("Opened on"), _day(case.opened_on)),
    ]
    if case.appeal_id:
        rows.append((_("Appeal"), case.appeal.code))
    rows += [
        (_("Case manager"), _name(case.manager)),
        (_("Team"), "\n".join(team) or EMPTY),
        (_("Priority"), case.get_priority_display()),
        (_("Risk level"), case.get_risk_display()),
    ]
    if case.is_closed:
        rows += [
            (_("Closed on"), _day(case.closed_on)),
            (_("Closure reason"), case.get_closure_reason_display()),
            (_("Outcome summary"), case.outcome),
        ]
    doc.key_values(rows)


def _assessment(doc: PdfDocument, summary: CaseSummary) -> None:
    doc.section(_("Needs assessment (latest score in each domain)"))
    if not summary.latest_scores:
        doc.paragraph(_("No needs assessment yet."))
        return
    rows = [
        [
            item.score.get_domain_display(),
            item.score.get_score_display(),
            f"{_day(item.assessment.assessed_on)}\n{_name(item.assessment.assessed_by)}",
            item.score.observations,
        ]
        for item in summary.latest_scores
    ]
    doc.table_rows([_("Domain"), _("Score"), _("Assessed"), _("Observations")], rows, widths=(28, 22, 28, 72))


def _plan(doc: PdfDocument, summary: CaseSummary) -> None:
    doc.section(_("Assistance plan"))
    if not summary.goals:
        doc.paragraph(_("No plan goals yet."))
    for goal in summary.goals:
        title = f"{goal.get_domain_display()}: {goal.text}"
        if goal.achieved_on:
            title += " · " + _("achieved on %(date)s") % {"date": _day(goal.achieved_on)}
        doc.subheading(title)
        rows = [
            [task.text, _name(task.assignee), _day(task.due_on), _day(task.done_on)]
            for task in goal.actions.all()
        ]
        if rows:
            doc.table_rows(
                [_("Action"), _("Responsible"), _("Due on"), _("Done on")], rows, widths=(74, 35, 22, 22)
            )
        else:
            doc.paragraph(_("No actions yet."), small=True)
    if summary.other_tasks:
        doc.subheading(_("Other open tasks and follow-ups"))
        rows = [
            [task.get_kind_display(), task.text, _name(task.assignee), _day(task.due_on)]
            for task in summary.other_tasks
        ]
        doc.table_rows([_("Kind"), _("Task"), _("Responsible"), _("Due on")], rows, widths=(22, 74, 35, 22))


def _services(doc: PdfDocument, summary: CaseSummary) -> None:
    doc.section(_("Services delivered"))
    if not summary.services:
        doc.paragraph(_("No services recorded yet."))
        return
    rows = []
    for service in summary.services:
        provider = (
            _name(service.provider_user) if service.provider_user_id else service.provider_partner.name()
        )
        extent = []
        if service.duration_minutes:
            extent.append(_("%(minutes)s min") % {"minutes": service.duration_minutes})
        if service.cost_uzs is not None:
            extent.append(
                _("%(amount)s UZS") % {"amount": number_format(service.cost_uzs, 0, force_grouping=True)}
            )
        rows.append(
            [
                _day(service.delivered_on),
                service.service_type.name(),
                provider,
                "\n".join(extent) or EMPTY,
                summary.service_outcomes.get(service.pk, ""),
            ]
        )
    doc.table_rows(
        [_("Date"), _("Service"), _("Given by"), _("Duration, cost"), _("Outcome")],
        rows,
        widths=(22, 36, 26, 22, 50),
    )


def _referrals(doc: PdfDocument, summary: CaseSummary) -> None:
    doc.section(_("Referrals"))
    if not summary.referrals:
        doc.paragraph(_("No referrals yet."))
        return
    rows = [
        [
            _day(referral.sent_on),
            f"{referral.partner.name()}\n{referral.get_direction_display()}",
            referral.get_status_display(),
            referral.reason,
            referral.feedback,
        ]
        for referral in summary.referrals
    ]
    doc.table_rows(
        [_("Sent on"), _("Partner"), _("Status"), _("Reason"), _("Feedback")],
        rows,
        widths=(22, 38, 20, 38, 36),
    )


def _notes(doc: PdfDocument, summary: CaseSummary) -> None:
    # Only the notes the reader may read; of other disciplines nothing is printed, not even a count.
    doc.section(_("Notes"))
    if not summary.notes:
        doc.paragraph(_("No notes to show."))
        return
    for note in summary.notes:
        doc.subheading(
            f"{date_format(timezone.localtime(note.created_at), 'SHORT_DATETIME_FORMAT')} · "
            f"{note.get_discipline_display()} · {_name(note.author)}"
        )
        doc.paragraph(note.body)
