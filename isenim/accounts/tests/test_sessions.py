"""Sessions (issue 12, item 6): an absolute lifetime besides the idle one; each member of staff sees and
ends their sessions; the administrator ends every session of an account."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from isenim.accounts.models import StaffSession
from isenim.accounts.sessions import SIGNED_IN_AT, agent_summary, forget_ended
from isenim.accounts.tests.helpers import browser, is_signed_in, sign_in
from isenim.core.access import Role
from isenim.core.models import AuditEvent

FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_ON_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
)


def age_session(client, hours: float) -> None:
    session = client.session
    session[SIGNED_IN_AT] = time.time() - hours * 3600
    session.save()


def test_a_session_ends_after_its_longest_lifetime_however_active(settings, staff):
    settings.ISENIM_SESSION_MAX_HOURS = 12
    lawyer = staff[Role.LAWYER]
    client = browser(lawyer)
    age_session(client, 11.9)
    assert client.get(reverse("portal:dashboard")).status_code == 200  # active and young enough
    age_session(client, 12.1)
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not is_signed_in(client)
    assert AuditEvent.objects.filter(action="auth.session_expired", actor=lawyer).exists()


def test_the_sign_in_time_is_stamped_at_sign_in(staff):
    lawyer = staff[Role.LAWYER]
    client = browser()
    before = time.time()
    sign_in(client, "bakhtiyar", totp_secret=lawyer.totp_secret)
    assert is_signed_in(client)
    assert before <= client.session[SIGNED_IN_AT] <= time.time()


def test_the_session_holds_nothing_about_anyone_but_timestamps_and_ids(staff):
    client = browser()
    sign_in(
        client, "bakhtiyar", totp_secret=staff[Role.LAWYER].totp_secret, HTTP_USER_AGENT=FIREFOX_ON_WINDOWS
    )
    client.get(reverse("portal:dashboard"))
    data = Session.objects.get(session_key=client.session.session_key).get_decoded()
    ours = {key: value for key, value in data.items() if key.startswith("isenim_session")}
    assert set(ours) == {"isenim_session_id", "isenim_session_key"}
    assert isinstance(data[SIGNED_IN_AT], float)
    assert "Firefox" not in str(data) and "Windows" not in str(data)


@pytest.fixture
def lawyer_in_two_places(staff):
    """The lawyer signed in at the office (the real pages) and on a phone."""
    lawyer = staff[Role.LAWYER]
    office = browser()
    sign_in(
        office,
        "bakhtiyar",
        totp_secret=lawyer.totp_secret,
        HTTP_USER_AGENT=FIREFOX_ON_WINDOWS,
        REMOTE_ADDR="10.20.30.40",
    )
    assert is_signed_in(office)
    phone = browser()
    phone.force_login(lawyer)
    return lawyer, office, phone


def test_a_member_of_staff_sees_their_sessions(lawyer_in_two_places, staff):
    _lawyer, office, _phone = lawyer_in_two_places
    browser(staff[Role.PSYCHOLOGIST])  # somebody else's session is never listed
    response = office.get(reverse("accounts:my_sessions"))
    assert response.status_code == 200
    sessions = response.context["sessions"]
    assert len(sessions) == 2
    current = next(row for row in sessions if row.is_current)
    assert (current.agent, current.client_address) == ("Firefox · Windows", "10.20.30.40")
    page = response.content.decode()
    assert "Firefox · Windows" in page and "10.20.30.40" in page


def test_a_member_of_staff_ends_another_of_their_sessions(lawyer_in_two_places, staff):
    lawyer, office, phone = lawyer_in_two_places
    other_person = browser(staff[Role.PSYCHOLOGIST])
    others_session = StaffSession.objects.get(user=staff[Role.PSYCHOLOGIST])
    mine = {row.session_key: row for row in StaffSession.objects.filter(user=lawyer)}
    phone_row = mine[phone.session.session_key]
    office_row = mine[office.session.session_key]

    end = reverse("accounts:session_end")
    assert office.post(end, {"session": others_session.pk}).status_code == 404  # not theirs
    for hostile in ("", "x", "-1", "9" * 30, "1\x00"):
        assert office.post(end, {"session": hostile}).status_code == 404
    assert office.post(end, {"session": office_row.pk}).status_code == 404  # this one: sign out instead
    assert other_person.get(reverse("portal:dashboard")).status_code == 200
    assert office.post(end, {"session": phone_row.pk}).status_code == 302
    assert phone.get(reverse("portal:dashboard")).status_code == 302  # the phone is signed out
    assert office.get(reverse("portal:dashboard")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.session_ended", actor=lawyer).exists()


def test_a_member_of_staff_ends_every_other_session(lawyer_in_two_places):
    lawyer, office, phone = lawyer_in_two_places
    assert office.post(reverse("accounts:session_end"), {"others": "1"}).status_code == 302
    assert phone.get(reverse("portal:dashboard")).status_code == 302
    assert office.get(reverse("portal:dashboard")).status_code == 200
    assert [row.session_key for row in StaffSession.objects.filter(user=lawyer)] == [
        office.session.session_key
    ]


def test_the_administrator_ends_every_session_of_an_account(lawyer_in_two_places, staff):
    lawyer, office, phone = lawyer_in_two_places
    administrator = staff[Role.ADMINISTRATOR]
    admin = browser(administrator)
    edit = admin.get(reverse("accounts:staff_edit", args=[lawyer.pk]))
    assert len(edit.context["sessions"]) == 2
    url = reverse("accounts:staff_end_sessions", args=[lawyer.pk])
    assert admin.get(url).status_code == 405  # a button only
    assert admin.post(url).status_code == 302
    for place in (office, phone):
        assert place.get(reverse("portal:dashboard")).status_code == 302
    assert admin.get(reverse("portal:dashboard")).status_code == 200  # the administrator's own stays
    event = AuditEvent.objects.get(action="auth.sessions_ended_all")
    assert event.actor == administrator and event.target_id == str(lawyer.pk)
    assert browser(staff[Role.CASE_MANAGER]).post(url).status_code == 404


def test_switching_an_account_off_ends_its_sessions(lawyer_in_two_places, staff):
    lawyer, office, _phone = lawyer_in_two_places
    admin = browser(staff[Role.ADMINISTRATOR])
    form = {"first_name": "B", "last_name": "E", "email": "", "role": Role.LAWYER, "language": ""}
    assert admin.post(reverse("accounts:staff_edit", args=[lawyer.pk]), form).status_code == 302
    assert not StaffSession.objects.filter(user=lawyer).exists()
    assert not Session.objects.filter(session_key=office.session.session_key).exists()


def test_the_session_row_follows_a_password_change(staff):
    lawyer = staff[Role.LAWYER]
    client = browser()
    sign_in(client, "bakhtiyar", totp_secret=lawyer.totp_secret)
    before = client.session.session_key
    new = "Amudarya-jaǵasi-2026!"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "correct horse battery staple 7", "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert client.session.session_key != before  # Django gives the session a new key
    rows = client.get(reverse("accounts:my_sessions")).context["sessions"]
    assert [row.is_current for row in rows] == [True]


def test_signing_out_and_the_daily_job_forget_the_rows(lawyer_in_two_places):
    lawyer, office, phone = lawyer_in_two_places
    office.post(reverse("account_logout"))
    assert StaffSession.objects.filter(user=lawyer).count() == 1
    Session.objects.filter(session_key=phone.session.session_key).delete()  # e.g. expired and cleared
    forget_ended()
    assert not StaffSession.objects.filter(user=lawyer).exists()


@pytest.mark.parametrize(
    "header, summary",
    [
        (FIREFOX_ON_WINDOWS, "Firefox · Windows"),
        (CHROME_ON_ANDROID, "Chrome · Android"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Mobile Safari/604.1",
            "Safari · iOS",
        ),
        ("Mozilla/5.0 (Windows NT 10.0) Chrome/126.0 Safari/537.36 Edg/126.0", "Edge · Windows"),
        ("Mozilla/5.0 (X11; Linux x86_64) Chrome/125.0 YaBrowser/24.6 Safari/537.36", "Yandex · Linux"),
        ("curl/8.5", ""),
    ],
)
def test_it_keeps_a_short_summary_of_the_browser(header, summary):
    assert agent_summary(header) == summary
