"""Dashboards with numbers (docs/insights.md, "Dashboards"): the director's and the M&E officer's page of
figures (``Perm.VIEW_INSIGHTS``), the caseworkers' "My figures" panel (``Perm.VIEW_OWN_FIGURES``) and the
prevention officer's panel (``Perm.VIEW_PREVENTION_FIGURES``) on the staff dashboard.

Each figure is one small function returning a :class:`Figure`: its headline numbers, a chart, the list it
comes from (a link only for roles that may open that list) and the analysis page for the same numbers.
Every count of appeals, cases or people goes through ``core.disclosure`` with ``screen_k(user)``: the
director (case team) reads raw numbers, the M&E officer and the prevention officer k = 5; rates and
changes are computed from published numbers only. Prevention reach (people counted at a bazaar, copies
handed out) is not case data and is shown as it is.

Fast at 1,000,000 appeals and 300,000 cases: a constant number of aggregate queries, each a range on an
indexed column (``received_on``, the case status index, the task index by assignee); counts by day are
folded into months in Python (no ``TruncMonth``, no ``__date``: on SQLite both are a Python function per
row); the days from an appeal to its first action are computed by the database itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from isenim.appeals import urgency
from isenim.appeals.choices import Outcome, TriageState
from isenim.appeals.models import Appeal
from isenim.cases.choices import ServiceGroup, Status
from isenim.cases.models import Case, ServiceDelivery, Task
from isenim.core.access import Perm, can, cases_for
from isenim.core.charts import Chart, Series, chart_of_table, format_value
from isenim.core.disclosure import Published, SafeTable, rate, safe_count, safe_counts, safe_table, screen_k
from isenim.insights.facts import DaysToFirstAction  # noqa: F401  (the days' one definition, tests use it)
from isenim.insights.models import AppealFact
from isenim.prevention.models import AppealSource, Campaign, OutreachAction
from isenim.prevention.selectors.campaigns import local_midnight
from isenim.reintegration.choices import TradeWorked
from isenim.reintegration.models import FollowUp, Handover
from isenim.reintegration.scoring import scores_of

ACTIVE_STATUSES = [status for status in Status.values if status != Status.CLOSED]
# The composite score (0–1, reintegration.scoring) from which a person counts as sustainably reintegrated,
# the default of the reintegration measure (reintegration.measures.DEFAULT_THRESHOLD).
SUSTAINABLE_FROM = 0.6
# Days from an appeal to its first action, in bins for the chart (the last bin is open).
DELAY_BINS = ((0, 0), (1, 1), (2, 2), (3, 3), (4, 7), (8, 14), (15, 30), (31, None))
CAMPAIGN_ROWS = 8
# The counts that read every appeal of a year or two (YearCounts) are recomputed by the task worker once
# they are older than YEAR_COUNTS_FRESH seconds (the page meanwhile shows them with the time they were
# computed), and by the daily job before the day's first visit; a set is kept YEAR_COUNTS_KEPT seconds at
# most. A member of staff's own figures are kept YEAR_COUNTS_CACHE seconds. docs/insights.md, "Speed".
YEAR_COUNTS_FRESH = 600
YEAR_COUNTS_KEPT = 2 * 24 * 3600
YEAR_COUNTS_CACHE = 600


# --- periods ---------------------------------------------------------------------------------------------


def same_day_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Periods:
    """This month and this year to ``today``, and the same stretches of last year."""

    today: date

    @property
    def month_start(self) -> date:
        return self.today.replace(day=1)

    @property
    def year_start(self) -> date:
        return self.today.replace(month=1, day=1)

    @property
    def last_today(self) -> date:
        return same_day_last_year(self.today)

    @property
    def last_month_start(self) -> date:
        return self.last_today.replace(day=1)

    @property
    def last_year_start(self) -> date:
        return self.year_start.replace(year=self.today.year - 1)

    def months(self, year: int) -> list[date]:
        return [date(year, month, 1) for month in range(1, 13)]


def month_label(month: date) -> str:
    return date_format(month, "M")


# --- what a figure is ------------------------------------------------------------------------------------


@dataclass
class Headline:
    """One number with what it is compared with: ``value`` and ``compare`` are Published counts or plain
    numbers; ``change`` is the change in percent, from published numbers only (None when one is hidden)."""

    label: str
    value: object
    compare_label: str = ""
    compare: object = None
    url: str = ""

    @property
    def text(self) -> str:
        return self.value if isinstance(self.value, str) else format_value(self.value)

    @property
    def hint(self) -> str:
        """The longer form of a hidden count, for the cell's title."""
        return self.value.label if isinstance(self.value, Published) else ""

    @property
    def compare_text(self) -> str:
        return self.compare if isinstance(self.compare, str) else format_value(self.compare)

    @property
    def change(self) -> float | None:
        if self.compare is None or isinstance(self.compare, str) or isinstance(self.value, str):
            return None
        ratio = rate(_published(self.value), _published(self.compare))
        return None if ratio is None else round(100 * (ratio - 1))


