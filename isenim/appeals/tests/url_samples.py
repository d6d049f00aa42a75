"""URL arguments for the triage pages of one appeal (tests/test_url_policy.py walks every URL)."""

from django.utils import timezone

from isenim.appeals.services import AppealData, appeal_register
from isenim.core.access import Role


def samples(staff) -> dict:
    data = AppealData(received_on=timezone.localdate(), channel="phone", category="other")
    code = {"code": appeal_register(actor=staff[Role.INTAKE_OPERATOR], data=data, anonymous=True).code}
    return {"appeals:appeal_assign": code, "appeals:appeal_outcome": code}
