"""An indicator's values by reporting period: computed into ``IndicatorValue`` from the measures registry
(``refresh_actuals``), entered by hand with evidence and approved by a second person, frozen when the
period's report is submitted, corrected afterwards only as a new revision with its reason.

Rules (docs/grants.md, "Logframe and indicators"):

- A period is **frozen** once any of its values is frozen (``freeze_period``, called when its report is
  submitted). ``refresh_actuals`` never touches a frozen period: a computed number that now differs from the
  frozen one is reported (``Refresh.differs``) and becomes a new revision only through
  ``value_correct`` with a reason. A correction in a frozen period is frozen itself: every later change is
  another revision, never an edit.
- In an open period the computed value is kept up to date in place (one row, revision 1).
- A value entered by hand is a new revision each time, with its evidence (a file or photo sealed in the
  vault, its type read from the bytes); it counts once a second person — not the one who entered it —
  approves it. Until then the previous counted revision stands.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.cases.services.documents import file_refusal, max_upload_bytes, sniff
from isenim.core.access import Perm, can
from isenim.core.audit import record_event
from isenim.core.measures import Scope, measure_named
from isenim.core.vault_files import load, store
from isenim.grants.choices import ReportState, Unit, ValueSource
from isenim.grants.models import (
    GrantProject,
    Indicator,
    IndicatorValue,
    Report,
    ReportingPeriod,
    TargetCommunity,
)
from isenim.grants.services import GrantError
from isenim.grants.services.logframe import number

EVIDENCE_CONTEXT = "grants.indicatorvalue.evidence"
MOST_REASON = 500


def period_frozen(period: ReportingPeriod) -> bool:
    return (
        IndicatorValue.objects.filter(period=period, frozen=True).exists()
        or Report.objects.filter(period=period, state=ReportState.SUBMITTED).exists()
    )


def counted(rows) -> IndicatorValue | None:
    """The revision that counts among one indicator's rows for one period (any order): the highest computed
    or approved one."""
    best = None
    for row in rows:
        if row.source == ValueSource.MANUAL and row.approved_by_id is None:
            continue
        if best is None or row.revision > best.revision:
            best = row
    return best


def scope_for(indicator: Indicator, period: ReportingPeriod, project: GrantProject, assemblies=None) -> Scope:
    """What the indicator's measure counts for the period: the project's target assemblies, from the period's
    start (or the project's, for a measure set ``to_date``) to its end, never after today."""
    if assemblies is None:
        assemblies = frozenset(
            TargetCommunity.objects.filter(project=project).values_list("assembly_id", flat=True)
        )
    params = {key: value for key, value in (indicator.measure_params or {}).items() if key != "to_date"}
    measure = measure_named(indicator.measure)
    if measure is not None and "project" in measure.param_names:
        params["project"] = project.pk
    starts_on = project.starts_on if (indicator.measure_params or {}).get("to_date") else period.starts_on
    return Scope(
        starts_on=starts_on,
        ends_on=min(period.ends_on, timezone.localdate()),
        assemblies=assemblies,
        params=params,
    )


@dataclass
class Refresh:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    frozen: bool = False
    # (indicator, the frozen value, the value computed now): a correction is an explicit revision.
    differs: list = field(default_factory=list)
    # indicators whose measure is no longer registered (their code kept; entered by hand until fixed)
    missing: list = field(default_factory=list)


def _breakdown(result) -> dict:
    return {key: {str(k): int(v) for k, v in part.items()} for key, part in (result.breakdown or {}).items()}


@transaction.atomic
def refresh_actuals(project: GrantProject, period: ReportingPeriod, *, actor) -> Refresh:
    """Compute every computed indicator of the project for the period into its IndicatorValue (an open
    period only; a period that has not started yet is left empty)."""
    if period.project_id != project.pk:
        raise GrantError(_("That period is not one of this project's periods."))
    outcome = Refresh()
    if period.starts_on > timezone.localdate():
        return outcome
    ReportingPeriod.objects.select_for_update().get(pk=period.pk)  # one refresh of a period at a time
    frozen = period_frozen(period)
    outcome.frozen = frozen
    indicators = list(Indicator.objects.filter(node__project=project).exclude(measure="").order_by("code"))
    rows: dict[int, list] = {}
    for row in IndicatorValue.objects.filter(period=period, indicator__in=indicators):
        rows.setdefault(row.indicator_id, []).append(row)
    assemblies = frozenset(
        TargetCommunity.objects.filter(project=project).values_list("assembly_id", flat=True)
    )
    for indicator in indicators:
        measure = measure_named(indicator.measure)
        if measure is None:
            outcome.missing.append(indicator)
            continue
        result = measure.compute(scope_for(indicator, period, project, assemblies))
        value = Decimal(result.value).quantize(Decimal("0.01"))
        current = counted(rows.get(indicator.pk, []))
        if frozen:
            if current is not None and current.value != value:
                outcome.differs.append((indicator, current.value, value))
            continue
        if current is None:
            IndicatorValue.objects.create(
                indicator=indicator,
                period=period,
                revision=_next_revision(indicator, period),
                value=value,
                breakdown=_breakdown(result),
                source=ValueSource.COMPUTED,
                entered_by=actor,
            )
            outcome.created += 1
        elif current.value != value or current.breakdown != _breakdown(result):
            current.value, current.breakdown = value, _breakdown(result)
            current.save(update_fields=["value", "breakdown"])
            outcome.updated += 1
        else:
            outcome.unchanged += 1
    if outcome.created or outcome.updated:
        record_event(
            actor=actor,
            action="indicator_value.refresh",
            target=period,
            after={"period": period.label, "created": outcome.created, "updated": outcome.updated},
        )
    return outcome


def _next_revision(indicator: Indicator, period: ReportingPeriod) -> int:
    top = IndicatorValue.objects.filter(indicator=indicator, period=period).aggregate(top=Max("revision"))[
        "top"
    ]
    return (top or 0) + 1


def _check_period(indicator: Indicator, period: ReportingPeriod) -> None:
    project = indicator.node.project
    if period.project_id != project.pk:
        raise GrantError(_("That period is not one of this project's periods."))
    if period.starts_on > timezone.localdate():
        raise GrantError(_("The period %(period)s has not started yet.") % {"period": period.label})


def _reason(reason: str, frozen: bool) -> str:
    reason = (reason or "").strip()
    if frozen and not reason:
        raise GrantError(
            _("The period's report was submitted and its values are frozen: say why the value is corrected.")
        )
    if len(reason) > MOST_REASON:
        raise GrantError(_("The reason is at most %(n)s characters.") % {"n": MOST_REASON})
    return reason


@transaction.atomic
def value_correct(*, actor, indicator: Indicator, period: ReportingPeriod, reason: str) -> IndicatorValue:
    """A computed indicator's value for a frozen period, computed again and kept as the next revision with
    the reason (frozen like the rest of the period)."""
    if not can(actor, Perm.MANAGE_GRANTS):
        raise GrantError(_("Your role does not manage logframes."))
    indicator = Indicator.objects.select_related("node__project").get(pk=indicator.pk)
    _check_period(indicator, period)
    ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    measure = measure_named(indicator.measure) if indicator.measure else None
    if measure is None:
        raise GrantError(_("This indicator is not computed by Isenim: enter its corrected value by hand."))
    frozen = period_frozen(period)
    reason = _reason(reason, frozen)
    if not frozen:
        raise GrantError(
            _("The period is still open: its computed values are kept up to date without a correction.")
        )
    result = measure.compute(scope_for(indicator, period, indicator.node.project))
    value = Decimal(result.value).quantize(Decimal("0.01"))
    current = counted(IndicatorValue.objects.filter(indicator=indicator, period=period))
    if current is not None and current.value == value:
        raise GrantError(_("The computed value has not changed: there is nothing to correct."))
    row = IndicatorValue.objects.create(
        indicator=indicator,
        period=period,
        revision=_next_revision(indicator, period),
        value=value,
        breakdown=_breakdown(result),
        source=ValueSource.COMPUTED,
        reason=reason,
        entered_by=actor,
        frozen=True,
    )
    record_event(
        actor=actor,
        action="indicator_value.correct",
        target=row,
        before={"value": str(current.value) if current else None},
        after={"value": str(value), "revision": row.revision, "reason": reason},
    )
    return row


def _evidence(content: bytes) -> tuple[str, str]:
    if not content:
        raise GrantError(_("Attach the evidence: a file or a photo."))
    if len(content) > max_upload_bytes():
        raise GrantError(_("The file is larger than %(size)s MB.") % {"size": settings.ISENIM_MAX_UPLOAD_MB})
    refusal = file_refusal(content)
    if refusal is not None:
        raise GrantError(refusal)
    return store(content, context=EVIDENCE_CONTEXT), sniff(content)[0]


@transaction.atomic
def value_record(
    *,
    actor,
    indicator: Indicator,
    period: ReportingPeriod,
    value,
    evidence: bytes,
    file_name: str,
    reason: str = "",
) -> IndicatorValue:
    """A value entered by hand with its evidence: the next revision, counted once a second person approves
    it. In a frozen period it is a correction and needs its reason."""
    if not can(actor, Perm.MANAGE_GRANTS):
        raise GrantError(_("Your role does not manage logframes."))
    indicator = Indicator.objects.select_related("node__project").get(pk=indicator.pk)
    if indicator.measure:
        raise GrantError(
            _("This indicator is computed by Isenim from the data: its values are not typed in.")
            if measure_named(indicator.measure)
            else _(
                "This indicator's measure “%(code)s” no longer exists: choose another measure, or none, "
                "on the indicator's sheet before entering values by hand."
            )
            % {"code": indicator.measure}
        )
    _check_period(indicator, period)
    ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    frozen = period_frozen(period)
    reason = _reason(reason, frozen)
    amount = number(value, label=_("Value"), percent=indicator.unit == Unit.PERCENT)
    file_name = (file_name or "").strip()[:200] or "evidence"
    vault_name, content_type = _evidence(evidence)
    row = IndicatorValue.objects.create(
        indicator=indicator,
        period=period,
        revision=_next_revision(indicator, period),
        value=amount,
        source=ValueSource.MANUAL,
        reason=reason,
        evidence_vault_name=vault_name,
        evidence_content_type=content_type,
        evidence_file_name=file_name,
        entered_by=actor,
        frozen=frozen,
    )
    record_event(
        actor=actor,
        action="indicator_value.record",
        target=row,
        after={"period": period.label, "value": str(amount), "revision": row.revision, "reason": reason},
    )
    return row


@transaction.atomic
def value_approve(*, actor, value: IndicatorValue) -> IndicatorValue:
    """A second person confirms a value entered by hand against its evidence."""
    if not can(actor, Perm.MANAGE_GRANTS):
        raise GrantError(_("Your role does not manage logframes."))
    row = IndicatorValue.objects.select_for_update().get(pk=value.pk)
    if row.source != ValueSource.MANUAL:
        raise GrantError(_("A computed value needs no approval."))
    if row.approved_by_id is not None:
        raise GrantError(_("This value was already approved."))
    if row.entered_by_id == actor.pk:
        raise GrantError(_("A second person approves a value: not the one who entered it."))
    row.approved_by, row.approved_at = actor, timezone.now()
    row.save(update_fields=["approved_by", "approved_at"])
    record_event(
        actor=actor,
        action="indicator_value.approve",
        target=row,
        after={"value": str(row.value), "revision": row.revision},
    )
    return row


def evidence_bytes(value: IndicatorValue) -> bytes:
    if not value.evidence_vault_name:
        raise GrantError(_("This value has no evidence file."))
    return load(value.evidence_vault_name, context=EVIDENCE_CONTEXT)


@transaction.atomic
def freeze_period(*, actor, period: ReportingPeriod) -> int:
    """Freeze every value of the period (its report is being submitted); returns how many rows were frozen.
    Computed values are brought up to date first, so that what is frozen is what the report showed."""
    if not period_frozen(period):
        refresh_actuals(period.project, period, actor=actor)
    frozen = IndicatorValue.objects.filter(period=period, frozen=False).update(frozen=True)
    record_event(actor=actor, action="indicator_value.freeze", target=period, after={"frozen": frozen})
    return frozen
