"""Appeals that followed a meeting: the appeal form's optional "came after a meeting with residents" (saved
inside the appeal's transaction through the appeals extension hook), "register an appeal from this
meeting", and the meeting page's count through the disclosure layer only."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.grants.communities import STATE_GRANT_MET
from isenim.grants.models import MeetingAppeal
from isenim.grants.services.meetings import MeetingData, meeting_create
from isenim.grants.tests.helpers import sample_project, unit

pytestmark = pytest.mark.django_db


def shown(response) -> str:
    return html.unescape(response.content.decode())


def anonymous_appeal(**changes) -> dict:
    values = {
        "received_on": timezone.localdate().isoformat(),
        "channel": "walk_in",
        "appellant": "anonymous",
        "sex": "U",
        "category": "migrant_family",
        "heard_about": "other",
        "heard_about_note": "",
        "narrative": "",
    }
    values.update(changes)
    return values


@pytest.fixture
def meeting(staff):
    project = sample_project(staff)
    return meeting_create(
        actor=staff[Role.PREVENTION_OFFICER],
        project=project,
        data=MeetingData(
            held_on=max(project.starts_on, timezone.localdate() - timedelta(days=1)),
            assembly=unit(STATE_GRANT_MET[0]),
            venue="Клуб",
        ),
    )


def test_an_appeal_registered_from_a_meeting_is_linked_and_counted_safely(client, staff, meeting):
    client.force_login(staff[Role.PREVENTION_OFFICER])
    with translation.override("en"):
        page = shown(client.get(reverse("grants:meeting_detail", args=[meeting.pk])))
        create = reverse("appeals:appeal_create")
    assert f"?meeting={meeting.pk}" in page and "Register an appeal from this meeting" in page
    form = shown(client.get(f"{create}?meeting={meeting.pk}"))
    assert f'<option value="{meeting.pk}" selected>' in form
    response = client.post(create, anonymous_appeal(after_meeting=str(meeting.pk)))
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert MeetingAppeal.objects.get().appeal == appeal
    assert AuditEvent.objects.filter(action="meeting.appeal").count() == 1
    # One appeal: the prevention officer (outside the case team) reads "fewer than 5", the director 1.
    with translation.override("en"):
        page = shown(client.get(reverse("grants:meeting_detail", args=[meeting.pk])))
        assert "fewer than 5" in page
        client.force_login(staff[Role.DIRECTOR])
        page = shown(client.get(reverse("grants:meeting_detail", args=[meeting.pk])))
        assert 'data-testid="appeals-followed">1<' in page
        # The appeal's page says which meeting it followed.
        page = shown(client.get(reverse("appeals:appeal_detail", kwargs={"code": appeal.code})))
    assert "Came after a meeting with residents" in page


def test_optional_and_hostile_values_ignored(client, staff, meeting):
    client.force_login(staff[Role.INTAKE_OPERATOR])
    create = reverse("appeals:appeal_create")
    assert client.post(create, anonymous_appeal()).status_code == 302
    assert Appeal.objects.count() == 1 and not MeetingAppeal.objects.exists()
    for hostile in ("abc", "99999999999999999999999", "-1", str(meeting.pk + 1000)):
        assert client.get(f"{create}?meeting={hostile}").status_code == 200
        response = client.post(create, anonymous_appeal(after_meeting=hostile))
        assert response.status_code == 200  # the form again, with its error
    assert Appeal.objects.count() == 1
