import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from conftest import TEST_PASSWORD
from isenim.accounts.models import AccountChange
from isenim.core.access import Role
from isenim.core.models import AuditEvent

User = get_user_model()


def new_account_form(**overrides):
    data = {
        "username": "aziza.n",
        "first_name": "Азиза",
        "last_name": "Нурымбетова",
        "email": "aziza@example.uz",
        "role": Role.LAWYER,
        "language": "kaa",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(client_as, administrator, recently_authenticated):
    client = client_as(administrator)
    recently_authenticated(administrator)
    return client


def test_the_new_account_form_has_no_role_until_one_is_picked(admin_client):
    page = admin_client.get(reverse("accounts:staff_create")).content.decode()
    role_select = page[page.index('name="role"') : page.index("</select>", page.index('name="role"'))]
    assert 'value="" selected' in role_select and 'director" selected' not in role_select
    response = admin_client.post(reverse("accounts:staff_create"), {**new_account_form(), "role": ""})
    assert response.status_code == 200 and response.context["form"].errors["role"]
    assert not User.objects.filter(username="aziza.n").exists()


def test_it_lets_the_administrator_propose_an_account_with_a_role(admin_client, administrator):
    response = admin_client.post(reverse("accounts:staff_create"), new_account_form())
    assert response.status_code == 302
    created = User.objects.get(username="aziza.n")
    assert created.role == ""  # until a director confirms
    assert not created.has_usable_password()  # the member sets it with their one-time code
    change = AccountChange.objects.get(user=created)
    assert (change.kind, change.role, change.state) == ("create", Role.LAWYER, "pending")
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor == administrator
    assert event.after["first_name"] == "•••"  # names are masked in the audit trail
    proposed = AuditEvent.objects.get(action="account_change.propose")
    assert proposed.actor == administrator and proposed.after["role"] == "lawyer"


def test_it_keeps_what_was_typed_and_explains_a_bad_username(admin_client):
    response = admin_client.post(reverse("accounts:staff_create"), new_account_form(username="Aziza N"))
    assert response.status_code == 200
    assert not User.objects.filter(first_name="Азиза").exists()
    page = response.content.decode()
    assert 'value="Aziza N"' in page and 'value="Азиза"' in page
    assert response.context["form"].errors["username"]


def test_it_refuses_a_taken_username(admin_client):
    admin_client.post(reverse("accounts:staff_create"), new_account_form())
    response = admin_client.post(reverse("accounts:staff_create"), new_account_form(username="AZIZA.N"))
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert User.objects.filter(username__iexact="aziza.n").count() == 1


def test_it_asks_for_the_password_again_before_a_role_change(client_as, administrator, psychologist):
    client = client_as(administrator)
    response = client.get(reverse("accounts:staff_edit", args=[psychologist.pk]))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]


def edit_form(**overrides):
    data = {
        "first_name": "Zarina",
        "last_name": "Yusupova",
        "email": "",
        "role": Role.LAWYER,
        "language": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_it_proposes_a_role_that_reads_case_content_and_keeps_the_old_one(admin_client, psychologist):
    url = reverse("accounts:staff_edit", args=[psychologist.pk])
    response = admin_client.post(url, edit_form(role=Role.LAWYER))
    assert response.status_code == 302
    psychologist.refresh_from_db()
    assert psychologist.role == Role.PSYCHOLOGIST  # until a director confirms
    assert psychologist.first_name == "Zarina"  # the rest of the profile changes at once
    change = AccountChange.objects.get(user=psychologist)
    assert (change.kind, change.previous_role, change.role) == ("role", "psychologist", "lawyer")
    # Proposed back to the role it has: the proposal is withdrawn.
    admin_client.post(url, edit_form(role=Role.PSYCHOLOGIST))
    change.refresh_from_db()
    assert change.state == "withdrawn"


def test_it_changes_to_a_role_without_case_content_at_once_and_audits_it(admin_client, psychologist):
    url = reverse("accounts:staff_edit", args=[psychologist.pk])
    assert admin_client.post(url, edit_form(role=Role.ME_OFFICER)).status_code == 302
    psychologist.refresh_from_db()
    assert psychologist.role == Role.ME_OFFICER
    assert not AccountChange.objects.exists()
    event = AuditEvent.objects.get(action="user.update")
    assert event.before["role"] == "psychologist" and event.after["role"] == "me_officer"


def test_it_stops_an_administrator_removing_their_own_role(admin_client, administrator):
    url = reverse("accounts:staff_edit", args=[administrator.pk])
    response = admin_client.post(
        url, {"first_name": "R", "last_name": "A", "role": Role.LAWYER, "language": "", "is_active": "on"}
    )
    assert response.status_code == 200
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR


def test_it_only_proposes_a_new_password_and_second_factor(admin_client, psychologist):
    url = reverse("accounts:staff_reset", args=[psychologist.pk])
    assert admin_client.get(url).status_code == 200
    assert not AccountChange.objects.exists()  # asking is not doing
    assert admin_client.post(url).status_code == 302
    assert Authenticator.objects.filter(user=psychologist).exists()  # nothing happens before confirmation
    psychologist.refresh_from_db()
    assert psychologist.check_password(TEST_PASSWORD)
    change = AccountChange.objects.get(user=psychologist)
    assert (change.kind, change.state, change.code_hash) == ("reset", "pending", "")
    assert admin_client.post(url).status_code == 302  # proposing again keeps the one proposal
    assert AccountChange.objects.count() == 1


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_it_hides_account_management_from_other_roles(client_as, staff, role):
    client = client_as(staff[role])
    assert client.get(reverse("accounts:staff_list")).status_code == 404
    assert client.post(reverse("accounts:staff_create"), new_account_form()).status_code == 404
    assert not User.objects.filter(username="aziza.n").exists()


def test_the_administrator_has_no_page_that_sets_a_password(admin_client, psychologist):
    for name in ("staff_set_password", "staff_reset_second_factor"):
        with pytest.raises(NoReverseMatch):
            reverse(f"accounts:{name}", args=[psychologist.pk])
    assert admin_client.get(f"/staff/accounts/{psychologist.pk}/password/").status_code == 404


def test_editing_an_account_not_yet_confirmed_changes_the_proposal(admin_client):
    admin_client.post(reverse("accounts:staff_create"), new_account_form())
    created = User.objects.get(username="aziza.n")
    url = reverse("accounts:staff_edit", args=[created.pk])
    assert admin_client.get(url).context["form"].initial["role"] == Role.LAWYER
    admin_client.post(url, edit_form(role=Role.CASE_MANAGER))
    created.refresh_from_db()
    assert created.role == ""
    pending = AccountChange.objects.pending().get(user=created)
    assert (pending.kind, pending.role) == ("create", Role.CASE_MANAGER)
    assert AccountChange.objects.filter(user=created, state="withdrawn").count() == 1
