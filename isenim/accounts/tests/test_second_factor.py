"""Second factors (issue 12, item 6): removing or replacing one always asks for the password; security keys
and passkeys (WebAuthn) are offered beside the authenticator app."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.urls import reverse

from conftest import TEST_PASSWORD, make_staff
from isenim.accounts.tests.helpers import browser, is_signed_in, sign_in
from isenim.core.access import Role

# Pages that remove, replace or add to a second factor the account already has.
CHANGING_PAGES = [
    "mfa_deactivate_totp",
    "mfa_generate_recovery_codes",
    "mfa_add_webauthn",
]


@pytest.fixture
def lawyer_just_signed_in(staff):
    """Signed in through the real pages a moment ago: the password and the authenticator code."""
    lawyer = staff[Role.LAWYER]
    RecoveryCodes.activate(lawyer)
    client = browser()
    sign_in(client, "bakhtiyar", totp_secret=lawyer.totp_secret)
    assert is_signed_in(client)
    return lawyer, client


@pytest.mark.parametrize("page", CHANGING_PAGES)
def test_changing_a_second_factor_asks_for_the_password_even_right_after_sign_in(lawyer_just_signed_in, page):
    _lawyer, client = lawyer_just_signed_in
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_removing_the_authenticator_needs_the_password_then_works(lawyer_just_signed_in):
    lawyer, client = lawyer_just_signed_in
    url = reverse("mfa_deactivate_totp")
    assert client.post(url).status_code == 302
    assert Authenticator.objects.filter(user=lawyer, type="totp").exists()
    wrong = client.post(reverse("account_reauthenticate"), {"password": "not it", "next": url})
    assert wrong.status_code == 200
    assert Authenticator.objects.filter(user=lawyer, type="totp").exists()
    # With the password, allauth carries out the request it held back.
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD, "next": url})
    assert not Authenticator.objects.filter(user=lawyer, type="totp").exists()


def test_an_authenticator_code_alone_does_not_count_as_the_password(lawyer_just_signed_in):
    _lawyer, client = lawyer_just_signed_in
    assert settings.ACCOUNT_REAUTHENTICATION_METHODS == ("password",)
    assert client.get(reverse("mfa_reauthenticate")).status_code == 403  # allauth: method not enabled


def test_the_first_enrolment_right_after_sign_in_asks_nothing_more(db):
    make_staff(Role.CASE_MANAGER, "newcomer", with_totp=False)
    client = browser()
    sign_in(client, "newcomer")
    assert client.get(reverse("portal:dashboard"))["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    # The security key is offered beside the authenticator app, and reachable before any second factor.
    assert b'data-testid="security-key-option"' in page.content
    assert reverse("mfa_add_webauthn").encode() in page.content
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200


def test_the_recovery_codes_made_at_enrolment_are_shown_without_a_second_prompt(db):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    user = make_staff(Role.CASE_MANAGER, "newcomer", with_totp=False)
    client = browser()
    sign_in(client, "newcomer")
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    # ...but making new ones (which replaces them) asks for the password.
    assert client.get(reverse("mfa_generate_recovery_codes")).status_code == 302


def test_security_keys_are_a_supported_second_factor():
    assert "webauthn" in settings.MFA_SUPPORTED_TYPES
    from isenim.accounts.middleware import ENROLMENT_URL_NAMES, SECOND_FACTORS

    assert Authenticator.Type.WEBAUTHN in SECOND_FACTORS  # a key alone satisfies the middleware
    assert "mfa_add_webauthn" in ENROLMENT_URL_NAMES


def test_the_security_key_pages_render_under_our_content_security_policy(staff):
    lawyer = staff[Role.LAWYER]
    client = browser(lawyer)  # just past a password prompt
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200 and reverse("mfa_add_webauthn").encode() in index.content
    add = client.get(reverse("mfa_add_webauthn"))
    assert add.status_code == 200
    html = add.content.decode()
    assert 'id="mfa_webauthn_add"' in html and "creation_options" in html
    policy = add["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    for tag in re.findall(r"<script\b[^>]*>", html):
        # Allowed by the policy: our own files, nonced scripts, and JSON data blocks (never executed).
        src = re.search(r'src="([^"]+)"', tag)
        assert (
            (src and src.group(1).startswith("/static/"))
            or f'nonce="{nonce}"' in tag
            or 'type="application/json"' in tag
        ), tag
    assert client.get(reverse("mfa_list_webauthn")).status_code == 200
