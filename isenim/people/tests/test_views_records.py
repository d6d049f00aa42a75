"""Family links, consents with their signed forms, and merging two records of one person, through HTTP."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent
from isenim.people.models import Consent, FamilyLink, Person
from isenim.people.services import consent_record, family_link_add
from isenim.people.tests.reach_helpers import appeal_from, open_case
from isenim.people.tests.test_views import PDF, register

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    return tmp_path / "vault"


@pytest.fixture
def erlan(staff):
    """A person on a case of the case manager's team (need to know: she reads him, his consents)."""
    person = register(staff[Role.DIRECTOR], "Сапарбаев", "Ерлан")
    open_case(staff, person, manager=staff[Role.CASE_MANAGER])
    return person


@pytest.fixture
def gulnara(staff, client_as):
    return client_as(staff[Role.CASE_MANAGER])


def en(name, *args):
    with override("en"):
        return reverse(name, args=args)


def test_it_links_a_relative_by_code(gulnara, staff, erlan):
    mother = register(staff[Role.CASE_MANAGER], "Сапарбаева", "Гүлшара")  # she registers the mother
    url = reverse("people:family_link_add", args=[erlan.code])
    assert gulnara.get(url).status_code == 200
    response = gulnara.post(
        url, {"relative": mother.code.lower(), "relation": "parent", "relative_is_migrant_abroad": "on"}
    )
    assert response.status_code == 302
    link = FamilyLink.objects.get()
    assert (link.person, link.relative, link.relation, link.relative_is_migrant_abroad) == (
        erlan,
        mother,
        "parent",
        True,
    )
    assert AuditEvent.objects.filter(action="person.family_link", target_id=str(erlan.pk)).exists()
    page = gulnara.get(reverse("people:person_detail", args=[erlan.code])).content.decode()
    assert reverse("people:person_detail", args=[mother.code]) in page
    assert "Сапарбаева Гүлшара" in page
    # Showing the relative's name is a view of the relative too.
    assert AccessEvent.objects.filter(kind="view", target_id=str(mother.pk)).exists()


def test_it_refuses_an_unknown_own_or_repeated_relative(gulnara, staff, erlan):
    sister = register(staff[Role.CASE_MANAGER], "Сапарбаева", "Айжамал")
    family_link_add(actor=staff[Role.DIRECTOR], person=erlan, relative=sister, relation="sibling")
    stranger = register(staff[Role.DIRECTOR], "Турсынбаева", "Айгүл")  # outside her reach
    url = en("people:family_link_add", erlan.code)
    for code, message in [
        ("ISN-2026-99999", "No person with this code"),
        # Linking would show her name on his page.
        (stranger.code, "This record is outside your cases and appeals: ask the director or a case manager."),
        (erlan.code, "A person cannot be their own relative."),
        (sister.code, "This relative is already linked."),
    ]:
        response = gulnara.post(url, {"relative": code, "relation": "sibling"})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert FamilyLink.objects.count() == 1


def test_it_refuses_a_consent_form_that_is_not_a_scan(gulnara, erlan, vault):
    fake = SimpleUploadedFile("consent.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    response = gulnara.post(
        en("people:consent_add", erlan.code),
        {"purpose": "services", "given_on": "2026-01-15", "signed_form": fake},
    )
    assert response.status_code == 200
    assert "This file is not a PDF, JPEG or PNG." in response.content.decode()
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(action="consent.record").exists()
    assert not vault.exists() or not any(vault.iterdir())


def test_it_refuses_a_form_over_five_megabytes(gulnara, erlan):
    big = SimpleUploadedFile("scan.png", PNG + b"\x00" * (5 * 1024 * 1024), content_type="image/png")
    response = gulnara.post(
        en("people:consent_add", erlan.code),
        {"purpose": "services", "given_on": "2026-01-15", "signed_form": big},
    )
    assert "The file is larger than 5 MB." in response.content.decode()
    assert not Consent.objects.exists()


