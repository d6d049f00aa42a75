"""Targets against actuals in a real browser: the M&E officer computes the actuals and enters a value by
hand with its evidence; she cannot approve her own value; the director approves it and reads the table —
targets, actuals, % of target and the status band — with its chart."""

import re

import pytest

from conftest import STAFF_NAMES, make_staff
from isenim.core.access import Role
from isenim.grants.communities import STATE_GRANT_MET
from isenim.grants.models import IndicatorValue, Meeting
from isenim.grants.tests.helpers import unit
from isenim.grants.tests.logframe_helpers import SAMPLE_PDF, indicator, last_year_project, logframe, quarters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_targets_against_actuals_and_a_value_by_hand(as_user, screenshot_dir, settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    staff = {role: make_staff(role, STAFF_NAMES[role]) for role in (Role.DIRECTOR, Role.ME_OFFICER)}
    staff[Role.PREVENTION_OFFICER] = staff[Role.ME_OFFICER]  # sample_project's meetings need no officer
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    q1 = quarters(project)[0]
    meetings = indicator(
        staff,
        output,
        "1.1.1",
        measure="grants.meetings_held",
        life_target=12,
        cumulative=True,
        targets={q1: 4},
    )
    survey = indicator(staff, output, "1.1.2", unit="percent", life_target=70, targets={q1: 50})
    for code in STATE_GRANT_MET[:5]:  # 5 meetings against a target of 4: +25 %, above
        Meeting.objects.create(
            project=project,
            held_on=q1.starts_on,
            assembly=unit(code),
            venue="Клуб",
            created_by=staff[Role.DIRECTOR],
        )
    pdf = tmp_path / "quiz.pdf"
    pdf.write_bytes(SAMPLE_PDF)

    # The M&E officer computes the actuals and enters the quiz result with its evidence.
    officer = as_user(staff[Role.ME_OFFICER])
    officer.goto(f"/en/staff/grants/{project.pk}/")
    officer.get_by_role("link", name="Targets and actuals").first.click()
    officer.wait_for_url(re.compile(rf"/grants/{project.pk}/results/"))
    officer.get_by_test_id("actuals-refresh").click()
    officer.wait_for_url(re.compile(rf"/grants/{project.pk}/results/$"))
    row = officer.get_by_test_id("result-1.1.1").inner_text()
    assert "4" in row and "5" in row and "125 %" in row and "above" in row
    officer.get_by_role("link", name="1.1.2 Indicator 1.1.2").click()
    officer.get_by_test_id("value-create").click()
    officer.locator("#id_period").select_option(str(q1.pk))
    officer.locator("#id_value").fill("46")
    officer.locator("#id_evidence").set_input_files(str(pdf))
    officer.locator("main form button[type=submit]").click()
    officer.wait_for_url(re.compile(rf"/grants/indicators/{survey.pk}/$"))
    assert "Waiting for a second person's approval" in officer.get_by_test_id("indicator-values").inner_text()
    assert officer.locator("[data-testid^=value-approve-]").count() == 0  # not her own
    officer.screenshot(path=screenshot_dir / "grants-results-1-entered.png", full_page=True)

    # The director approves it, then reads the table.
    director = as_user(staff[Role.DIRECTOR])
    director.goto(f"/en/staff/grants/indicators/{survey.pk}/")
    value = IndicatorValue.objects.get(indicator=survey)
    director.get_by_test_id(f"value-approve-{value.pk}").click()
    director.wait_for_url(re.compile(rf"/grants/indicators/{survey.pk}/$"))
    assert "approved" in director.locator("main").inner_text()
    director.get_by_role("link", name="Targets and actuals").first.click()
    table = director.get_by_test_id("results-table")
    survey_row = director.get_by_test_id("result-1.1.2").inner_text()
    assert "50" in survey_row and "46" in survey_row and "92 %" in survey_row and "on track" in survey_row
    assert "125 %" in director.get_by_test_id("result-1.1.1").inner_text()
    life = director.get_by_test_id("result-1.1.1").locator("td").nth(-3).inner_text()
    assert life == "12"  # its own life-of-project target, not the sum of the periods' targets (4)
    assert director.get_by_test_id("result-1.1.1").locator("td").nth(-2).inner_text().startswith("5")
    assert table.is_visible() and director.locator("figure img").count() >= 1
    director.screenshot(path=screenshot_dir / "grants-results-2-approved.png", full_page=True)
    value.refresh_from_db()
    assert value.approved_by == staff[Role.DIRECTOR] and meetings.values.get(period=q1).value == 5
    assert officer.csp_violations == [] and director.csp_violations == []
