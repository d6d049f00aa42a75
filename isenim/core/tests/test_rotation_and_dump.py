"""Key rotation re-encrypts everything, resumably; a database dump holds no personal data in clear."""

import subprocess
from datetime import date
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.db import connection

from isenim.core import crypto, vault_files
from isenim.core.access import Role
from isenim.people.matching import Probe
from isenim.people.models import Consent, Person
from isenim.people.search import search_people
from isenim.people.services import CONSENT_FORM_CONTEXT, PersonData, consent_record, person_create

PEOPLE = [
    {
        "last_name": "Сапарбаев",
        "first_name": "Ерлан",
        "birth_date": "1990-04-12",
        "phones": ["+998 90 123 45 67"],
        "documents": [{"type": "passport", "number": "AB1234567"}],
        "address": "Нөкис, Досназаров көшеси 7",
    },
    {
        "last_name": "Qallıbaeva",
        "first_name": "Aysulıw",
        "birth_date": "1985-11-02",
        "phones": ["+998 61 222 33 44"],
    },
    {
        "last_name": "Юсупова",
        "first_name": "Зарина",
        "middle_name": "Рашидовна",
        "phones": ["93 765 43 21"],
        "documents": [{"type": "id_card", "number": "KA7654321"}],
    },
]
SECRETS = [
    "Сапарбаев",
    "Ерлан",
    "Qallıbaeva",
    "Aysulıw",
    "Юсупова",
    "Зарина",
    "Рашидовна",
    "1990-04-12",
    "1985-11-02",
    "123 45 67",
    "901234567",
    "AB1234567",
    "KA7654321",
    "Досназаров",
    "222 33 44",
]


@pytest.fixture
def people(db):
    return [person_create(actor=None, data=PersonData(identity=identity)) for identity in PEOPLE]


def dump_database(tmp_path) -> str:
    """The whole database: the SQLite file (VACUUM INTO) and its SQL dump, or pg_dump."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        raw = copy.read_bytes().decode("utf-8", errors="replace")
        return raw + "\n".join(connection.connection.iterdump())
    settings = connection.settings_dict
    result = subprocess.run(
        [
            "pg_dump",
            "--no-owner",
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"] or "postgres",
            settings["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_it_leaves_no_name_phone_or_document_in_a_database_dump(tmp_path):
    for identity in PEOPLE:
        person_create(actor=None, data=PersonData(identity=identity))
    dump = dump_database(tmp_path)
    assert "ISN-" in dump  # the dump is real and holds the people
    for secret in SECRETS:
        assert secret not in dump, secret


def _sealed_with_old_key(ring_text: str, content: bytes) -> str:
    """A vault file written while only the old ring was in force."""
    from django.test import override_settings

    with override_settings(ISENIM_DATA_KEYS=ring_text):
        crypto.key_ring.cache_clear()
        name = vault_files.store(content, context=CONSENT_FORM_CONTEXT)
    crypto.key_ring.cache_clear()
    return name


def test_it_reencrypts_everything_under_the_new_key_and_can_resume(people, settings, staff, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    old = settings.ISENIM_DATA_KEYS
    settings.ISENIM_DATA_KEYS = f"{crypto.new_key_entry('k2')},{old}"
    crypto.key_ring.cache_clear()
    try:
        # Before rotation: old rows still found (look-ups try every key) and readable.
        assert search_people(Probe("SAPARBAYEV YERLAN"))[0].person == people[0]
        from isenim.core import rotation

        consent = consent_record(
            actor=staff[Role.DIRECTOR],
            person=people[0],
            purpose="services",
            given_on=date(2026, 1, 5),
            signed_form=b"%PDF-1.4 signed by the person",
            signed_form_type="application/pdf",
        )
        assert vault_files.key_id_of(consent.signed_form) == "k2"  # new files use the new key at once
        # And an old file, sealed before the new key came:
        old_name = _sealed_with_old_key(old, b"%PDF-1.4 an older form")
        Consent.objects.filter(pk=consent.pk).update(signed_form=old_name)
        rotation.BATCH = 2  # stop after the first batch, as an interrupted run would
        first = next(rotation.rotate_field(rotation.SEALED_FIELDS[0]))
        assert first == 2
        assert rotation.pending(rotation.SEALED_FIELDS[0]).count() >= 1
        out = StringIO()
        call_command("rotate-keys", stdout=out)  # the second run finishes the job
        assert "nothing is left" in out.getvalue()
        for person in Person.objects.all():
            assert person.sealed_identity.startswith("v1:k2:")
        for authenticator in Authenticator.objects.filter(type="totp"):
            assert authenticator.data["secret"].startswith("v1:k2:")
        assert vault_files.key_id_of(old_name) == "k2"
        assert vault_files.load(old_name, context=CONSENT_FORM_CONTEXT) == b"%PDF-1.4 an older form"
        # The old key can now go: everything still decrypts and is found.
        settings.ISENIM_DATA_KEYS = settings.ISENIM_DATA_KEYS.split(",")[0]
        crypto.key_ring.cache_clear()
        assert Person.objects.get(pk=people[1].pk).identity["first_name"] == "Aysulıw"
        assert search_people(Probe("Сапарбаев Ерлан"))[0].person == people[0]
    finally:
        rotation.BATCH = 500
        settings.ISENIM_DATA_KEYS = old
        crypto.key_ring.cache_clear()
