"""Funding sources and their budgets (Perm.MANAGE_BUDGETS)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from isenim.core.audit import record_change, record_event, snapshot
from isenim.reintegration.budget import check_covers_used
from isenim.reintegration.models import FundingSource
from isenim.reintegration.services import ReintegrationError

FUNDING_FIELDS = ["name", "amount_uzs", "starts_on", "ends_on", "active"]
MAX_AMOUNT_UZS = 10**14


@transaction.atomic
def funding_source_save(
    *,
    actor,
    source: FundingSource | None = None,
    name: str,
    amount_uzs: int,
    starts_on: date,
    ends_on: date,
    active: bool = True,
) -> FundingSource:
    name = (name or "").strip()
    if not name:
        raise ReintegrationError(_("Name the funding source."))
    if amount_uzs is None or not 0 <= amount_uzs <= MAX_AMOUNT_UZS:
        raise ReintegrationError(_("The budget must be a whole number of UZS, not negative."))
    if not starts_on or not ends_on or ends_on < starts_on:
        raise ReintegrationError(_("The period must end on or after the day it starts."))
    adding = source is None
    record = (
        FundingSource(created_by=actor)
        if adding
        else FundingSource.objects.select_for_update().get(pk=source.pk)
    )
    before = None if adding else snapshot(record, FUNDING_FIELDS)
    if not adding:
        check_covers_used(record, amount_uzs)
    record.name, record.amount_uzs, record.starts_on, record.ends_on, record.active = (
        name,
        amount_uzs,
        starts_on,
        ends_on,
        active,
    )
    record.save()
    if adding:
        record_event(
            actor=actor, action="funding_source.add", target=record, after=snapshot(record, FUNDING_FIELDS)
        )
    else:
        record_change(actor=actor, action="funding_source.update", target=record, before=before)
    return record
