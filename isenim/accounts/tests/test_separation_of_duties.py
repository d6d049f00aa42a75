"""The administrator reaches no case note by any side door (issue 12, item 1): every way into an account
takes a second person, and the one-time code goes to the member, never to the administrator."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import TEST_PASSWORD, make_staff
from isenim.accounts.models import AccountChange
from isenim.accounts.tests.helpers import (
    browser,
    codes_in,
    is_signed_in,
    mailed_codes,
    sign_in,
    use_code,
)
from isenim.core.access import Role
from isenim.core.audit_chain import verify
from isenim.core.models import AuditEvent

User = get_user_model()
NEW_PASSWORD = "Moynaq-teńizi-2026!"


@pytest.fixture
def admin(staff):
    return browser(staff[Role.ADMINISTRATOR])


@pytest.fixture
def director_browser(staff):
    return browser(staff[Role.DIRECTOR])


def propose_account(admin, username, role, email=""):
    response = admin.post(
        reverse("accounts:staff_create"),
        {
            "username": username,
            "first_name": "Ж",
            "last_name": "Т",
            "email": email,
            "role": role,
            "language": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return User.objects.get(username=username)


def confirm(client, change, delivery=""):
    return client.post(reverse("accounts:change_confirm", args=[change.pk]), {"delivery": delivery})


def everything_the_administrator_sees(admin, member) -> str:
    """Every page of accounts and logs the administrator can open about the account, as one text."""
    pages = [
        reverse("accounts:staff_list"),
        reverse("accounts:staff_edit", args=[member.pk]),
        reverse("accounts:change_list"),
        reverse("portal:audit_log"),
        reverse("portal:access_log"),
        reverse("portal:dashboard"),
    ]
    return "".join(admin.get(url).content.decode() for url in pages)


def test_a_director_account_made_by_the_administrator_is_useless_until_a_director_confirms(
    admin, director_browser, staff
):
    member = propose_account(admin, "new.director", Role.DIRECTOR, email="nd@example.uz")
    change = AccountChange.objects.get(user=member)
    assert member.role == "" and not member.has_usable_password() and change.code_hash == ""
    assert mail.outbox == []
    # Whatever the administrator types, the account cannot be signed in to (no password exists), and it
    # has no role that could read anything.
    for guess in ("", TEST_PASSWORD, "new.director"):
        attempt = browser()
        sign_in(attempt, "new.director", guess)
        assert not is_signed_in(attempt)
    # The administrator cannot confirm their own proposal.
    assert confirm(admin, change, "hand_over").status_code == 404
    change.refresh_from_db()
    assert change.state == "pending"

    # Another director confirms; the code goes to the member's e-mail, not to the page, not to anyone else.
    response = confirm(director_browser, change, "email")
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["nd@example.uz"]]
    (code,) = mailed_codes("nd@example.uz")
    member.refresh_from_db()
    assert member.role == Role.DIRECTOR and not member.has_usable_password()
    assert code not in everything_the_administrator_sees(admin, member)

    # The member sets their own password with it, signs in, and must first enrol a second factor.
    owner = browser()
    assert use_code(owner, "new.director", code, NEW_PASSWORD).status_code == 302
    sign_in(owner, "new.director", NEW_PASSWORD)
    assert is_signed_in(owner)
    assert owner.get(reverse("portal:dashboard"))["Location"] == reverse("mfa_activate_totp")
    # Once only.
    assert use_code(browser(), "new.director", code, "Another-pass-2026!").status_code == 200
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_a_reset_of_a_psychologist_gives_the_administrator_no_code_and_no_way_in(
    admin, director_browser, staff
):
    psychologist = staff[Role.PSYCHOLOGIST]
    psychologist.email = "zarina@example.uz"
    psychologist.save()
    working = browser(psychologist)
    response = admin.post(reverse("accounts:staff_reset", args=[psychologist.pk]), follow=True)
    assert response.status_code == 200 and codes_in(response.content.decode()) == []
    # Nothing has happened yet: the psychologist still works with their own password and phone.
    psychologist.refresh_from_db()
    assert psychologist.check_password(TEST_PASSWORD)
    assert Authenticator.objects.filter(user=psychologist).exists()
    assert working.get(reverse("portal:dashboard")).status_code == 200
    # ...and is told on their dashboard that a reset was proposed.
    assert b'data-testid="account-notices"' in working.get(reverse("portal:dashboard")).content
    # The director sees what waits for them on the dashboard.
    assert b'data-testid="account-changes-panel"' in director_browser.get(reverse("portal:dashboard")).content

    change = AccountChange.objects.get(user=psychologist, kind="reset")
    assert confirm(director_browser, change, "email").status_code == 302
    (code,) = mailed_codes("zarina@example.uz")
    # Now the old password, the old phone and every open session are gone.
    psychologist.refresh_from_db()
    assert not psychologist.has_usable_password()
    assert not Authenticator.objects.filter(user=psychologist).exists()
    assert working.get(reverse("portal:dashboard")).status_code == 302
    # The administrator sees nothing of the code anywhere, and nothing in the database holds it.
    assert code not in everything_the_administrator_sees(admin, psychologist)
    assert not AuditEvent.objects.filter(after__icontains=code.replace("-", "")).exists()
    assert code not in str(list(AuditEvent.objects.values_list("before", "after")))
    assert code not in str(list(AccountChange.objects.values()))

    owner = browser()
    assert use_code(owner, "zarina", code, NEW_PASSWORD).status_code == 302
    sign_in(owner, "zarina", NEW_PASSWORD)
    assert owner.get(reverse("portal:dashboard"))["Location"] == reverse("mfa_activate_totp")
    assert AuditEvent.objects.filter(action="account_code.use", actor=psychologist).exists()


def test_a_code_handed_over_is_shown_to_the_confirming_director_once_and_works_once(
    admin, director_browser, staff
):
    lawyer = staff[Role.LAWYER]  # no e-mail address: the director hands the code over
    admin.post(reverse("accounts:staff_reset", args=[lawyer.pk]))
    change = AccountChange.objects.get(user=lawyer)
    response = confirm(director_browser, change, "hand_over")
    assert response.status_code == 200
    (code,) = codes_in(response.content.decode())
    assert mail.outbox == []
    assert code not in director_browser.get(reverse("accounts:change_list")).content.decode()  # not kept
    assert code not in everything_the_administrator_sees(admin, lawyer)
    assert use_code(browser(), "bakhtiyar", "ABCD-EFGH-JKLM-NPQR", NEW_PASSWORD).status_code == 200
    assert AuditEvent.objects.filter(action="account_code.failed", target_id=str(lawyer.pk)).exists()
    assert use_code(browser(), "jasur", code, NEW_PASSWORD).status_code == 200  # another account's name
    assert use_code(browser(), "bakhtiyar", code.lower(), NEW_PASSWORD).status_code == 302
    lawyer.refresh_from_db()
    assert lawyer.check_password(NEW_PASSWORD)


def test_a_code_expires(admin, director_browser, staff):
    lawyer = staff[Role.LAWYER]
    admin.post(reverse("accounts:staff_reset", args=[lawyer.pk]))
    change = AccountChange.objects.get(user=lawyer)
    (code,) = codes_in(confirm(director_browser, change, "hand_over").content.decode())
    AccountChange.objects.filter(pk=change.pk).update(code_expires_at=timezone.now() - timedelta(seconds=1))
    assert use_code(browser(), "bakhtiyar", code, NEW_PASSWORD).status_code == 200
    lawyer.refresh_from_db()
    assert not lawyer.has_usable_password()


def test_a_role_that_reads_case_content_waits_for_the_director(admin, director_browser, staff):
    prevention = staff[Role.PREVENTION_OFFICER]
    officer = browser(prevention)
    form = {"first_name": "E", "last_name": "S", "email": "", "role": Role.PSYCHOLOGIST, "language": ""}
    form["is_active"] = "on"
    admin.post(reverse("accounts:staff_edit", args=[prevention.pk]), form)
    prevention.refresh_from_db()
    assert prevention.role == Role.PREVENTION_OFFICER
    assert officer.get(reverse("people:person_list")).status_code == 404  # no case content yet
    change = AccountChange.objects.get(user=prevention)
    assert confirm(director_browser, change).status_code == 302
    prevention.refresh_from_db()
    assert prevention.role == Role.PSYCHOLOGIST
    assert officer.get(reverse("people:person_list")).status_code == 200


def test_a_refused_account_never_becomes_usable(admin, director_browser):
    member = propose_account(admin, "not.hired", Role.CASE_MANAGER)
    change = AccountChange.objects.get(user=member)
    assert director_browser.post(reverse("accounts:change_refuse", args=[change.pk])).status_code == 302
    member.refresh_from_db()
    assert (member.role, member.is_active, member.has_usable_password()) == ("", False, False)
    # A decided change cannot be confirmed afterwards.
    assert confirm(director_browser, change, "hand_over").status_code == 404
    assert AuditEvent.objects.filter(action="account_change.refuse", target_id=str(change.pk)).exists()


def test_only_the_right_person_decides(settings, staff, admin):
    settings.ISENIM_SECOND_ADMINISTRATORS = "second.admin"
    second_admin = make_staff(Role.ADMINISTRATOR, "second.admin")
    director = staff[Role.DIRECTOR]
    psychologist_reset = AccountChange.objects.create(
        user=staff[Role.PSYCHOLOGIST], kind="reset", proposed_by=staff[Role.ADMINISTRATOR]
    )
    own_reset = AccountChange.objects.create(
        user=director, kind="reset", proposed_by=staff[Role.ADMINISTRATOR]
    )
    new_director = AccountChange.objects.create(
        user=make_staff(None, "nd", with_totp=False),
        kind="create",
        role=Role.DIRECTOR,
        proposed_by=second_admin,
    )
    refused = {
        # the proposer; a caseworker; the director on their own account; the second administrator on a
        # change that is not a director's, and on a change they proposed themselves
        (staff[Role.ADMINISTRATOR], psychologist_reset),
        (staff[Role.PSYCHOLOGIST], psychologist_reset),
        (staff[Role.CASE_MANAGER], psychologist_reset),
        (director, own_reset),
        (second_admin, psychologist_reset),
        (second_admin, new_director),
    }
    for person, change in refused:
        client = browser(person)
        for name in ("accounts:change_confirm", "accounts:change_refuse"):
            assert client.post(reverse(name, args=[change.pk]), {"delivery": "hand_over"}).status_code == 404
        change.refresh_from_db()
        assert change.state == "pending", (person, change)
    # The second administrator may confirm the reset of a director's account (another administrator
    # proposed it); the director may confirm a new director someone else proposed.
    assert confirm(browser(director), new_director, "hand_over").status_code == 200
    assert confirm(browser(director), psychologist_reset, "hand_over").status_code == 200
    assert confirm(browser(second_admin), own_reset, "hand_over").status_code == 200


def test_confirming_asks_the_director_for_the_password_again(staff):
    change = AccountChange.objects.create(
        user=staff[Role.LAWYER], kind="reset", proposed_by=staff[Role.ADMINISTRATOR]
    )
    not_recent = browser(staff[Role.DIRECTOR], reauthenticated=False)
    response = confirm(not_recent, change, "hand_over")
    assert response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]
    change.refresh_from_db()
    assert change.state == "pending"


def own_paths(resolver=None, prefix="/", own=False):
    """Every URL of Isenim's own apps, in the default language, with 1 for a number and "x" for any other
    part (a missing object answers 404; the answer does not matter, only what it changes)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            part = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            yield from own_paths(pattern, prefix + part, own or module.startswith("isenim."))
        elif isinstance(pattern, URLPattern) and own:
            yield prefix + re.sub(
                r"<int:\w+>", "1", re.sub(r"<(str|slug|path):\w+>", "x", str(pattern.pattern))
            )


