"""Background work of the dashboards, run by the task worker (django-tasks): the counts over a year or
two of appeals (``dashboards.YearCounts``) recomputed when the page finds them older than their freshness,
and once a day by ``isenim daily`` so that the day's first visit finds them ready."""

from datetime import date

from django.utils import timezone
from django_tasks import task


@task()
def refresh_year_counts(day: str = "") -> str:
    """Recompute and keep the dashboards' year counts of ``day`` (ISO date; today when empty)."""
    from isenim.insights.dashboards import Periods, compute_year_counts

    today = date.fromisoformat(day) if day else timezone.localdate()
    compute_year_counts(Periods(today))
    return today.isoformat()