def test_it_keeps_uploads_off_the_disk_and_still_checks_the_csrf_token(staff, erlan, settings, monkeypatch):
    from django.core.files import uploadhandler
    from django.test import Client

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django would spool anything larger to a temporary file
    spooled = []
    monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", lambda *args: spooled.append(args))
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff[Role.CASE_MANAGER])
    url = reverse("people:consent_add", args=[erlan.code])
    form = {"purpose": "services", "given_on": "2026-01-15"}
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {**form, "signed_form": upload}).status_code == 403
    token = client.get(url).context["csrf_token"]
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {**form, "signed_form": upload, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert Consent.objects.get().signed_form
    assert spooled == []


def test_it_asks_for_the_partner_of_a_sharing_consent(gulnara, erlan):
    url = en("people:consent_add", erlan.code)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = gulnara.post(url, {"purpose": "sharing", "partner": " ", "given_on": tomorrow})
    html = response.content.decode()
    assert "Name the partner the data may be shared with." in html
    assert "The date cannot be in the future." in html
    assert not Consent.objects.exists()
    gulnara.post(url, {"purpose": "sharing", "partner": "IOM Tashkent", "given_on": "2026-01-15"})
    assert Consent.objects.get().partner == "IOM Tashkent"


def test_it_stores_a_signed_form_encrypted_and_gives_it_back(gulnara, staff, erlan, vault):
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    response = gulnara.post(
        reverse("people:consent_add", args=[erlan.code]),
        {"purpose": "statistics", "given_on": "2026-01-15", "signed_form": upload},
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.purpose, consent.signed_form_type, consent.taken_by) == (
        "statistics",
        "application/pdf",
        staff[Role.CASE_MANAGER],
    )
    stored = (vault / consent.signed_form).read_bytes()
    assert b"%PDF" not in stored and b"Catalog" not in stored
    assert AuditEvent.objects.filter(action="consent.record", target_id=str(consent.pk)).exists()

    download = gulnara.get(reverse("people:consent_form_download", args=[erlan.code, consent.pk]))
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "no-store"
    event = AccessEvent.objects.get(target_type="people.consent", target_id=str(consent.pk))
    assert (event.kind, event.actor) == ("view", staff[Role.CASE_MANAGER])


def test_it_withdraws_a_consent_after_confirmation(gulnara, staff, erlan):
    consent = consent_record(
        actor=staff[Role.DIRECTOR], person=erlan, purpose="services", given_on=datetime.date(2026, 1, 15)
    )
    url = en("people:consent_withdraw", erlan.code, consent.pk)
    assert gulnara.get(url).status_code == 200
    consent.refresh_from_db()
    assert consent.active
    early = gulnara.post(url, {"withdrawn_on": "2026-01-01"})
    assert "A consent cannot be withdrawn before it was given." in early.content.decode()
    assert gulnara.post(url, {"withdrawn_on": "2026-02-01"}).status_code == 302
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawn_by) == (
        datetime.date(2026, 2, 1),
        staff[Role.CASE_MANAGER],
    )
    assert AuditEvent.objects.filter(action="consent.withdraw").count() == 1
    page = gulnara.get(en("people:person_detail", erlan.code)).content.decode()
    assert "withdrawn on" in page


@pytest.fixture
def two_records(staff):
    """One person registered twice, each record with a relative and a consent. The case manager reads
    both: the record kept is on her team's case (with the lawyer), the duplicate came with a new appeal,
    which she triages."""
    director = staff[Role.DIRECTOR]
    keep = register(director, "Сапарбаев", "Ерлан")
    open_case(staff, keep, staff[Role.LAWYER], manager=staff[Role.CASE_MANAGER])
    duplicate = register(director, "Saparbayev", "Yerlan", identity={"phones": ["+998 90 111 22 33"]})
    appeal_from(staff[Role.INTAKE_OPERATOR], duplicate)
    mother = register(director, "Сапарбаева", "Гүлшара")
    wife = register(director, "Ерназарова", "Әсем")
    family_link_add(actor=director, person=keep, relative=mother, relation="parent")
    family_link_add(actor=director, person=duplicate, relative=wife, relation="spouse")
    family_link_add(actor=director, person=mother, relative=duplicate, relation="child")
    consent = consent_record(
        actor=director, person=duplicate, purpose="services", given_on=datetime.date(2026, 1, 5)
    )
    return keep, duplicate, mother, wife, consent


