"""URL arguments for tests/test_url_policy.py."""

from isenim.core.access import Role


def samples(staff) -> dict:
    from django.utils import timezone

    from isenim.people.services import PersonData, person_create
    from isenim.retention.services import request_record

    director = staff[Role.DIRECTOR]
    person = person_create(actor=director, data=PersonData(identity={"last_name": "Орынбаева"}))
    erasure = request_record(actor=director, person=person, received_on=timezone.localdate())
    return {
        "retention:due": {"kind": "closed_case"},
        "retention:request_detail": {"pk": erasure.pk},
    }
