"""Building blocks of the reintegration tests: a funding source, the shipped kits, and a case carried
through the tool kit chain to the step a test needs."""

from datetime import date, timedelta

from django.utils import timezone

from isenim.core.access import Role
from isenim.reintegration.models import FundingSource, Trade
from isenim.reintegration.services.aid import (
    ItemLine,
    PurchaseData,
    aid_request_add,
    aid_request_decide,
    handover_record,
    purchase_record,
)
from isenim.reintegration.services.catalogue import load_trades
from isenim.reintegration.services.funding import funding_source_save

SAMPLE_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
GRANT = "Мәмлекетлик грант — Олий Мажлис жанындағы жәмийетлик қор, 3-статья: үскенелер"


def funding(actor, amount: int = 50_000_000, name: str = GRANT) -> FundingSource:
    today = timezone.localdate()
    return funding_source_save(
        actor=actor,
        name=name,
        amount_uzs=amount,
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
    )


def carpenter() -> Trade:
    if not Trade.objects.filter(code="carpenter").exists():
        load_trades()
    return Trade.objects.get(code="carpenter")


def kit_lines(trade: Trade, *, count: int = 3, price: int | None = None) -> list[ItemLine]:
    items = list(trade.kit_items.order_by("id")[:count])
    return [
        ItemLine(
            kit_item=item,
            quantity=item.quantity,
            unit_price_uzs=item.estimated_price_uzs if price is None else price,
        )
        for item in items
    ]


def requested(case, staff, source=None, *, price: int | None = None, trade: Trade | None = None):
    source = source or funding(staff[Role.DIRECTOR])
    trade = trade or carpenter()
    return aid_request_add(
        actor=staff[Role.CASE_MANAGER],
        case=case,
        trade=trade,
        funding_source=source,
        lines=kit_lines(trade, price=price),
    )


def approved(case, staff, source=None, **kwargs):
    aid = requested(case, staff, source, **kwargs)
    return aid_request_decide(actor=staff[Role.DIRECTOR], request=aid, approve=True)


def purchased(case, staff, source=None, **kwargs):
    aid = approved(case, staff, source, **kwargs)
    lines = [ItemLine(item.kit_item, item.quantity, item.unit_price_uzs) for item in aid.items.all()]
    purchase_record(
        actor=staff[Role.CASE_MANAGER],
        request=aid,
        data=PurchaseData(
            supplier="Nukus tools bazaar, stall 14",
            purchased_on=timezone.localdate(),
            funding_source=aid.funding_source,
            lines=lines,
            invoice=SAMPLE_PDF,
        ),
    )
    aid.refresh_from_db()
    return aid


def handed_over(
    case, staff, source=None, *, on: date | None = None, signed_act: bytes | None = None, **kwargs
):
    aid = purchased(case, staff, source, **kwargs)
    handover_record(
        actor=staff[Role.CASE_MANAGER],
        request=aid,
        handed_over_on=on or timezone.localdate(),
        signed_act=signed_act,
    )
    aid.refresh_from_db()
    return aid


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)