@dataclass
class Link:
    label: str
    url: str


def drawn(chart: Chart | None) -> Chart | None:
    """The chart, or None when it would be empty (every value zero, missing or hidden): its numbers and
    their "fewer than k" are still in the headlines."""
    if chart is None or not any(value for series in chart.series for value in series.numbers):
        return None
    return chart


@dataclass
class Figure:
    key: str
    title: str
    headlines: list[Headline] = field(default_factory=list)
    chart: Chart | None = None
    k: int | None = None  # the disclosure note's k; None: raw numbers, or not case data
    case_data: bool = True
    links: list[Link] = field(default_factory=list)
    note: str = ""
    table: SafeTable | None = None

    def __post_init__(self):
        self.chart = drawn(self.chart)


def _count_chart(
    table: SafeTable, title: str, series: str, row_label, *, kind: str = "hbar", unit: str = ""
) -> Chart:
    """The chart of a one-way table of counts: one bar per row, one series named ``series``."""
    return chart_of_table(
        table, title, kind=kind, unit=unit, row_label=row_label, col_label=lambda _c: series
    )


def _published(value):
    if isinstance(value, Published):
        return value
    return Published(value)


# --- links -----------------------------------------------------------------------------------------------


def appeal_list_url(user, **params) -> str:
    """The appeal list filtered (its form's GET parameters), for those who may open it; else ""."""
    if not can(user, Perm.VIEW_APPEALS):
        return ""
    query = {key: value.isoformat() if isinstance(value, date) else value for key, value in params.items()}
    return f"{reverse('appeals:appeal_list')}?{urlencode(query)}"


def case_list_url(user, **params) -> str:
    if not can(user, Perm.VIEW_CASES):
        return ""
    return f"{reverse('cases:case_list')}?{urlencode(params)}" if params else reverse("cases:case_list")


# The analysis page has one address per permission that opens it (insights/urls.py).
ANALYSIS_PAGES = (
    (Perm.VIEW_INSIGHTS, "insights:analysis"),
    (Perm.VIEW_PREVENTION_FIGURES, "insights:analysis_prevention"),
    (Perm.VIEW_OWN_FIGURES, "insights:analysis_own"),
)


def analysis_url(
    user,
    rows: str,
    *,
    cols: str | None = None,
    source: str = "appeals",
    period: str = "this_year",
    filters: dict | None = None,
    compare: str = "",
) -> str:
    """The analysis page (insights.pivot) with the same numbers, at the address ``user`` may open."""
    from isenim.insights.pivot import PivotSpec

    page = next((name for perm, name in ANALYSIS_PAGES if can(user, perm)), None)
    if page is None:
        return ""
    spec = PivotSpec(
        rows=rows,
        cols=cols,
        source=source,
        filters={key: tuple(values) for key, values in (filters or {}).items()},
        period=period,
        compare=compare,
    )
    return f"{reverse(page)}?{spec.to_query()}"


def _analysis_link(url: str) -> list[Link]:
    return [Link(_("Analyse these numbers"), url)] if url else []


# --- appeals ---------------------------------------------------------------------------------------------


def _by_day(appeals) -> dict[date, int]:
    # COUNT(*), not of the key: the fact's key (a bigint, not SQLite's rowid) is in none of its indexes
    return dict(appeals.values_list("received_on").annotate(n=Count("*")).order_by())


def _fold(days: dict[date, int], start: date, end: date) -> int:
    return sum(n for day, n in days.items() if start <= day <= end)


def _monthly(days: dict[date, int], year: int) -> dict[int, int]:
    months = dict.fromkeys(range(1, 13), 0)
    for day, n in days.items():
        if day.year == year:
            months[day.month] += n
    return months


