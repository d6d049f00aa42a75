"""The reintegration measures of the measures registry (``core.measures``): tool kits handed over in a
period, and follow-ups done in a period whose composite sustainability score is above a threshold (parameter
``threshold``, 0 to 1, default 0.6), for people who live in the scope's citizens' assemblies. Case data:
shown through ``core.disclosure``."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from isenim.cases.measures import breakdown_by_person, counted_by_person
from isenim.core.measures import Measure, Result, Scope, register_measure
from isenim.reintegration.choices import INDICATORS
from isenim.reintegration.models import FollowUp, Handover
from isenim.reintegration.scoring import scores_of

DEFAULT_THRESHOLD = Decimal("0.6")


def toolkits_handed_over(scope: Scope) -> Result:
    handovers = Handover.objects.filter(
        handed_over_on__gte=scope.starts_on, handed_over_on__lte=scope.ends_on
    )
    if scope.assemblies:
        handovers = handovers.filter(request__case__person__home_assembly_id__in=scope.assemblies)
    return counted_by_person(handovers, case_path="request__case")


def threshold_of(params: dict) -> Decimal:
    try:
        threshold = Decimal(str(params.get("threshold", DEFAULT_THRESHOLD)))
    except (InvalidOperation, ValueError):
        return DEFAULT_THRESHOLD
    return threshold if 0 <= threshold <= 1 else DEFAULT_THRESHOLD


def sustainable_follow_ups(scope: Scope) -> Result:
    threshold = threshold_of(scope.params)
    follow_ups = FollowUp.objects.filter(done_on__gte=scope.starts_on, done_on__lte=scope.ends_on)
    if scope.assemblies:
        follow_ups = follow_ups.filter(request__case__person__home_assembly_id__in=scope.assemblies)
    fields = [item.field for item in INDICATORS]
    counted: dict[tuple, int] = {}
    for row in follow_ups.values(
        "request__case__person__home_assembly_id", "request__case__person__sex", *fields
    ):
        if Decimal(str(scores_of({name: row[name] for name in fields}).composite)) > threshold:
            key = (row["request__case__person__home_assembly_id"], row["request__case__person__sex"])
            counted[key] = counted.get(key, 0) + 1
    rows = [(assembly, sex, n) for (assembly, sex), n in counted.items()]
    return Result(Decimal(sum(counted.values())), breakdown_by_person(rows))


def register_measures() -> None:
    register_measure(
        Measure(
            "reintegration.toolkits_handed_over",
            _("Tool kits handed over"),
            toolkits_handed_over,
            disaggregations=("sex", "assembly"),
            counts_case_data=True,
        )
    )
    register_measure(
        Measure(
            "reintegration.sustainable_follow_ups",
            _("Follow-ups with a sustainability score above a threshold"),
            sustainable_follow_ups,
            disaggregations=("sex", "assembly"),
            param_names=("threshold",),
            counts_case_data=True,
        )
    )
