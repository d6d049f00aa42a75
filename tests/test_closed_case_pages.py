"""A closed case through the pages: every form that changes a case, or what hangs on it, posted on a closed
case (a page left open from before the closure) by each role that could post it on an open case, saves
nothing and the page says why; the same post on an open case is saved. The case page offers no such form
on a closed case, "My work" lists none of its tasks and the reminders leave them out.

Every URL under a case number must be listed here, as a form (``POSTS``) or as a page that only reads
(``READS``): a new page of the case file cannot be forgotten.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_staff
from isenim.cases.models import Task
from isenim.core.access import CASE_TEAM_ROLES, ROLE_PERMISSIONS, Role
from isenim.reintegration.choices import INDICATOR_FIELDS
from tests.casefile_world import READING, SAMPLE_PDF, casefile, changed, fingerprint
from tests.test_url_policy import ALL_PATTERNS

# What a refused page says: the guard's words, or a service's own words about the closed case.
CLOSED_WORDS = ("This case is closed", "The case is closed", "The case is already closed")


def _today() -> str:
    return timezone.localdate().isoformat()


def _number(w, s) -> dict:
    return {"number": w.case.number}


@dataclass
class Post:
    data: object  # (world, staff) -> the form's fields
    kwargs: object = _number  # (world, staff) -> the URL's arguments
    query: object = None  # (world, staff) -> a query string, for pages that take one
    roles: tuple = ()  # who posts it; by default every role on the team that the page lets in
    files: object = None  # (world, staff) -> uploaded files
    prepare_open: object = None  # (world, staff): what the open case needs first (a test's own setup)
    extra: dict = field(default_factory=dict)


def _lines(aid) -> dict:
    return {
        key: value
        for item in aid.items.all()
        for key, value in ((f"qty_{item.kit_item_id}", item.quantity), (f"price_{item.kit_item_id}", 1000))
    }


def _kit(w) -> dict:
    return {f"qty_{item.pk}": item.quantity for item in w.trade.kit_items.filter(active=True)} | {
        f"price_{item.pk}": 1000 for item in w.trade.kit_items.filter(active=True)
    }


def _decide_plan_approval(w, s):
    from isenim.cases.services.cases import approval_decide

    approval_decide(actor=s[Role.DIRECTOR], approval=w.plan_approval, approve=True)


def _pdf(name="scan.pdf"):
    return SimpleUploadedFile(name, SAMPLE_PDF, content_type="application/pdf")


POSTS = {
    # The case itself
    "cases:case_edit": Post(
        lambda w, s: {"manager": s[Role.CASE_MANAGER].pk, "priority": "urgent", "risk": "high"}
    ),
    "cases:team_add": Post(lambda w, s: {"user": s["newcomer"].pk}),
    "cases:team_remove": Post(
        lambda w, s: {}, kwargs=lambda w, s: {"number": w.case.number, "user_id": s[Role.LAWYER].pk}
    ),
    "cases:status_change": Post(lambda w, s: {"to_status": "assessment"}),
    "cases:closure_request": Post(lambda w, s: {"closure_reason": "goals_met", "summary": "Питти."}),
    "cases:plan_approval_request": Post(lambda w, s: {}, prepare_open=_decide_plan_approval),
    "cases:approval_decide": Post(
        lambda w, s: {"decision": "approve", "comment": ""}, kwargs=lambda w, s: {"pk": w.plan_approval.pk}
    ),
    # Assessment and plan
    "cases:assessment_add": Post(lambda w, s: {"assessed_on": _today(), "score_safety": "3"}),
    "cases:plan_goal_add": Post(lambda w, s: {"domain": "family", "text": "Шаңарақ"}),
    "cases:plan_goal_edit": Post(
        lambda w, s: {"domain": "economic", "text": "Басқа"},
        kwargs=lambda w, s: {"number": w.case.number, "goal_id": w.goal.pk},
    ),
    "cases:plan_goal_achieved": Post(
        lambda w, s: {"achieved": "1"}, kwargs=lambda w, s: {"number": w.case.number, "goal_id": w.goal.pk}
    ),
    "cases:plan_action_add": Post(
        lambda w, s: {"text": "Жаңа ис", "assignee": s[Role.LAWYER].pk, "due_on": _today()},
        kwargs=lambda w, s: {"number": w.case.number, "goal_id": w.goal.pk},
    ),
    "cases:plan_action_edit": Post(
        lambda w, s: {"text": "Өзгерди", "assignee": s[Role.CASE_MANAGER].pk, "due_on": _today()},
        kwargs=lambda w, s: {"number": w.case.number, "task_id": w.action.pk},
    ),
    "cases:plan_action_done": Post(
        lambda w, s: {}, kwargs=lambda w, s: {"number": w.case.number, "task_id": w.action.pk}
    ),
    # Notes, documents, services, referrals
    "cases:note_add": Post(lambda w, s: {"discipline": "shared", "body": "Жаңа жазба"}),
    "cases:document_upload": Post(lambda w, s: {"title": "Паспорт"}, files=lambda w, s: {"file": _pdf()}),
    "cases:identity_document_set": Post(lambda w, s: {"doc_type": "birth_certificate", "status": "lost"}),
    "cases:service_add": Post(
        lambda w, s: {
            "service_type": w.service_type.pk,
            "delivered_on": _today(),
            "provider_user": s[Role.CASE_MANAGER].pk,
        }
    ),
    "cases:referral_send": Post(
        lambda w, s: {
            "partner": w.partner.pk,
            "reason": "Медициналық жәрдем",
            "sent_on": _today(),
            "handler": s[Role.CASE_MANAGER].pk,
        }
    ),
    "cases:referral_receive": Post(
        lambda w, s: {
            "partner": w.partner.pk,
            "reason": "Жәрдем",
            "sent_on": _today(),
            "handler": s[Role.CASE_MANAGER].pk,
        }
    ),
    "cases:referral_status": Post(
        lambda w, s: {"to_status": "accepted", "on": _today(), "feedback": ""},
        kwargs=lambda w, s: {"number": w.case.number, "pk": w.referral.pk},
    ),
    # My work's "done" (only the task's assignee has it in My work)
    "cases:my_task_done": Post(
        lambda w, s: {}, kwargs=lambda w, s: {"pk": w.follow_up.pk}, roles=(Role.CASE_MANAGER,)
    ),
    # Return home and documents
    "returns:return_plan": Post(
        lambda w, s: {"from_country": w.country.pk, "planned_travel_on": "", "status": "travelling"}
    ),
    "returns:return_step_add": Post(
        lambda w, s: {"kind": "consulate_contact", "done_on": _today(), "done_by": s[Role.CASE_MANAGER].pk}
    ),
    "returns:application_add": Post(
        lambda w, s: {"doc_type": "birth_certificate", "mission": w.mission.pk, "applied_on": ""}
    ),
    "returns:application_move": Post(
        lambda w, s: {"to_status": "submitted", "on": _today(), "mission": w.mission.pk},
        kwargs=lambda w, s: {"number": w.case.number, "pk": w.preparing.pk},
    ),
    "returns:application_hand_over": Post(
        lambda w, s: {"on": _today()}, kwargs=lambda w, s: {"number": w.case.number, "pk": w.issued.pk}
    ),
    # Consultations
    "guide:consultation_add": Post(
        lambda w, s: {
            "destination": w.country.pk,
            "consulted_on": _today(),
            "consulted_by": s[Role.CASE_MANAGER].pk,
            "offer_source": "none",
        }
    ),
    # Reintegration
    "reintegration:profile_edit": Post(lambda w, s: {"skills": "Ағаштан ис ислейди"}),
    "reintegration:request_create": Post(
        lambda w, s: {"funding_source": w.source.pk, **_kit(w)}, query=lambda w, s: f"trade={w.trade.pk}"
    ),
    "reintegration:request_decide": Post(
        lambda w, s: {"decision": "approve", "comment": ""}, kwargs=lambda w, s: {"pk": w.requested.pk}
    ),
    "reintegration:purchase_create": Post(
        lambda w, s: {
            "supplier": "Nukus bazaar",
            "purchased_on": _today(),
            "funding_source": w.source.pk,
            **_lines(w.approved),
        },
        kwargs=lambda w, s: {"number": w.case.number, "pk": w.approved.pk},
        files=lambda w, s: {"invoice": _pdf("invoice.pdf")},
    ),
    "reintegration:handover_create": Post(
        lambda w, s: {"handed_over_on": _today()},
        kwargs=lambda w, s: {"number": w.case.number, "pk": w.purchased.pk},
    ),
    "reintegration:follow_up_create": Post(
        lambda w, s: {
            "request": w.handed_over.pk,
            "months": "3",
            "done_on": _today(),
            "trade_worked": "yes",
            "remigration": "none",
            "early_reason": "Leaves next week",  # handed over today: the follow-up is early
            **dict.fromkeys(INDICATOR_FIELDS, "2"),
        }
    ),
}

# Pages under a case number that change nothing (or, for reopening, the one change a closed case takes).
READS = {
    # its POST is the service service_result_set, refused on a closed case: tests/test_closed_case.py
    "cases:service_result",
    "cases:case_detail",
    "cases:case_timeline",
    "cases:case_section",  # one part of the case page with every row
    "cases:case_pdf",
    "cases:assessment_list",
    "cases:note_list",
    "cases:note_detail",
    "cases:document_download",
    "cases:referral_detail",
    "cases:case_reopen",  # the way back (cases/tests/test_reopen.py)
    "guide:consultation_memo",
    "reintegration:request_detail",
    "reintegration:handover_act",
    "reintegration:invoice_download",
    "reintegration:signed_act_download",
    "reintegration:follow_up_list",
}


def test_every_page_under_a_case_number_is_listed():
    under_a_case = {name for name, pattern in ALL_PATTERNS.items() if "<str:number>" in str(pattern.pattern)}
    unlisted = sorted(under_a_case - POSTS.keys() - READS)
    assert not unlisted, f"List these case pages in {__name__}: POSTS (with a post) or READS: {unlisted}"
    assert not (POSTS.keys() | READS) - ALL_PATTERNS.keys(), "Pages listed here that no longer exist"


def _roles(name: str, post: Post) -> tuple:
    if post.roles:
        return post.roles
    permission = ALL_PATTERNS[name].callback.required_permission
    return tuple(sorted(ROLE_PERMISSIONS[permission] & CASE_TEAM_ROLES))


def _opener(name: str, post: Post):
    roles = _roles(name, post)
    return Role.CASE_MANAGER if Role.CASE_MANAGER in roles else roles[0]


def _sign_in(client, user) -> None:
    client.cookies.clear()  # no message left from the post before
    client.force_login(user)


def _send(client, name: str, post: Post, world, people):
    with translation.override("en"):
        url = reverse(name, kwargs=post.kwargs(world, people))
    if post.query:
        url += "?" + post.query(world, people)
    data = post.data(world, people) | (post.files(world, people) if post.files else {})
    return client.post(url, data)


def _said(response) -> str:
    """What the person reads: the page (a form shown again) and the messages for the next page."""
    queued = " ".join(str(message) for message in get_messages(response.wsgi_request))
    return queued + " " + response.content.decode()


@pytest.fixture
def people(staff, settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    return {**staff, "newcomer": make_staff(Role.PSYCHOLOGIST, "aziza")}


@pytest.mark.parametrize("name", sorted(POSTS))
def test_a_form_posted_on_a_closed_case_saves_nothing_and_says_why(client, people, name):
    post = POSTS[name]
    closed = casefile(people, closed=True)
    opened = casefile(people, closed=False)
    for role in _roles(name, post):
        _sign_in(client, people[role])
        before = fingerprint(ignore=READING)
        response = _send(client, name, post, closed, people)
        assert response.status_code in (200, 302), (role, response.status_code)
        assert not changed(before, fingerprint(ignore=READING)), role
        said = _said(response)
        assert any(words in said for words in CLOSED_WORDS), (role, said[:2000])
    # The same post on an open case is saved.
    if post.prepare_open:
        post.prepare_open(opened, people)
    _sign_in(client, people[_opener(name, post)])
    before = fingerprint(ignore=READING)
    response = _send(client, name, post, opened, people)
    assert response.status_code == 302, _said(response)[:3000]
    assert changed(before, fingerprint(ignore=READING))
    assert not any(words in _said(response) for words in CLOSED_WORDS)


def test_the_case_page_offers_no_form_on_a_closed_case(client, people):
    closed = casefile(people, closed=True)
    for role in sorted(CASE_TEAM_ROLES):
        client.force_login(people[role])
        with translation.override("en"):
            page = client.get(reverse("cases:case_detail", kwargs={"number": closed.case.number}))
        html = page.content.decode()
        actions = [chunk.split('"', 1)[0] for chunk in html.split('<form method="post" action="')[1:]]
        forms = [action for action in actions if "/accounts/logout/" not in action]  # the page's own
        reopen = [] if role != Role.DIRECTOR else [f"/en/staff/cases/{closed.case.number}/reopen/"]
        assert forms == reopen, (role, forms)
        assert 'data-testid="case-closed"' in html


def test_my_work_and_the_reminders_leave_out_a_closed_cases_tasks(client, people, settings):
    settings.ISENIM_SITE_URL = "https://isenim.example"
    closed = casefile(people, closed=True)
    manager = people[Role.CASE_MANAGER]
    manager.email = "gulnara@example.org"
    manager.save(update_fields=["email"])
    # Its tasks are due (one overdue): on an open case they would be listed and reminded.
    Task.objects.filter(case=closed.case).update(due_on=timezone.localdate() - timedelta(days=1))
    client.force_login(manager)
    page = client.get(reverse("cases:my_work")).content.decode()
    assert closed.case.number not in page
    call_command("send-reminders")
    assert not mail.outbox
