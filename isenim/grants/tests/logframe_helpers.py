"""Building blocks of the logframe tests: a project of last year (four closed quarters) with a logframe of
one goal, one outcome, one output and its indicators."""

from datetime import date

from django.utils import timezone

from isenim.core.access import Role
from isenim.grants.models import ReportingPeriod
from isenim.grants.services.logframe import IndicatorData, indicator_create, node_create, targets_set
from isenim.grants.tests.helpers import sample_project

SAMPLE_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def last_year_project(staff, **kwargs):
    year = timezone.localdate().year - 1
    return sample_project(staff, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), **kwargs)


def quarters(project) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(project=project).order_by("starts_on"))


def logframe(staff, project):
    me = staff[Role.ME_OFFICER]
    goal = node_create(actor=me, project=project, level="goal", text="Мийнет мигрантларын қорғаў")
    outcome = node_create(actor=me, project=project, level="outcome", parent=goal, text="Ҳуқықый билим")
    output = node_create(actor=me, project=project, level="output", parent=outcome, text="Ushrasıwlar")
    return goal, outcome, output


def indicator(staff, node, code="1.1.1", *, measure="", life_target=100, targets=None, **fields):
    made = indicator_create(
        actor=staff[Role.ME_OFFICER],
        node=node,
        data=IndicatorData(
            code=code, name=f"Indicator {code}", life_target=life_target, measure=measure, **fields
        ),
    )
    if targets:
        targets_set(actor=staff[Role.ME_OFFICER], indicator=made, targets=targets)
    return made
