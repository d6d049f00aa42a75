"""URL arguments of the support pages for the generated URL test (tests/test_url_policy.py)."""

from django.utils import timezone

from isenim.core.access import Role


def samples(staff) -> dict:
    from isenim.cases.tests.samples import sample_case
    from isenim.geo.models import Country
    from isenim.guide.services.consultations import ConsultationData, consultation_record
    from isenim.returns.services.documents import application_add

    case = sample_case(staff)
    worker = staff[Role.CASE_MANAGER]
    country = Country.objects.get_or_create(iso2="KZ", defaults={"iso3": "KAZ", "name_kaa": "Қазақстан"})[0]
    application = application_add(actor=worker, case=case, doc_type="return_certificate")
    consultation = consultation_record(
        actor=worker,
        case=case,
        data=ConsultationData(destination=country, consulted_on=timezone.localdate(), consulted_by=worker),
    )
    number = {"number": case.number}
    return {
        "returns:return_plan": number,
        "returns:return_step_add": number,
        "returns:application_add": number,
        "returns:application_move": {**number, "pk": application.pk},
        "returns:application_hand_over": {**number, "pk": application.pk},
        "guide:consultation_add": number,
        "guide:consultation_memo": {**number, "pk": consultation.pk},
    }
