import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.urls import reverse

from isenim.core.access import Role
from isenim.core.models import AuditEvent

User = get_user_model()
GOOD_PASSWORD = "Qaraqalpaq-tuz-2026!"


def new_account_form(**overrides):
    data = {
        "username": "aziza.n",
        "first_name": "Азиза",
        "last_name": "Нурымбетова",
        "role": Role.LAWYER,
        "language": "kaa",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(client_as, administrator, recently_authenticated):
    client = client_as(administrator)
    recently_authenticated(administrator)
    return client


def test_it_lets_the_administrator_create_an_account_with_a_role(admin_client, administrator):
    response = admin_client.post(reverse("accounts:staff_create"), new_account_form())
    assert response.status_code == 302
    created = User.objects.get(username="aziza.n")
    assert created.role == Role.LAWYER
    assert created.check_password(GOOD_PASSWORD)
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor == administrator
    assert event.after["role"] == "lawyer"
    assert event.after["first_name"] == "•••"  # names are masked in the audit trail


def test_it_keeps_what_was_typed_and_explains_a_weak_password(admin_client):
    response = admin_client.post(
        reverse("accounts:staff_create"), new_account_form(password1="12345678", password2="12345678")
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="aziza.n").exists()
    page = response.content.decode()
    assert 'value="aziza.n"' in page and 'value="Азиза"' in page
    assert response.context["form"].errors["password1"]


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


def test_it_changes_a_role_and_audits_before_and_after(admin_client, psychologist):
    url = reverse("accounts:staff_edit", args=[psychologist.pk])
    response = admin_client.post(
        url,
        {
            "first_name": "Zarina",
            "last_name": "Yusupova",
            "role": Role.LAWYER,
            "language": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    psychologist.refresh_from_db()
    assert psychologist.role == Role.LAWYER
    event = AuditEvent.objects.get(action="user.update")
    assert event.before["role"] == "psychologist" and event.after["role"] == "lawyer"


def test_it_stops_an_administrator_removing_their_own_role(admin_client, administrator):
    url = reverse("accounts:staff_edit", args=[administrator.pk])
    response = admin_client.post(
        url, {"first_name": "R", "last_name": "A", "role": Role.LAWYER, "language": "", "is_active": "on"}
    )
    assert response.status_code == 200
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR


def test_it_removes_a_lost_second_factor_after_confirmation(admin_client, psychologist):
    assert Authenticator.objects.filter(user=psychologist).exists()
    url = reverse("accounts:staff_reset_second_factor", args=[psychologist.pk])
    assert admin_client.get(url).status_code == 200
    assert Authenticator.objects.filter(user=psychologist).exists()  # asking is not doing
    assert admin_client.post(url).status_code == 302
    assert not Authenticator.objects.filter(user=psychologist).exists()
    assert AuditEvent.objects.filter(
        action="user.reset_second_factor", target_id=str(psychologist.pk)
    ).exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_it_hides_account_management_from_other_roles(client_as, staff, role):
    client = client_as(staff[role])
    assert client.get(reverse("accounts:staff_list")).status_code == 404
    assert client.post(reverse("accounts:staff_create"), new_account_form()).status_code == 404
    assert not User.objects.filter(username="aziza.n").exists()


def test_it_lets_the_administrator_set_a_temporary_password(admin_client, psychologist):
    url = reverse("accounts:staff_set_password", args=[psychologist.pk])
    response = admin_client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    psychologist.refresh_from_db()
    assert psychologist.check_password(GOOD_PASSWORD)
    event = AuditEvent.objects.get(action="user.set_password")
    assert event.target_id == str(psychologist.pk) and GOOD_PASSWORD not in str(event.after)


def test_it_refuses_mismatched_temporary_passwords(admin_client, psychologist):
    url = reverse("accounts:staff_set_password", args=[psychologist.pk])
    response = admin_client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"})
    assert response.status_code == 200 and response.context["form"].errors["password2"]
    psychologist.refresh_from_db()
    assert not psychologist.check_password(GOOD_PASSWORD)
