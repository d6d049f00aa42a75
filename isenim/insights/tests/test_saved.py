"""Saved analyses: named from the analysis page, listed for their owner only, opened, renamed, deleted;
a name is unique per owner (a clear message, nothing saved, the name kept); every change audited."""

import pytest
from django.urls import reverse
from django.utils import translation

from isenim.core.access import Role
from isenim.core.audit import AuditEvent
from isenim.core.errors import Refusal
from isenim.insights.models import SavedView
from isenim.insights.pivot import PivotSpec
from isenim.insights.services.saved_views import (
    DEMO_VIEWS,
    ensure_demo_saved_views,
    saved_view_create,
)
from isenim.insights.tests.test_analysis_fakes import NAME, fake_source  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_source")]


def en(name, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def spec(**fields) -> PivotSpec:
    return PivotSpec(**{"rows": "cause", "cols": "district", "source": NAME, "period": "all", **fields})


def test_save_the_analysis_on_screen_and_open_it_again(client, staff):
    officer = staff[Role.ME_OFFICER]
    client.force_login(officer)
    query = spec(filters={"sex": ("f",)}, percent="row").to_query()
    response = client.post(en("insights:saved_create"), {"name": "  Cause ×   district ", "query": query})
    assert response.status_code == 302
    view = SavedView.objects.get(owner=officer)
    assert view.name == "Cause × district"
    assert view.source == NAME and view.spec["filters"] == {"sex": ["f"]} and view.spec["percent"] == "row"
    event = AuditEvent.objects.get(action="saved_view.add")
    assert event.actor == officer and event.after["title"] == "Cause × district"

    listing = client.get(en("insights:saved_list")).content.decode()
    assert "Cause × district" in listing
    # the list links to the analysis page's address
    assert en("insights:analysis") + "?" + query.replace("&", "&amp;") in listing
    page = client.get(en("insights:analysis") + "?" + query)
    assert page.status_code == 200
    assert page.context["result"].spec == PivotSpec.from_dict(view.spec)
    assert page.context["spec_query"] == query


def test_a_name_used_already_is_refused_with_a_message_and_kept(client, staff):
    officer = staff[Role.ME_OFFICER]
    saved_view_create(actor=officer, name="By district", spec=spec())
    client.force_login(officer)
    response = client.post(
        en("insights:saved_create"), {"name": "by DISTRICT", "query": spec(rows="sex").to_query()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "You already have a saved analysis named" in html
    assert 'value="by DISTRICT"' in html  # what was typed is kept
    assert 'data-testid="pivot-table"' in html  # and the analysis is still on screen
    assert SavedView.objects.filter(owner=officer).count() == 1
    # another owner may use the same name
    saved_view_create(actor=staff[Role.DIRECTOR], name="By district", spec=spec())


def test_an_empty_name_or_a_bad_analysis_is_refused(client, staff):
    officer = staff[Role.ME_OFFICER]
    client.force_login(officer)
    response = client.post(en("insights:saved_create"), {"name": "   ", "query": spec().to_query()})
    assert response.status_code == 200 and not SavedView.objects.exists()
    response = client.post(
        en("insights:saved_create"), {"name": "Bad", "query": f"source={NAME}&rows=cause&period=nope"}
    )
    assert response.status_code == 200 and "Unknown period: nope" in response.content.decode()
    assert not SavedView.objects.exists()
    with pytest.raises(Refusal):
        saved_view_create(actor=staff[Role.CASE_MANAGER], name="Mine", spec=spec())


def test_rename_and_delete_are_audited_and_only_for_the_owner(client, staff):
    officer, director = staff[Role.ME_OFFICER], staff[Role.DIRECTOR]
    view = saved_view_create(actor=officer, name="First", spec=spec())
    saved_view_create(actor=officer, name="Second", spec=spec(rows="sex"))
    client.force_login(director)
    for name in ("insights:saved_rename", "insights:saved_delete"):
        assert client.post(en(name, view.pk), {"name": "Mine now"}).status_code == 404
    assert "First" not in client.get(en("insights:saved_list")).content.decode()

    client.force_login(officer)
    response = client.post(en("insights:saved_rename", view.pk), {"name": "second"})
    html = response.content.decode()
    assert response.status_code == 200 and "You already have a saved analysis named" in html
    assert 'value="second"' in html  # the list again, the name as typed beside that view
    response = client.post(en("insights:saved_rename", view.pk), {"name": "Renamed"})
    assert response.status_code == 302
    view.refresh_from_db()
    assert view.name == "Renamed"
    event = AuditEvent.objects.get(action="saved_view.rename")
    assert event.before == {"title": "First"} and event.after == {"title": "Renamed"}

    assert client.get(en("insights:saved_delete", view.pk)).status_code == 405  # a button
    asking = client.post(en("insights:saved_delete", view.pk))  # the list's button: the page asking
    html = asking.content.decode()
    assert asking.status_code == 200 and "Renamed" in html
    assert 'name="confirm"' in html and "Nothing was deleted" not in html
    unticked = client.post(en("insights:saved_delete", view.pk), {"asked": "1"})
    assert unticked.status_code == 200 and "Nothing was deleted" in unticked.content.decode()
    assert SavedView.objects.filter(pk=view.pk).exists()
    assert not AuditEvent.objects.filter(action="saved_view.delete").exists()
    ticked = client.post(en("insights:saved_delete", view.pk), {"asked": "1", "confirm": "on"})
    assert ticked.status_code == 302
    assert not SavedView.objects.filter(pk=view.pk).exists()
    assert AuditEvent.objects.get(action="saved_view.delete").before["title"] == "Renamed"


def test_a_saved_view_that_no_longer_reads_says_so(client, staff):
    officer = staff[Role.ME_OFFICER]
    SavedView.objects.create(owner=officer, name="Broken", source=NAME, spec={"rows": "cause", "period": "x"})
    client.force_login(officer)
    listing = client.get(en("insights:saved_list")).content.decode()
    assert "Unknown period: x" in listing
    assert f'href="{en("insights:analysis")}?' not in listing  # nothing to open


def test_the_demo_seeder_is_idempotent(staff):
    from conftest import make_staff

    make_staff(Role.ME_OFFICER, "mande")
    assert ensure_demo_saved_views() == len(DEMO_VIEWS)
    assert ensure_demo_saved_views() == 0
    assert SavedView.objects.filter(owner__username="mande").count() == len(DEMO_VIEWS)
