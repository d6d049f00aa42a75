"""Youth and families (issue 14, item 8), as far as the data goes today: for the project's target
assemblies and its dates up to today, the appeals of young graduates and of labour migrants' families, the
employment services delivered to people living there, and the tool kits handed over — each computed by the
measure of the app that owns the data (``core.measures``), so the figures are the indicators' own.

These are counts from case files: every one is published through ``core.disclosure`` (``screen_k``)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.core.disclosure import Published, safe_count, screen_k
from isenim.core.measures import Scope, measure_named
from isenim.grants.models import GrantProject, TargetCommunity

# (label, measure code, parameters), in the order shown.
ROWS = [
    (_("Appeals of young school and college leavers"), "appeals.received", {"category": "young_graduate"}),
    (_("Appeals of labour migrants' families"), "appeals.received", {"category": "migrant_family"}),
    (_("Vocational guidance given"), "cases.services_delivered", {"service_type": "vocational-guidance"}),
    (_("Job placement help given"), "cases.services_delivered", {"service_type": "job-placement"}),
    (_("Tools for a trade given"), "cases.services_delivered", {"service_type": "trade-tools"}),
    (_("Tool kits handed over"), "reintegration.toolkits_handed_over", {}),
]


@dataclass
class Row:
    label: str
    value: Published


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
    for label, code, params in ROWS:
        measure = measure_named(code)
        if measure is None:
            continue
        result = measure.compute(Scope(project.starts_on, ends_on, assemblies, dict(params)))
        rows.append(Row(str(label), safe_count(int(result.value), k)))
    return rows
