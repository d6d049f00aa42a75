"""URL arguments for the triage pages of one appeal (tests/test_url_policy.py walks every URL)."""

from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.people.tests.reach_helpers import appeal_from


def samples(staff) -> dict:
    # Need to know: an open appeal of a person whose case team holds every role that may own an appeal, so
    # that the role alone decides (the case managers triage every open appeal; the intake operator
    # registered it, but takes no appeal).
    person = sample_case(staff).person
    code = {"code": appeal_from(staff[Role.INTAKE_OPERATOR], person).code}
    return {"appeals:appeal_assign": code, "appeals:appeal_outcome": code}
