"""The director and the M&E officer read their dashboard in the browser, at 1366 and 390 px: every figure
with its chart, raw numbers for the director, "fewer than 5" for the M&E officer, no sideways scroll on the
phone, nothing the strict CSP refuses."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import make_staff, sign_in
from isenim.appeals.models import Appeal
from isenim.cases.models import Case
from isenim.core.access import Role
from isenim.insights import dashboards
from isenim.people.services import PersonData, person_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def world(director):
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    number = 0
    for year_back, per_month in ((0, 9), (1, 7)):
        for month in range(1, 13):
            day = date(start.year - year_back, month, 1)
            if day > today:
                break
            for n in range(per_month + (month % 3)):
                number += 1
                acted = timezone.now() - timedelta(days=(today - day).days - (n % 4))
                Appeal.objects.create(
                    code=f"D{number:06d}",
                    received_on=day,
                    channel="phone",
                    category="other",
                    cause="unknown",
                    anonymous=True,
                    presumed_victim=n < 2,
                    state="closed",
                    assigned_to=director,
                    outcome=["advice_given", "referred", "case_opened", "unreachable"][n % 4],
                    first_action_at=acted,
                )
    person = person_create(actor=director, data=PersonData(identity={"last_name": "Сапарбаева"}))
    for n, status in enumerate(["open"] * 7 + ["assessment"] * 3 + ["in_service"] * 12 + ["follow_up"] * 2):
        Case.objects.create(number=f"DC-{n}", person=person, manager=director, opened_on=today, status=status)


def width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_the_director_and_the_me_officer_read_their_dashboard(page, screenshot_dir):
    from django.core.cache import cache

    cache.clear()  # the dashboards keep their year counts: another test's world may be in the cache
    dashboards.register()
    director = make_staff(Role.DIRECTOR, "dilnoza")
    officer = make_staff(Role.ME_OFFICER, "olga")
    world(director)
    for user, name in ((director, "director"), (officer, "me")):
        page.context.clear_cookies()
        sign_in(page, user)
        page.set_viewport_size(DESKTOP)
        page.goto("/en/staff/insights/")
        main = page.locator("main").inner_text()
        assert "Appeals received" in main and "Open cases by status" in main
        assert (
            page.locator("figure.chart img.chart-image").count() >= 4
        )  # empty charts (all zero or hidden) are left out
        if name == "me":
            assert "fewer than 5" in main and "Numbers from 1 to 4 are not shown" in main
        else:
            assert "fewer than 5" not in main
            assert page.get_by_test_id("figure-cases").get_by_role("link", name="12").count() == 1
        page.screenshot(path=screenshot_dir / f"hC-dashboard-{name}-1366.png", full_page=True)
        assert width(page) <= DESKTOP["width"]
        page.set_viewport_size(PHONE)
        page.reload()
        page.screenshot(path=screenshot_dir / f"hC-dashboard-{name}-390.png", full_page=True)
        assert width(page) <= PHONE["width"]
        assert page.csp_violations == []
