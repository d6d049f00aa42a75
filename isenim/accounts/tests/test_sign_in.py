from datetime import timedelta
from types import SimpleNamespace

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal import auth as allauth_totp
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from conftest import TEST_PASSWORD, make_staff
from isenim.core.access import Role


@pytest.fixture
def lawyer(db):
    return make_staff(Role.LAWYER, "bakhtiyar")


# Some instant well inside a 30-second step, so that the test never straddles two steps.
FROZEN_NOW = 1_800_000_015


@pytest.fixture
def totp_step(monkeypatch):
    """Freeze the clock allauth checks codes against; return the time step of that instant."""
    monkeypatch.setattr(allauth_totp, "time", SimpleNamespace(time=lambda: FROZEN_NOW))
    return FROZEN_NOW // mfa_settings.TOTP_PERIOD


def totp_code(user, step):
    return format_hotp_value(hotp_value(user.totp_secret, step))


def sign_in_with_password(client, username, password=TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def test_it_asks_for_the_second_factor_after_the_password(client, lawyer, totp_step):
    response = sign_in_with_password(client, "bakhtiyar")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session  # not signed in until the code is given

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and SESSION_KEY not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(lawyer, totp_step)})
    assert right.status_code == 302
    assert client.session[SESSION_KEY] == str(lawyer.pk)
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_it_accepts_a_code_one_step_old_but_not_two(client, lawyer, totp_step):
    sign_in_with_password(client, "bakhtiyar")
    too_old = client.post(reverse("mfa_authenticate"), {"code": totp_code(lawyer, totp_step - 2)})
    assert too_old.status_code == 200 and SESSION_KEY not in client.session

    drifted = client.post(reverse("mfa_authenticate"), {"code": totp_code(lawyer, totp_step - 1)})
    assert drifted.status_code == 302
    assert client.session[SESSION_KEY] == str(lawyer.pk)


def test_it_sends_an_account_without_second_factor_to_set_one_up(client, db):
    make_staff(Role.LAWYER, "newlawyer", with_totp=False)
    response = sign_in_with_password(client, "newlawyer")
    assert response.status_code == 302
    dashboard = client.get(reverse("portal:dashboard"))
    assert dashboard.status_code == 302
    assert dashboard["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_it_locks_a_username_after_repeated_failures(client, lawyer):
    for _ in range(settings.ISENIM_LOGIN_ATTEMPTS_LIMIT):
        assert sign_in_with_password(client, "bakhtiyar", "wrong password").status_code == 200
    locked = sign_in_with_password(client, "bakhtiyar")  # even the right password is refused now
    assert locked.status_code == 200
    assert SESSION_KEY not in client.session
    assert locked.context["form"].errors


def test_it_ends_a_session_after_the_idle_timeout(client_as, lawyer):
    client = client_as(lawyer)
    assert client.get(reverse("portal:dashboard")).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)

    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_refuses_to_sign_up_strangers(client, db):
    response = client.get(reverse("account_signup"))
    assert b'name="password1"' not in response.content


def test_it_lands_staff_in_their_own_interface_language(client, lawyer, totp_step):
    lawyer.language = "ru"
    lawyer.save()
    sign_in_with_password(client, "bakhtiyar")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(lawyer, totp_step)})
    assert response["Location"] == "/ru/staff/"


def test_it_audits_sign_ins_and_failures(client, lawyer, totp_step):
    from isenim.core.models import AuditEvent

    sign_in_with_password(client, "bakhtiyar", "wrong password")
    failed = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert failed.target_id == str(lawyer.pk)  # an existing account is named
    # a password typed into the username field is kept only as a keyed hash, the same for the same text
    sign_in_with_password(client, "MySecret pass 9", "x")
    sign_in_with_password(client, "mysecret PASS 9", "x")
    typed = AuditEvent.objects.filter(action="auth.sign_in_failed", target_id="").order_by("id")
    first, second = (event.after["typed"] for event in typed)
    assert first == second and len(first) == 16 and "secret" not in first.lower()
    assert not AuditEvent.objects.filter(after__icontains="MySecret").exists()

    sign_in_with_password(client, "bakhtiyar")
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    wrong_code = AuditEvent.objects.get(action="auth.second_factor_failed")
    assert wrong_code.actor == lawyer and wrong_code.after == {"type": "totp", "reauthentication": False}
    client.post(reverse("mfa_authenticate"), {"code": totp_code(lawyer, totp_step)})
    assert AuditEvent.objects.filter(action="auth.sign_in", actor=lawyer).count() == 1


def test_it_explains_that_the_administrator_resets_passwords(client, db):
    page = client.get(reverse("account_reset_password"))
    assert page.status_code == 200
    assert client.post(reverse("account_reset_password"), {"email": "x@example.org"}).status_code == 405


def test_the_daily_jobs_delete_expired_sessions_and_keep_live_ones(client_as, lawyer, db):
    from io import StringIO

    from django.core.management import call_command

    live = client_as(lawyer).session.session_key
    client_as(lawyer).get(reverse("portal:dashboard"))
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(hours=1)
    )
    out = StringIO()
    call_command("daily", stdout=out)  # the task worker runs them (here, at once)
    assert "delete-expired-sessions: queued" in out.getvalue() and "task-reminders: queued" in out.getvalue()
    assert not Session.objects.filter(session_key="x" * 32).exists()
    assert Session.objects.filter(session_key=live).exists()