def _month_table(days: dict[date, int], periods: Periods, k: int | None) -> SafeTable:
    """Months × (last year, this year), with the margins, protected as one table."""
    this, last = periods.today.year, periods.today.year - 1
    this_months, last_months = _monthly(days, this), _monthly(days, last)
    return safe_table(
        {month: {last: last_months[month], this: this_months[month]} for month in range(1, 13)},
        k,
        row_keys=range(1, 13),
        col_keys=(last, this),
    )


def _month_chart(table: SafeTable, periods: Periods, title: str, unit: str) -> Chart:
    this, last = periods.today.year, periods.today.year - 1
    current = periods.today.month
    return Chart(
        title,
        [month_label(month) for month in periods.months(this)],
        [
            Series(str(last), table.column(last)),
            # the months still to come are a gap, not a zero
            Series(
                str(this),
                [
                    value if month <= current else None
                    for month, value in zip(range(1, 13), table.column(this), strict=True)
                ],
            ),
        ],
        kind="bar",
        unit=unit,
    )


@dataclass
class YearCounts:
    """The counts that read a year or two of appeals, computed together and kept YEAR_COUNTS_CACHE seconds:
    appeals and presumed victims by day since the start of last year, this year's appeals by outcome and
    by the days to their first action."""

    computed_at: datetime
    appeals_by_day: dict[date, int]
    presumed_by_day: dict[date, int]
    by_outcome: dict[str, int]
    days_to_first_action: dict[int, int]


def _year_counts_key(day: date) -> str:
    return f"insights:year-counts:{day.isoformat()}"


def year_counts(periods: Periods) -> YearCounts:
    """The day's counts as last computed: computed here only when none are kept (the first visit of a day
    before the daily job, or after a restart that emptied the cache); when older than YEAR_COUNTS_FRESH,
    the task worker is asked to recompute them and the page shows these meanwhile, with their time."""
    found = cache.get(_year_counts_key(periods.today))
    if found is None:
        return compute_year_counts(periods)
    if timezone.now() - found.computed_at > timedelta(seconds=YEAR_COUNTS_FRESH):
        _refresh_later(periods.today)
    return found


def compute_year_counts(periods: Periods) -> YearCounts:
    since_last_year = Q(received_on__gte=periods.last_year_start, received_on__lte=periods.today)
    this_year = Q(received_on__gte=periods.year_start, received_on__lte=periods.today)
    counts = YearCounts(
        computed_at=timezone.now(),
        # the appeals' own index on received_on holds every column this reads
        appeals_by_day=_by_day(Appeal.objects.filter(since_last_year)),
        presumed_by_day=_by_day(AppealFact.objects.filter(since_last_year, presumed_victim=True)),
        by_outcome=dict(
            AppealFact.objects.filter(this_year).values_list("outcome").annotate(n=Count("*")).order_by()
        ),
        days_to_first_action=_days_to_first_action(this_year),
    )
    cache.set(_year_counts_key(periods.today), counts, YEAR_COUNTS_KEPT)
    return counts


def _refresh_later(day: date) -> None:
    """Queue one recomputation per YEAR_COUNTS_FRESH, however many pages ask for it meanwhile."""
    if cache.add(f"insights:year-counts-queued:{day.isoformat()}", True, YEAR_COUNTS_FRESH):
        from isenim.insights.tasks import refresh_year_counts

        refresh_year_counts.enqueue(day.isoformat())


def appeals_received(user, periods: Periods, k: int | None, counts: YearCounts | None = None) -> Figure:
    """Appeals received this month and this year, against the same stretches of last year; by month."""
    return _appeal_counts(
        user,
        periods,
        k,
        (counts or year_counts(periods)).appeals_by_day,
        key="appeals",
        title=_("Appeals received"),
        list_params={},
        analysis=analysis_url(user, "month", compare="previous_year"),
    )


def presumed_victims(user, periods: Periods, k: int | None, counts: YearCounts | None = None) -> Figure:
    """Appeals of presumed victims of trafficking (the screening's rule), the same way."""
    return _appeal_counts(
        user,
        periods,
        k,
        (counts or year_counts(periods)).presumed_by_day,
        key="presumed",
        title=_("Presumed victims of trafficking"),
        list_params={"presumed": "yes"},
        analysis=analysis_url(user, "month", filters={"presumed_victim": ["yes"]}, compare="previous_year"),
    )


