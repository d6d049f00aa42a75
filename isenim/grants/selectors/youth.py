"""Youth and families (issue 14, item 8): for the project's target assemblies and its dates up to today,
the appeals of young graduates and of labour migrants' families, the employment services delivered to
people living there and the tool kits handed over, and **what came of them**: jobs found under the Labour
Code, businesses registered, state benefits obtained (the coded results of the services for young school
and college leavers) and the help defined for migrants' families that was given. Each is computed by the
measure of the app that owns the data (``core.measures``), so the figures are the indicators' own.

These are counts from case files: every one is published through ``core.disclosure`` (``screen_k``). Where
the measure gives the person's sex, the row is shown by sex as a one-row table (``safe_counts``: women,
men, not recorded, and the total), so that a hidden cell cannot be worked out from the total."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.core.disclosure import Published, safe_count, safe_counts, screen_k
from isenim.core.measures import Scope, measure_named
from isenim.grants.models import GrantProject, TargetCommunity

APPEALS, SERVICES, RESULTS = "appeals", "services", "results"
# (part, label, measure code, parameters), in the order shown.
ROWS = [
    (
        APPEALS,
        _("Appeals of young school and college leavers"),
        "appeals.received",
        {"category": "young_graduate"},
    ),
    (APPEALS, _("Appeals of labour migrants' families"), "appeals.received", {"category": "migrant_family"}),
    (
        SERVICES,
        _("Vocational guidance given"),
        "cases.services_delivered",
        {"service_type": "vocational-guidance"},
    ),
    (SERVICES, _("Job placement help given"), "cases.services_delivered", {"service_type": "job-placement"}),
    (
        SERVICES,
        _("Help to start a business given"),
        "cases.services_delivered",
        {"service_type": "business-start"},
    ),
    (
        SERVICES,
        _("Help to obtain a state benefit given"),
        "cases.services_delivered",
        {"service_type": "state-benefit"},
    ),
    (
        SERVICES,
        _("Help defined for migrants' families"),
        "cases.services_delivered",
        {"service_type": "migrant-family-help"},
    ),
    (SERVICES, _("Tools for a trade given"), "cases.services_delivered", {"service_type": "trade-tools"}),
    (SERVICES, _("Tool kits handed over"), "reintegration.toolkits_handed_over", {}),
    (RESULTS, _("Jobs found under the Labour Code"), "cases.jobs_found", {}),
    (RESULTS, _("Businesses registered"), "cases.businesses_registered", {}),
    (RESULTS, _("State benefits obtained"), "cases.benefits_obtained", {}),
    (RESULTS, _("Help given to migrants' families"), "cases.family_help_given", {}),
]
SEXES = ("f", "m", "u")


@dataclass
class Row:
    label: str
    value: Published
    part: str = APPEALS
    # women, men, not recorded — when the measure gives the person's sex
    by_sex: tuple[Published, ...] | None = None


def youth_and_families(project: GrantProject, user) -> list[Row]:
    """The rows whose measure exists, over the target assemblies from the project's start to today (or its
    end). Empty when the project has no target assembly or has not started."""
    today = timezone.localdate()
    ends_on = min(project.ends_on, today)
    assemblies = frozenset(
        TargetCommunity.objects.filter(project=project).values_list("assembly_id", flat=True)
    )
    if not assemblies or ends_on < project.starts_on:
        return []
    k = screen_k(user)
    rows = []
    for part, label, code, params in ROWS:
        measure = measure_named(code)
        if measure is None:
            continue
        result = measure.compute(Scope(project.starts_on, ends_on, assemblies, dict(params)))
        by_sex = result.breakdown.get("sex") if "sex" in measure.disaggregations else None
        if by_sex is not None and sum(by_sex.values()) == int(result.value):
            table = safe_counts({key: int(by_sex.get(key, 0)) for key in SEXES}, k, keys=SEXES)
            rows.append(Row(str(label), table.total, part, tuple(table.column(None))))
        else:
            rows.append(Row(str(label), safe_count(int(result.value), k), part))
    return rows
