"""URL arguments of the page that records a service's coded result, for the generated URL test: one
service of a type that offers results (job placement help), delivered by the case manager."""

from django.utils import timezone

from isenim.core.access import Role


def samples(case, staff) -> dict:
    from isenim.cases.services.catalogue import Names, service_type_save
    from isenim.cases.services.services_delivered import ServiceData, service_record

    manager = staff[Role.CASE_MANAGER]
    job_help = service_type_save(
        actor=manager,
        code="sample-job-placement",
        group="economic",
        result_kind="employment",
        names=Names({"name_kaa": "Жумысқа орналасыўға жәрдем", "name_en": "Job placement help"}),
    )
    delivery = service_record(
        actor=manager,
        case=case,
        data=ServiceData(service_type=job_help, delivered_on=timezone.localdate(), provider_user=manager),
    )
    return {"cases:service_result": {"number": case.number, "pk": delivery.pk}}
