"""The appeal form's extension hook: an app above appeals adds an optional field, checks it, saves it in the
appeal's own transaction (a failure there leaves no appeal) and shows a row on the appeal's page."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from isenim.appeals import intake_extensions
from isenim.appeals.intake_extensions import IntakeExtension, register_intake_extension
from isenim.appeals.models import Appeal
from isenim.core.access import Role

pytestmark = pytest.mark.django_db


class Colour(IntakeExtension):
    name = "colour"

    def __init__(self):
        self.saved = []

    def add_fields(self, form):
        form.fields["colour"] = forms.CharField(required=False, max_length=20)
        return ["colour"]

    def initial(self, query):
        return {"colour": query.get("colour", "")}

    def clean(self, form, data):
        if data.get("colour") == "plaid":
            form.add_error("colour", "Not a colour.")
        return data.get("colour")

    def save(self, *, actor, appeal, value):
        if value == "explode":
            raise RuntimeError("the extension failed")
        self.saved.append((appeal.code, value))

    def rows(self, *, user, appeal):
        return [("Colour", "teal")] if self.saved else []


@pytest.fixture
def colour(monkeypatch):
    monkeypatch.setattr(intake_extensions, "_EXTENSIONS", {})
    extension = Colour()
    register_intake_extension(extension)
    return extension


def appeal_post(**changes):
    return {
        "received_on": timezone.localdate().isoformat(),
        "channel": "phone",
        "appellant": "anonymous",
        "sex": "U",
        "category": "other",
        **changes,
    }


def test_an_extension_adds_a_field_saves_it_with_the_appeal_and_shows_a_row(client, staff, colour):
    client.force_login(staff[Role.DIRECTOR])
    with translation.override("en"):
        create = reverse("appeals:appeal_create")
    assert 'name="colour" value="green"' in client.get(create + "?colour=green").content.decode()
    assert client.post(create, appeal_post(colour="teal")).status_code == 302
    appeal = Appeal.objects.get()
    assert colour.saved == [(appeal.code, "teal")]
    page = client.get(reverse("appeals:appeal_detail", kwargs={"code": appeal.code})).content.decode()
    assert '<th scope="row">Colour</th><td data-testid="heard-through">teal</td>' in page


def test_an_extension_refuses_its_field_and_nothing_is_saved(client, staff, colour):
    client.force_login(staff[Role.DIRECTOR])
    response = client.post(reverse("appeals:appeal_create"), appeal_post(colour="plaid"))
    assert response.status_code == 200 and "Not a colour." in response.content.decode()
    assert not Appeal.objects.exists() and colour.saved == []


def test_an_extension_that_fails_to_save_leaves_no_appeal(staff, colour):
    from isenim.appeals.services import AppealData, appeal_register

    data = AppealData(
        received_on=timezone.localdate(), channel="phone", category="other", extensions={"colour": "explode"}
    )
    with pytest.raises(RuntimeError):
        appeal_register(actor=staff[Role.DIRECTOR], data=data, anonymous=True)
    assert not Appeal.objects.exists()
