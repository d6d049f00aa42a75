"""Targets against actuals: the table of every indicator by reporting period, its chart and filters, and
the button that computes the actuals from the data. Thin: reads through selectors.results, writes through
services.values."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.disclosure import safe_count, screen_k
from isenim.core.errors import Refusal, refusal_message
from isenim.core.measures import measure_named
from isenim.geo.models import AdminUnit
from isenim.grants.choices import NodeLevel, PeriodKind
from isenim.grants.forms.logframe import ResultsFilterForm
from isenim.grants.models import LogframeNode, ReportingPeriod
from isenim.grants.selectors.projects import project_get
from isenim.grants.selectors.results import results_chart, results_table
from isenim.grants.services.values import refresh_actuals
from isenim.prevention.choices import AgeBand


@permission_required(Perm.VIEW_GRANTS)
@read_only
def results(request, pk: int):
    project = project_get(pk)
    periods_all = list(ReportingPeriod.objects.filter(project=project).order_by("starts_on", "kind"))
    kinds = [(kind, label) for kind, label in PeriodKind.choices if any(p.kind == kind for p in periods_all)]
    outcomes = list(LogframeNode.objects.filter(project=project, level=NodeLevel.OUTCOME).order_by("code"))
    form = ResultsFilterForm(request.GET or None, outcomes=outcomes, kinds=kinds)
    filters = form.filters()
    kind = filters["kind"] or project.reporting
    periods = [period for period in periods_all if period.kind == kind] or periods_all
    rows = results_table(
        project, periods, request.user, outcome=filters["outcome"], disaggregation=filters["disaggregation"]
    )
    _label_breakdowns(rows, filters["disaggregation"])
    return render(
        request,
        "grants/results/results.html",
        {
            "project": project,
            "form": form,
            "periods": periods,
            "rows": rows,
            "chart": results_chart(rows, periods),
            "missing": [row for row in rows if row.measure_missing],
            "k": screen_k(request.user),
            "hides_counts": screen_k(request.user) is not None and any(row.case_data for row in rows),
            "disaggregation": filters["disaggregation"],
            "can_manage": can(request.user, Perm.MANAGE_GRANTS),
        },
    )


def _label_breakdowns(rows, disaggregation: str) -> None:
    """Name each breakdown row in the reader's language: women/men, an age band, an assembly."""
    if not disaggregation:
        return
    labels = {"f": _("Women"), "m": _("Men"), "u": _("Sex not stated")}
    labels.update({band.value: band.label for band in AgeBand})
    if disaggregation == "assembly":
        ids = [int(key) for row in rows for key, _shown in row.breakdown if str(key).isdigit()]
        labels.update({str(unit.pk): unit.name() for unit in AdminUnit.objects.filter(pk__in=ids)})
    for row in rows:
        row.breakdown = [(labels.get(str(key), key), shown) for key, shown in row.breakdown]


@permission_required(Perm.MANAGE_GRANTS)
@post_only
def actuals_refresh(request, pk: int):
    """Compute the actuals of every period that has started; a frozen period is left as it is and a number
    that now differs from its frozen value is named, to be corrected as a revision."""
    project = project_get(pk)
    today = timezone.localdate()
    created = updated = 0
    differs, missing = [], {}
    try:
        for period in ReportingPeriod.objects.filter(project=project, starts_on__lte=today).order_by(
            "starts_on"
        ):
            outcome = refresh_actuals(project, period, actor=request.user)
            created += outcome.created
            updated += outcome.updated
            differs += [(period, indicator, old, new) for indicator, old, new in outcome.differs]
            missing.update({indicator.pk: indicator for indicator in outcome.missing})
    except Refusal as error:
        refusal_message(request, error)
        return redirect("grants:results", pk=project.pk)
    messages.success(
        request,
        ngettext(
            "Actuals computed from the data: %(n)s value added or changed.",
            "Actuals computed from the data: %(n)s values added or changed.",
            created + updated,
        )
        % {"n": created + updated},
    )
    for period, indicator, old, new in differs:
        messages.warning(
            request,
            _(
                "%(code)s, %(period)s: the data now give %(new)s, the submitted report %(old)s. The period "
                "is frozen: correct it on the indicator's page with a reason, or leave it."
            )
            % {
                "code": indicator.code,
                "period": period.label,
                "new": _shown(indicator, new, request.user),
                "old": _shown(indicator, old, request.user),
            },
        )
    for indicator in missing.values():
        messages.error(
            request,
            _(
                "%(code)s: its measure “%(measure)s” no longer exists in Isenim, so it was not computed. "
                "Choose another measure on its sheet, or none to enter its values by hand."
            )
            % {"code": indicator.code, "measure": indicator.measure},
        )
    return redirect("grants:results", pk=project.pk)


def _shown(indicator, amount, user) -> str:
    """A number of a message, through core.disclosure when it counts case data."""
    measure = measure_named(indicator.measure)
    if measure is not None and measure.counts_case_data and amount == amount.to_integral_value():
        return str(safe_count(int(amount), screen_k(user)))
    return str(amount)
