"""The prevention dashboard (Perm.VIEW_PREVENTION): this month against the targets of running campaigns,
stock alerts, the actions of the coming two weeks, and the appeals each recent campaign brought — per
action held and per 1,000 materials handed out (counts from case files: through the disclosure control).

A constant number of aggregate queries, whatever the size of the ledger or of the appeals table."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.access import Perm, Role, require, role_of
from isenim.prevention.models import AppealSource, Campaign, Edition, OutreachAction
from isenim.prevention.selectors.campaigns import (
    Actuals,
    TargetRow,
    campaign_actuals,
    campaign_trees,
    month_bounds,
    own_actuals,
    target_rows,
)

NEXT_DAYS = 14
NEXT_LIMIT = 30
# Campaigns whose appeals the dashboard weighs: those running and those ended within this many days.
RECENT_DAYS = 365
RECENT_LIMIT = 30
ALERT_LIMIT = 50


@dataclass
class RunningCampaign:
    campaign: Campaign
    actuals: Actuals
    targets: list[TargetRow]
    elapsed_percent: int


@dataclass
class Attribution:
    campaign: Campaign
    running: bool
    appeals: object  # a disclosure.Published
    actions: int
    materials: int
    per_action: float | None
    per_thousand: float | None


@dataclass
class DashboardFigures:
    today: date
    month_start: date
    month_end: date
    running: list[RunningCampaign] = field(default_factory=list)
    low_stock: list[Edition] = field(default_factory=list)
    low_stock_more: int = 0
    next_actions: list[OutreachAction] = field(default_factory=list)
    attribution: list[Attribution] = field(default_factory=list)
    appeals: object = (
        None  # a disclosure.SafeTable of one column: appeals per recent campaign, with the total
    )


def low_stock(limit: int = ALERT_LIMIT) -> tuple[list[Edition], int]:
    """Editions below their threshold (a threshold of 0 warns never), the emptiest first."""
    rows = (
        Edition.objects.filter(low_stock_threshold__gt=0, on_hand__lt=F("low_stock_threshold"))
        .select_related("material")
        .order_by("on_hand", "material__title", "language")
    )
    found = list(rows[: limit + 1])
    return found[:limit], max(len(found) - limit, 0)


def next_actions(today: date, days: int = NEXT_DAYS, limit: int = NEXT_LIMIT) -> list[OutreachAction]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(today, time.min, tzinfo=zone)
    end = datetime.combine(today + timedelta(days=days), time.max, tzinfo=zone)
    return list(
        OutreachAction.objects.filter(starts_at__gte=start, starts_at__lte=end)
        .select_related("campaign", "district")
        .order_by("starts_at")[:limit]
    )


def _elapsed(campaign: Campaign, today: date) -> int:
    days = (campaign.ends_on - campaign.starts_on).days + 1
    return min(100, round(100 * ((today - campaign.starts_on).days + 1) / days))


def _rounded(value: float | None, scale: int = 1) -> float | None:
    return None if value is None else round(scale * value, 2)


def dashboard_figures(user, today: date | None = None) -> DashboardFigures:
    from isenim.core.disclosure import rate, safe_counts, screen_k

    require(user, Perm.VIEW_PREVENTION)
    today = today or timezone.localdate()
    first, last = month_bounds(today)
    figures = DashboardFigures(today=today, month_start=first, month_end=last)
    recent = list(
        Campaign.objects.filter(
            starts_on__lte=today, ends_on__gte=today - timedelta(days=RECENT_DAYS)
        ).order_by("-ends_on", "name")[:RECENT_LIMIT]
    )
    # Each campaign's own figures, read once for every campaign of the trees of the recent ones; the
    # running ones count their sub-campaigns' too.
    trees = campaign_trees([campaign.pk for campaign in recent])
    own = own_actuals(sorted({pk for tree in trees.values() for pk in tree}), today)
    actuals = campaign_actuals(recent, today, own=own)
    running = [campaign for campaign in recent if campaign.ends_on >= today]
    figures.running = [
        RunningCampaign(
            campaign=campaign,
            actuals=actuals[campaign.pk],
            targets=target_rows(campaign, actuals[campaign.pk]),
            elapsed_percent=_elapsed(campaign, today),
        )
        for campaign in sorted(running, key=lambda campaign: (campaign.ends_on, campaign.name))
    ]
    figures.low_stock, figures.low_stock_more = low_stock()
    figures.next_actions = next_actions(today)

    # Appeals heard of through each recent campaign, per action it held and per 1,000 copies it handed out:
    # each campaign's own (its sub-campaigns are rows of their own), so that the rows add up to the total
    # the disclosure control protects.
    k = screen_k(user)
    ids = [campaign.pk for campaign in recent]
    counts = dict(
        AppealSource.objects.filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("campaign_id", "n")
    )
    table = safe_counts(counts, k, keys=ids)
    figures.appeals = table
    for campaign, published in zip(recent, table.column(None), strict=True):
        figures.attribution.append(
            Attribution(
                campaign=campaign,
                running=campaign.ends_on >= today,
                appeals=published,
                actions=own[campaign.pk].actions,
                materials=own[campaign.pk].materials,
                per_action=_rounded(rate(published, own[campaign.pk].actions)),
                per_thousand=_rounded(rate(published, own[campaign.pk].materials), 1000),
            )
        )
    return figures


def dashboard_panel(user) -> dict | None:
    """The prevention officer's panel on the staff dashboard: stock alerts and the coming actions."""
    if role_of(user) != Role.PREVENTION_OFFICER:
        return None  # the director and the M&E officer open the prevention dashboard from the menu
    today = timezone.localdate()
    alerts, more = low_stock(limit=5)
    return {
        "title": _("Prevention"),
        "template": "prevention/_dashboard_panel.html",
        "low_stock": alerts,
        "low_stock_more": more,
        "next_actions": next_actions(today, limit=5),
        "today": today,
    }
