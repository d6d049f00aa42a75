"""What a funding source has committed, spent and left, and the one budget check: used by the budget
pages and by every service that commits or lowers money (they read the same numbers, so they cannot
disagree).

* committed — the totals of approved requests not yet bought;
* spent — the totals of purchases;
* remaining — the budget less both.
"""

from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from isenim.reintegration.choices import AidState
from isenim.reintegration.models import AidRequest, FundingSource, Purchase


def money(value: int) -> str:
    """A whole sum of UZS with its thousands grouped by spaces (1 250 000), for messages and PDFs."""
    return f"{value:,}".replace(",", " ")


@dataclass(frozen=True)
class Budget:
    source: FundingSource
    committed: int
    spent: int
    approved_count: int
    purchase_count: int

    @property
    def amount(self) -> int:
        return self.source.amount_uzs

    @property
    def used(self) -> int:
        """Committed and spent: what the budget can no longer give."""
        return self.committed + self.spent

    @property
    def remaining(self) -> int:
        return self.amount - self.used


def budget_of(source: FundingSource, *, exclude_request: AidRequest | None = None) -> Budget:
    """The budget of one source; ``exclude_request`` leaves one request (and its purchase) out, to check a
    change to it against the rest."""
    requests = AidRequest.objects.filter(funding_source=source, state=AidState.APPROVED)
    purchases = Purchase.objects.filter(funding_source=source)
    if exclude_request is not None:
        requests = requests.exclude(pk=exclude_request.pk)
        purchases = purchases.exclude(request=exclude_request)
    committed = requests.aggregate(total=Sum("total_uzs"), count=Count("id"))
    spent = purchases.aggregate(total=Sum("total_uzs"), count=Count("id"))
    return Budget(
        source=source,
        committed=committed["total"] or 0,
        spent=spent["total"] or 0,
        approved_count=committed["count"],
        purchase_count=spent["count"],
    )


def budgets_of(sources) -> list[Budget]:
    """Budgets of many sources in two queries."""
    sources = list(sources)
    ids = [source.pk for source in sources]
    committed = {
        row["funding_source"]: row
        for row in AidRequest.objects.filter(funding_source__in=ids, state=AidState.APPROVED)
        .values("funding_source")
        .annotate(total=Sum("total_uzs"), count=Count("id"))
    }
    spent = {
        row["funding_source"]: row
        for row in Purchase.objects.filter(funding_source__in=ids)
        .values("funding_source")
        .annotate(total=Sum("total_uzs"), count=Count("id"))
    }
    empty = {"total": 0, "count": 0}
    return [
        Budget(
            source=source,
            committed=committed.get(source.pk, empty)["total"] or 0,
            spent=spent.get(source.pk, empty)["total"] or 0,
            approved_count=committed.get(source.pk, empty)["count"],
            purchase_count=spent.get(source.pk, empty)["count"],
        )
        for source in sources
    ]


def check_fits(source: FundingSource, amount: int, *, exclude_request: AidRequest | None = None) -> None:
    """Refuse when ``amount`` does not fit in what ``source`` has left. The source row is locked first
    (inside the caller's transaction), so two decisions at once cannot both spend the same money."""
    from isenim.reintegration.services import ReintegrationError

    FundingSource.objects.select_for_update().filter(pk=source.pk).first()
    remaining = budget_of(source, exclude_request=exclude_request).remaining
    if amount > remaining:
        raise ReintegrationError(
            _(
                "“%(source)s” has %(remaining)s UZS left (after what is committed and spent); this needs "
                "%(amount)s UZS. Choose another funding source, lower the amounts, or raise the budget."
            )
            % {"source": source.name, "remaining": money(max(remaining, 0)), "amount": money(amount)}
        )


def check_covers_used(source: FundingSource, amount: int) -> None:
    """Refuse a budget lowered below what its source has already committed and spent."""
    from isenim.reintegration.services import ReintegrationError

    used = budget_of(source).used
    if amount < used:
        raise ReintegrationError(
            _("The budget cannot be less than what is already committed and spent (%(used)s UZS).")
            % {"used": money(used)}
        )
