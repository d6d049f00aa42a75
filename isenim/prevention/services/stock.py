"""The stock ledger: every movement of an edition in or out of the store is a ``StockMovement`` row.

The balance is never typed: ``Edition.on_hand`` is the ledger's sum, changed in the same transaction as the
row, under a row lock on the edition (``select_for_update``), so two people taking the last flyers at the same
moment cannot both succeed. The database's CHECK (``on_hand >= 0``) stands behind the lock.
"""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from isenim.core.audit import record_event
from isenim.prevention.choices import MOVEMENT_SIGN, PRINTED_KINDS, MovementKind
from isenim.prevention.models import Edition, OutreachAction, PrintRun, StockMovement
from isenim.prevention.services import PreventionError

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
    edition.on_hand = locked.on_hand + delta
    record_event(
        actor=actor,
        action="stock.move",
        target=movement,
        after={"edition": locked.pk, "kind": kind.value, "quantity": delta, "moved_on": moved_on},
    )
    return movement
