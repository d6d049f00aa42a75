"""Trades and their tool kits (staff edit them), and the shipped starting kits (``load_trades``).

An edit marks the row ``corrected_by_staff``: loading the shipped data again keeps it as staff left it.
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from isenim.core.audit import record_change, record_event, snapshot
from isenim.geo.names import NAME_FIELDS, Names, apply_names, refresh, shipped_names
from isenim.reintegration.models import ToolKitItem, Trade
from isenim.reintegration.services import ReintegrationError

TRADES_FILE = Path(__file__).resolve().parent.parent / "data" / "trades.json"
TRADE_FIELDS = ["code", "active", *NAME_FIELDS, "source", "verified"]
ITEM_FIELDS = ["code", "quantity", "estimated_price_uzs", "active", *NAME_FIELDS, "source", "verified"]
MAX_PRICE_UZS = 10**12


@transaction.atomic
def trade_save(
    *,
    actor,
    trade: Trade | None = None,
    code: str,
    names: Names,
    source: str = "",
    verified: bool = False,
    active: bool = True,
) -> Trade:
    code = (code or "").strip().lower()
    if not code:
        raise ReintegrationError(_("Give the trade a code."))
    clash = Trade.objects.filter(code=code)
    if trade is not None:
        clash = clash.exclude(pk=trade.pk)
    if clash.exists():
        raise ReintegrationError(_("Another trade already has the code “%(code)s”.") % {"code": code})
    adding = trade is None
    record = Trade() if adding else Trade.objects.select_for_update().get(pk=trade.pk)
    before = None if adding else snapshot(record, TRADE_FIELDS)
    record.code, record.active = code, active
    apply_names(record, names=names, source=source, verified=verified, actor=actor)
    record.save()
    if adding:
        record_event(actor=actor, action="toolkit.add", target=record, after=snapshot(record, TRADE_FIELDS))
    else:
        record_change(actor=actor, action="toolkit.update", target=record, before=before)
    return record


@transaction.atomic
def kit_item_save(
    *,
    actor,
    trade: Trade,
    item: ToolKitItem | None = None,
    code: str,
    names: Names,
    quantity: int,
    estimated_price_uzs: int,
    source: str = "",
    verified: bool = False,
    active: bool = True,
) -> ToolKitItem:
    code = (code or "").strip().lower()
    if not code:
        raise ReintegrationError(_("Give the item a code."))
    if quantity is None or quantity < 1:
        raise ReintegrationError(_("The quantity must be at least 1."))
    if estimated_price_uzs is None or not 0 <= estimated_price_uzs <= MAX_PRICE_UZS:
        raise ReintegrationError(_("The price must be a whole number of UZS, not negative."))
    clash = ToolKitItem.objects.filter(trade=trade, code=code)
    if item is not None:
        if item.trade_id != trade.pk:
            raise ReintegrationError(_("This item belongs to another trade."))
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise ReintegrationError(_("The kit already has an item with the code “%(code)s”.") % {"code": code})
    adding = item is None
    record = ToolKitItem(trade=trade) if adding else ToolKitItem.objects.select_for_update().get(pk=item.pk)
    before = None if adding else snapshot(record, ITEM_FIELDS)
    record.code, record.quantity, record.estimated_price_uzs, record.active = (
        code,
        quantity,
        estimated_price_uzs,
        active,
    )
    apply_names(record, names=names, source=source, verified=verified, actor=actor)
    record.save()
    after = {**snapshot(record, ITEM_FIELDS), "trade": trade.code}
    if adding:
        record_event(actor=actor, action="toolkit.add", target=record, after=after)
    else:
        record_change(actor=actor, action="toolkit.update", target=record, before=before)
    return record


# --- The shipped starting kits -------------------------------------------------------------------------


@transaction.atomic
def load_trades(*, actor=None, path: Path = TRADES_FILE) -> dict[str, int]:
    """Add the shipped trades and kit items that are missing and refresh untouched ones; idempotent. Rows
    staff have edited are kept as they are (a row staff took out of use stays out of use)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    source = data.get("source", "")
    counts = {"trades": 0, "items": 0, "updated": 0}
    for row in data["trades"]:
        values = {**shipped_names(row), "source": row.get("source", source)}
        trade = Trade.objects.filter(code=row["code"]).first()
        if trade is None:
            trade = Trade.objects.create(code=row["code"], **values)
            counts["trades"] += 1
        else:
            counts["updated"] += refresh(trade, values)
        for item_row in row["items"]:
            item_values = {
                **shipped_names(item_row),
                "quantity": item_row["quantity"],
                "estimated_price_uzs": item_row["price_uzs"],
                "source": item_row.get("source", source),
            }
            item = ToolKitItem.objects.filter(trade=trade, code=item_row["code"]).first()
            if item is None:
                ToolKitItem.objects.create(trade=trade, code=item_row["code"], **item_values)
                counts["items"] += 1
            else:
                counts["updated"] += refresh(item, item_values)
    # One event for the whole load (how many rows), like the other reference data.
    if any(counts.values()):
        record_event(actor=actor, action="reference.load", target_type="reintegration", after=counts)
    return counts
