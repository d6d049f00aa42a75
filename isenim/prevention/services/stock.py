"""The stock ledger: every movement of an edition in or out of the store is a ``StockMovement`` row.

The balance is never typed: ``Edition.on_hand`` is the ledger's sum, changed in the same transaction as the
row, under a row lock on the edition (``select_for_update``), so two people taking the last flyers at the same
moment cannot both succeed. The database's CHECK (``on_hand >= 0``) stands behind the lock.
"""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from isenim.core.access import Perm, require
from isenim.core.audit import record_event
from isenim.prevention.choices import MOVEMENT_SIGN, PRINTED_KINDS, MovementKind, ReviewState
from isenim.prevention.models import Edition, OutreachAction, PrintRun, StockMovement
from isenim.prevention.services import PreventionError

# The movements that change an action's ``copies_handed_out`` (draws are negative, returns positive).
ACTION_KINDS = frozenset({MovementKind.TO_ACTION, MovementKind.RETURNED})
# More than any one movement of a small centre's store; a larger number is a typing mistake.
MAX_MOVEMENT = 1_000_000


def check_quantity(quantity) -> int:
    if quantity is None or isinstance(quantity, bool) or not isinstance(quantity, int):
        raise PreventionError(_("The quantity must be a whole number."))
    if quantity <= 0:
        raise PreventionError(_("The quantity must be more than zero."))
    if quantity > MAX_MOVEMENT:
        raise PreventionError(
            _("%(quantity)s is more than one movement can be; the most is %(most)s.")
            % {"quantity": quantity, "most": MAX_MOVEMENT}
        )
    return quantity


@transaction.atomic
def move_stock(
    *,
    actor,
    edition: Edition,
    kind: MovementKind,
    quantity: int,
    moved_on: date,
    print_run: PrintRun | None = None,
    action: OutreachAction | None = None,
    distribution_point: str = "",
    note: str = "",
) -> StockMovement:
    """Record one movement and change the balance with it; refuses a draw of more than is on hand.

    Callers that move several editions at once (an action's materials) call this inside their own
    transaction, so that a refusal of one leaves none of them."""
    kind = MovementKind(kind)
    check_quantity(quantity)
    if action is not None and kind in ACTION_KINDS:
        # The action first, then the edition: the order ``materials_draw`` takes them in (no deadlock).
        OutreachAction.objects.select_for_update().filter(pk=action.pk).first()
    locked = Edition.objects.select_for_update().select_related("material").get(pk=edition.pk)
    if locked.material.kind not in PRINTED_KINDS:
        raise PreventionError(_("A video spot is aired, not printed: it has no stock."))
    delta = MOVEMENT_SIGN[kind] * quantity
    if locked.on_hand + delta < 0:
        raise PreventionError(
            ngettext(
                "Only %(on_hand)s copy of %(edition)s is in stock; %(quantity)s cannot be taken.",
                "Only %(on_hand)s copies of %(edition)s are in stock; %(quantity)s cannot be taken.",
                locked.on_hand,
            )
            % {"on_hand": locked.on_hand, "edition": locked, "quantity": quantity}
        )
    movement = StockMovement.objects.create(
        edition=locked,
        kind=kind,
        quantity=delta,
        moved_on=moved_on,
        print_run=print_run,
        action=action,
        distribution_point=distribution_point.strip(),
        note=note.strip(),
        created_by=actor,
    )
    Edition.objects.filter(pk=locked.pk).update(on_hand=F("on_hand") + delta)
    if action is not None and kind in ACTION_KINDS:
        # The action's copies handed out, kept with the ledger as the balance is (the dashboards sum it).
        OutreachAction.objects.filter(pk=action.pk).update(copies_handed_out=F("copies_handed_out") - delta)
        action.copies_handed_out = (action.copies_handed_out or 0) - delta
    edition.on_hand = locked.on_hand + delta
    record_event(
        actor=actor,
        action="stock.move",
        target=movement,
        after={"edition": locked.pk, "kind": kind.value, "quantity": delta, "moved_on": moved_on.isoformat()},
    )
    return movement


# --- Print runs and movements recorded from the stock pages ---------------------------------------------

# The dates of the store's records: what happened, so never in the future, and not before the centre kept
# stock (an earlier year is a typing mistake).
EARLIEST_DATE = date(2000, 1, 1)
# More than any printer charges for one copy of a poster or a booklet: a larger number is a typing mistake.
MAX_UNIT_COST_UZS = 100_000_000
MAX_TEXT = 200
MAX_NOTE = 300
# The movements a person records on the stock pages (an action's materials are drawn by the actions pages).
MANUAL_KINDS = (MovementKind.TO_POINT, MovementKind.WRITE_OFF, MovementKind.RETURNED)