def test_the_administrator_cannot_remove_or_rewrite_the_audit_of_account_actions(
    admin, director_browser, staff
):
    admin.post(reverse("accounts:staff_reset", args=[staff[Role.PSYCHOLOGIST].pk]))
    confirm(director_browser, AccountChange.objects.get(kind="reset"), "hand_over")
    account_events = AuditEvent.objects.filter(action__startswith="account_change.")
    assert sorted(account_events.values_list("action", flat=True)) == [
        "account_change.confirm",
        "account_change.propose",
    ]
    count = AuditEvent.objects.count()
    # Every page of the project, sent a POST by the administrator: no answer takes a row away.
    paths = list(own_paths())
    assert "/staff/accounts/1/reset/" in paths and "/staff/audit/" in paths
    for path in paths:
        admin.post(path, {"action": "delete", "id": "1", "delete": "1"})
    assert AuditEvent.objects.count() >= count
    assert set(account_events.values_list("pk", flat=True)) <= set(
        AuditEvent.objects.values_list("pk", flat=True)
    )
    assert verify(AuditEvent)[1] is None
    with pytest.raises(TypeError):
        account_events.delete()
    with pytest.raises(TypeError):
        account_events.update(actor=None)
    # The director reads them in the audit log.
    page = browser(staff[Role.DIRECTOR]).get(
        reverse("portal:audit_log"), {"action": "account_change.confirm"}
    )
    assert page.status_code == 200 and len(page.context["page"]) == 1
