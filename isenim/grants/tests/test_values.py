"""Indicator values: computed into IndicatorValue, frozen periods untouched, corrections as revisions,
values entered by hand with evidence and a second person's approval."""

from datetime import date

import pytest
from django.utils import timezone, translation

from isenim.core.access import Role
from isenim.core.measures import MEASURES
from isenim.grants.communities import STATE_GRANT_MET
from isenim.grants.models import IndicatorValue, Meeting
from isenim.grants.services import GrantError
from isenim.grants.services.values import (
    evidence_bytes,
    freeze_period,
    refresh_actuals,
    value_approve,
    value_correct,
    value_record,
)
from isenim.grants.tests.helpers import unit
from isenim.grants.tests.logframe_helpers import SAMPLE_PDF, indicator, last_year_project, logframe, quarters

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    with translation.override("en"):
        yield


def meet(staff, project, code, held_on, women=5):
    return Meeting.objects.create(
        project=project,
        held_on=held_on,
        assembly=unit(code),
        venue="Клуб",
        f_30_49=women,
        attendance_total=women,
        attendance_entered_at=timezone.now(),
        created_by=staff[Role.PREVENTION_OFFICER],
    )


@pytest.fixture
def computed(staff):
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    meetings = indicator(staff, output, "1.1.1", measure="grants.meetings_held")
    q1 = quarters(project)[0]
    meet(staff, project, STATE_GRANT_MET[0], q1.starts_on)
    meet(staff, project, STATE_GRANT_MET[1], q1.ends_on)
    return project, q1, meetings


def test_refresh_computes_and_keeps_an_open_period_up_to_date(staff, computed):
    project, q1, meetings = computed
    director = staff[Role.DIRECTOR]
    outcome = refresh_actuals(project, q1, actor=director)
    assert outcome.created == 1
    row = IndicatorValue.objects.get(indicator=meetings, period=q1)
    assert (row.value, row.revision, row.source) == (2, 1, "computed")
    meet(staff, project, STATE_GRANT_MET[2], q1.starts_on)
    assert refresh_actuals(project, q1, actor=director).updated == 1
    assert IndicatorValue.objects.get(indicator=meetings, period=q1).value == 3
    assert refresh_actuals(project, q1, actor=director).unchanged == 1


def test_a_frozen_period_is_untouched_and_corrected_only_with_a_reason(staff, computed):
    project, q1, meetings = computed
    director = staff[Role.DIRECTOR]
    assert freeze_period(actor=director, period=q1) == 1
    meet(staff, project, STATE_GRANT_MET[3], q1.starts_on)  # recorded late
    outcome = refresh_actuals(project, q1, actor=director)
    assert outcome.frozen and [(i.pk, old, new) for i, old, new in outcome.differs] == [(meetings.pk, 2, 3)]
    assert list(IndicatorValue.objects.filter(indicator=meetings).values_list("value", "revision")) == [
        (2, 1)
    ]
    with pytest.raises(GrantError, match="say why"):
        value_correct(actor=director, indicator=meetings, period=q1, reason="  ")
    corrected = value_correct(
        actor=director, indicator=meetings, period=q1, reason="A meeting recorded late."
    )
    assert (corrected.value, corrected.revision, corrected.frozen) == (3, 2, True)
    # The first revision is still there, unchanged.
    assert IndicatorValue.objects.get(indicator=meetings, period=q1, revision=1).value == 2
    with pytest.raises(GrantError, match="nothing to correct"):
        value_correct(actor=director, indicator=meetings, period=q1, reason="again")


def test_a_manual_value_counts_once_a_second_person_approves_it(staff):
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    survey = indicator(staff, output, "1.1.2", unit="percent", life_target=60)
    q2 = quarters(project)[1]
    me, director = staff[Role.ME_OFFICER], staff[Role.DIRECTOR]
    with pytest.raises(GrantError, match="Attach the evidence"):
        value_record(actor=me, indicator=survey, period=q2, value="45", evidence=b"", file_name="")
    with pytest.raises(GrantError):
        value_record(
            actor=me, indicator=survey, period=q2, value="45", evidence=b"MZ\x90\x00", file_name="a.pdf"
        )
    with pytest.raises(GrantError, match="at most 100"):
        value_record(
            actor=me, indicator=survey, period=q2, value="145", evidence=SAMPLE_PDF, file_name="a.pdf"
        )
    assert not IndicatorValue.objects.exists()
    row = value_record(
        actor=me, indicator=survey, period=q2, value="45.5", evidence=SAMPLE_PDF, file_name="s.pdf"
    )
    assert row.evidence_content_type == "application/pdf" and evidence_bytes(row) == SAMPLE_PDF
    with pytest.raises(GrantError, match="second person"):
        value_approve(actor=me, value=row)
    value_approve(actor=director, value=row)
    row.refresh_from_db()
    assert row.approved_by == director
    with pytest.raises(GrantError, match="already approved"):
        value_approve(actor=director, value=row)


def test_a_manual_value_cannot_be_typed_for_a_computed_indicator(staff, computed):
    _project, q1, meetings = computed
    with pytest.raises(GrantError, match="computed by Isenim"):
        value_record(
            actor=staff[Role.ME_OFFICER],
            indicator=meetings,
            period=q1,
            value=3,
            evidence=SAMPLE_PDF,
            file_name="x",
        )


def test_a_measure_that_disappeared_is_named_not_a_crash(staff, computed, monkeypatch):
    project, q1, meetings = computed
    monkeypatch.delitem(MEASURES, "grants.meetings_held")
    outcome = refresh_actuals(project, q1, actor=staff[Role.DIRECTOR])
    assert outcome.missing == [meetings]
    with pytest.raises(GrantError, match="no longer exists"):
        value_record(
            actor=staff[Role.ME_OFFICER],
            indicator=meetings,
            period=q1,
            value=3,
            evidence=SAMPLE_PDF,
            file_name="x",
        )


def test_a_future_period_is_left_empty(staff):
    today = timezone.localdate()
    project = last_year_project(staff, code="later")
    project.ends_on = date(today.year + 1, 12, 31)
    _goal, _outcome, output = logframe(staff, project)
    indicator(staff, output, measure="grants.meetings_held")
    from isenim.grants.models import ReportingPeriod

    future = ReportingPeriod.objects.create(
        project=project,
        kind="quarter",
        label="future",
        starts_on=date(today.year + 1, 1, 1),
        ends_on=date(today.year + 1, 3, 31),
    )
    assert refresh_actuals(project, future, actor=staff[Role.DIRECTOR]).created == 0
