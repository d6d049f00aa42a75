"""Outreach actions: plan and correct one, enter its anonymous tally from the printed sheet, draw the
materials handed out there from stock and take back the unused copies.

Every write is one transaction with its audit event. Stock moves only through ``services.stock.move_stock``:
the materials of one action are drawn all together or not at all.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.audit import record_change, record_event, snapshot
from isenim.geo.places import check_place
from isenim.prevention.choices import TALLY_FIELDS, MovementKind, PlaceType
from isenim.prevention.models import Campaign, Edition, OutreachAction, StockMovement
from isenim.prevention.services import PreventionError
from isenim.prevention.services.stock import check_quantity, move_stock

# More people than one action at a bazaar or a station plausibly reaches: a larger tally is most likely a
# typing mistake (an extra zero), so it is saved only once the person entering it confirms it.
PLAUSIBLE_CROWD = 3_000
# Larger than any crowd at all: refused even when confirmed.
MOST_PEOPLE = 100_000
MOST_CONSULTATIONS = 10_000
# The most editions one form draws at once.
MATERIAL_LINES = 6

AUDITED_FIELDS = [
    "campaign_id",
    "place_type",
    "place_name",
    "district_id",
    "assembly_id",
    "starts_at",
    "ends_at",
]


@dataclass
class ActionData:
    place_type: str
    place_name: str
    district_id: int
    starts_at: datetime
    ends_at: datetime | None = None
    assembly_id: int | None = None
    campaign: Campaign | None = None
    staff: list = field(default_factory=list)


def _check(data: ActionData) -> None:
    if data.place_type not in PlaceType.values:
        raise PreventionError(_("Choose the type of place from the list."))
    if not data.place_name.strip():
        raise PreventionError(_("Name the place."))
    if not data.district_id:
        raise PreventionError(_("Choose a district from the list."))
    try:
        check_place(data.district_id, data.assembly_id)
    except ValidationError as error:
        raise PreventionError(error.messages[0]) from error
    if data.ends_at is not None and data.ends_at < data.starts_at:
        raise PreventionError(_("The action cannot end before it starts."))
    for member in data.staff:
        if not member.is_active or not member.role:
            raise PreventionError(
                _("%(name)s has no active staff account.") % {"name": member.display_name()}
            )


def _apply(action: OutreachAction, data: ActionData) -> None:
    action.campaign = data.campaign
    action.place_type = data.place_type
    action.place_name = data.place_name.strip()
    action.district_id = data.district_id
    action.assembly_id = data.assembly_id
    action.starts_at = data.starts_at
    action.ends_at = data.ends_at


def _values(action: OutreachAction) -> dict:
    return {
        **snapshot(action, AUDITED_FIELDS),
        "staff": sorted(action.staff.values_list("pk", flat=True)) if action.pk else [],
    }


@transaction.atomic
def action_create(*, actor, data: ActionData) -> OutreachAction:
    _check(data)
    action = OutreachAction(created_by=actor)
    _apply(action, data)
    action.save()
    action.staff.set(data.staff)
    record_event(actor=actor, action="action.add", target=action, after=_values(action))
    return action


@transaction.atomic
def action_update(*, actor, action: OutreachAction, data: ActionData) -> OutreachAction:
    _check(data)
    action = OutreachAction.objects.select_for_update().get(pk=action.pk)
    before = _values(action)
    _apply(action, data)
    action.save()
    action.staff.set(data.staff)
    record_change(actor=actor, action="action.update", target=action, before=before)
    return action


# --- The tally -----------------------------------------------------------------------------------------


def _count(value, most: int) -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        raise PreventionError(_("Counts are whole numbers."))
    if value < 0:
        raise PreventionError(_("A count cannot be negative."))
    if value > most:
        raise PreventionError(_("%(count)s is more than can be counted here.") % {"count": value})
    return value


@transaction.atomic
def tally_enter(
    *, actor, action: OutreachAction, counts: dict[str, int], consultations: int, confirmed: bool = False
) -> OutreachAction:
    """The people reached, by sex and age band, and the consultations given, as counted on the sheet.
    A total above PLAUSIBLE_CROWD needs ``confirmed``; one above MOST_PEOPLE is refused."""
    if set(counts) != set(TALLY_FIELDS):
        raise ValueError("a tally has exactly the TALLY_FIELDS")  # a caller's mistake
    values = {name: _count(counts[name], MOST_PEOPLE) for name in TALLY_FIELDS}
    consultations = _count(consultations, MOST_CONSULTATIONS)
    total = sum(values.values())
    if total > MOST_PEOPLE:
        raise PreventionError(
            _("%(total)s people is more than any action reaches; check the count.") % {"total": total}
        )
    if total > PLAUSIBLE_CROWD and not confirmed:
        raise PreventionError(
            _(
                "%(total)s people is more than one action usually reaches (%(plausible)s). Check the sheet, "
                "and tick the confirmation if the count is right."
            )
            % {"total": total, "plausible": PLAUSIBLE_CROWD}
        )
    action = OutreachAction.objects.select_for_update().get(pk=action.pk)
    if action.starts_at > timezone.now():
        raise PreventionError(_("The action has not started yet: its count is entered afterwards."))
    before = (
        {**snapshot(action, [*TALLY_FIELDS, "consultations"]), "reach_total": action.reach_total}
        if action.tally_entered_at
        else {}
    )
    for name, value in values.items():
        setattr(action, name, value)
    action.consultations = consultations
    action.reach_total = total
    action.tally_entered_at = timezone.now()
    action.save()
    record_event(
        actor=actor,
        action="action.tally",
        target=action,
        before=before,
        after={**values, "consultations": consultations, "reach_total": total},
    )
    return action


# --- Materials handed out ------------------------------------------------------------------------------


def taken_for(action: OutreachAction, edition: Edition) -> int:
    """Copies of ``edition`` taken to ``action`` and not brought back (positive)."""
    moved = StockMovement.objects.filter(
        action=action, edition=edition, kind__in=[MovementKind.TO_ACTION, MovementKind.RETURNED]
    ).aggregate(total=Sum("quantity"))["total"]
    return -(moved or 0)


def _lines(lines: list[tuple[Edition, int]]) -> list[tuple[Edition, int]]:
    if not lines:
        raise PreventionError(_("Choose at least one material and its quantity."))
    seen = set()
    for edition, quantity in lines:
        check_quantity(quantity)
        if edition.pk in seen:
            raise PreventionError(
                _("%(edition)s is chosen twice: give its quantity once.") % {"edition": edition}
            )
        seen.add(edition.pk)
    return lines


@transaction.atomic
def materials_draw(
    *, actor, action: OutreachAction, lines: list[tuple[Edition, int]], moved_on: date
) -> list[StockMovement]:
    """Draw several editions from stock for one action, all of them or none: when one edition lacks
    stock, ``move_stock``'s refusal (naming the edition) undoes the draws before it."""
    _lines(lines)
    OutreachAction.objects.select_for_update().filter(pk=action.pk).first()
    return [
        move_stock(
            actor=actor,
            edition=edition,
            kind=MovementKind.TO_ACTION,
            quantity=quantity,
            moved_on=moved_on,
            action=action,
        )
        for edition, quantity in lines
    ]


@transaction.atomic
def materials_return(
    *, actor, action: OutreachAction, lines: list[tuple[Edition, int]], moved_on: date
) -> list[StockMovement]:
    """Unused copies back into stock, linked to the action; never more than were taken to it."""
    _lines(lines)
    OutreachAction.objects.select_for_update().filter(pk=action.pk).first()
    movements = []
    for edition, quantity in lines:
        taken = taken_for(action, edition)
        if quantity > taken:
            raise PreventionError(
                _(
                    "Only %(taken)s copies of %(edition)s were taken to this action; %(quantity)s cannot "
                    "come back."
                )
                % {"taken": taken, "edition": edition, "quantity": quantity}
            )
        movements.append(
            move_stock(
                actor=actor,
                edition=edition,
                kind=MovementKind.RETURNED,
                quantity=quantity,
                moved_on=moved_on,
                action=action,
            )
        )
    return movements
