"""The intake journey in a real browser: candidates appear as the name is typed (htmx), the assemblies
follow the district, linking is one click, and the appeal opens after saving."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import htmx_settled, make_staff, sign_in
from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.geo.models import AdminUnit
from isenim.people.services import PersonData, person_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_registers_an_appeal_linked_to_a_person_found_while_typing(page, screenshot_dir):
    call_command("load-reference", verbosity=0)
    operator = make_staff(Role.INTAKE_OPERATOR, "jasur")
    moynaq, aral = AdminUnit.objects.get(code="1735222"), AdminUnit.objects.get(code="23050001")
    namesake = person_create(  # registered first: without a district, the namesake comes first
        actor=operator,
        data=PersonData(
            identity={"last_name": "Сапарбаев", "first_name": "Ерлан", "birth_date": "1990-05-01"},
            home_district_id=AdminUnit.objects.get(code="1735401").pk,
        ),
    )
    known = person_create(
        actor=operator,
        data=PersonData(
            identity={"last_name": "Сапарбаев", "first_name": "Ерлан", "birth_date": "1990-05-01"},
            home_district_id=moynaq.pk,
        ),
    )
    assert namesake.code < known.code
    sign_in(page, operator)
    page.goto("/en/staff/appeals/new/")
    page.locator("#id_channel").select_option("phone")
    page.locator("#id_last_name").press_sequentially("Saparbayev")
    page.locator("#id_first_name").press_sequentially("Erlan")
    candidate = page.get_by_test_id("candidate").first
    candidate.wait_for()
    assert namesake.code in candidate.inner_text() and "Сапарбаев Ерлан" in candidate.inner_text()
    # Choosing the district refreshes the candidates: the namesake who lives there comes first.
    page.locator("#id_home_district").select_option(str(moynaq.pk))
    page.wait_for_function(
        "code => document.querySelector('[data-testid=candidate]').innerText.includes(code)", arg=known.code
    )
    candidate = page.get_by_test_id("candidate").first
    assert known.code in candidate.inner_text()
    page.wait_for_selector(f"#id_home_assembly option[value='{aral.pk}']", state="attached")
    page.locator("#id_home_assembly").select_option(str(aral.pk))
    page.locator("#id_category").select_option("presumed_victim")
    page.locator("#id_fact_debt").check()
    page.locator("#id_ind_threats_violence").check()
    candidate.get_by_role("radio").check()
    page.screenshot(path=screenshot_dir / "appeal-intake-en.png", full_page=True)
    htmx_settled(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/appeals/APL-"))
    appeal = Appeal.objects.get()
    assert appeal.person == known and appeal.home_assembly == aral and appeal.presumed_victim
    assert page.get_by_test_id("presumed-victim").is_visible()
    page.screenshot(path=screenshot_dir / "appeal-detail-en.png", full_page=True)
    assert page.csp_violations == []


def test_it_asks_for_the_birth_date_among_namesakes_in_karakalpak(page, screenshot_dir):
    """Three «Сапарбаев Ерлан» in the registry: the Karakalpak intake form says the name is not enough
    and asks for the birth date; once it is typed, the right one comes first and the request goes."""
    operator = make_staff(Role.INTAKE_OPERATOR, "jasur")
    people = three_namesakes(operator)
    sign_in(page, operator)
    page.goto("/staff/appeals/new/")  # Karakalpak Cyrillic, the default interface
    # Cyrillic typed through an input method (no key events, as Playwright types it): asked all the same.
    page.locator("#id_last_name").press_sequentially("Сапарбаев")
    page.locator("#id_first_name").press_sequentially("Ерлан")
    hint = page.get_by_test_id("ask-birth-date")
    hint.wait_for()
    assert "туўылған сәнесин" in hint.inner_text()
    # caret="initial": hiding the caret makes Playwright write style attributes, which the CSP refuses.
    page.screenshot(path=screenshot_dir / "appeal-namesakes-kaa.png", full_page=True, caret="initial")
    first_candidate = "code => document.querySelector('[data-testid=candidate]').innerText.includes(code)"
    # The age they state (born 1985) puts the namesake of that age first, and the request goes.
    page.locator("#id_age").press_sequentially(str(timezone.localdate().year - 1985))
    page.wait_for_function(first_candidate, arg=people[1].code)
    assert page.get_by_test_id("ask-birth-date").count() == 0
    page.screenshot(path=screenshot_dir / "appeal-namesakes-age-kaa.png", full_page=True, caret="initial")
    page.locator("#id_age").fill("")
    hint.wait_for()  # no age, no date: asked again
    page.locator("#id_birth_date").fill("1985-02-11")
    page.locator("#id_birth_date").dispatch_event("change")
    page.wait_for_function(first_candidate, arg=people[1].code)
    assert page.get_by_test_id("ask-birth-date").count() == 0
    assert page.csp_violations == []


def test_the_new_person_form_tells_namesakes_apart_by_the_year_of_birth(page, screenshot_dir):
    """The registry's own new-person form: the name alone asks for the date or the year of birth; a year
    typed where the date is not known puts the namesake born then first."""
    manager = make_staff(Role.CASE_MANAGER, "aziza")
    people = three_namesakes(manager)
    sign_in(page, manager)
    page.goto("/staff/people/new/")
    page.locator("#id_last_name").press_sequentially("Saparbayev")
    page.locator("#id_first_name").press_sequentially("Erlan")
    hint = page.get_by_test_id("ask-birth-date")
    hint.wait_for()
    assert "туўылған жылын" in hint.inner_text()
    page.locator("#id_birth_year").press_sequentially("1986")
    page.wait_for_function(
        "code => document.querySelector('[data-testid=duplicate-candidates] tbody tr')"
        ".innerText.includes(code)",
        arg=people[1].code,
    )
    assert page.get_by_test_id("ask-birth-date").count() == 0
    page.screenshot(path=screenshot_dir / "person-new-year-kaa.png", full_page=True, caret="initial")
    assert page.csp_violations == []


def three_namesakes(actor) -> list:
    """Three «Сапарбаев Ерлан», born in 1990, 1985 and 1979 (codes in that order)."""
    return [
        person_create(
            actor=actor,
            data=PersonData(identity={"last_name": "Сапарбаев", "first_name": "Ерлан", "birth_date": born}),
        )
        for born in ("1990-05-01", "1985-02-11", "1979-12-30")
    ]
