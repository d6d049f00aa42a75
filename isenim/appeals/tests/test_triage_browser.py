"""Triage in a real browser: an anonymous phone call from a presumed victim and a question asking only for
information wait on the appeal list; the director assigns both at once to a case manager; the case manager
finds the call in *My work* due today and opens a case for the caller under a pseudonym, then closes the
question as "advice given". Screenshots: test-output/screenshots/appeal-triage-*.png."""

import re

import pytest
from django.utils import timezone

from isenim.appeals.models import Appeal
from isenim.appeals.services import AppealData, appeal_register
from isenim.cases.models import Case
from isenim.core.access import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, screenshot_dir, name):
    page.screenshot(path=screenshot_dir / f"appeal-triage-{name}.png", full_page=True)


def _register(operator, category, answers=()):
    data = AppealData(
        received_on=timezone.localdate(),
        channel="phone",
        category=category,
        narrative="Қызы Түркияда, паспорты алып қойылған." if answers else "Кореяға барыў ушын не керек?",
        answers=dict.fromkeys(answers, True),
    )
    return appeal_register(actor=operator, data=data, anonymous=True)


def test_a_presumed_victims_call_goes_to_a_case_and_a_question_gets_advice(as_user, staff, screenshot_dir):
    operator, manager = staff[Role.INTAKE_OPERATOR], staff[Role.CASE_MANAGER]
    call = _register(operator, "presumed_victim", ("ind_not_free_to_leave", "ind_documents_withheld"))
    question = _register(operator, "pre_departure")
    assert call.presumed_victim and not question.presumed_victim

    # 1. The director finds both without an owner, the presumed victim first, and assigns them at once.
    director = as_user(staff[Role.DIRECTOR])
    director.goto("/en/staff/appeals/?triage=unassigned")
    rows = director.get_by_test_id("appeal-row")
    assert call.code in rows.nth(0).inner_text() and question.code in rows.nth(1).inner_text()
    assert "2 appeals without an owner" in director.get_by_test_id("triage-summary").inner_text()
    for appeal in (call, question):
        director.locator(f"input[name=appeals][value='{appeal.code}']").check()
    director.locator("#bulk_assignee").select_option(str(manager.pk))
    shot(director, screenshot_dir, "1-list")
    director.get_by_test_id("bulk-assign").locator("button[type=submit]").click()
    director.wait_for_load_state()
    assert "2 appeals assigned to Gulnara." in director.content()
    assert set(Appeal.objects.filter(assigned_to=manager)) == {call, question}

    # 2. The case manager sees the call in My work, due today, presumed victim first.
    work = as_user(manager)
    work.goto("/en/staff/cases/my-work/")
    mine = work.get_by_test_id("my-appeals").get_by_test_id("triage-row")
    assert call.code in mine.nth(0).inner_text() and "Due today" in mine.nth(0).inner_text()
    assert question.code in mine.nth(1).inner_text()
    shot(work, screenshot_dir, "2-my-work")

    # 3. ... opens a case for the anonymous caller, under the pseudonym she gave.
    work.get_by_role("link", name=call.code).click()
    work.get_by_test_id("open-case").click()
    assert "pseudonym" in work.get_by_test_id("anonymous-appellant").inner_text()
    work.locator("#id_pseudonym").fill("Айгүл")
    work.locator("#id_priority").select_option("urgent")
    work.locator("#id_risk").select_option("high")
    shot(work, screenshot_dir, "3-open-case")
    work.get_by_role("button", name="Open the case").click()
    work.wait_for_url(re.compile(r"/staff/cases/CASE-"))
    case = Case.objects.get()
    call.refresh_from_db()
    assert case.appeal == call and call.outcome == "case_opened" and call.person == case.person
    assert case.person.identity == {"pseudonym": "Айгүл"}

    # 4. ... and closes the question: the answer was given on the phone.
    work.goto(f"/en/staff/appeals/{question.code}/")
    work.get_by_test_id("record-outcome").click()
    work.get_by_label("Information or advice given").check()
    work.locator("#id_advice_kind").select_option("answer")
    work.get_by_role("button", name="Record the outcome").click()
    work.wait_for_url(re.compile(rf"/staff/appeals/{question.code}/$"))
    assert "Information or advice given · Question answered" in work.get_by_test_id("outcome").inner_text()
    assert "Outcome of the appeal recorded" in work.get_by_test_id("appeal-history").inner_text()
    shot(work, screenshot_dir, "4-advice-given")
    question.refresh_from_db()
    assert (
        question.state == "closed" and question.outcome == "advice_given" and question.advice_kind == "answer"
    )
    work.goto("/en/staff/cases/my-work/")
    assert "No appeal waits for you." in work.get_by_test_id("my-appeals").inner_text()
    assert director.csp_violations == [] and work.csp_violations == []
