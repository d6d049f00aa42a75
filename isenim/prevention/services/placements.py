"""Media placements: a TV or radio spot, a poster or screen on public transport, a social-media post, a
billboard (Perm.EDIT_PREVENTION). The reach an operator states is kept as their estimate and never added
to the people counted at actions."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from isenim.core.audit import record_change, record_event, snapshot
from isenim.geo.models import AdminUnit
from isenim.geo.places import DISTRICT_LEVELS
from isenim.prevention.choices import PlacementKind, ReviewState
from isenim.prevention.models import AppealSource, Campaign, Edition, Placement
from isenim.prevention.services import PreventionError
from isenim.reintegration.models import FundingSource

# Beyond these a number is a typing mistake: no channel airs a spot a million times in one placement.
MAX_AIRINGS = 100_000
MAX_VEHICLES = 100_000
MAX_COST_UZS = 10**14
MAX_STATED_REACH = 100_000_000

PLACEMENT_FIELDS = [
    "campaign_id",
    "kind",
    "operator",
    "programme_or_route",
    "edition_id",
    "district_id",
    "starts_on",
    "ends_on",
    "airings",
    "vehicles",
    "cost_uzs",
    "funding_source_id",
    "stated_reach",
]


@dataclass
class PlacementData:
    kind: str
    operator: str
    starts_on: date
    ends_on: date
    campaign: Campaign | None = None
    programme_or_route: str = ""
    edition: Edition | None = None
    district: AdminUnit | None = None
    airings: int | None = None
    vehicles: int | None = None
    cost_uzs: int = 0
    funding_source: FundingSource | None = None
    stated_reach: int | None = None


def _check_number(value, most: int, what: str, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        raise PreventionError(_("%(what)s must be a whole number.") % {"what": what})
    if value < 0:
        raise PreventionError(_("%(what)s cannot be negative.") % {"what": what})
    if value > most:
        raise PreventionError(
            _("%(value)s is more than %(what)s can be; the most is %(most)s.")
            % {"value": value, "what": what, "most": most}
        )


def _check(data: PlacementData, placement: Placement | None) -> None:
    if data.kind not in PlacementKind.values:
        raise PreventionError(_("Choose the kind of placement from the list."))
    if not (data.operator or "").strip():
        raise PreventionError(_("Name the channel or operator."))
    if len(data.operator.strip()) > 200 or len((data.programme_or_route or "").strip()) > 200:
        raise PreventionError(_("A name can be at most 200 characters."))
    if not data.starts_on or not data.ends_on:
        raise PreventionError(_("Give the day the placement starts and the day it ends."))
    if data.ends_on < data.starts_on:
        raise PreventionError(_("The placement cannot end before it starts."))
    _check_number(data.airings, MAX_AIRINGS, _("The number of airings"))
    _check_number(data.vehicles, MAX_VEHICLES, _("The number of vehicles or screens"))
    _check_number(data.cost_uzs, MAX_COST_UZS, _("The cost"), optional=False)
    _check_number(data.stated_reach, MAX_STATED_REACH, _("The reach the operator states"))
    if data.district is not None and data.district.level not in DISTRICT_LEVELS:
        raise PreventionError(_("Choose a district from the list."))
    kept = placement is not None and data.edition is not None and placement.edition_id == data.edition.pk
    if data.edition is not None and not kept and data.edition.state == ReviewState.DRAFT:
        raise PreventionError(
            _("“%(edition)s” is a draft: only an approved edition goes on air or on the streets.")
            % {"edition": data.edition}
        )


@transaction.atomic
def placement_save(*, actor, placement: Placement | None = None, data: PlacementData) -> Placement:
    adding = placement is None
    record = (
        Placement(created_by=actor) if adding else Placement.objects.select_for_update().get(pk=placement.pk)
    )
    _check(data, None if adding else record)
    before = None if adding else snapshot(record, PLACEMENT_FIELDS)
    record.campaign = data.campaign
    record.kind = data.kind
    record.operator = data.operator.strip()
    record.programme_or_route = (data.programme_or_route or "").strip()
    record.edition = data.edition
    record.district = data.district
    record.starts_on, record.ends_on = data.starts_on, data.ends_on
    record.airings, record.vehicles = data.airings, data.vehicles
    record.cost_uzs = data.cost_uzs or 0
    record.funding_source = data.funding_source
    record.stated_reach = data.stated_reach
    record.save()
    if adding:
        record_event(
            actor=actor, action="placement.add", target=record, after=snapshot(record, PLACEMENT_FIELDS)
        )
    else:
        record_change(actor=actor, action="placement.update", target=record, before=before)
        if before["campaign_id"] != record.campaign_id:
            # Appeals heard of through this placement count for the campaign it now belongs to.
            AppealSource.objects.filter(placement=record).update(campaign=record.campaign)
    return record
