"""URL arguments of the grants pages for the generated URL test (tests/test_url_policy.py).

Each helper of the grants app adds the samples of its own pages to ``samples`` (one block each)."""


def samples(staff) -> dict:
    found: dict = {}
    found.update(_project_samples(staff))
    return found


def _project_samples(staff) -> dict:
    """The state-grant project with its 11 assemblies and a meeting held yesterday (projects & meetings)."""
    from datetime import timedelta

    from django.utils import timezone

    from isenim.core.access import Role
    from isenim.grants.communities import STATE_GRANT_MET
    from isenim.grants.services.meetings import MeetingData, meeting_create
    from isenim.grants.tests.helpers import sample_project, unit

    project = sample_project(staff, code="url-samples")
    meeting = meeting_create(
        actor=staff[Role.PREVENTION_OFFICER],
        project=project,
        data=MeetingData(
            held_on=max(project.starts_on, timezone.localdate() - timedelta(days=1)),
            assembly=unit(STATE_GRANT_MET[0]),
            venue="Мәденият үйи",
        ),
    )
    on_project = {"pk": project.pk}
    on_meeting = {"pk": meeting.pk}
    return {
        "grants:project_detail": on_project,
        "grants:project_edit": on_project,
        "grants:communities_edit": on_project,
        "grants:meeting_list": on_project,
        "grants:meeting_create": on_project,
        "grants:meeting_detail": on_meeting,
        "grants:meeting_edit": on_meeting,
        "grants:meeting_attendance": on_meeting,
        "grants:meeting_materials": on_meeting,
        "grants:meeting_sheet": on_meeting,
    }
