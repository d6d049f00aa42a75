"""Reports coming due: My work (the director), the staff dashboard (the M&E officer, who has no My work),
and the daily reminder e-mails."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from isenim.core.access import Role
from isenim.grants.models import Report
from isenim.grants.selectors.projects import reports_due
from isenim.grants.tasks import _should_remind, send_grant_report_reminders
from isenim.grants.tests.helpers import sample_project

pytestmark = pytest.mark.django_db


def test_a_period_due_soon_is_listed_until_its_report_is_submitted(staff):
    project = sample_project(staff, communities=False)
    project.staff.add(staff[Role.DIRECTOR])
    period = project.periods.order_by("starts_on").first()
    day = period.due_on - timedelta(days=3)
    assert list(reports_due(staff[Role.ME_OFFICER], today=day)) == [period]
    assert list(reports_due(staff[Role.PREVENTION_OFFICER], today=day)) == []  # not responsible
    Report.objects.create(
        project=project, period=period, language="kaa", state="submitted", created_by=staff[Role.DIRECTOR]
    )
    assert list(reports_due(staff[Role.ME_OFFICER], today=day)) == []


def test_my_work_and_the_dashboard_show_them(client, staff, recently_authenticated):
    project = sample_project(staff, communities=False, starts_on=date(2020, 1, 1), ends_on=date(2020, 6, 30))
    project.staff.add(staff[Role.DIRECTOR])  # the 2020 reports are overdue
    for role, url_name in ((Role.DIRECTOR, "cases:my_work"), (Role.ME_OFFICER, "portal:dashboard")):
        client.force_login(staff[role])
        recently_authenticated(staff[role])
        with translation.override("en"):
            page = client.get(reverse(url_name)).content.decode()
        assert 'data-testid="my-grant-reports"' in page, role
        assert "2020-Q1" in page and "2020-Q2" in page


def test_reminders_a_week_before_on_the_day_and_weekly_once_overdue(staff):
    due = date(2026, 7, 15)
    reminded = [offset for offset in range(-30, 10) if _should_remind(due, due - timedelta(days=offset))]
    assert reminded == [-28, -21, -14, -7, 0, 1, 7]


def test_the_reminder_email(staff, settings):
    project = sample_project(staff, communities=False, starts_on=date(2020, 1, 1), ends_on=date(2020, 3, 31))
    member = staff[Role.ME_OFFICER]
    member.email = "olga@example.org"
    member.save()
    period = project.periods.get()
    with mock.patch("isenim.grants.tasks.timezone.localdate", return_value=period.due_on - timedelta(days=7)):
        assert send_grant_report_reminders.call() == 1
    assert len(mail.outbox) == 1
    assert "2020-Q1" in mail.outbox[0].body and mail.outbox[0].to == ["olga@example.org"]
