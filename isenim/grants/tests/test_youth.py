"""Young people and migrants' families on the project page: counts from the measures of the apps that own
the data, over the target assemblies, published through the disclosure layer."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from isenim.appeals.services import AppealData, appeal_register
from isenim.core.access import Role
from isenim.grants.communities import OUTSIDE_VILLAGE, STATE_GRANT_MET
from isenim.grants.selectors.youth import youth_and_families
from isenim.grants.tests.helpers import sample_project, unit

pytestmark = pytest.mark.django_db


def appeal(staff, assembly, category, received_on):
    data = AppealData(
        received_on=received_on,
        channel="walk_in",
        category=category,
        answers={},
        home_district_id=assembly.parent_id,
        home_assembly_id=assembly.pk,
    )
    return appeal_register(actor=staff[Role.INTAKE_OPERATOR], data=data, person=None, anonymous=True)


def test_counts_of_the_target_assemblies_through_the_disclosure_layer(client, staff, recently_authenticated):
    project = sample_project(staff)
    day = max(project.starts_on, timezone.localdate() - timedelta(days=1))
    for _index in range(6):
        appeal(staff, unit(STATE_GRANT_MET[0]), "young_graduate", day)
    appeal(staff, unit(STATE_GRANT_MET[1]), "migrant_family", day)
    appeal(staff, unit(OUTSIDE_VILLAGE), "migrant_family", day)  # not a target: not counted
    with translation.override("en"):
        director = {row.label: row.value for row in youth_and_families(project, staff[Role.DIRECTOR])}
        officer = {row.label: row.value for row in youth_and_families(project, staff[Role.ME_OFFICER])}
    assert director["Appeals of young school and college leavers"].value == 6
    assert director["Appeals of labour migrants' families"].value == 1  # the case team sees raw numbers
    assert officer["Appeals of young school and college leavers"].value == 6
    assert officer["Appeals of labour migrants' families"].suppressed  # fewer than 5
    client.force_login(staff[Role.ME_OFFICER])
    recently_authenticated(staff[Role.ME_OFFICER])
    with translation.override("en"):
        page = client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()
    assert 'data-testid="youth"' in page and "fewer than 5" in page
