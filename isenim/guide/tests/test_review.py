import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from isenim.core.access import Role
from isenim.core.errors import Refusal
from isenim.core.models import AuditEvent
from isenim.guide import services
from isenim.guide.models import GuideStatus
from isenim.guide.services import ItemData
from isenim.guide.tests.helpers import TEXTS, kazakhstan

pytestmark = pytest.mark.django_db


def _data(**kw):
    kw.setdefault("verified_on", timezone.localdate())  # publishing needs it
    return ItemData(texts=dict(TEXTS), source="https://example.org", topic="entry_stay", **kw)


def test_the_drafter_cannot_publish_their_own_item_another_publisher_can_and_history_is_kept(staff):
    lawyer, director = staff[Role.LAWYER], staff[Role.DIRECTOR]
    item = services.item_create(actor=lawyer, destination=kazakhstan(), data=_data())
    services.item_submit(actor=lawyer, item=item)
    with pytest.raises(Refusal):
        services.item_publish(actor=lawyer, item=item)  # lawyers publish, but not what they edited last
    item = services.item_publish(actor=director, item=item)
    assert item.status == GuideStatus.PUBLISHED and item.published_by == director
    # A correction sends it back to draft, and the history keeps every state.
    item = services.item_update(actor=director, item=item, data=_data(verified_on=timezone.localdate()))
    assert item.status == GuideStatus.DRAFT and item.published_by is None and item.last_editor == director
    services.item_submit(actor=director, item=item)
    with pytest.raises(Refusal):
        services.item_publish(actor=director, item=item)
    services.item_publish(actor=lawyer, item=item)
    actions = list(item.versions.order_by("number").values_list("action", "status", "by__username"))
    assert actions == [
        ("draft", "draft", "bakhtiyar"),
        ("submit", "in_review", "bakhtiyar"),
        ("publish", "published", "dilnoza"),
        ("update", "draft", "dilnoza"),
        ("submit", "in_review", "dilnoza"),
        ("publish", "published", "bakhtiyar"),
    ]
    assert AuditEvent.objects.filter(action="guide.publish", target_id=str(item.pk)).count() == 2


def test_roles_without_the_permission_are_refused(staff):
    item = services.item_create(actor=staff[Role.CASE_MANAGER], destination=kazakhstan(), data=_data())
    services.item_submit(actor=staff[Role.CASE_MANAGER], item=item)
    with pytest.raises(Http404):
        services.item_publish(actor=staff[Role.PREVENTION_OFFICER], item=item)
    with pytest.raises(Http404):
        services.item_create(actor=staff[Role.INTAKE_OPERATOR], destination=kazakhstan(), data=_data())


def test_review_needs_every_language_and_a_source_and_no_future_date(staff):
    editor = staff[Role.PREVENTION_OFFICER]
    data = _data()
    data.texts["body_uz"] = ""
    item = services.item_create(actor=editor, destination=kazakhstan(), data=data)
    with pytest.raises(Refusal):
        services.item_submit(actor=editor, item=item)
    with pytest.raises(Refusal):
        services.item_create(
            actor=editor,
            destination=kazakhstan(),
            data=_data(verified_on=timezone.localdate().replace(year=2999)),
        )


def test_returning_needs_a_comment_and_goes_back_to_draft(staff):
    editor, lawyer = staff[Role.PREVENTION_OFFICER], staff[Role.LAWYER]
    item = services.item_create(actor=editor, destination=kazakhstan(), data=_data())
    services.item_submit(actor=editor, item=item)
    with pytest.raises(Refusal):
        services.item_return(actor=lawyer, item=item, comment=" ")
    item = services.item_return(actor=lawyer, item=item, comment="Check the 90-day rule")
    assert item.status == GuideStatus.DRAFT and item.review_comment == "Check the 90-day rule"


def test_the_pages_walk_the_review(client, staff):
    editor, lawyer = staff[Role.PREVENTION_OFFICER], staff[Role.LAWYER]
    kazakhstan()
    client.force_login(editor)
    with __import__("django.utils.translation", fromlist=["override"]).override("en"):
        create = reverse("guide:item_create", kwargs={"iso2": "kz"})
    missing = {
        **TEXTS,
        "body_ru": "",
        "topic": "entry_stay",
        "source": "https://example.org",
        "verified_on": timezone.localdate().isoformat(),
        "submit": "1",
    }
    response = client.post(create, missing)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Needed before the item goes for review." in page
    assert TEXTS["body_kaa"] in page  # what was typed is kept
    response = client.post(create, {**missing, "body_ru": TEXTS["body_ru"]})
    assert response.status_code == 302
    detail = response["Location"]
    page = client.get(detail).content.decode()
    assert "In review" in page and 'data-testid="publish"' not in page
    client.force_login(lawyer)
    page = client.get(detail).content.decode()
    assert 'data-testid="publish"' in page
    client.post(detail + "publish/")
    assert "Published" in client.get(detail).content.decode()


def test_an_item_without_its_verified_date_is_not_published_and_the_page_says_why(staff, client):
    editor, lawyer = staff[Role.PREVENTION_OFFICER], staff[Role.LAWYER]
    item = services.item_create(actor=editor, destination=kazakhstan(), data=_data(verified_on=None))
    services.item_submit(actor=editor, item=item)
    english = __import__("django.utils.translation", fromlist=["override"]).override("en")
    with english, pytest.raises(Refusal, match="checked against the source"):
        services.item_publish(actor=lawyer, item=item)
    item.refresh_from_db()
    assert item.status == GuideStatus.IN_REVIEW and not AuditEvent.objects.filter(action="guide.publish")
    client.force_login(lawyer)
    with __import__("django.utils.translation", fromlist=["override"]).override("en"):
        detail = reverse("guide:item_detail", kwargs={"pk": item.pk})
    page = client.post(detail + "publish/", follow=True).content.decode()
    assert "checked against the source before publishing" in page and "Published." not in page
