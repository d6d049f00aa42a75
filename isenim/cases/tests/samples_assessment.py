"""URL arguments of the needs assessment pages for the generated URL test (with one assessment recorded)."""

from django.utils import timezone

from isenim.core.access import Role


def samples(case, staff) -> dict:
    from isenim.cases.services.assessment import DomainEntry, assessment_record

    assessment_record(
        actor=staff[Role.CASE_MANAGER],
        case=case,
        assessed_on=timezone.localdate(),
        entries={"safety": DomainEntry(score=2, observations="Бақлаў жазбасы.")},
    )
    number = {"number": case.number}
    return {"cases:assessment_list": number, "cases:assessment_add": number}
