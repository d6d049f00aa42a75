"""Shared test fixtures: one named staff member per role, the same names in every test.

Each has a TOTP authenticator, so ``client.force_login`` gives a fully enrolled session.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model

from isenim.core.access import Role

# Learn these once: the same person always has the same role.
STAFF_NAMES = {
    Role.DIRECTOR: "dilnoza",
    Role.CASE_MANAGER: "gulnara",
    Role.PSYCHOLOGIST: "zarina",
    Role.LAWYER: "bakhtiyar",
    Role.INTAKE_OPERATOR: "jasur",
    Role.PREVENTION_OFFICER: "erlan",
    Role.ME_OFFICER: "olga",
    Role.ADMINISTRATOR: "ruslan",
}
TEST_PASSWORD = "correct horse battery staple 7"


def make_staff(role: Role | str | None, username: str, *, with_totp: bool = True):
    user = get_user_model().objects.create_user(
        username=username, password=TEST_PASSWORD, role=role or "", first_name=username.title()
    )
    if with_totp:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        user.totp_secret = secret
    return user


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to /ru/ must not leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def staff(db):
    """{Role: user} for every role."""
    return {role: make_staff(role, name) for role, name in STAFF_NAMES.items()}


@pytest.fixture
def administrator(staff):
    return staff[Role.ADMINISTRATOR]


@pytest.fixture
def director(staff):
    return staff[Role.DIRECTOR]


@pytest.fixture
def psychologist(staff):
    return staff[Role.PSYCHOLOGIST]


@pytest.fixture
def client_as(client):
    """``client_as(user)`` signs the test client in as that fully enrolled user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def recently_authenticated(client):
    """Mark the client's session as having just entered its password (allauth's re-authentication)."""
    import time

    def mark(user):
        session = client.session
        session["account_authentication_methods"] = [
            {"method": "password", "at": time.time(), "username": user.username, "reauthenticated": True}
        ]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()

    return mark