def test_it_merges_a_duplicate_after_showing_both_records(gulnara, two_records):
    keep, duplicate, mother, wife, consent = two_records
    url = reverse("people:person_merge", args=[keep.code])
    choose = gulnara.get(url).content.decode()
    assert duplicate.code in choose  # offered among records with a similar name

    compare = gulnara.get(url, {"duplicate": duplicate.code})
    html = compare.content.decode()
    assert compare.status_code == 200
    assert "Сапарбаев Ерлан" in html and "Saparbayev Yerlan" in html and "+998 90 111 22 33" in html
    assert Person.objects.get(pk=duplicate.pk).merged_into is None  # nothing changed yet

    response = gulnara.post(url, {"duplicate": duplicate.code}, follow=True)
    assert response.redirect_chain == [(reverse("people:person_detail", args=[keep.code]), 302)]
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert set(FamilyLink.objects.filter(person=keep).values_list("relative", flat=True)) == {
        mother.pk,
        wife.pk,
    }
    assert FamilyLink.objects.get(person=mother).relative == keep
    consent.refresh_from_db()
    assert consent.person == keep
    assert AuditEvent.objects.filter(action="person.merge", target_id=str(duplicate.pk)).exists()

    listed = gulnara.get(reverse("people:person_list")).content.decode()
    assert duplicate.code not in listed and keep.code in listed
    with override("en"):
        page = gulnara.get(reverse("people:person_detail", args=[duplicate.code])).content.decode()
    assert "This record was merged into" in page
    assert reverse("people:person_detail", args=[keep.code]) in page
    assert reverse("people:person_unmerge", args=[duplicate.code]) in page
    # A merged record can no longer be edited or merged again.
    assert gulnara.get(reverse("people:person_edit", args=[duplicate.code])).status_code == 404
    assert gulnara.post(url, {"duplicate": duplicate.code}).status_code == 200


def test_it_undoes_a_merge_after_confirmation(gulnara, staff, two_records):
    keep, duplicate, mother, wife, consent = two_records
    gulnara.post(reverse("people:person_merge", args=[keep.code]), {"duplicate": duplicate.code})
    url = reverse("people:person_unmerge", args=[duplicate.code])
    assert gulnara.get(url).status_code == 200
    assert Person.objects.get(pk=duplicate.pk).merged_into == keep

    assert gulnara.post(url).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert list(FamilyLink.objects.filter(person=keep).values_list("relative", flat=True)) == [mother.pk]
    assert FamilyLink.objects.get(person=duplicate).relative == wife
    assert FamilyLink.objects.get(person=mother).relative == duplicate
    consent.refresh_from_db()
    assert consent.person == duplicate
    assert AuditEvent.objects.filter(action="person.unmerge", target_id=str(duplicate.pk)).exists()
    assert duplicate.code in gulnara.get(reverse("people:person_list")).content.decode()
    assert gulnara.get(url).status_code == 404  # nothing left to undo


def test_it_merges_records_already_linked_to_each_other(gulnara, staff, two_records):
    keep, duplicate, mother, _wife, _consent = two_records
    director = staff[Role.DIRECTOR]
    family_link_add(actor=director, person=duplicate, relative=keep, relation="other")
    family_link_add(actor=director, person=duplicate, relative=mother, relation="parent")
    response = gulnara.post(reverse("people:person_merge", args=[keep.code]), {"duplicate": duplicate.code})
    assert response.status_code == 302
    assert not FamilyLink.objects.filter(person=keep, relative=keep).exists()
    assert FamilyLink.objects.filter(person=keep, relative=mother).count() == 1
    assert gulnara.post(reverse("people:person_unmerge", args=[duplicate.code])).status_code == 302
    assert FamilyLink.objects.filter(person=duplicate, relative=keep).exists()
    assert FamilyLink.objects.filter(person=duplicate, relative=mother).exists()


def test_it_lets_only_directors_and_case_managers_merge(client_as, staff, two_records):
    keep, duplicate, *_rest = two_records
    lawyer = client_as(staff[Role.LAWYER])
    url = reverse("people:person_merge", args=[keep.code])
    assert lawyer.get(url).status_code == 404
    assert lawyer.post(url, {"duplicate": duplicate.code}).status_code == 404
    assert Person.objects.get(pk=duplicate.pk).merged_into is None
    page = lawyer.get(reverse("people:person_detail", args=[keep.code])).content.decode()
    assert url not in page
