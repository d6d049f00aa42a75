"""Reads of the store: balances of every edition (``Edition.on_hand``, the ledger's sum kept by
``services.stock``; never summed here page by page), low-stock warnings, the ledger, the cost per copy
handed out, and ``verify_ledger`` (what ``isenim check-stock`` reports).

The names ``edition_balances``, ``low_stock_editions`` and ``cost_per_handed_out`` are used by the
dashboard and the campaign pages: keep them. ``user`` is optional for those callers (the benchmark, the
daily tasks); given, it must hold ``Perm.VIEW_PREVENTION``.
"""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import F, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from isenim.core.access import Perm, require
from isenim.prevention.choices import (
    HANDED_OUT,
    PRINTED_KINDS,
    EditionLanguage,
    MaterialKind,
    MovementKind,
    ReviewState,
)
from isenim.prevention.models import Edition, Material, OutreachAction, PrintRun, StockMovement


def _check(user) -> None:
    if user is not None:
        require(user, Perm.VIEW_PREVENTION)


# The columns of a balance row (``Balance``), read straight from the database: no model objects.
BALANCE_COLUMNS = (
    "pk",
    "material_id",
    "material__title",
    "material__kind",
    "language",
    "version",
    "state",
    "on_hand",
    "low_stock_threshold",
)


class Balance(NamedTuple):
    """One edition's balance, a plain row (the stock page, the export, the dashboard and the benchmark read
    every edition's: two thousand rows cost a tuple each, not a model and its material)."""

    pk: int
    material_id: int
    title: str
    kind: str
    language: str
    version: int
    state: str
    on_hand: int
    low_stock_threshold: int

    def get_kind_display(self) -> str:
        return str(dict(MaterialKind.choices).get(self.kind, self.kind))

    def get_language_display(self) -> str:
        return str(dict(EditionLanguage.choices).get(self.language, self.language))

    def get_state_display(self) -> str:
        return str(dict(ReviewState.choices).get(self.state, self.state))

    @property
    def low_on_stock(self) -> bool:
        """As ``Edition.low_on_stock``: only an approved version warns (a superseded one runs out)."""
        return (
            self.state == ReviewState.APPROVED
            and self.low_stock_threshold > 0
            and self.on_hand < self.low_stock_threshold
        )

    def __str__(self) -> str:
        return f"{self.title} · {self.get_language_display()} · v{self.version}"


def _printed_editions(material: Material | None = None) -> QuerySet[Edition]:
    rows = Edition.objects.filter(
        material__kind__in=PRINTED_KINDS, state__in=[ReviewState.APPROVED, ReviewState.SUPERSEDED]
    )
    if material is not None:
        rows = rows.filter(material=material)
    return rows.order_by("material__kind", "material__title", "material_id", "language", "-version")


def edition_balances(user=None, *, material: Material | None = None) -> list[Balance]:
    """Every printed edition that is or was approved, as plain rows (``Balance``): ``on_hand`` is the
    balance and ``low_on_stock`` the warning. Drafts hold no stock; video spots have none. One query."""
    _check(user)
    return [Balance._make(row) for row in _printed_editions(material).values_list(*BALANCE_COLUMNS)]


def low_stock_editions(user=None) -> QuerySet[Edition]:
    """Approved printed editions whose stock is below their threshold (a superseded version running out
    is expected: the approved one replaces it)."""
    _check(user)
    return (
        Edition.objects.filter(
            material__kind__in=PRINTED_KINDS,
            state=ReviewState.APPROVED,
            low_stock_threshold__gt=0,
            on_hand__lt=F("low_stock_threshold"),
        )
        .select_related("material")
        .order_by("on_hand", "material__title", "language")
    )


@dataclass
class CostRow:
    """The cost of what was printed against the copies handed out (at actions, points and meetings).
    ``per_copy`` is None while nothing is handed out (shown as "—")."""

    material: Material
    edition: Edition | None
    printed: int
    print_cost_uzs: int
    handed_out: int

    @property
    def per_copy(self) -> int | None:
        if self.handed_out <= 0:
            return None
        return round(self.print_cost_uzs / self.handed_out)


