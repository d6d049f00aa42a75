"""The first director and administrator come from the server's console at installation (docs/deploy.md)."""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import make_staff
from isenim.accounts.models import AccountChange
from isenim.accounts.tests.helpers import browser, codes_in, is_signed_in, sign_in, use_code
from isenim.core.access import Role
from isenim.core.models import AuditEvent

User = get_user_model()
PASSWORD = "Nókis-qalası-2026!"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_creates_a_ready_director_with_a_code_printed_once(db):
    printed = run("create-director", "a.kallibaeva", "--first-name", "Айсулыў", "--last-name", "Қаллыбаева")
    (code,) = codes_in(printed)
    director = User.objects.get(username="a.kallibaeva")
    assert director.role == Role.DIRECTOR and not director.has_usable_password()
    change = AccountChange.objects.get(user=director)
    assert (change.state, change.delivery, change.proposed_by) == ("confirmed", "console", None)
    assert code not in str(list(AccountChange.objects.values())) + str(list(AuditEvent.objects.values()))
    assert AuditEvent.objects.get(action="user.create_ready").after["role"] == "director"

    client = browser()
    assert use_code(client, "a.kallibaeva", code, PASSWORD).status_code == 302
    sign_in(client, "a.kallibaeva", PASSWORD)
    assert is_signed_in(client)
    assert client.get(reverse("portal:dashboard"))["Location"] == reverse("mfa_activate_totp")


def test_it_creates_the_first_administrator_too(db):
    (_code,) = codes_in(run("create-administrator", "r.atanazarov", "--first-name", "R", "--last-name", "A"))
    assert User.objects.get(username="r.atanazarov").role == Role.ADMINISTRATOR


def test_it_refuses_a_taken_username_and_missing_names(db):
    make_staff(Role.LAWYER, "bakhtiyar")
    with pytest.raises(CommandError):
        run("create-director", "Bakhtiyar", "--first-name", "B", "--last-name", "E")
    with pytest.raises(CommandError):
        run("create-director", "someone")
    assert User.objects.get(username="bakhtiyar").role == Role.LAWYER


def test_it_gives_a_director_a_new_code_from_the_console(db):
    director = make_staff(Role.DIRECTOR, "dilnoza")
    with pytest.raises(CommandError):  # only an account of the command's role
        run("create-administrator", "dilnoza", "--new-code")
    (code,) = codes_in(run("create-director", "dilnoza", "--new-code"))
    director.refresh_from_db()
    assert not director.has_usable_password()
    assert not Authenticator.objects.filter(user=director).exists()
    assert use_code(browser(), "dilnoza", code, PASSWORD).status_code == 302
