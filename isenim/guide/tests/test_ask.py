import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import override

from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.guide.forms import ASK_SALT
from isenim.guide.tests.helpers import kazakhstan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def _url(name="ask"):
    with override("en"):
        return reverse(f"public_guide:{name}")


def _stamp(seconds_ago=10):
    return signing.dumps(time.time() - seconds_ago, salt=ASK_SALT)


def _post(client, **fields):
    address = {"REMOTE_ADDR": fields.pop("ip", "10.0.0.1")}
    if "forwarded_for" in fields:
        address["HTTP_X_FORWARDED_FOR"] = fields.pop("forwarded_for")
    data = {
        "name": "Aziz",
        "phone": "+998 90 123 45 67",
        "telegram": "",
        "question": "Is this job real?",
        "website": "",
        "started": _stamp(),
        **fields,
    }
    return client.post(_url(), data, **address)


def test_a_valid_request_becomes_an_appeal_those_who_triage_see(client, staff):
    destination = kazakhstan()
    response = _post(client, destination=destination.country.pk, question="Работа в Алматы — это правда?")
    assert response.status_code == 302
    assert response["Location"] == _url("ask_thanks")  # nothing personal in the address
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Aziz" not in thanks.content.decode()
    appeal = Appeal.objects.get()
    assert appeal.channel == "online_form" and appeal.category == "pre_departure"
    assert appeal.destination == destination.country and appeal.registered_by is None
    assert appeal.narrative == "Работа в Алматы — это правда?"
    assert appeal.person.identity["first_name"] == "Aziz"
    assert appeal.person.identity["phones"] == ["+998901234567"]
    event = AuditEvent.objects.get(action="ask.received")
    assert event.actor is None and "Aziz" not in str(event.after) and "Алматы" not in str(event.after)
    # It waits for an owner: the director and the case managers, who give it one, read it (need to know,
    # docs/protection.md); the intake operator, who registered nothing and takes no appeal, does not.
    with override("en"):
        url = reverse("appeals:appeal_list")
    client.force_login(staff[Role.CASE_MANAGER])
    assert appeal.code in client.get(url).content.decode()
    client.force_login(staff[Role.INTAKE_OPERATOR])
    assert appeal.code not in client.get(url).content.decode()


def test_telegram_alone_is_enough(client):
    assert _post(client, phone="", telegram="@aziz_2024").status_code == 302
    assert "@aziz_2024 (Telegram)" in Appeal.objects.get().person.identity["phones"]


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"name": "", "phone": "", "question": ""}, "This field is required."),
        ({"phone": "", "telegram": ""}, "Give a phone number or a Telegram username"),
        ({"phone": "12345"}, "9 to 15 digits"),
        ({"phone": "+998 90 abc 45 67"}, "9 to 15 digits"),
        ({"phone": "1" * 16}, "9 to 15 digits"),
        ({"phone": "", "telegram": "@ab"}, "5 to 32 Latin letters"),
        ({"phone": "", "telegram": "@bad-handle!"}, "5 to 32 Latin letters"),
        ({"question": "x" * 100_000}, "at most 2000 characters"),
        ({"name": "N" * 5000}, "at most 100 characters"),
        ({"destination": "999999"}, "Select a valid choice"),
        ({"started": "forged"}, "could not be accepted"),
        ({"started": _stamp(3 * 60 * 60)}, "more than two hours"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, fields, message):
    response = _post(client, **fields)
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert message in page, page[:3000]
    if fields.get("question", "").startswith("x"):
        assert "x" * 1000 in page
    if fields.get("telegram"):
        assert fields["telegram"].replace("!", "") in page.replace("!", "")
    assert Appeal.objects.count() == 0


def test_hostile_text_is_stored_as_text_and_never_rendered_as_markup(client):
    hostile = "<script>alert(1)</script>' OR 1=1; DROP TABLE appeals_appeal;--\x00\x07\x1b[31m end"
    response = _post(client, phone="", telegram="", name=hostile, question=hostile)
    assert response.status_code == 200  # no contact: refused, typed text kept, escaped
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    response = _post(client, name=hostile[:90], question=hostile)
    assert response.status_code == 302
    narrative = Appeal.objects.get().narrative
    assert "\x00" not in narrative and "\x07" not in narrative and "\x1b" not in narrative
    assert narrative.startswith("<script>alert(1)</script>' OR 1=1; DROP TABLE")


def test_a_ten_megabyte_body_is_refused_with_400_not_500(client):
    response = client.post(_url(), {"name": "A", "question": "q" * (10 * 1024 * 1024)})
    assert response.status_code == 400
    assert Appeal.objects.count() == 0


def test_the_honeypot_and_too_fast_posts_are_refused(client):
    response = _post(client, website="http://spam.example")
    assert response.status_code == 400 and "could not be accepted" in response.content.decode()
    response = _post(client, started=_stamp(0))
    assert response.status_code == 400 and "too fast" in response.content.decode()
    assert "Is this job real?" in response.content.decode()  # kept
    assert Appeal.objects.count() == 0


def test_the_rate_limit_per_address(client):
    for _ in range(5):
        assert _post(client).status_code == 302
    response = _post(client, question="Sixth question")
    assert response.status_code == 429
    page = response.content.decode()
    assert "wait an hour" in page and "Sixth question" in page
    assert Appeal.objects.count() == 5
    assert _post(client, ip="10.0.0.2").status_code == 302  # another address is not affected


def test_the_honeypot_is_hidden_by_a_class_not_inline_style(client):
    page = client.get(_url()).content.decode()
    assert 'class="hp-field"' in page and "style=" not in page


def test_the_rate_limit_counts_real_addresses_behind_the_proxy(client, settings):
    """Behind nginx every visitor arrives from the proxy's address: the limit counts the forwarded one."""
    settings.ISENIM_TRUSTED_PROXIES = "127.0.0.1"
    for n in range(5):
        assert _post(client, ip="127.0.0.1", forwarded_for=f"198.51.100.{n}").status_code == 302
    assert _post(client, ip="127.0.0.1", forwarded_for="198.51.100.0").status_code == 302
    for _ in range(4):
        _post(client, ip="127.0.0.1", forwarded_for="203.0.113.9")
    assert _post(client, ip="127.0.0.1", forwarded_for="203.0.113.9").status_code == 302
    assert _post(client, ip="127.0.0.1", forwarded_for="203.0.113.9").status_code == 429
