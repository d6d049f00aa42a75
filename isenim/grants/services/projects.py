"""Grant projects: the project's facts, budget lines, staff, topics, target communities, and its reporting
calendar (``ensure_periods``: the ReportingPeriod rows made from the project's dates and reporting rhythm).

Every write is one transaction with its audit event; a refusal is a ``GrantError`` with a translated
message, and nothing is saved.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.audit import record_event, snapshot
from isenim.geo.models import AdminUnit
from isenim.grants.choices import PeriodKind
from isenim.grants.models import (
    BudgetLine,
    GrantProject,
    Report,
    ReportingPeriod,
    TargetCommunity,
    Topic,
)
from isenim.grants.services import GrantError

# The centre's years: an earlier or later date is a typing mistake.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
# Longer than any grant the centre has had; a longer project is a typing mistake (and would make hundreds of
# monthly periods).
MOST_YEARS = 10
MOST_BUDGET_UZS = 1_000_000_000_000
MOST_DUE_DAYS = 180
MOST_TOPICS = 40
MOST_BUDGET_LINES = 40
MOST_POPULATION = 10_000_000

AUDITED_FIELDS = [
    "code",
    "title",
    "donor",
    "programme",
    "contract_number",
    "starts_on",
    "ends_on",
    "budget_uzs",
    "aims",
    "reporting",
    "report_due_days",
]


@dataclass
class ProjectData:
    code: str
    title: str
    donor: str
    starts_on: date
    ends_on: date
    programme: str = ""
    contract_number: str = ""
    budget_uzs: int = 0
    aims: str = ""
    reporting: str = PeriodKind.QUARTER
    report_due_days: int = 15
    staff: list = field(default_factory=list)
    # (line code, reintegration.FundingSource) pairs; None leaves the lines as they are.
    budget_lines: list | None = None
    # The topics of the project's meetings, in order; None leaves them as they are.
    topics: list[str] | None = None


def _check(data: ProjectData, project: GrantProject | None) -> None:
    if not data.code.strip():
        raise GrantError(_("Give the project a short code (letters, digits and dashes)."))
    clash = GrantProject.objects.filter(code=data.code.strip())
    if project is not None:
        clash = clash.exclude(pk=project.pk)
    if clash.exists():
        raise GrantError(_("Another project has the code %(code)s.") % {"code": data.code.strip()})
    if not data.title.strip():
        raise GrantError(_("Give the project's title."))
    if not data.donor.strip():
        raise GrantError(_("Name the donor."))
    for value in (data.starts_on, data.ends_on):
        if not isinstance(value, date):
            raise GrantError(_("Give the project's dates."))
        if not EARLIEST <= value <= LATEST:
            raise GrantError(
                _("The dates must lie between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
            )
    if data.ends_on < data.starts_on:
        raise GrantError(_("The project cannot end before it starts."))
    if (data.ends_on - data.starts_on).days > MOST_YEARS * 366:
        raise GrantError(_("A project lasts at most %(years)s years.") % {"years": MOST_YEARS})
    if data.reporting not in PeriodKind.values:
        raise GrantError(_("Choose how often the project reports from the list."))
    if not isinstance(data.budget_uzs, int) or not 0 <= data.budget_uzs <= MOST_BUDGET_UZS:
        raise GrantError(_("The budget is a whole number of UZS, from 0 to 1,000,000,000,000."))
    if not isinstance(data.report_due_days, int) or not 0 <= data.report_due_days <= MOST_DUE_DAYS:
        raise GrantError(
            _("A report is due from 0 to %(most)s days after its period ends.") % {"most": MOST_DUE_DAYS}
        )
    for member in data.staff:
        if not member.is_active or not can(member, Perm.VIEW_GRANTS):
            raise GrantError(
                _("%(name)s cannot be responsible for a grant project: their role does not see grants.")
                % {"name": member.display_name()}
            )
    if data.budget_lines is not None:
        _check_lines(data.budget_lines, project)
    if data.topics is not None:
        _check_topics(data.topics)


def _check_lines(lines: list, project: GrantProject | None) -> None:
    if len(lines) > MOST_BUDGET_LINES:
        raise GrantError(_("A project has at most %(most)s budget lines.") % {"most": MOST_BUDGET_LINES})
    codes, sources = set(), set()
    for code, source in lines:
        code = code.strip()
        if not code:
            raise GrantError(_("Give each budget line its number."))
        if code in codes:
            raise GrantError(_("The budget line %(code)s is given twice.") % {"code": code})
        if source.pk in sources:
            raise GrantError(_("%(source)s is chosen for two budget lines.") % {"source": source})
        codes.add(code)
        sources.add(source.pk)
        taken = BudgetLine.objects.filter(funding_source=source)
        if project is not None:
            taken = taken.exclude(project=project)
        if taken.exists():
            raise GrantError(
                _("%(source)s is already a budget line of another project.") % {"source": source}
            )


def _check_topics(topics: list[str]) -> None:
    if len(topics) > MOST_TOPICS:
        raise GrantError(_("A project has at most %(most)s topics.") % {"most": MOST_TOPICS})
    seen = set()
    for name in topics:
        key = name.strip().casefold()
        if key in seen:
            raise GrantError(_("The topic %(topic)s is given twice.") % {"topic": name.strip()})
        seen.add(key)


def _apply(project: GrantProject, data: ProjectData) -> None:
    project.code = data.code.strip()
    project.title = data.title.strip()
    project.donor = data.donor.strip()
    project.programme = data.programme.strip()
    project.contract_number = data.contract_number.strip()
    project.starts_on = data.starts_on
    project.ends_on = data.ends_on
    project.budget_uzs = data.budget_uzs
    project.aims = data.aims.strip()
    project.reporting = data.reporting
    project.report_due_days = data.report_due_days


def _values(project: GrantProject) -> dict:
    return {
        **snapshot(project, AUDITED_FIELDS),
        "staff": sorted(project.staff.values_list("pk", flat=True)) if project.pk else [],
        "budget_lines": [
            f"{code}:{source}"
            for code, source in project.budget_lines.order_by("code").values_list("code", "funding_source_id")
        ]
        if project.pk
        else [],
        "topics": list(project.topics.values_list("name", flat=True)) if project.pk else [],
    }


def _save_lines(project: GrantProject, lines: list) -> None:
    wanted = {source.pk: code.strip() for code, source in lines}
    project.budget_lines.exclude(funding_source_id__in=wanted).delete()
    # Codes first moved out of the way, so that two lines may swap their numbers.
    for line in project.budget_lines.all():
        line.code = f"~{line.pk}"
        line.save(update_fields=["code"])
    for source_id, code in wanted.items():
        BudgetLine.objects.update_or_create(
            project=project, funding_source_id=source_id, defaults={"code": code}
        )


def _save_topics(project: GrantProject, names: list[str]) -> None:
    existing = {topic.name.casefold(): topic for topic in project.topics.all()}
    keep = set()
    for order, name in enumerate(names):
        name = name.strip()
        topic = existing.get(name.casefold())
        if topic is None:
            topic = Topic.objects.create(project=project, name=name, order=order)
        elif topic.order != order or topic.name != name:
            topic.order, topic.name = order, name
            topic.save(update_fields=["order", "name"])
        keep.add(topic.pk)
    # A topic already ticked on a meeting stays (the meeting keeps it); the others go.
    project.topics.exclude(pk__in=keep).filter(meetings=None).delete()


@transaction.atomic
def project_create(*, actor, data: ProjectData) -> GrantProject:
    _check(data, None)
    project = GrantProject(created_by=actor)
    _apply(project, data)
    project.save()
    project.staff.set(data.staff)
    if data.budget_lines is not None:
        _save_lines(project, data.budget_lines)
    if data.topics is not None:
        _save_topics(project, data.topics)
    ensure_periods(project)
    record_event(actor=actor, action="grant.add", target=project, after=_values(project))
    return project


@transaction.atomic
def project_update(*, actor, project: GrantProject, data: ProjectData) -> GrantProject:
    project = GrantProject.objects.select_for_update().get(pk=project.pk)
    _check(data, project)
    frozen = _frozen_periods(project)
    if frozen and (data.starts_on > frozen[0].starts_on or data.ends_on < frozen[-1].ends_on):
        raise GrantError(
            _("The report for %(period)s has been submitted: the project's dates must still include it.")
            % {"period": frozen[0].label if data.starts_on > frozen[0].starts_on else frozen[-1].label}
        )
    before = _values(project)
    _apply(project, data)
    project.save()
    project.staff.set(data.staff)
    if data.budget_lines is not None:
        _save_lines(project, data.budget_lines)
    if data.topics is not None:
        _save_topics(project, data.topics)
    ensure_periods(project)
    after = _values(project)
    changed = [key for key in before if before[key] != after[key]]
    if changed:
        record_event(
            actor=actor,
            action="grant.update",
            target=project,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return project


# --- The reporting calendar ----------------------------------------------------------------------------

MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6, PeriodKind.YEAR: 12}


def _label(kind: str, year: int, month: int) -> str:
    if kind == PeriodKind.MONTH:
        return f"{year}-{month:02d}"
    if kind == PeriodKind.QUARTER:
        return f"{year}-Q{(month - 1) // 3 + 1}"
    if kind == PeriodKind.HALF_YEAR:
        return f"{year}-H{(month - 1) // 6 + 1}"
    return f"{year}"


def calendar_periods(starts_on: date, ends_on: date, kind: str, due_days: int) -> list[dict]:
    """The calendar periods of ``kind`` that overlap the dates, cut to them: label, dates and due date."""
    step = MONTHS_IN[PeriodKind(kind)]
    year, month = starts_on.year, ((starts_on.month - 1) // step) * step + 1
    periods = []
    while date(year, month, 1) <= ends_on:
        next_year, next_month = (year, month + step) if month + step <= 12 else (year + 1, month + step - 12)
        first, last = date(year, month, 1), date(next_year, next_month, 1) - timedelta(days=1)
        cut_end = min(last, ends_on)
        periods.append(
            {
                "label": _label(kind, year, month),
                "starts_on": max(first, starts_on),
                "ends_on": cut_end,
                "due_on": cut_end + timedelta(days=due_days),
            }
        )
        year, month = next_year, next_month
    return periods


def _frozen_periods(project: GrantProject) -> list[ReportingPeriod]:
    return list(
        ReportingPeriod.objects.filter(project=project, reports__state="submitted")
        .distinct()
        .order_by("starts_on")
    )


def ensure_periods(project: GrantProject, kind: str | None = None) -> list[ReportingPeriod]:
    """Make the project's reporting periods of ``kind`` (its reporting rhythm by default) match its dates:
    the missing ones are added, the dates and due dates of the others follow the project's; a period that
    no longer overlaps the project is removed unless something hangs on it (a target, a value, a report).
    A period whose report was submitted is never changed. Returns the periods of ``kind``, in order.

    Safe to call any number of times (the project form calls it on every save)."""
    kind = kind or project.reporting
    wanted = {
        row["label"]: row
        for row in calendar_periods(project.starts_on, project.ends_on, kind, project.report_due_days)
    }
    with transaction.atomic():
        existing = {
            period.label: period for period in ReportingPeriod.objects.filter(project=project, kind=kind)
        }
        submitted = set(
            Report.objects.filter(project=project, state="submitted").values_list("period_id", flat=True)
        )
        for label, row in wanted.items():
            period = existing.get(label)
            if period is None:
                ReportingPeriod.objects.create(project=project, kind=kind, **row)
            elif period.pk not in submitted and any(getattr(period, key) != row[key] for key in row):
                for key, value in row.items():
                    setattr(period, key, value)
                period.save()
        unused = (
            ReportingPeriod.objects.filter(project=project, kind=kind)
            .exclude(label__in=wanted)
            .filter(targets=None, values=None, reports=None)
        )
        unused.delete()
    return list(ReportingPeriod.objects.filter(project=project, kind=kind).order_by("starts_on"))


# --- Target communities --------------------------------------------------------------------------------


@dataclass
class CommunityRow:
    assembly: AdminUnit
    population: int | None = None
    households: int | None = None


def _check_count(value, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MOST_POPULATION:
        raise GrantError(
            _("The %(what)s is a whole number from 0 to %(most)s.") % {"what": what, "most": MOST_POPULATION}
        )
    return value


@transaction.atomic
def communities_set(*, actor, project: GrantProject, rows: list[CommunityRow]) -> list[TargetCommunity]:
    """The project's target citizens' assemblies, with their population and households where known. An
    assembly that is left out stays a place where meetings were held (they become "outside the targets")."""
    GrantProject.objects.select_for_update().filter(pk=project.pk).first()
    seen = set()
    for row in rows:
        if row.assembly.level != AdminUnit.Level.ASSEMBLY:
            raise GrantError(_("%(unit)s is not a citizens' assembly.") % {"unit": row.assembly})
        if row.assembly.pk in seen:
            raise GrantError(_("%(unit)s is chosen twice.") % {"unit": row.assembly})
        seen.add(row.assembly.pk)
        _check_count(row.population, _("population"))
        _check_count(row.households, _("number of households"))
        if row.population is not None and row.households is not None and row.households > row.population:
            raise GrantError(_("%(unit)s: more households than people.") % {"unit": row.assembly})

    def state():
        return {
            str(assembly_id): [population, households]
            for assembly_id, population, households in TargetCommunity.objects.filter(project=project)
            .order_by("assembly_id")
            .values_list("assembly_id", "population", "households")
        }

    before = state()
    TargetCommunity.objects.filter(project=project).exclude(assembly_id__in=seen).delete()
    for row in rows:
        TargetCommunity.objects.update_or_create(
            project=project,
            assembly=row.assembly,
            defaults={"population": row.population, "households": row.households},
        )
    after = state()
    if before != after:
        changed = sorted(set(before) | set(after), key=int)
        record_event(
            actor=actor,
            action="grant_community.set",
            target=project,
            before={key: before.get(key) for key in changed},
            after={key: after.get(key) for key in changed},
        )
    return list(TargetCommunity.objects.filter(project=project).select_related("assembly"))


def open_periods(project: GrantProject):
    """The project's periods of its rhythm whose report is not submitted yet."""
    return ReportingPeriod.objects.filter(project=project, kind=project.reporting).exclude(
        Q(reports__state="submitted")
    )
