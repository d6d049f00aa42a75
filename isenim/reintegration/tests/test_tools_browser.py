"""The reintegration journey in a real browser: a deportee chooses carpentry, the kit is requested, the
director approves it, it is bought with an invoice, the handover act is printed, the handover recorded;
the 3-month follow-up shows in "My work", is recorded with the questionnaire, and the chart page draws the
scores."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import make_staff, sign_in
from isenim.cases.models import Task
from isenim.cases.services.cases import CaseData, case_open
from isenim.core.access import Role
from isenim.people.services import PersonData, person_create
from isenim.reintegration.choices import AidState
from isenim.reintegration.models import AidRequest, FollowUp, Trade
from isenim.reintegration.tests.helpers import SAMPLE_PDF, funding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, folder, name):
    page.screenshot(path=folder / f"reintegration-{name}.png", full_page=True)


def switch_user(page, user):
    page.context.clear_cookies()
    sign_in(page, user)


def test_a_deportee_gets_a_carpentry_kit_and_is_followed_up(page, screenshot_dir, settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    call_command("load-trades", verbosity=0)
    manager = make_staff(Role.CASE_MANAGER, "gulnara")
    director = make_staff(Role.DIRECTOR, "dilnoza")
    person = person_create(
        actor=director, data=PersonData(identity={"last_name": "Қуўанышбаев", "first_name": "Ғайрат"})
    )
    data = CaseData(priority="normal", risk="medium", manager=manager, opened_on=timezone.localdate())
    case = case_open(actor=director, person=person, data=data, team=[manager])
    funding(director, amount=40_000_000)
    carpenter = Trade.objects.get(code="carpenter")

    # 1. The case manager fills in the vocational profile and chooses carpentry.
    sign_in(page, manager)
    page.goto(f"/en/staff/cases/{case.number}/")
    page.get_by_test_id("profile-edit").click()
    page.locator("#id_education_level").select_option("general_secondary")
    page.locator("#id_education_speciality").fill("School, woodwork classes")
    page.locator("#id_skills").fill("Makes window frames and doors; repaired furniture in Almaty")
    page.locator("#id_work_history").fill("Building sites in Kazakhstan 2021–2025; deported in 2025")
    page.locator("#id_trade_wanted").fill("Carpentry in Moynaq")
    page.locator("#id_trade").select_option(str(carpenter.pk))
    page.locator("#id_trade_reason").fill("Has the skills; furniture repair is wanted in his village")
    shot(page, screenshot_dir, "1-profile")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.number}/"))
    assert "furniture repair" in page.get_by_test_id("trade-chosen").inner_text()

    # 2. The kit of the chosen trade is requested.
    page.get_by_test_id("request-tools").click()
    page.locator("#id_funding_source").select_option(index=1)
    first = carpenter.kit_items.order_by("id").first()
    page.locator(f"#id_qty_{first.pk}").fill("1")
    shot(page, screenshot_dir, "2-request")
    page.get_by_test_id("send-request").click()
    page.wait_for_url(re.compile(r"/tools/\d+/$"))
    aid = AidRequest.objects.get()
    assert aid.state == AidState.REQUESTED

    # 3. The director approves it from their list.
    switch_user(page, director)
    page.goto("/en/staff/reintegration/approvals/")
    assert case.number in page.get_by_test_id("waiting").inner_text()
    page.get_by_test_id("waiting-row").get_by_role("link", name="Decide").click()
    page.wait_for_url(re.compile(rf"/approvals/{aid.pk}/$"))
    shot(page, screenshot_dir, "3-decide-page")
    page.locator("#id_decision_0").check()
    page.locator("#id_comment").fill("Approved: the kit fits his skills.")
    shot(page, screenshot_dir, "3-decide")
    page.get_by_test_id("decide").click()
    page.wait_for_url(re.compile(r"/staff/reintegration/approvals/$"))
    aid.refresh_from_db()
    assert aid.state == AidState.APPROVED

    # 4. The case manager records the purchase with the invoice.
    switch_user(page, manager)
    page.goto(f"/en/staff/reintegration/cases/{case.number}/tools/{aid.pk}/")
    page.get_by_test_id("record-purchase").click()
    page.locator("#id_supplier").fill("Nukus central bazaar, tools row, stall 14")
    invoice = tmp_path / "invoice.pdf"
    invoice.write_bytes(SAMPLE_PDF)
    page.locator("#id_invoice").set_input_files(str(invoice))
    shot(page, screenshot_dir, "4-purchase")
    page.get_by_test_id("save-purchase").click()
    page.wait_for_url(re.compile(r"/tools/\d+/$"))
    aid.refresh_from_db()
    assert aid.state == AidState.PURCHASED

    # 5. The handover act is printed in Karakalpak.
    page.locator("#id_language").select_option("kaa")
    with page.expect_download() as download_info:
        page.get_by_test_id("print-act").click()
    act = download_info.value
    act_path = screenshot_dir / "reintegration-handover-act-kaa.pdf"
    act.save_as(act_path)
    assert act_path.read_bytes().startswith(b"%PDF")
    shot(page, screenshot_dir, "5-bought")

    # 6. The handover is recorded: follow-ups at 3, 6 and 12 months for the case manager.
    page.get_by_test_id("record-handover").click()
    page.get_by_test_id("save-handover").click()
    page.wait_for_url(re.compile(r"/tools/\d+/$"))
    assert page.get_by_test_id("handover").is_visible()
    shot(page, screenshot_dir, "6-handed-over")
    aid.refresh_from_db()
    assert aid.state == AidState.HANDED_OVER
    first_follow_up = aid.follow_up_tasks.get(months=3).task
    assert Task.objects.filter(case=case, kind="follow_up").count() == 3

    # 7. Three months later (moved to today here) the follow-up shows in My work.
    Task.objects.filter(pk=first_follow_up.pk).update(due_on=timezone.localdate())
    page.goto("/en/staff/cases/my-work/")
    follow_ups = page.get_by_test_id("my-follow-ups")
    assert case.number in follow_ups.inner_text()
    shot(page, screenshot_dir, "7-my-work")

    # 8. It is recorded with the questionnaire.
    page.goto(f"/en/staff/reintegration/cases/{case.number}/follow-ups/new/?months=3")
    page.locator("#id_trade_worked_0").check()
    page.locator("#id_monthly_income_uzs").fill("3200000")
    page.locator("#id_remigration_0").check()
    for field, score in {
        "econ_income": 3,
        "econ_work": 3,
        "econ_debt": 2,
        "soc_housing": 4,
        "soc_services": 3,
        "soc_network": 3,
        "psy_wellbeing": 2,
        "psy_safety": 4,
        "psy_future": 3,
    }.items():
        page.locator(f"#id_{field}_{score}").check()
    page.locator("#id_early_reason").fill("Leaves for Kazakhstan next week")  # handed over today
    shot(page, screenshot_dir, "8-follow-up")
    page.get_by_test_id("save-follow-up").click()
    page.wait_for_url(re.compile(r"/follow-ups/$"))
    assert FollowUp.objects.get().months == 3
    first_follow_up.refresh_from_db()
    assert first_follow_up.done_on == timezone.localdate()

    # 9. The chart page draws the scores (and shows them as a table).
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('scores-chart'))")
    assert page.get_by_test_id("score-row").count() == 1
    shot(page, screenshot_dir, "9-chart")
    assert page.csp_violations == []