def _appeal_counts(user, periods, k, days, *, key, title, list_params, analysis) -> Figure:
    table = _month_table(days, periods, k)
    month = safe_count(_fold(days, periods.month_start, periods.today), k)
    last_month = safe_count(_fold(days, periods.last_month_start, periods.last_today), k)
    year = safe_count(_fold(days, periods.year_start, periods.today), k)
    last_year = safe_count(_fold(days, periods.last_year_start, periods.last_today), k)
    same_last = _("same days last year")
    figure = Figure(
        key=key,
        title=title,
        k=k,
        table=table,
        headlines=[
            Headline(
                _("This month"),
                month,
                same_last,
                last_month,
                appeal_list_url(user, date_from=periods.month_start, date_to=periods.today, **list_params),
            ),
            Headline(
                _("This year"),
                year,
                same_last,
                last_year,
                appeal_list_url(user, date_from=periods.year_start, date_to=periods.today, **list_params),
            ),
        ],
        chart=_month_chart(table, periods, _("%(title)s by month") % {"title": title}, _("appeals")),
        links=_analysis_link(analysis),
    )
    return figure


def appeals_of_the_year(
    user, periods: Periods, k: int | None, counts: YearCounts | None = None
) -> tuple[Figure, Figure]:
    """This year's appeals by outcome, and by the days from an appeal to its first action (an owner or an
    outcome, whichever came first)."""
    counts = counts or year_counts(periods)
    return (
        _outcomes(user, periods, k, counts.by_outcome),
        _first_action(user, periods, k, counts.days_to_first_action),
    )


def _days_to_first_action(this_year: Q) -> dict[int, int]:
    """{days: appeals} for this year's appeals acted on: the facts hold the days (``facts.DaysToFirstAction``,
    computed when the appeal is written), read from the facts' index led by the day."""
    rows = (
        AppealFact.objects.filter(this_year, days_to_first_action__isnull=False)
        .values_list("days_to_first_action")
        .annotate(n=Count("*"))
        .order_by()
    )
    found: dict[int, int] = {}
    for days, n in rows:
        found[max(days, 0)] = found.get(max(days, 0), 0) + n
    return found


def _outcomes(user, periods, k, by_outcome: dict[str, int]) -> Figure:
    keys = [*Outcome.values, ""]
    labels = {**dict(Outcome.choices), "": _("Waiting for an outcome")}
    table = safe_counts(by_outcome, k, keys=keys)
    figure = Figure(
        key="outcomes",
        title=_("Outcomes of this year's appeals"),
        k=k,
        table=table,
        chart=_count_chart(
            table, _("Outcomes of this year's appeals"), _("Appeals"), labels.__getitem__, unit=_("appeals")
        ),
        links=_analysis_link(analysis_url(user, "outcome")),
    )
    for key, published in zip(keys, table.column(None), strict=True):
        params = {"outcome": key} if key else {"triage": "open"}
        figure.headlines.append(
            Headline(
                str(labels[key]),
                published,
                url=appeal_list_url(user, date_from=periods.year_start, date_to=periods.today, **params),
            )
        )
    figure.headlines.append(Headline(_("Total"), table.total))
    return figure


def _bin_label(low: int, high: int | None) -> str:
    if high is None:
        return _("%(days)s days or more") % {"days": low}
    if low == high:
        return _("same day") if low == 0 else _("%(days)s d") % {"days": low}
    return _("%(low)s–%(high)s d") % {"low": low, "high": high}


def percentile(by_days: dict[int, int], fraction: float) -> int | None:
    """The smallest number of days d such that at least ``fraction`` of the appeals waited d days or less."""
    total = sum(by_days.values())
    if not total:
        return None
    seen = 0
    for days in sorted(by_days):
        seen += by_days[days]
        if seen >= fraction * total:
            return days
    return max(by_days)


