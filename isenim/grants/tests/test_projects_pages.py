"""The project and meeting pages: who reaches them, what they show, and bad input kept with a message."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from isenim.core.access import ROLE_PERMISSIONS, Role
from isenim.core.models import AuditEvent
from isenim.grants.communities import OUTSIDE_VILLAGE, STATE_GRANT_MET
from isenim.grants.models import Meeting, MeetingMaterial
from isenim.grants.services.meetings import MeetingData, meeting_create
from isenim.grants.tests.helpers import sample_project, unit
from isenim.grants.tests.url_samples import _project_samples
from isenim.prevention.models import StockMovement
from isenim.prevention.tests.action_helpers import edition_in_stock

pytestmark = pytest.mark.django_db


def _login(client, user, recently_authenticated):
    client.force_login(user)
    recently_authenticated(user)


def test_every_page_answers_as_the_access_table_says(client, staff, recently_authenticated):
    found = _project_samples(staff)
    names = {"grants:project_list": {}, "grants:project_create": {}, **found}
    for role, user in staff.items():
        _login(client, user, recently_authenticated)
        for name, kwargs in names.items():
            from django.urls import resolve

            url = reverse(name, kwargs=kwargs)
            perm = resolve(url).func.required_permission
            status = client.get(url).status_code
            if role in ROLE_PERMISSIONS[perm]:
                assert status == 200, (role, name, status)
            else:
                assert status == 404, (role, name, status)


def test_project_page_shows_coverage_with_the_missing_named(client, staff, recently_authenticated):
    project = sample_project(staff)
    day = max(project.starts_on, timezone.localdate() - timedelta(days=2))
    for code in STATE_GRANT_MET:
        meeting_create(
            actor=staff[Role.PREVENTION_OFFICER],
            project=project,
            data=MeetingData(held_on=day, assembly=unit(code), venue="Клуб"),
        )
    _login(client, staff[Role.ME_OFFICER], recently_authenticated)
    page = client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()
    assert ">9/11<" in page
    assert "Арал" in page and "Жайҳун" in page
    assert page.count('data-testid="period-row"') == 4


def test_meeting_form_outside_targets_saved_and_said(client, staff, recently_authenticated):
    project = sample_project(staff)
    _login(client, staff[Role.PREVENTION_OFFICER], recently_authenticated)
    outside = unit(OUTSIDE_VILLAGE)
    data = {
        "held_on": max(project.starts_on, timezone.localdate() - timedelta(days=1)).isoformat(),
        "district": outside.parent_id,
        "assembly": outside.pk,
        "venue": "Аўыл клубы",
        "topics": [project.topics.first().pk],
    }
    with translation.override("en"):
        response = client.post(reverse("grants:meeting_create", args=[project.pk]), data, follow=True)
    page = response.content.decode()
    assert "not one of the project&#x27;s target assemblies" in page
    assert Meeting.objects.filter(project=project, assembly=outside).count() == 1
    assert AuditEvent.objects.filter(action="meeting.add").count() == 1


def test_meeting_form_keeps_what_was_typed_on_a_date_outside_the_project(
    client, staff, recently_authenticated
):
    project = sample_project(staff)
    _login(client, staff[Role.PREVENTION_OFFICER], recently_authenticated)
    place = unit(STATE_GRANT_MET[0])
    data = {
        "held_on": (project.starts_on - timedelta(days=30)).isoformat(),
        "district": place.parent_id,
        "assembly": place.pk,
        "venue": "Мектеп залы Ү",
    }
    with translation.override("en"):
        response = client.post(reverse("grants:meeting_create", args=[project.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "must fall within the project" in page and "Мектеп залы Ү" in page
    assert not Meeting.objects.exists()


def _meeting(staff, project):
    return meeting_create(
        actor=staff[Role.PREVENTION_OFFICER],
        project=project,
        data=MeetingData(
            held_on=max(project.starts_on, timezone.localdate() - timedelta(days=1)),
            assembly=unit(STATE_GRANT_MET[0]),
            venue="Клуб",
        ),
    )


def test_attendance_that_does_not_add_up_refused_and_kept(client, staff, recently_authenticated):
    project = sample_project(staff)
    meeting = _meeting(staff, project)
    _login(client, staff[Role.PREVENTION_OFFICER], recently_authenticated)
    cells = {
        "f_0_17": 1,
        "f_18_29": 10,
        "f_30_49": 12,
        "f_50_plus": 5,
        "m_0_17": 0,
        "m_18_29": 7,
        "m_30_49": 9,
        "m_50_plus": 4,
    }
    with translation.override("en"):  # the /en/ prefix renders the page in English
        url = reverse("grants:meeting_attendance", args=[meeting.pk])
        response = client.post(url, {**cells, "total": 49})
    assert response.status_code == 200
    assert "The cells add up to 48, not 49" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.attendance_entered_at is None
    response = client.post(url, {**cells, "total": 48})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.attendance_total == 48 and meeting.f_18_29 == 10


def test_materials_drawn_from_prevention_stock(client, staff, recently_authenticated):
    project = sample_project(staff)
    meeting = _meeting(staff, project)
    flyer = edition_in_stock(staff, quantity=100)
    other = edition_in_stock(staff, title="Басқа", quantity=10)
    _login(client, staff[Role.ME_OFFICER], recently_authenticated)
    day = meeting.held_on.isoformat()
    with translation.override("en"):  # the /en/ prefix renders the page in English
        url = reverse("grants:meeting_materials", args=[meeting.pk])
        response = client.post(
            url,
            {
                "moved_on": day,
                "edition_0": flyer.pk,
                "quantity_0": 30,
                "edition_1": other.pk,
                "quantity_1": 11,
            },
        )
    assert response.status_code == 200 and "cannot be taken" in response.content.decode()
    assert not MeetingMaterial.objects.exists()  # nothing half-drawn
    response = client.post(url, {"moved_on": day, "edition_0": flyer.pk, "quantity_0": 30})
    assert response.status_code == 302
    movement = StockMovement.objects.get(kind="to_meeting")
    assert movement.quantity == -30 and MeetingMaterial.objects.get().movement == movement
    flyer.refresh_from_db()
    assert flyer.on_hand == 70


def test_attendance_sheet_pdf_has_every_letter(client, staff, recently_authenticated):
    import io

    from pypdf import PdfReader

    project = sample_project(staff)
    meeting = _meeting(staff, project)
    _login(client, staff[Role.ME_OFFICER], recently_authenticated)
    response = client.get(reverse("grants:meeting_sheet", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Таллы-өзек" in text
    assert "Ҳуқықый билим" not in text  # no topic ticked on this meeting


def test_project_form_creates_periods(client, staff, recently_authenticated):
    _login(client, staff[Role.ME_OFFICER], recently_authenticated)
    data = {
        "code": "new-grant",
        "title": "Жаңа жойбар",
        "donor": "Фонд",
        "starts_on": "2025-05-15",
        "ends_on": "2026-05-14",
        "budget_uzs": 1000,
        "reporting": "half_year",
        "report_due_days": 30,
        "topics": "Ҳуқықый билим\nҚәўипсиз миграция",
    }
    response = client.post(reverse("grants:project_create"), data)
    assert response.status_code == 302
    from isenim.grants.models import GrantProject

    project = GrantProject.objects.get(code="new-grant")
    assert list(project.periods.values_list("label", flat=True)) == ["2025-H1", "2025-H2", "2026-H1"]
    assert project.topics.count() == 2
    with translation.override("en"):
        response = client.post(reverse("grants:project_create"), {**data, "ends_on": "2024-01-01"})
    assert "cannot end before it starts" in response.content.decode()


def test_meeting_list_filters_and_its_summary(client, staff, recently_authenticated):
    project = sample_project(staff)
    legal = project.topics.get(name="Ҳуқықый билим")
    day = max(project.starts_on, timezone.localdate() - timedelta(days=1))
    for code, topics in ((STATE_GRANT_MET[0], [legal]), (STATE_GRANT_MET[1], [])):
        meeting_create(
            actor=staff[Role.PREVENTION_OFFICER],
            project=project,
            data=MeetingData(held_on=day, assembly=unit(code), venue="Клуб", topics=topics),
        )
    _login(client, staff[Role.ME_OFFICER], recently_authenticated)
    with translation.override("en"):  # the /en/ prefix renders the page in English
        url = reverse("grants:meeting_list", args=[project.pk])
        page = client.get(url).content.decode()
        assert page.count('data-testid="meeting-row"') == 2 and "2 meetings held" in page
        page = client.get(url, {"topic": legal.pk}).content.decode()
        assert page.count('data-testid="meeting-row"') == 1 and "1 meeting held" in page
        for hostile in ("abc", "99999999999999999999", "-1"):
            assert (
                client.get(url, {"topic": hostile, "assembly": hostile, "date_from": hostile}).status_code
                == 200
            )
