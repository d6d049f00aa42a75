"""Recording a follow-up at 3, 6 or 12 months after the handover; its task in "My work" is done with it."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from isenim.cases.guards import lock_open_case
from isenim.cases.models import Task
from isenim.core.audit import record_event
from isenim.reintegration.choices import (
    INDICATOR_FIELDS,
    MAX_SCORE,
    AidState,
    Milestone,
    Remigration,
    TradeWorked,
)
from isenim.reintegration.models import AidRequest, FollowUp, FollowUpTask
from isenim.reintegration.scoring import scores_of
from isenim.reintegration.services import ReintegrationError

MAX_INCOME_UZS = 10**11
MAX_NOTES = 4000


@dataclass
class FollowUpData:
    months: int
    done_on: date
    trade_worked: str
    remigration: str
    answers: dict[str, int] = field(default_factory=dict)
    monthly_income_uzs: int | None = None
    notes: str = ""
    early_reason: str = ""  # needed when recorded before the follow-up's date


def due_on(request: AidRequest, months: int) -> date:
    """The day a follow-up falls due: so many months after the handover."""
    from isenim.reintegration.services.aid import add_months

    return add_months(request.handover.handed_over_on, months)


def _check(data: FollowUpData, request: AidRequest) -> None:
    if data.months not in Milestone.values:
        raise ReintegrationError(_("Choose the follow-up (3, 6 or 12 months) from the list."))
    if data.done_on is None or data.done_on > timezone.localdate():
        raise ReintegrationError(_("The follow-up date cannot be in the future."))
    if data.done_on < request.handover.handed_over_on:
        raise ReintegrationError(_("A follow-up cannot be before the tools were handed over."))
    early = data.done_on < due_on(request, data.months)
    if early and not (data.early_reason or "").strip():
        raise ReintegrationError(
            _(
                "This follow-up falls due on %(date)s: before then, say why it is recorded early "
                "(the person is leaving, cannot be reached later…)."
            )
            % {"date": date_format(due_on(request, data.months), "SHORT_DATE_FORMAT")}
        )
    if len(data.early_reason or "") > MAX_NOTES:
        raise ReintegrationError(_("The notes are too long."))
    if data.trade_worked not in TradeWorked.values:
        raise ReintegrationError(_("Say whether the person works in the trade."))
    if data.remigration not in Remigration.values:
        raise ReintegrationError(_("Choose the intention to migrate again from the list."))
    if data.monthly_income_uzs is not None and not 0 <= data.monthly_income_uzs <= MAX_INCOME_UZS:
        raise ReintegrationError(_("The income must be a whole number of UZS, not negative."))
    for name in INDICATOR_FIELDS:
        value = data.answers.get(name)
        if not isinstance(value, int) or not 0 <= value <= MAX_SCORE:
            raise ReintegrationError(
                _("Answer every question of the questionnaire with a score from 0 to 4.")
            )
    if len(data.notes or "") > MAX_NOTES:
        raise ReintegrationError(_("The notes are too long."))


@transaction.atomic
def follow_up_record(*, actor, request: AidRequest, data: FollowUpData) -> FollowUp:
    lock_open_case(request.case_id, _("The case is closed: reopen it to go on."))
    request = (
        AidRequest.objects.select_for_update(of=("self",))
        .select_related("case", "handover")
        .get(pk=request.pk)
    )
    if request.state != AidState.HANDED_OVER:
        raise ReintegrationError(_("Follow-ups start once the tools are handed over."))
    _check(data, request)
    if FollowUp.objects.filter(request=request, months=data.months).exists():
        raise ReintegrationError(_("This follow-up is already recorded."))
    follow_up = FollowUp(
        request=request,
        months=data.months,
        done_on=data.done_on,
        done_by=actor,
        trade_worked=data.trade_worked,
        monthly_income_uzs=data.monthly_income_uzs,
        remigration=data.remigration,
        **{name: data.answers[name] for name in INDICATOR_FIELDS},
    )
    early_reason = (data.early_reason or "").strip() if data.done_on < due_on(request, data.months) else ""
    # The reason is kept with the sealed notes, where the follow-up's reader finds it.
    follow_up.notes = (
        data.notes.strip() + "\n\n" + _("Recorded before its date: %(reason)s") % {"reason": early_reason}
        if early_reason
        else data.notes
    ).strip()
    follow_up.save()
    link = FollowUpTask.objects.filter(request=request, months=data.months).select_related("task").first()
    task_done = None
    if link is not None and link.task.done_on is None:
        Task.objects.filter(pk=link.task_id).update(done_on=data.done_on)
        task_done = link.task_id
    record_event(
        actor=actor,
        action="followup.record",
        target=follow_up,
        after={
            "case": request.case.number,
            "request": request.pk,
            "months": data.months,
            "done_on": data.done_on.isoformat(),
            "trade_worked": data.trade_worked,
            "monthly_income_uzs": data.monthly_income_uzs,
            "remigration": data.remigration,
            "scores": scores_of(follow_up).as_dict(),
            "notes": "sealed" if follow_up.notes else "",
            "early": bool(early_reason),
            "task_done": task_done,
        },
    )
    return follow_up
