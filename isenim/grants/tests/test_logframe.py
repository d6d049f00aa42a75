"""The logframe's rows, indicators and targets (services.logframe): the rules and their refusals."""

from datetime import date

import pytest
from django.utils import translation

from isenim.core.access import Role
from isenim.grants.models import IndicatorTarget, LogframeNode, ReportingPeriod
from isenim.grants.services import GrantError
from isenim.grants.services.logframe import IndicatorData, indicator_create, node_create, targets_set
from isenim.grants.tests.helpers import sample_project
from isenim.grants.tests.logframe_helpers import indicator, last_year_project, logframe, quarters

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_rows_are_numbered_and_sit_under_the_right_level(staff):
    project = last_year_project(staff)
    goal, outcome, output = logframe(staff, project)
    assert [goal.code, outcome.code, output.code] == ["1", "1.1", "1.1.1"]
    me = staff[Role.ME_OFFICER]
    with pytest.raises(GrantError, match="sits under a row of level “Outcome”"):
        node_create(actor=me, project=project, level="output", parent=goal, text="x")
    with pytest.raises(GrantError, match="no parent row"):
        node_create(actor=me, project=project, level="goal", parent=goal, text="x")
    with pytest.raises(GrantError, match=r"numbered 1\.1"):
        node_create(actor=me, project=project, level="outcome", parent=goal, code="1.1", text="x")
    second = node_create(actor=me, project=project, level="outcome", parent=goal, text="Жумыс")
    assert second.code == "1.2"
    with pytest.raises(GrantError):
        node_create(
            actor=staff[Role.PREVENTION_OFFICER], project=project, level="outcome", parent=goal, text="y"
        )
    assert LogframeNode.objects.filter(project=project).count() == 4


def test_indicator_sheet_checks_its_measure(staff):
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    me = staff[Role.ME_OFFICER]
    with pytest.raises(GrantError, match=r"no measure “nothing\.here”"):
        indicator_create(actor=me, node=output, data=IndicatorData("1.1.1", "x", 10, measure="nothing.here"))
    with pytest.raises(GrantError, match="cannot be broken down by sex"):
        indicator_create(
            actor=me,
            node=output,
            data=IndicatorData("1.1.1", "x", 10, measure="grants.meetings_held", disaggregation=["sex"]),
        )
    with pytest.raises(GrantError, match="at most 100"):
        indicator_create(actor=me, node=output, data=IndicatorData("1.1.1", "x", 150, unit="percent"))
    with pytest.raises(GrantError, match="give a number"):
        indicator_create(actor=me, node=output, data=IndicatorData("1.1.1", "x", "много"))
    made = indicator(staff, output, measure="grants.people_at_meetings", disaggregation=["age_band", "sex"])
    assert made.disaggregation == ["sex", "age_band"]
    with pytest.raises(GrantError, match=r"numbered 1\.1\.1"):
        indicator(staff, output)


def test_targets_refuse_a_period_outside_the_project(staff):
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    made = indicator(staff, output)
    q1, q2, *_rest = quarters(project)
    targets_set(actor=staff[Role.ME_OFFICER], indicator=made, targets={q1: "20", q2: 30})
    assert {t.period.label: t.target for t in made.targets.all()} == {q1.label: 20, q2.label: 30}
    other = sample_project(staff, code="other", communities=False)
    foreign = ReportingPeriod.objects.filter(project=other).first()
    with pytest.raises(GrantError, match="not one of this project's periods"):
        targets_set(actor=staff[Role.ME_OFFICER], indicator=made, targets={q1: 5, foreign: 5})
    # A period left over after the project's dates were shortened.
    stray = ReportingPeriod.objects.create(
        project=project, kind="quarter", label="later", starts_on=date(2099, 1, 1), ends_on=date(2099, 3, 31)
    )
    with pytest.raises(GrantError, match="lies outside the project"):
        targets_set(actor=staff[Role.ME_OFFICER], indicator=made, targets={stray: 5})
    # Nothing half-saved: the first target is still 20.
    assert IndicatorTarget.objects.get(indicator=made, period=q1).target == 20
    targets_set(actor=staff[Role.ME_OFFICER], indicator=made, targets={q2: ""})
    assert list(made.targets.values_list("period__label", flat=True)) == [q1.label]