def _first_action(user, periods, k, by_days: dict[int, int]) -> Figure:
    counts = {}
    for low, high in DELAY_BINS:
        counts[(low, high)] = sum(
            n for days, n in by_days.items() if days >= low and (high is None or days <= high)
        )
    table = safe_counts(counts, k, keys=DELAY_BINS)
    acted = table.total
    # A median of fewer than k appeals describes those few: shown only when their number is.
    shown = acted.value is not None and acted.value > 0
    median = percentile(by_days, 0.5) if shown else None
    p90 = percentile(by_days, 0.9) if shown else None
    return Figure(
        key="first_action",
        title=_("Days from an appeal to its first action"),
        k=k,
        table=table,
        headlines=[
            Headline(_("Median, days"), median if median is not None else "—"),
            Headline(_("9 in 10 within, days"), p90 if p90 is not None else "—"),
            Headline(
                _("Appeals acted on this year"),
                acted,
                url=appeal_list_url(user, date_from=periods.year_start, date_to=periods.today),
            ),
        ],
        chart=_count_chart(
            table,
            _("Days from an appeal to its first action, this year"),
            _("Appeals"),
            lambda days: _bin_label(*days),
            kind="bar",
            unit=_("appeals"),
        ),
        note=_(
            "The first action is the first owner given or the outcome recorded, whichever came first; "
            "counted in the centre's calendar days."
        ),
    )


def overdue_appeals(today: date) -> int:
    """``Appeal.objects.overdue(today).count()`` as three counts, each a range of the triage index (state,
    due_on): open appeals past their due date; appeals still without an owner after a working day that
    are not past due, with a due date and without one. (One OR over them made SQLite walk the index of
    ``received_on`` over every appeal ever received.)"""
    past_due = Appeal.objects.open().filter(due_on__lt=today).count()
    waiting = Appeal.objects.filter(
        state=TriageState.NEW, received_on__lte=urgency.owner_overdue_if_received_by(today)
    )
    return past_due + waiting.filter(due_on__gte=today).count() + waiting.filter(due_on__isnull=True).count()


def overdue_work(user, periods: Periods, k: int | None) -> Figure:
    """Open appeals past their due date (or without an owner after a working day), and open case tasks
    past their due date on cases still open."""
    appeals = safe_count(overdue_appeals(periods.today), k)
    # The task index leads with the assignee: every member of staff, one range each.
    staff = list(get_user_model().objects.values_list("pk", flat=True))
    tasks = safe_count(
        Task.objects.filter(assignee_id__in=staff, done_on=None, due_on__lt=periods.today)
        .exclude(case__status=Status.CLOSED)
        .count(),
        k,
    )
    return Figure(
        key="overdue",
        title=_("Overdue work"),
        k=k,
        headlines=[
            Headline(_("Appeals overdue"), appeals, url=appeal_list_url(user, triage="overdue")),
            Headline(_("Case tasks overdue"), tasks),
        ],
        chart=Chart(
            _("Overdue work today"),
            [_("Appeals"), _("Case tasks")],
            [Series(_("Overdue"), [appeals, tasks])],
            kind="hbar",
        ),
    )


# --- cases -----------------------------------------------------------------------------------------------


