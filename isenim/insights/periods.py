"""Relative periods of the pivot ("last 12 months", "this quarter"…) and the integer month the facts keep.

Every period is computed from a ``today`` passed in (the clock only when none is given), so tests fix it.
A period "to date" (this month, this quarter, this year, the last 12 months) ends on ``today``: there are
no appeals after it, and its comparison a year earlier ends on the same day of that year, so "this quarter
against the same quarter last year" compares the same stretch of days.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

PERIODS = {
    "last_12_months": _("Last 12 months"),
    "this_month": _("This month"),
    "this_quarter": _("This quarter"),
    "this_year": _("This year"),
    "last_year": _("Last year"),
    "all": _("All time"),
    "custom": _("Chosen dates"),
}
COMPARISONS = {"previous_year": _("The same period a year earlier")}


class PeriodError(ValueError):
    """A period that cannot be used; the message is translated."""


def month_key(day: date) -> int:
    """202612 for any day of December 2026: the integer the facts group by."""
    return day.year * 100 + day.month


def month_start(key: int) -> date:
    return date(key // 100, key % 100, 1)


def add_months(key: int, months: int) -> int:
    index = (key // 100) * 12 + (key % 100 - 1) + months
    return (index // 12) * 100 + index % 12 + 1


def months_between(first: int, last: int) -> list[int]:
    keys, key = [], first
    while key <= last:
        keys.append(key)
        key = add_months(key, 1)
    return keys


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def shift_year(day: date | None, years: int = -1) -> date | None:
    """The same day ``years`` earlier or later; 29 February becomes 28 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def resolve(
    period: str, *, starts_on: date | None = None, ends_on: date | None = None, today: date | None = None
) -> tuple[date | None, date | None]:
    """(first day, last day) of a named period, both included; None for an open end ("all")."""
    today = today or timezone.localdate()
    if period == "last_12_months":
        return month_start(add_months(month_key(today), -11)), today
    if period == "this_month":
        return today.replace(day=1), today
    if period == "this_quarter":
        return quarter_start(today), today
    if period == "this_year":
        return date(today.year, 1, 1), today
    if period == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if period == "all":
        return None, None
    if period == "custom":
        if starts_on is None or ends_on is None:
            raise PeriodError(gettext("Give both the first and the last day of the period."))
        if starts_on > ends_on:
            raise PeriodError(gettext("The period ends before it starts."))
        if (ends_on - starts_on) > timedelta(days=366 * 20):
            raise PeriodError(gettext("A period may be at most 20 years long."))
        return starts_on, ends_on
    raise PeriodError(gettext("Unknown period: %(period)s.") % {"period": period})
