"""Retention and erasure: files really gone from the disk, counts kept, audit without names, only the
director, a refused request keeps everything, a second run changes nothing."""

import json
import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone, translation

from isenim.appeals.models import Appeal
from isenim.cases.models import Case, CaseDocument, Note
from isenim.core.access import Role
from isenim.core.errors import Refusal
from isenim.core.models import AccessEvent, AuditEvent
from isenim.core.vault_files import check, vault_dir
from isenim.insights.models import AppealFact
from isenim.people.models import Consent, FamilyLink, Person, PersonIndex
from isenim.retention import services
from isenim.retention.backups import archives
from isenim.retention.models import Anonymisation, ErasureRequest, Kind
from isenim.retention.tests.helpers import (
    FIRST_NAME,
    LAST_NAME,
    NARRATIVE,
    NOTE,
    closed_case,
    person_with_form,
)


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    return tmp_path / "vault"


def on_disk(name: str) -> bool:
    return (vault_dir() / name).exists()


def fact_of(appeal):
    """The appeal's row of the pivot (insights keeps it; made here if it does not yet)."""
    if AppealFact.objects.filter(appeal=appeal).exists():
        return AppealFact.objects.get(appeal=appeal)
    return AppealFact.objects.create(
        appeal=appeal,
        received_on=appeal.received_on,
        month=appeal.received_on.year * 100 + appeal.received_on.month,
        category=appeal.category,
        channel=appeal.channel,
        cause=appeal.cause,
        outcome=appeal.outcome,
        sex="F",
        age_band="30-39",
    )


def counts():
    return {
        "appeals": Appeal.objects.count(),
        "cases": Case.objects.count(),
        "people": Person.objects.count(),
        "facts": AppealFact.objects.count(),
        "by_category": list(
            Appeal.objects.values_list("category", "cause", "outcome", "channel").order_by("pk")
        ),
        "closed": list(Case.objects.values_list("status", "closure_reason", "closed_on").order_by("pk")),
        "people_codes": list(Person.objects.values_list("sex", "birth_year", "home_district").order_by("pk")),
    }


def no_name_in_logs():
    for event in AuditEvent.objects.all():
        text = json.dumps([event.before, event.after], ensure_ascii=False)
        assert LAST_NAME not in text and FIRST_NAME not in text, event.action
    for event in AccessEvent.objects.all():
        assert LAST_NAME not in event.detail and FIRST_NAME not in event.detail


def test_a_closed_case_past_its_period_is_anonymised_after_the_director_confirms(
    staff, django_capture_on_commit_callbacks
):
    director = staff[Role.DIRECTOR]
    case, consent, document = closed_case(staff)
    fact_of(case.appeal)
    before = counts()
    files = [document.vault_name, consent.signed_form]
    assert all(on_disk(name) for name in files)

    assert list(services.due(Kind.CLOSED_CASE)) == [case]
    assert services.confirm(actor=director, kind=Kind.CLOSED_CASE, ids=[case.pk]) == 1
    assert not services.due(Kind.CLOSED_CASE).exists()  # confirmed: off the list, waiting for the run
    assert on_disk(document.vault_name)  # nothing happens before the run

    with django_capture_on_commit_callbacks(execute=True):
        assert services.apply_confirmed() == {"done": 1, "cancelled": 0}

    assert not any(on_disk(name) for name in files)  # the encrypted files are gone from the disk
    assert check() == ([], [])  # and no row names a file that is not there
    assert not CaseDocument.objects.filter(case=case).exists()
    consent = Consent.objects.get(pk=consent.pk)
    assert consent.signed_form == "" and consent.signed_form_type == ""
    assert consent.purpose == "services"  # the coded fact stays
    case.refresh_from_db()
    assert case.outcome == "" and Note.objects.get(case=case).body == ""
    appeal = Appeal.objects.get(pk=case.appeal_id)
    assert appeal.narrative == ""
    person = Person.objects.get(pk=case.person_id)
    assert person.identity == {} and person.education_speciality == ""
    assert person.sex == "F" and person.birth_year == 1991
    assert not PersonIndex.objects.filter(person=person).exists()
    assert counts() == before  # every count, every coded fact, the appeal's fact row
    assert set(Anonymisation.objects.values_list("record_type", "state")) == {
        ("cases.case", "done"),
        ("appeals.appeal", "done"),
    }
    no_name_in_logs()


