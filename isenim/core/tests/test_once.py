"""A form sent twice saves once (core.once): every POST form carries a one-time token through
{% csrf_token %}; the same form posted again answers with the first post's redirect and adds nothing."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from isenim.core import once
from isenim.core.access import Role
from isenim.core.models import FormToken
from isenim.returns.models import DocumentApplication, ReturnStep
from isenim.returns.tests.helpers import case_of, kazakhstan


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


STEP = {"kind": "arrival", "done_on": "2026-01-12"}


def token_on(page) -> str:
    found = re.findall(r'name="_once" value="([A-Za-z0-9]{32})"', page.content.decode())
    assert found, "the form carries no one-time token"
    return found[0]


def test_a_return_step_sent_twice_is_saved_once(client_as, staff):
    case = case_of(staff)
    client = client_as(staff[Role.CASE_MANAGER])
    address = en("returns:return_step_add", number=case.number)
    token = token_on(client.get(address))
    done_by = staff[Role.CASE_MANAGER].pk
    form = {
        "kind": "arrival",
        "done_on": "2026-01-12",
        "done_by": done_by,
        "cost_uzs": "150000",
        "_once": token,
    }
    first = client.post(address, form)
    second = client.post(address, form)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ReturnStep.objects.filter(case=case).count() == 1
    followed = client.get(second["Location"]).content.decode()
    assert "This form had already been sent: it was saved once." in followed
    # The form shown again has a new token: a second step on purpose is saved.
    form["_once"] = token_on(client.get(address))
    assert client.post(address, form).status_code == 302
    assert ReturnStep.objects.filter(case=case).count() == 2


def test_a_document_application_sent_twice_is_saved_once(client_as, staff):
    from isenim.guide.models import Mission

    mission = Mission.objects.create(
        country=kazakhstan(), kind="embassy", name_kaa="Астана", name_en="Astana"
    )
    case = case_of(staff)
    client = client_as(staff[Role.LAWYER])
    address = en("returns:application_add", number=case.number)
    form = {"doc_type": "passport", "mission": mission.pk, "_once": token_on(client.get(address))}
    assert client.post(address, form).status_code == 302
    assert client.post(address, form).status_code == 302
    assert DocumentApplication.objects.filter(case=case).count() == 1


def test_a_refused_post_releases_its_token_so_the_corrected_form_is_saved(client_as, staff):
    case = case_of(staff)
    client = client_as(staff[Role.CASE_MANAGER])
    address = en("returns:return_step_add", number=case.number)
    token = token_on(client.get(address))
    refused = client.post(
        address, {**STEP, "done_by": staff[Role.CASE_MANAGER].pk, "cost_uzs": "-5", "_once": token}
    )
    assert refused.status_code == 200 and not FormToken.objects.exists()
    saved = client.post(
        address, {**STEP, "done_by": staff[Role.CASE_MANAGER].pk, "cost_uzs": "5", "_once": token}
    )
    assert saved.status_code == 302 and ReturnStep.objects.filter(case=case).count() == 1


def test_someone_elses_token_is_an_ordinary_post_and_nonsense_is_ignored(client_as, staff):
    case = case_of(staff)
    manager = client_as(staff[Role.CASE_MANAGER])
    address = en("returns:return_step_add", number=case.number)
    token = token_on(manager.get(address))
    form = {**STEP, "done_by": staff[Role.CASE_MANAGER].pk, "cost_uzs": "", "_once": token}
    assert manager.post(address, form).status_code == 302
    director = client_as(staff[Role.DIRECTOR])
    assert director.post(address, form).status_code == 302
    assert director.post(address, {**form, "_once": "x\x00<script>" * 5}).status_code == 302
    assert ReturnStep.objects.filter(case=case).count() == 3


def test_a_second_post_waits_for_the_first_and_gets_its_answer(db, monkeypatch):
    """A double click: the second post arrives while the first is handled; it waits and follows the first."""
    token = once.new_token()
    FormToken.objects.create(token=token, user_id=None, path="/en/ask/")  # the first, still running
    polls = []

    def first_finishes(seconds):
        polls.append(seconds)
        FormToken.objects.filter(token=token).update(location="/en/ask/thanks/")

    monkeypatch.setattr(once.time, "sleep", first_finishes)
    request = RequestFactory().post("/en/ask/", {"_once": token})
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage

    request.user, request.session = AnonymousUser(), {}
    request._messages = FallbackStorage(request)
    middleware = once.OnceMiddleware(lambda r: None)
    response = middleware.process_view(request, lambda r: None, (), {})
    assert polls and response.status_code == 302 and response["Location"] == "/en/ask/thanks/"


def test_every_post_form_of_a_page_carries_a_token(client_as, staff):
    page = client_as(staff[Role.CASE_MANAGER]).get(en("cases:my_work")).content.decode()
    forms = page.count('method="post"')
    assert forms and page.count('name="_once"') >= forms


def test_old_tokens_are_forgotten(db):
    from datetime import timedelta

    from django.utils import timezone

    FormToken.objects.create(token="a" * 32, path="/", created_at=timezone.now() - timedelta(days=3))
    FormToken.objects.create(token="b" * 32, path="/")
    assert once.forget_old_tokens() == 1
    assert list(FormToken.objects.values_list("token", flat=True)) == ["b" * 32]
