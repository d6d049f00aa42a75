"""The case page stays the same size however long the case: with 200 entries in every part of the file (plan
goals and actions, services, referrals, notes, documents, return steps, document applications,
consultations, tool kit requests) it shows the first rows of each long section and links to the section's
own page (or, for notes, to the notes list), where every row is shown.
"""

import re

from django.urls import reverse

from isenim.cases.models import ServiceDelivery, Task
from isenim.cases.tests.casefile_rows import GOAL_TEXT, fill_case
from isenim.cases.views.plan import PLAN_GOALS
from isenim.core.access import Role
from isenim.guide.models import Consultation
from isenim.reintegration.models import AidRequest
from isenim.returns.models import DocumentApplication, ReturnStep
from tests.casefile_world import a_while_ago, casefile

ENTRIES = 200
# The page of a case with 200 entries in every section, as the director sees it (with every form). The
# issue measured 290 KB (with 200 entries in a few sections only); an empty case's page is about 25 KB.
BUDGET = 120 * 1024  # about 99 KB when written
PAGED = ("plan", "services", "referrals", "documents", "return", "document-applications", "consultations")


def copies(row, count: int, **changes) -> None:
    """``count`` more rows like ``row`` (a new key each), with ``changes``."""
    for _index in range(count):
        row.pk = row.id = None
        for name, value in changes.items():
            setattr(row, name, value)
        row.save()


def long_case(staff, settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    world = casefile(staff, closed=False)
    case, manager = world.case, staff[Role.CASE_MANAGER]
    fill_case(case, staff, n=ENTRIES)
    # 200 more actions on one goal: a goal shows its first actions.
    copies(Task.objects.get(pk=world.action.pk), ENTRIES)
    step = ReturnStep(
        case=case, kind="consulate_contact", done_on=a_while_ago(), done_by=manager, recorded_by=manager
    )
    step.save()
    copies(step, ENTRIES - 1)
    copies(DocumentApplication.objects.filter(case=case).first(), ENTRIES)
    for service in ServiceDelivery.objects.filter(case=case)[:ENTRIES]:
        Consultation.objects.create(
            case=case,
            service=service,
            destination=world.country,
            consulted_on=a_while_ago(),
            consulted_by=manager,
            recorded_by=manager,
        )
    copies(AidRequest.objects.filter(case=case).first(), ENTRIES)
    return case, world.action.text


def test_a_case_with_200_entries_everywhere_has_a_bounded_page_and_links_to_every_row(
    client, staff, settings, tmp_path
):
    case, action_text = long_case(staff, settings, tmp_path)
    for role in (Role.DIRECTOR, Role.CASE_MANAGER, Role.PSYCHOLOGIST):
        client.force_login(staff[role])
        response = client.get(reverse("cases:case_detail", args=[case.number]))
        page = response.content.decode()
        assert response.status_code == 200
        assert len(response.content) < BUDGET, (role, len(response.content))
        for key in PAGED:
            assert reverse("cases:case_section", args=[case.number, key]) in page, (role, key)
        assert 'data-testid="more-actions"' in page
        assert reverse("cases:note_list", args=[case.number]) in page
        assert len(re.findall(r'data-testid="goal-\d+"', page)) == PLAN_GOALS  # the first goals, not 201

    # Each section's own page shows every row.
    client.force_login(staff[Role.DIRECTOR])
    plan = client.get(reverse("cases:case_section", args=[case.number, "plan"])).content.decode()
    assert plan.count(f"{GOAL_TEXT} ") == ENTRIES  # and the case's own goal
    assert plan.count(f"<td>{action_text}</td>") == ENTRIES + 1  # every action of the goal with 201
    for key, testid, rows in (
        ("services", "services", ServiceDelivery.objects.filter(case=case).count()),
        ("documents", "documents", ENTRIES),
        ("return", "return-steps", ENTRIES),
        ("consultations", "consultations", ENTRIES),
    ):
        response = client.get(reverse("cases:case_section", args=[case.number, key]))
        assert response.status_code == 200
        table = response.content.decode().split(f'data-testid="{testid}"')[1].split("</table>")[0]
        assert table.split("<tbody>")[1].split("</tbody>")[0].count("<tr") == rows, key
        assert f"all-{key}" not in response.content.decode()


def test_only_a_paged_section_has_a_page_of_its_own(client, staff, settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    case = casefile(staff, closed=False).case
    client.force_login(staff[Role.DIRECTOR])
    for key in ("team", "assessment", "notes", "nothing"):
        assert client.get(reverse("cases:case_section", args=[case.number, key])).status_code == 404
    client.force_login(staff[Role.ME_OFFICER])  # sees no case file
    assert client.get(reverse("cases:case_section", args=[case.number, "plan"])).status_code == 404