def test_a_person_with_another_live_record_keeps_who_they_are(staff, django_capture_on_commit_callbacks):
    director = staff[Role.DIRECTOR]
    old, consent, _document = closed_case(staff)
    from isenim.people.tests.reach_helpers import appeal_from

    appeal_from(director, old.person)  # a new appeal of the same person, still open
    services.confirm(actor=director, kind=Kind.CLOSED_CASE, ids=[old.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_confirmed()
    person = Person.objects.get(pk=old.person_id)
    assert person.identity["last_name"] == LAST_NAME  # still served: the record keeps its identity
    assert PersonIndex.objects.filter(person=person).exists()
    assert on_disk(Consent.objects.get(pk=consent.pk).signed_form)
    assert Note.objects.get(case=old).body == ""  # the old case itself is wiped


def test_a_case_reopened_after_it_was_confirmed_is_not_anonymised(staff, django_capture_on_commit_callbacks):
    director = staff[Role.DIRECTOR]
    case, _consent, document = closed_case(staff)
    services.confirm(actor=director, kind=Kind.CLOSED_CASE, ids=[case.pk])
    Case.objects.filter(pk=case.pk).update(status="follow_up", closed_on=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.apply_confirmed() == {"done": 0, "cancelled": 1}
    assert on_disk(document.vault_name)
    assert Note.objects.get(case=case).body == NOTE


def test_a_second_run_changes_nothing(staff, django_capture_on_commit_callbacks):
    director = staff[Role.DIRECTOR]
    case, _consent, _document = closed_case(staff)
    services.confirm(actor=director, kind=Kind.CLOSED_CASE, ids=[case.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_confirmed()
    events = AuditEvent.objects.count()
    after_first = counts()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.apply_confirmed() == {"done": 0, "cancelled": 0}
        assert services.confirm(actor=director, kind=Kind.CLOSED_CASE, ids=[case.pk]) == 0
        # Anonymising the same case again by hand finds nothing left to wipe.
        tally = services.anonymise_case(case, kind=Kind.CLOSED_CASE, actor=director)
    assert tally.texts == 0 and tally.files == 0
    assert counts() == after_first
    assert AuditEvent.objects.count() == events
    assert Anonymisation.objects.filter(record_type="cases.case", record_id=case.pk).count() == 1


def test_a_case_within_its_period_is_not_due(staff):
    case, _consent, _document = closed_case(staff, closed_days_ago=30)
    assert not services.due(Kind.CLOSED_CASE).exists()
    assert services.confirm(actor=staff[Role.DIRECTOR], kind=Kind.CLOSED_CASE, ids=[case.pk]) == 0


def test_documents_of_closed_cases_go_sooner_than_the_case(staff, django_capture_on_commit_callbacks):
    director = staff[Role.DIRECTOR]
    case, consent, document = closed_case(staff, closed_days_ago=400)  # past 12 months, within 60
    assert not services.due(Kind.CLOSED_CASE).exists()
    assert list(services.due(Kind.CASE_DOCUMENTS)) == [case]
    services.confirm(actor=director, kind=Kind.CASE_DOCUMENTS, ids=[case.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_confirmed()
    assert not on_disk(document.vault_name) and not CaseDocument.objects.filter(case=case).exists()
    assert Note.objects.get(case=case).body == NOTE  # the rest of the case waits for its own period
    assert on_disk(consent.signed_form)


def test_an_appeal_closed_without_a_case_is_due_after_its_period(staff, django_capture_on_commit_callbacks):
    from isenim.appeals.services import AppealData, appeal_register
    from isenim.people.tests.reach_helpers import close_appeal

    director = staff[Role.DIRECTOR]
    person, consent = person_with_form(director)
    data = AppealData(
        received_on=timezone.localdate(), channel="phone", category="other", narrative=NARRATIVE
    )
    appeal = close_appeal(director, appeal_register(actor=director, data=data, person=person))
    Appeal.objects.filter(pk=appeal.pk).update(outcome_at=timezone.now() - timedelta(days=4 * 366))
    assert list(services.due(Kind.APPEAL_WITHOUT_CASE)) == [appeal]
    services.confirm(actor=director, kind=Kind.APPEAL_WITHOUT_CASE, ids=[appeal.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_confirmed()
    appeal.refresh_from_db()
    assert appeal.narrative == "" and appeal.outcome_note == "" and appeal.outcome == "no_action"
    assert not on_disk(consent.signed_form)
    assert Person.objects.get(pk=person.pk).identity == {}


# --- Requests to erase -----------------------------------------------------------------------------------


def test_a_granted_request_erases_the_person_and_their_files(staff, django_capture_on_commit_callbacks):
    director = staff[Role.DIRECTOR]
    case, consent, document = closed_case(staff, closed_days_ago=10)  # well within every period
    relative, _ = person_with_form(director, last_name="Ембергенов")
    FamilyLink.objects.create(person=case.person, relative=relative, relation="sibling")
    fact_of(case.appeal)
    before = counts()
    request = services.request_record(actor=director, person=case.person, received_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        services.request_decide(
            actor=director, request=request, grant=True, ground="consent_withdrawn", reason=""
        )
    request.refresh_from_db()
    assert request.state == "granted" and request.decided_by == director and request.decided_at
    assert request.erased["cases"] == 1 and request.erased["appeals"] == 1 and request.erased["files"] == 2
    assert not on_disk(document.vault_name) and not on_disk(consent.signed_form)
    person = Person.objects.get(pk=case.person_id)
    assert person.identity == {} and not PersonIndex.objects.filter(person=person).exists()
    assert not FamilyLink.objects.filter(person=person).exists()
    assert Person.objects.get(pk=relative.pk).identity["last_name"] == "Ембергенов"  # the relative stays
    assert Appeal.objects.get(pk=case.appeal_id).narrative == ""
    assert counts() == before
    no_name_in_logs()
    assert AuditEvent.objects.filter(action="retention.erasure_granted").exists()


def test_a_refused_request_keeps_everything(staff, django_capture_on_commit_callbacks):
    director = staff[Role.DIRECTOR]
    case, consent, document = closed_case(staff, closed_days_ago=10)
    request = services.request_record(actor=director, person=case.person, received_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Refusal):  # a refusal says why
            services.request_decide(
                actor=director, request=request, grant=False, ground="legal_duty", reason=" "
            )
        services.request_decide(
            actor=director,
            request=request,
            grant=False,
            ground="legal_duty",
            reason="Criminal proceedings are open; the investigator asked us to keep the file.",
        )
    request.refresh_from_db()
    assert request.state == "refused" and request.ground == "legal_duty" and request.decided_by == director
    assert request.reason.startswith("Criminal proceedings")
    assert on_disk(document.vault_name) and on_disk(consent.signed_form)
    person = Person.objects.get(pk=case.person_id)
    assert person.identity["last_name"] == LAST_NAME
    assert Note.objects.get(case=case).body == NOTE
    assert Appeal.objects.get(pk=case.appeal_id).narrative == NARRATIVE
    assert not Anonymisation.objects.exists()
    with pytest.raises(Refusal):  # decided once
        services.request_decide(
            actor=director, request=request, grant=True, ground="consent_withdrawn", reason=""
        )


def test_a_request_is_not_granted_while_work_is_open(staff):
    director = staff[Role.DIRECTOR]
    person, consent = person_with_form(director)
    from isenim.people.tests.reach_helpers import open_case

    open_case(staff, person)
    request = services.request_record(actor=director, person=person, received_on=timezone.localdate())
    with pytest.raises(Refusal):
        services.request_decide(
            actor=director, request=request, grant=True, ground="consent_withdrawn", reason=""
        )
    assert ErasureRequest.objects.get(pk=request.pk).state == "pending"
    assert on_disk(consent.signed_form)
    assert Person.objects.get(pk=person.pk).identity["last_name"] == LAST_NAME


# --- Periods, pages, permissions ---------------------------------------------------------------------------


def test_the_director_changes_a_period_and_it_is_audited(staff):
    director = staff[Role.DIRECTOR]
    services.periods_update(actor=director, months={Kind.CLOSED_CASE: 84})
    assert services.periods()[Kind.CLOSED_CASE] == 84
    event = AuditEvent.objects.get(action="retention.periods")
    assert event.before == {"closed_case": 60} and event.after == {"closed_case": 84}


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("role", list(Role))
def test_only_the_director_reaches_retention(client, staff, role, recently_authenticated):
    """Every page of the app, as every role: the director only; everyone else a 404, like a missing page."""
    from isenim.retention import urls
    from isenim.retention.tests.url_samples import samples

    kwargs = samples(staff)
    client.force_login(staff[role])
    recently_authenticated(staff[role])
    for pattern in urls.urlpatterns:
        name = f"retention:{pattern.name}"
        status = client.get(en(name, **kwargs.get(name, {}))).status_code
        expected = (
            (405 if getattr(pattern.callback, "post_only", False) else 200) if role == Role.DIRECTOR else 404
        )
        assert status == expected, (name, role)


def test_the_director_confirms_the_list_on_the_page(client, staff, recently_authenticated):
    director = staff[Role.DIRECTOR]
    case, _consent, _document = closed_case(staff)
    client.force_login(director)
    page = client.get(en("retention:due", kind="closed_case"))
    assert page.status_code == 200 and case.number in page.content.decode()
    assert LAST_NAME not in page.content.decode()  # the list names records by their code only
    # Without ticking "I understand": the page again, the ticks kept, nothing confirmed.
    again = client.post(en("retention:due", kind="closed_case"), {"records": [case.pk]})
    assert again.status_code == 200 and not Anonymisation.objects.exists()
    assert "Tick this box to confirm." in again.content.decode()
    done = client.post(en("retention:due", kind="closed_case"), {"records": [case.pk], "understood": "on"})
    assert done.status_code == 302
    assert Anonymisation.objects.get().state == "confirmed"
    overview = client.get(en("retention:overview")).content.decode()
    assert "1 confirmed record waits for the nightly run." in overview


def test_periods_form_refuses_nonsense(client, staff):
    client.force_login(staff[Role.DIRECTOR])
    data = dict.fromkeys(Kind.values, 12) | {"closed_case": 0}
    response = client.post(en("retention:periods"), data)
    assert response.status_code == 200 and services.periods()[Kind.CLOSED_CASE] == 60


def test_erasure_request_pages(client, staff, recently_authenticated, django_capture_on_commit_callbacks):
    director = staff[Role.DIRECTOR]
    person, consent = person_with_form(director)
    client.force_login(director)
    recently_authenticated(director)
    wrong = client.post(en("retention:request_new"), {"code": "ISN-1999-99999", "received_on": "2026-01-05"})
    assert wrong.status_code == 200 and not ErasureRequest.objects.exists()
    made = client.post(en("retention:request_new"), {"code": person.code, "received_on": "2026-01-05"})
    request = ErasureRequest.objects.get()
    assert made.status_code == 302
    url = en("retention:request_detail", pk=request.pk)
    refused = client.post(url, {"decision": "refuse", "ground": "legal_duty", "reason": ""})
    assert refused.status_code == 200 and ErasureRequest.objects.get().state == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        granted = client.post(url, {"decision": "grant", "ground": "consent_withdrawn", "reason": ""})
    assert granted.status_code == 302
    assert ErasureRequest.objects.get().state == "granted" and not on_disk(consent.signed_form)


# --- The command and the backups ---------------------------------------------------------------------


def test_the_command_lists_and_applies(staff, capsys, django_capture_on_commit_callbacks):
    director = staff[Role.DIRECTOR]
    case, _consent, document = closed_case(staff)
    call_command("retention", "--list")
    assert "closed_case: kept 60 months, due 1" in capsys.readouterr().out
    services.confirm(actor=director, kind=Kind.CLOSED_CASE, ids=[case.pk])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention", "--apply-confirmed")
    assert "anonymised: 1; cancelled (no longer due): 0" in capsys.readouterr().out
    assert not on_disk(document.vault_name)


def test_backups_older_than_the_longest_period_are_flagged(db, tmp_path, settings, capsys):
    folder = tmp_path / "backups"
    folder.mkdir()
    old, recent = folder / "isenim-20190101-0300.backup", folder / "isenim-20261101-0300.backup"
    old.write_bytes(b"x")
    recent.write_bytes(b"x")
    six_years = time.time() - 6 * 366 * 86400
    os.utime(old, (six_years, six_years))
    settings.ISENIM_BACKUP_DIR = str(folder)
    flagged = {archive.name: archive.too_old for archive in archives()}
    assert flagged == {old.name: True, recent.name: False}
    with pytest.raises(CommandError):
        call_command("retention", "--backups")
    assert f"delete {old}" in capsys.readouterr().out
    old.unlink()
    call_command("retention", "--backups")  # nothing too old: exit 0


def test_the_demo_has_appeals_due_and_a_request_waiting(staff):
    from datetime import timedelta

    from isenim.people.tests.reach_helpers import appeal_from, close_appeal
    from isenim.retention.demo import ensure_demo_retention

    director = staff[Role.DIRECTOR]
    director.username = "director"
    director.save()
    person, _consent = person_with_form(director)
    appeal = appeal_from(director, person, received_on=timezone.localdate() - timedelta(days=500))
    close_appeal(director, appeal)
    assert not services.due(Kind.APPEAL_WITHOUT_CASE).exists()  # closed today: within its period
    assert ensure_demo_retention() == 2
    assert list(services.due(Kind.APPEAL_WITHOUT_CASE)) == [appeal]
    assert ErasureRequest.objects.get().person == person
    assert ensure_demo_retention() == 0  # once
