"""Sample objects for the generated URL test (tests/test_url_policy.py).

``case_samples`` opens one case whose team holds every caseworker of the ``staff`` fixture, so that the
role alone decides the answer. Each part of the case file adds the URL arguments of its own pages in a
module ``samples_<part>.py`` beside this one, with ``def samples(case, staff) -> dict``; all are collected.
"""

import importlib
import pkgutil

from django.utils import timezone

from isenim.core.access import CASE_TEAM_ROLES, Role


def sample_case(staff):
    from isenim.cases.services.cases import CaseData, case_open
    from isenim.people.services import PersonData, person_create

    director = staff[Role.DIRECTOR]
    person = person_create(actor=director, data=PersonData(identity={"last_name": "Жумабаева"}))
    team = [user for role, user in staff.items() if role in CASE_TEAM_ROLES]
    data = CaseData(
        priority="normal", risk="medium", manager=staff[Role.CASE_MANAGER], opened_on=timezone.localdate()
    )
    return case_open(actor=director, person=person, data=data, team=team)


def case_samples(staff) -> dict:
    from isenim.cases.services.cases import approval_request

    case = sample_case(staff)
    approval = approval_request(
        actor=staff[Role.CASE_MANAGER],
        case=case,
        kind="closure",
        closure_reason="goals_met",
        summary="Жумыс питти.",
    )
    number = {"number": case.number}
    found = {
        "cases:case_detail": number,
        "cases:case_section": {**number, "key": "plan"},
        "cases:case_edit": number,
        "cases:team_add": number,
        "cases:team_remove": {**number, "user_id": staff[Role.LAWYER].pk},
        "cases:status_change": number,
        "cases:closure_request": number,
        "cases:case_reopen": number,  # a button (the director's, on a closed case's page)
        "cases:plan_approval_request": number,
        "cases:approval_decide": {"pk": approval.pk},
        "cases:my_task_done": {"pk": 1},  # a button: GET answers 405 before the task is looked up
    }
    package = importlib.import_module("isenim.cases.tests")
    for module_info in pkgutil.iter_modules(package.__path__):
        if module_info.name.startswith("samples_"):
            module = importlib.import_module(f"isenim.cases.tests.{module_info.name}")
            found.update(module.samples(case, staff))
    return found