def open_cases(user, periods: Periods, k: int | None) -> Figure:
    """Cases not closed, by status (the status index: one range per status)."""
    counts = dict(
        Case.objects.filter(status__in=ACTIVE_STATUSES)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = dict(Status.choices)
    table = safe_counts(counts, k, keys=ACTIVE_STATUSES)
    figure = Figure(
        key="cases",
        title=_("Open cases by status"),
        k=k,
        table=table,
        chart=_count_chart(table, _("Open cases by status"), _("Cases"), labels.__getitem__, unit=_("cases")),
        links=_analysis_link(
            analysis_url(user, "status", source="cases", period="all", filters={"status": ACTIVE_STATUSES})
        ),
    )
    for status, published in zip(ACTIVE_STATUSES, table.column(None), strict=True):
        figure.headlines.append(
            Headline(str(labels[status]), published, url=case_list_url(user, status=status))
        )
    figure.headlines.append(Headline(_("Total"), table.total, url=case_list_url(user, active="on")))
    return figure


def people_helped(user, periods: Periods, k: int | None) -> Figure:
    """People given a service this year, by kind of help (the service catalogue's groups). A person helped
    in several ways counts once in each: the rows do not add up to the total, which counts each person
    once; so no total of the rows is published and each count is protected on its own."""
    services = ServiceDelivery.objects.filter(
        delivered_on__gte=periods.year_start, delivered_on__lte=periods.today
    )
    counts = dict(
        services.values_list("service_type__group")
        .annotate(n=Count("case__person_id", distinct=True))
        .order_by()
    )
    groups = list(ServiceGroup.values)
    labels = dict(ServiceGroup.choices)
    people = {group: safe_count(counts.get(group, 0), k) for group in groups}
    # The cases from the year's services, then their people (a join from the cases' side would walk every
    # case when the year has few services).
    people_of = Case.objects.filter(pk__in=services.values("case_id"))
    everyone = safe_count(people_of.aggregate(n=Count("person_id", distinct=True))["n"], k)
    return Figure(
        key="helped",
        title=_("People helped this year, by kind of help"),
        k=k,
        headlines=[
            Headline(_("People helped"), everyone),
            *[Headline(str(labels[group]), people[group]) for group in groups],
        ],
        chart=Chart(
            _("People helped this year, by kind of help"),
            [labels[group] for group in groups],
            [Series(_("People"), [people[group] for group in groups])],
            kind="hbar",
            unit=_("people"),
        ),
        note=_(
            "A person helped in several ways is counted under each: the kinds do not add up to the total."
        ),
    )


def tool_kits(user, periods: Periods, k: int | None) -> Figure:
    """Tool kits handed over this year (and by month), and the 12-month follow-ups recorded in the last
    twelve months: how many people work in their trade and how many reach a sustainability score of
    SUSTAINABLE_FROM or more."""
    handovers = Handover.objects.filter(
        handed_over_on__gte=periods.last_year_start, handed_over_on__lte=periods.today
    )
    days = dict(handovers.values_list("handed_over_on").annotate(n=Count("pk")).order_by())
    table = _month_table(days, periods, k)
    year = safe_count(_fold(days, periods.year_start, periods.today), k)
    last_year = safe_count(_fold(days, periods.last_year_start, periods.last_today), k)
    followed = working = sustainable = 0
    fields = ["trade_worked", *(name for name in scores_fields())]
    for row in FollowUp.objects.filter(
        months=12, done_on__gt=same_day_last_year(periods.today), done_on__lte=periods.today
    ).values(*fields):
        followed += 1
        working += row["trade_worked"] in (TradeWorked.YES, TradeWorked.PARTLY)
        sustainable += scores_of(row).composite >= SUSTAINABLE_FROM
    followed_p, working_p, sustainable_p = (safe_count(n, k) for n in (followed, working, sustainable))
    return Figure(
        key="toolkits",
        title=_("Tool kits and their sustainability"),
        k=k,
        table=table,
        headlines=[
            Headline(_("Tool kits handed over this year"), year, _("same days last year"), last_year),
            Headline(_("Followed up 12 months after (last 12 months)"), followed_p),
            Headline(_("Working in their trade"), working_p, _("share"), _share(working_p, followed_p)),
            Headline(
                _("Sustainability score of %(score)s or more") % {"score": SUSTAINABLE_FROM},
                sustainable_p,
                _("share"),
                _share(sustainable_p, followed_p),
            ),
        ],
        chart=_month_chart(table, periods, _("Tool kits handed over by month"), _("tool kits")),
    )


def scores_fields() -> list[str]:
    from isenim.reintegration.choices import INDICATORS

    return [item.field for item in INDICATORS]


def _share(part: Published, whole: Published) -> str:
    ratio = rate(part, whole)
    return "—" if ratio is None else f"{round(100 * ratio)}%"


# --- prevention ------------------------------------------------------------------------------------------


@dataclass
class Reach:
    people: int = 0
    actions: int = 0
    copies: int = 0


def prevention_reach(user, periods: Periods) -> Figure:
    """People reached at outreach actions held (their tally entered), actions held and copies handed out
    there: this year against the same days of last year, and people reached by month. One query."""
    this_year = Q(
        starts_at__gte=local_midnight(periods.year_start),
        starts_at__lt=local_midnight(periods.today + timedelta(days=1)),
    )
    last_year = Q(
        starts_at__gte=local_midnight(periods.last_year_start),
        starts_at__lt=local_midnight(periods.last_today + timedelta(days=1)),
    )
    sums = {}
    for name, period in (("this", this_year), ("last", last_year)):
        sums[f"{name}_people"] = Sum("reach_total", filter=period)
        sums[f"{name}_actions"] = Count("pk", filter=period)
        sums[f"{name}_copies"] = Sum("copies_handed_out", filter=period)
    for month in periods.months(periods.today.year):
        end = (month + timedelta(days=32)).replace(day=1)
        sums[f"m{month.month}"] = Sum(
            "reach_total", filter=Q(starts_at__gte=local_midnight(month), starts_at__lt=local_midnight(end))
        )
    totals = OutreachAction.objects.filter(
        tally_entered_at__isnull=False,
        starts_at__gte=local_midnight(periods.last_year_start),
        starts_at__lt=local_midnight(periods.today + timedelta(days=1)),
    ).aggregate(**sums)
    now = Reach(totals["this_people"] or 0, totals["this_actions"], totals["this_copies"] or 0)
    then = Reach(totals["last_people"] or 0, totals["last_actions"], totals["last_copies"] or 0)
    same_last = _("same days last year")
    links = (
        [Link(_("Prevention dashboard"), reverse("prevention:dashboard"))]
        if can(user, Perm.VIEW_PREVENTION)
        else []
    )
    current = periods.today.month
    return Figure(
        key="prevention",
        title=_("Prevention reach this year"),
        case_data=False,
        headlines=[
            Headline(_("People reached at outreach actions"), now.people, same_last, then.people),
            Headline(_("Outreach actions held"), now.actions, same_last, then.actions),
            Headline(_("Copies of materials handed out"), now.copies, same_last, then.copies),
        ],
        chart=Chart(
            _("People reached at outreach actions by month"),
            [month_label(month) for month in periods.months(periods.today.year)],
            [
                Series(
                    _("People reached"),
                    [(totals[f"m{m}"] or 0) if m <= current else None for m in range(1, 13)],
                )
            ],
            kind="bar",
            unit=_("people"),
        ),
        links=links,
        note=_("Counted at actions whose tally is entered; copies handed out less those brought back."),
    )


def campaign_appeals(user, periods: Periods, k: int | None) -> Figure:
    """Appeals received this year whose appellant heard of the centre through a campaign (its action,
    placement or material), by campaign: the most appeals first, the rest as one row."""
    counts = dict(
        AppealSource.objects.filter(
            campaign__isnull=False, received_on__gte=periods.year_start, received_on__lte=periods.today
        )
        .values_list("campaign_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ranked = sorted(counts, key=lambda pk: (-counts[pk], pk))
    top, rest = ranked[:CAMPAIGN_ROWS], ranked[CAMPAIGN_ROWS:]
    names = dict(Campaign.objects.filter(pk__in=top).values_list("pk", "name"))
    rows = {pk: counts[pk] for pk in top}
    keys: list = list(top)
    if rest:
        rows["rest"] = sum(counts[pk] for pk in rest)
        keys.append("rest")
    table = safe_counts(rows, k, keys=keys)
    label_of = {key: names.get(key, "") if key != "rest" else _("Other campaigns") for key in keys}
    labels = [label_of[key] for key in keys]
    title = _("Appeals heard of through a campaign, this year")
    figure = Figure(
        key="campaigns",
        title=title,
        k=k,
        table=table,
        chart=_count_chart(table, title, _("Appeals"), label_of.__getitem__, unit=_("appeals"))
        if keys
        else None,
        links=_analysis_link(analysis_url(user, "campaign")),
        note=_("Appeals measure help-seeking, not how many people are harmed."),
    )
    for label, key, published in zip(labels, keys, table.column(None), strict=True):
        url = ""
        if key != "rest" and can(user, Perm.VIEW_CAMPAIGN_LIST):
            url = reverse("prevention:campaign_detail", args=[key]) if can(user, Perm.VIEW_PREVENTION) else ""
        figure.headlines.append(Headline(label, published, url=url))
    figure.headlines.append(Headline(_("Total"), table.total))
    return figure


# --- the pages -------------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    today: date
    k: int | None
    computed_at: datetime
    figures: list[Figure]

    @property
    def refresh_minutes(self) -> int:
        return YEAR_COUNTS_FRESH // 60

    def figure(self, key: str) -> Figure:
        return next(figure for figure in self.figures if figure.key == key)


def dashboard(user, today: date | None = None) -> Dashboard:
    """The director's and the M&E officer's figures (Perm.VIEW_INSIGHTS; else 404)."""
    from isenim.core.access import require

    require(user, Perm.VIEW_INSIGHTS)
    periods = Periods(today or timezone.localdate())
    k = screen_k(user)
    counts = year_counts(periods)
    outcomes, first_action = appeals_of_the_year(user, periods, k, counts)
    return Dashboard(
        today=periods.today,
        k=k,
        computed_at=counts.computed_at,
        figures=[
            appeals_received(user, periods, k, counts),
            presumed_victims(user, periods, k, counts),
            open_cases(user, periods, k),
            overdue_work(user, periods, k),
            first_action,
            outcomes,
            people_helped(user, periods, k),
            tool_kits(user, periods, k),
            prevention_reach(user, periods),
            campaign_appeals(user, periods, k),
        ],
    )


# --- panels of the staff dashboard -----------------------------------------------------------------------


@dataclass
class OwnRow:
    label: str
    month: Published
    year: Published
    url: str = ""


def own_appeal_counts(user, periods: Periods) -> list[tuple[int, int]]:
    """(this month, this year) of the appeals ``user`` registered, and of those they own: on the facts'
    index of each, kept YEAR_COUNTS_CACHE seconds (the index holds every year of a person's appeals)."""
    key = f"insights:own:{user.pk}:{periods.today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = []
        for mine in (Q(registered_by=user), Q(assigned_to=user)):
            counts = AppealFact.objects.filter(
                mine, received_on__gte=periods.year_start, received_on__lte=periods.today
            ).aggregate(year=Count("pk"), month=Count("pk", filter=Q(received_on__gte=periods.month_start)))
            found.append((counts["month"], counts["year"]))
        cache.set(key, found, YEAR_COUNTS_CACHE)
    return found


def own_figures(user, today: date | None = None) -> dict:
    """A caseworker's own figures (Perm.VIEW_OWN_FIGURES): the appeals they registered and those they own,
    and their teams' cases (for those who see cases), this month and this year."""
    periods = Periods(today or timezone.localdate())
    k = screen_k(user)
    rows = [
        OwnRow(label, safe_count(month, k), safe_count(year, k))
        for label, (month, year) in zip(
            (_("Appeals I registered"), _("Appeals I own")), own_appeal_counts(user, periods), strict=True
        )
    ]
    open_now = None
    if can(user, Perm.VIEW_CASES):
        cases = cases_for(user).aggregate(
            year=Count("pk", filter=Q(opened_on__gte=periods.year_start, opened_on__lte=periods.today)),
            month=Count("pk", filter=Q(opened_on__gte=periods.month_start, opened_on__lte=periods.today)),
            open=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
        )
        rows.append(
            OwnRow(_("Cases of my teams opened"), safe_count(cases["month"], k), safe_count(cases["year"], k))
        )
        open_now = safe_count(cases["open"], k)
    return {"rows": rows, "open_cases": open_now, "k": k, "today": periods.today}


def my_figures_panel(user) -> dict | None:
    if can(user, Perm.VIEW_INSIGHTS):
        return None
    return {"title": _("My figures"), "template": "insights/dashboard_panel_own.html", **own_figures(user)}


def prevention_panel(user) -> dict | None:
    """The prevention officer's figures: reach this year and the appeals attributed to campaigns (the
    director and the M&E officer read both on their dashboard)."""
    if can(user, Perm.VIEW_INSIGHTS):
        return None
    periods = Periods(timezone.localdate())
    k = screen_k(user)
    return {
        "title": _("Prevention figures"),
        "template": "insights/dashboard_panel_prevention.html",
        "figures": [prevention_reach(user, periods), campaign_appeals(user, periods, k)],
    }


def headline_panel(user) -> dict | None:
    """The director's and the M&E officer's few numbers on the staff dashboard, and the way to the rest."""
    periods = Periods(timezone.localdate())
    k = screen_k(user)
    counts = year_counts(periods)
    return {
        "title": _("Figures"),
        "template": "insights/dashboard_panel_headline.html",
        "figures": [appeals_received(user, periods, k, counts), presumed_victims(user, periods, k, counts)],
        "k": k,
    }


def register() -> None:
    """The registry entries of the dashboards (called from InsightsConfig.ready)."""
    from django.utils.translation import gettext_lazy

    from isenim.core import registry

    registry.register_menu_item("insights:dashboard", gettext_lazy("Figures"), Perm.VIEW_INSIGHTS, order=87)
    registry.register_dashboard_panel("insights_headline", headline_panel, Perm.VIEW_INSIGHTS, order=5)
    registry.register_dashboard_panel("insights_own", my_figures_panel, Perm.VIEW_OWN_FIGURES, order=6)
    registry.register_dashboard_panel(
        "insights_prevention", prevention_panel, Perm.VIEW_PREVENTION_FIGURES, order=41
    )
