"""The demo logframe (grants.demo_logframe.seed_logframe): 13 indicators, 11 computed — their actuals equal to
an independent recount — and two by hand with evidence, approved by a second person."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from isenim.accounts.demo import ensure_demo_staff
from isenim.grants.communities import STATE_GRANT_MET
from isenim.grants.demo_logframe import seed_logframe
from isenim.grants.models import Indicator, IndicatorValue, Meeting, ReportingPeriod
from isenim.grants.selectors.results import results_table
from isenim.grants.services.values import evidence_bytes
from isenim.grants.tests.helpers import sample_project, unit

pytestmark = pytest.mark.django_db


def test_the_demo_logframe(settings, tmp_path, staff):
    settings.VAR_DIR = tmp_path
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    ensure_demo_staff()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("director", "mande"))}
    today = timezone.localdate()
    starts_on = (today - timedelta(days=300)).replace(day=1)
    project = sample_project(
        staff, code="demo-like", starts_on=starts_on, ends_on=starts_on + timedelta(days=364)
    )
    for i, code in enumerate(STATE_GRANT_MET):
        Meeting.objects.create(
            project=project,
            held_on=starts_on + timedelta(days=10 + 25 * i),
            assembly=unit(code),
            venue="Клуб",
            f_18_29=10,
            attendance_total=10,
            attendance_entered_at=timezone.now(),
            created_by=users["director"],
        )
    assert seed_logframe(project) == 13
    assert seed_logframe(project) == 0  # once
    indicators = Indicator.objects.filter(node__project=project)
    assert indicators.count() == 13 and indicators.filter(measure="").count() == 2
    quarters = list(ReportingPeriod.objects.filter(project=project, kind="quarter").order_by("starts_on"))
    # Meetings held, quarter by quarter, recounted from the meetings themselves.
    meetings = indicators.get(code="1.1.1.a")
    for quarter in quarters:
        if quarter.starts_on > today:
            continue
        expected = sum(1 for m in Meeting.objects.all() if quarter.starts_on <= m.held_on <= quarter.ends_on)
        assert IndicatorValue.objects.get(indicator=meetings, period=quarter).value == expected
    manual = IndicatorValue.objects.filter(indicator__node__project=project, source="manual")
    over = [q for q in quarters if q.ends_on < today]
    assert manual.count() == 2 * min(3, len(over)) > 0
    for row in manual:
        assert row.approved_by == users["director"] and row.entered_by == users["mande"]
        assert evidence_bytes(row).startswith(b"%PDF")
    rows = {row.indicator.code: row for row in results_table(project, quarters, users["director"])}
    assert rows["1.2.1.d"].cells[0].good is True  # "down": 38 % against a target of 40 %
    assert rows["1.1.1.c"].life.target == 11