def cost_per_handed_out(
    user=None, *, by: str = "edition", material: Material | None = None, until: date | None = None
) -> list[CostRow]:
    """Print-run cost / copies handed out, one row per edition (``by="edition"``) or per material
    (``by="material"``: its editions together), for every printed material or one ``material``;
    ``until`` counts print runs and movements up to that day. Two grouped queries, whatever the ledger's
    size."""
    _check(user)
    if by not in ("edition", "material"):
        raise ValueError("by is 'edition' or 'material'")
    runs = PrintRun.objects.all()
    # Copies brought back unused are not handed out: returns (positive) are summed with the draws.
    moves = StockMovement.objects.filter(kind__in=HANDED_OUT | {MovementKind.RETURNED})
    editions = _printed_editions(material).select_related("material")
    if material is not None:
        runs, moves = runs.filter(edition__material=material), moves.filter(edition__material=material)
    if until is not None:
        runs, moves = runs.filter(printed_on__lte=until), moves.filter(moved_on__lte=until)
    printed = {
        row["edition_id"]: row
        for row in runs.values("edition_id").annotate(
            copies=Sum("quantity"),
            cost=Sum(F("quantity") * F("unit_cost_uzs"), output_field=IntegerField()),
        )
    }
    # Movements out are negative in the ledger: handed out = −sum.
    handed = {
        row["edition_id"]: -row["total"] for row in moves.values("edition_id").annotate(total=Sum("quantity"))
    }
    rows = [
        CostRow(
            material=edition.material,
            edition=edition,
            printed=printed.get(edition.pk, {}).get("copies") or 0,
            print_cost_uzs=printed.get(edition.pk, {}).get("cost") or 0,
            handed_out=handed.get(edition.pk, 0),
        )
        for edition in editions
    ]
    if by == "edition":
        return rows
    grouped: dict[int, CostRow] = {}
    for row in rows:
        total = grouped.setdefault(row.material.pk, CostRow(row.material, None, 0, 0, 0))
        total.printed += row.printed
        total.print_cost_uzs += row.print_cost_uzs
        total.handed_out += row.handed_out
    return list(grouped.values())


@dataclass
class LedgerFilter:
    edition: Edition | None = None
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None


def ledger(user, filters: LedgerFilter | None = None) -> QuerySet[StockMovement]:
    """The ledger's rows, newest first, with their edition, material, print run and action."""
    require(user, Perm.VIEW_PREVENTION)
    filters = filters or LedgerFilter()
    rows = StockMovement.objects.select_related("edition__material", "print_run", "action", "created_by")
    if filters.edition is not None:
        rows = rows.filter(edition=filters.edition)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.date_from:
        rows = rows.filter(moved_on__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(moved_on__lte=filters.date_to)
    return rows.order_by("-moved_on", "-id")


def movements_of(user, edition: Edition, *, limit: int = 20) -> list[StockMovement]:
    require(user, Perm.VIEW_PREVENTION)
    return list(
        StockMovement.objects.filter(edition=edition)
        .select_related("action", "print_run", "created_by")
        .order_by("-moved_on", "-id")[:limit]
    )


@dataclass
class LedgerDifference:
    edition: Edition
    on_hand: int
    ledger_sum: int


def verify_ledger() -> list[LedgerDifference]:
    """Editions whose kept balance differs from the sum of their ledger (none, when every write went
    through ``move_stock``)."""
    rows = (
        Edition.objects.annotate(ledger_sum=Coalesce(Sum("movements__quantity"), 0))
        .filter(~Q(on_hand=F("ledger_sum")))
        .select_related("material")
        .order_by("pk")
    )
    return [LedgerDifference(edition=row, on_hand=row.on_hand, ledger_sum=row.ledger_sum) for row in rows]


@dataclass
class ActionCopiesDifference:
    action_id: int
    kept: int
    ledger_copies: int  # −(draws + returns) in the ledger


def verify_action_copies() -> list[ActionCopiesDifference]:
    """Actions whose kept ``copies_handed_out`` differs from their ledger (−the sum of their draws and
    returns); none, when every movement went through ``move_stock``."""
    rows = (
        OutreachAction.objects.annotate(
            ledger_sum=Coalesce(
                Sum(
                    "movements__quantity",
                    filter=Q(movements__kind__in=[MovementKind.TO_ACTION, MovementKind.RETURNED]),
                ),
                0,
            )
        )
        .filter(~Q(copies_handed_out=-F("ledger_sum")))
        .values_list("pk", "copies_handed_out", "ledger_sum")
        .order_by("pk")
    )
    return [ActionCopiesDifference(pk, kept, -ledger_sum) for pk, kept, ledger_sum in rows]
