"""The phone (issue 18): at 390 px the case page and My work fit the screen — no page scrolls sideways,
the menu folds behind a button, tables become stacked rows whose buttons ("Done") are on screen."""

import pytest

from isenim.cases.tests.test_query_counts import give_work, open_cases
from isenim.core.access import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_the_case_page_and_my_work_fit_a_phone(as_user, staff, screenshot_dir):
    manager = staff[Role.CASE_MANAGER]
    cases = open_cases(staff, 2)
    give_work(cases, manager)
    page = as_user(manager)
    page.set_viewport_size(PHONE)

    page.goto("/en/staff/cases/my-work/")
    page.screenshot(path=screenshot_dir / "phone-my-work.png", full_page=True)
    assert page_width(page) <= PHONE["width"]
    assert not page.locator("#main-menu").is_visible()  # folded behind the menu button
    page.get_by_test_id("menu-toggle").click()
    assert page.locator("#main-menu").is_visible()
    done = page.locator('[data-testid="my-overdue"] button').first
    done.scroll_into_view_if_needed()
    box = done.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.locator('[data-testid="my-overdue"] td[data-label]').count() > 0  # labelled stacked cells

    page.goto(f"/en/staff/cases/{cases[0].number}/")
    page.screenshot(path=screenshot_dir / "phone-case-page.png", full_page=True)
    assert page_width(page) <= PHONE["width"]
