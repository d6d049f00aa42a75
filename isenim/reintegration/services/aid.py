"""The tool kit chain of a case: request → the director's decision → purchase → handover (→ follow-up tasks).

Each step checks that the one before it happened, locks the request (and the funding source when money
moves) and writes its audit event; a refused step leaves nothing saved.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from isenim.cases.choices import TaskKind
from isenim.cases.guards import lock_open_case
from isenim.cases.models import Case, Task
from isenim.core.audit import record_event
from isenim.reintegration.budget import check_fits
from isenim.reintegration.choices import AidState, Milestone
from isenim.reintegration.models import (
    AidRequest,
    AidRequestItem,
    FollowUpTask,
    FundingSource,
    Handover,
    Purchase,
    PurchaseItem,
    ToolKitItem,
    Trade,
)
from isenim.reintegration.services import ReintegrationError
from isenim.reintegration.services.files import ACT_CONTEXT, INVOICE_CONTEXT, checked_store

MAX_QUANTITY = 1000
MAX_UNIT_PRICE_UZS = 10**11
MAX_COMMENT = 2000
MAX_SUPPLIER = 200
OPEN_STATES = (AidState.REQUESTED, AidState.APPROVED, AidState.PURCHASED)


@dataclass(frozen=True)
class ItemLine:
    kit_item: ToolKitItem
    quantity: int
    unit_price_uzs: int


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _clean_lines(lines: list[ItemLine], *, trade_id: int) -> list[ItemLine]:
    kept = []
    for line in lines:
        if line.kit_item.trade_id != trade_id:
            raise ReintegrationError(_("An item does not belong to the kit of this trade."))
        if line.quantity is None or not 0 <= line.quantity <= MAX_QUANTITY:
            raise ReintegrationError(
                _("A quantity must be a whole number from 0 to %(max)s.") % {"max": MAX_QUANTITY}
            )
        if line.unit_price_uzs is None or not 0 <= line.unit_price_uzs <= MAX_UNIT_PRICE_UZS:
            raise ReintegrationError(_("A price must be a whole number of UZS, not negative."))
        if line.quantity:
            kept.append(line)
    if not kept:
        raise ReintegrationError(_("Keep at least one item with a quantity above 0."))
    return kept


def _total(lines: list[ItemLine]) -> int:
    return sum(line.quantity * line.unit_price_uzs for line in lines)


def _locked(request: AidRequest) -> AidRequest:
    """The request locked, after its case (locked first, and refused when closed)."""
    lock_open_case(request.case_id, _("The case is closed: reopen it to go on."))
    return (
        AidRequest.objects.select_for_update()
        .select_related("case", "trade", "funding_source")
        .get(pk=request.pk)
    )


def state_refusal(request: AidRequest, expected: str) -> str:
    """Why the step that needs ``expected`` cannot happen now ("" when it can)."""
    if request.state == expected:
        return ""
    messages = {
        AidState.REQUESTED: _("The director has not decided on this request yet."),
        AidState.APPROVED: _("This request is approved but nothing has been bought yet."),
        AidState.REJECTED: _("This request was rejected; make a new request if the tools are still needed."),
        AidState.PURCHASED: _("The tools of this request are already bought."),
        AidState.HANDED_OVER: _("The tools of this request are already handed over."),
    }
    return str(messages[request.state])


def _refuse_state(request: AidRequest, expected: str) -> None:
    refusal = state_refusal(request, expected)
    if refusal:
        raise ReintegrationError(refusal)


@transaction.atomic
def aid_request_add(
    *, actor, case: Case, trade: Trade, funding_source: FundingSource, lines: list[ItemLine]
) -> AidRequest:
    # The case locked: one request at a time per case, and none once it is closed.
    case = lock_open_case(case, _("The case is closed: reopen it to request tools."))
    if not trade.active:
        raise ReintegrationError(_("This trade is no longer in use."))
    if not funding_source.active:
        raise ReintegrationError(_("This funding source is no longer in use."))
    if AidRequest.objects.filter(case=case, trade=trade, state__in=OPEN_STATES).exists():
        raise ReintegrationError(_("This case already has an open tool kit request for this trade."))
    lines = _clean_lines(lines, trade_id=trade.pk)
    total = _total(lines)
    check_fits(funding_source, total)
    request = AidRequest.objects.create(
        case=case, trade=trade, funding_source=funding_source, total_uzs=total, requested_by=actor
    )
    AidRequestItem.objects.bulk_create(
        AidRequestItem(
            request=request,
            kit_item=line.kit_item,
            quantity=line.quantity,
            unit_price_uzs=line.unit_price_uzs,
        )
        for line in lines
    )
    record_event(
        actor=actor,
        action="aid_request.add",
        target=request,
        after={
            "case": case.number,
            "trade": trade.code,
            "funding_source": funding_source.pk,
            "total_uzs": total,
            "items": len(lines),
        },
    )
    return request


@transaction.atomic
def aid_request_decide(*, actor, request: AidRequest, approve: bool, comment: str = "") -> AidRequest:
    request = _locked(request)
    _refuse_state(request, AidState.REQUESTED)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ReintegrationError(_("The comment is too long."))
    if not approve and not comment:
        raise ReintegrationError(_("Say why the request is rejected."))
    if approve:
        if not request.funding_source.active:
            raise ReintegrationError(_("This funding source is no longer in use."))
        check_fits(request.funding_source, request.total_uzs, exclude_request=request)
    request.state = AidState.APPROVED if approve else AidState.REJECTED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.comment = comment
    request.save(update_fields=["state", "decided_by", "decided_at", "sealed_comment"])
    record_event(
        actor=actor,
        action="aid_request.decide",
        target=request,
        before={"state": AidState.REQUESTED},
        after={
            "case": request.case.number,
            "state": request.state,
            "decision": "approve" if approve else "reject",
            "comment": "sealed" if comment else "",
            "total_uzs": request.total_uzs,
        },
    )
    return request


@dataclass
class PurchaseData:
    supplier: str
    purchased_on: date
    funding_source: FundingSource
    lines: list[ItemLine]
    invoice: bytes


@transaction.atomic
def purchase_record(*, actor, request: AidRequest, data: PurchaseData) -> Purchase:
    request = _locked(request)
    _refuse_state(request, AidState.APPROVED)
    supplier = (data.supplier or "").strip()
    if not supplier:
        raise ReintegrationError(_("Name the supplier."))
    if len(supplier) > MAX_SUPPLIER:
        raise ReintegrationError(_("The supplier's name is too long."))
    if data.purchased_on is None or data.purchased_on > timezone.localdate():
        raise ReintegrationError(_("The purchase date cannot be in the future."))
    if request.decided_at and data.purchased_on < timezone.localdate(request.decided_at):
        raise ReintegrationError(_("The purchase date cannot be before the director approved the request."))
    if not data.funding_source.active:
        raise ReintegrationError(_("This funding source is no longer in use."))
    requested = set(request.items.values_list("kit_item_id", flat=True))
    if any(line.kit_item.pk not in requested for line in data.lines):
        raise ReintegrationError(_("Only the items of the approved request can be bought."))
    lines = _clean_lines(data.lines, trade_id=request.trade_id)
    total = _total(lines)
    check_fits(data.funding_source, total, exclude_request=request)
    vault_name, content_type, size = checked_store(data.invoice, context=INVOICE_CONTEXT)
    purchase = Purchase.objects.create(
        request=request,
        supplier=supplier,
        purchased_on=data.purchased_on,
        funding_source=data.funding_source,
        total_uzs=total,
        invoice_vault_name=vault_name,
        invoice_content_type=content_type,
        invoice_size=size,
        recorded_by=actor,
    )
    PurchaseItem.objects.bulk_create(
        PurchaseItem(
            purchase=purchase,
            kit_item=line.kit_item,
            quantity=line.quantity,
            unit_price_uzs=line.unit_price_uzs,
        )
        for line in lines
    )
    request.state = AidState.PURCHASED
    request.save(update_fields=["state"])
    record_event(
        actor=actor,
        action="purchase.record",
        target=purchase,
        after={
            "case": request.case.number,
            "request": request.pk,
            "supplier": supplier,
            "purchased_on": data.purchased_on.isoformat(),
            "funding_source": data.funding_source.pk,
            "total_uzs": total,
            "items": len(lines),
            "invoice": content_type,
        },
    )
    return purchase


def _follow_up_text(months: int, trade: Trade) -> str:
    # Stored once for everyone who reads "My work": written in the default language of the interface.
    with override("kaa"):
        return _("Reintegration follow-up after %(months)s months: %(trade)s") % {
            "months": months,
            "trade": trade.name("kaa"),
        }


@transaction.atomic
def handover_record(
    *, actor, request: AidRequest, handed_over_on: date, signed_act: bytes | None = None
) -> Handover:
    """The tools are given: the purchase's items are marked handed over and the three follow-ups (3, 6 and 12
    months) are put into the case manager's "My work" as tasks."""
    request = _locked(request)
    _refuse_state(request, AidState.PURCHASED)
    if handed_over_on is None or handed_over_on > timezone.localdate():
        raise ReintegrationError(_("The handover date cannot be in the future."))
    purchase = request.purchase
    if handed_over_on < purchase.purchased_on:
        raise ReintegrationError(_("The tools cannot be handed over before they were bought."))
    act_name = act_type = ""
    if signed_act:
        act_name, act_type, _size = checked_store(signed_act, context=ACT_CONTEXT)
    handover = Handover.objects.create(
        request=request,
        handed_over_on=handed_over_on,
        recorded_by=actor,
        act_vault_name=act_name,
        act_content_type=act_type,
    )
    items = purchase.items.update(handed_over=True)
    case = request.case
    tasks = []
    for months in Milestone.values:
        task = Task(
            case=case,
            kind=TaskKind.FOLLOW_UP,
            assignee=case.manager,
            due_on=add_months(handed_over_on, months),
            created_by=actor,
        )
        task.text = _follow_up_text(months, request.trade)
        task.save()
        FollowUpTask.objects.create(request=request, months=months, task=task)
        tasks.append(task)
    request.state = AidState.HANDED_OVER
    request.save(update_fields=["state"])
    record_event(
        actor=actor,
        action="handover.record",
        target=handover,
        after={
            "case": case.number,
            "request": request.pk,
            "handed_over_on": handed_over_on.isoformat(),
            "items": items,
            "signed_act": act_type,
            "tasks": [task.pk for task in tasks],
        },
    )
    return handover
