"""A closed case with everything retention must destroy: a signed consent form, a case document, a note,
the appeal it came from with its narrative."""

from datetime import timedelta

from django.utils import timezone

from isenim.core.access import Role

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LAST_NAME = "Ембергенова"
FIRST_NAME = "Зийнат"
NOTE = "She met the recruiter at the bazaar in Nukus"
NARRATIVE = "Called from Almaty: passport kept by the employer"


def person_with_form(director, last_name=LAST_NAME):
    from isenim.people.services import PersonData, consent_record, person_create

    person = person_create(
        actor=director,
        data=PersonData(
            identity={"last_name": last_name, "first_name": FIRST_NAME, "phones": ["+998901234567"]},
            sex="F",
            birth_year=1991,
            education_speciality="Seamstress at the Nukus factory",
        ),
    )
    consent = consent_record(
        actor=director,
        person=person,
        purpose="services",
        given_on=timezone.localdate(),
        signed_form=PNG,
        signed_form_type="image/png",
    )
    return person, consent


def closed_case(staff, person=None, *, closed_days_ago=6 * 366):
    """(case, consent, document): a case of ``person`` (a new one by default), opened from an appeal,
    closed ``closed_days_ago`` days ago."""
    from isenim.appeals.services import AppealData, appeal_register
    from isenim.cases.models import Case
    from isenim.cases.services.cases import approval_decide, approval_request
    from isenim.cases.services.documents import document_upload
    from isenim.cases.services.notes import note_add
    from isenim.people.tests.reach_helpers import open_case

    director = staff[Role.DIRECTOR]
    consent = None
    if person is None:
        person, consent = person_with_form(director)
    appeal = appeal_register(
        actor=director,
        data=AppealData(
            received_on=timezone.localdate(), channel="phone", category="other", narrative=NARRATIVE
        ),
        person=person,
    )
    case = open_case(staff, person, appeal=appeal)
    note_add(actor=director, case=case, discipline="shared", body=NOTE)
    document = document_upload(actor=director, case=case, title="Passport scan", content=PNG)
    approval = approval_request(
        actor=director, case=case, kind="closure", closure_reason="goals_met", summary="Back home, working."
    )
    approval_decide(actor=director, approval=approval, approve=True)
    closed_on = timezone.localdate() - timedelta(days=closed_days_ago)
    Case.objects.filter(pk=case.pk).update(closed_on=closed_on)
    case.refresh_from_db()
    return case, consent, document