def check_date(value, *, what: str) -> date:
    if not isinstance(value, date):
        raise PreventionError(_("Give the date."))
    if value > timezone.localdate():
        raise PreventionError(_("%(what)s cannot be in the future.") % {"what": what})
    if value < EARLIEST_DATE:
        raise PreventionError(
            _("%(what)s cannot be before %(earliest)s.")
            % {"what": what, "earliest": EARLIEST_DATE.isoformat()}
        )
    return value


@transaction.atomic
def print_run_record(
    *,
    actor,
    edition: Edition,
    printed_on: date,
    printer: str,
    quantity: int,
    unit_cost_uzs: int,
    funding_source=None,
) -> PrintRun:
    """A print run of an approved edition and its row in the ledger (both or neither)."""
    require(actor, Perm.EDIT_PREVENTION)
    locked = Edition.objects.select_for_update().select_related("material").get(pk=edition.pk)
    if locked.material.kind not in PRINTED_KINDS:
        raise PreventionError(_("A video spot is aired, not printed: it has no print runs."))
    if locked.state == ReviewState.DRAFT:
        raise PreventionError(
            _("This edition is a draft: it can be printed once another person approves it.")
        )
    if locked.state == ReviewState.SUPERSEDED:
        raise PreventionError(
            _("This version is superseded by a newer approved one: print the approved version.")
        )
    check_quantity(quantity)
    check_date(printed_on, what=_("The print date"))
    printer = (printer or "").strip()
    if not printer:
        raise PreventionError(_("Name the printer."))
    if len(printer) > MAX_TEXT:
        raise PreventionError(_("The printer's name is too long."))
    if unit_cost_uzs is None or isinstance(unit_cost_uzs, bool) or not isinstance(unit_cost_uzs, int):
        raise PreventionError(_("The unit cost must be a whole number of UZS."))
    if unit_cost_uzs < 0:
        raise PreventionError(_("The unit cost cannot be negative."))
    if unit_cost_uzs > MAX_UNIT_COST_UZS:
        raise PreventionError(
            _("%(cost)s UZS for one copy is more than any print run costs; the most is %(most)s UZS.")
            % {"cost": unit_cost_uzs, "most": MAX_UNIT_COST_UZS}
        )
    run = PrintRun.objects.create(
        edition=locked,
        printed_on=printed_on,
        printer=printer,
        quantity=quantity,
        unit_cost_uzs=unit_cost_uzs,
        funding_source=funding_source,
        created_by=actor,
    )
    record_event(
        actor=actor,
        action="print_run.record",
        target=run,
        after={
            "edition": locked.pk,
            "printed_on": printed_on.isoformat(),
            "printer": printer,
            "quantity": quantity,
            "unit_cost_uzs": unit_cost_uzs,
            "funding_source": getattr(funding_source, "pk", None),
        },
    )
    move_stock(
        actor=actor,
        edition=locked,
        kind=MovementKind.PRINT_RUN,
        quantity=quantity,
        moved_on=printed_on,
        print_run=run,
    )
    edition.on_hand = locked.on_hand
    return run


@transaction.atomic
def stock_move_record(
    *,
    actor,
    edition: Edition,
    kind: str,
    quantity: int,
    moved_on: date,
    distribution_point: str = "",
    note: str = "",
) -> StockMovement:
    """Copies left at a distribution point, written off (with the reason) or returned to the store."""
    require(actor, Perm.EDIT_PREVENTION)
    if kind not in MANUAL_KINDS:
        raise PreventionError(_("Choose what happens to the copies."))
    kind = MovementKind(kind)
    check_quantity(quantity)
    check_date(moved_on, what=_("The date"))
    distribution_point = (distribution_point or "").strip()
    note = (note or "").strip()
    if len(distribution_point) > MAX_TEXT or len(note) > MAX_NOTE:
        raise PreventionError(_("The distribution point or the note is too long."))
    if kind == MovementKind.TO_POINT and not distribution_point:
        raise PreventionError(_("Name the distribution point: a hospital, a mahalla office, a college…"))
    if kind == MovementKind.WRITE_OFF and not note:
        raise PreventionError(_("Say why the copies are written off (damaged, outdated, lost…)."))
    if kind == MovementKind.RETURNED and edition.state == ReviewState.DRAFT:
        raise PreventionError(_("A draft edition has no stock to return to."))
    return move_stock(
        actor=actor,
        edition=edition,
        kind=kind,
        quantity=quantity,
        moved_on=moved_on,
        distribution_point=distribution_point,
        note=note,
    )
