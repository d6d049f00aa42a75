"""Helpers for the accounts tests: separate browsers (clients) for separate people, real sign-ins."""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import TEST_PASSWORD

CODE_PATTERN = re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b")


def browser(user=None, *, reauthenticated: bool = True) -> Client:
    """A client of its own, signed in as ``user`` (force_login), optionally just past a password prompt."""
    client = Client()
    if user is not None:
        client.force_login(user)
        if reauthenticated:
            mark_reauthenticated(client, user)
    return client


def mark_reauthenticated(client, user) -> None:
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "username": user.username, "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def sign_in(
    client, username: str, password: str = TEST_PASSWORD, *, totp_secret: str | None = None, **headers
):
    """The real sign-in pages: the password, then (when the account has one) the authenticator code."""
    response = client.post(reverse("account_login"), {"login": username, "password": password}, **headers)
    if totp_secret and response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
        response = client.post(reverse("mfa_authenticate"), {"code": code}, **headers)
    return response


def is_signed_in(client) -> bool:
    return SESSION_KEY in client.session


def codes_in(text: str) -> list[str]:
    return CODE_PATTERN.findall(text)


def mailed_codes(to: str) -> list[str]:
    return [code for message in mail.outbox if to in message.to for code in codes_in(message.body)]


def use_code(client, username: str, code: str, password: str):
    return client.post(
        reverse("account_use_code"),
        {"username": username, "code": code, "password1": password, "password2": password},
    )
