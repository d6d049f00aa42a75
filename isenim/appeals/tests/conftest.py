"""Fixtures of the appeals tests: the real reference data, and helpers that build people and appeals."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from isenim.appeals.services import AppealData, appeal_register
from isenim.geo.models import AdminUnit, Country
from isenim.people.services import PersonData, person_create


@pytest.fixture
def places(db):
    """Districts, Moynaq's assemblies and countries as shipped (``isenim load-reference``)."""
    call_command("load-reference")
    unit = AdminUnit.objects.get
    country = Country.objects.get
    return SimpleNamespace(
        moynaq=unit(code="1735222"),
        aral=unit(code="23050001"),  # a mahalla assembly of Moynaq
        bozataw=unit(code="23050002"),  # a village assembly of Moynaq
        nukus=unit(code="1735225"),
        kungrad=unit(code="1735215"),
        kz=country(iso2="KZ"),
        ru=country(iso2="RU"),
        kr=country(iso2="KR"),
        tr=country(iso2="TR"),
    )


@pytest.fixture
def make_person():
    def make(actor, last_name, first_name, *, birth_date="", district=None, middle_name=""):
        identity = {"last_name": last_name, "first_name": first_name, "middle_name": middle_name}
        if birth_date:
            identity["birth_date"] = birth_date
        data = PersonData(identity=identity, home_district_id=district.pk if district else None)
        return person_create(actor=actor, data=data)

    return make


@pytest.fixture
def make_appeal():
    def make(actor, *, person=None, received_on=None, answers=(), **fields):
        data = AppealData(
            received_on=received_on or timezone.localdate(),
            channel=fields.pop("channel", "phone"),
            category=fields.pop("category", "other"),
            answers=dict.fromkeys(answers, True),
            **fields,
        )
        return appeal_register(actor=actor, data=data, person=person, anonymous=person is None)

    return make


@pytest.fixture
def today_is(monkeypatch):
    """``today_is(day)``: the whole application lives on ``day`` (``timezone.localdate``)."""
    original = timezone.localdate

    def set_today(day) -> None:
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, tz=None: day if value is None else original(value, tz)
        )

    return set_today
