import re

import pytest

from conftest import TEST_PASSWORD, make_staff
from isenim.accounts.demo import current_totp_code
from isenim.core.access import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGE_PREFIXES = {
    "kaa": "/",
    "kaa-latn": "/kaa-latn/",
    "uz": "/uz/",
    "uz-cyrl": "/uz-cyrl/",
    "ru": "/ru/",
    "en": "/en/",
}


def test_it_signs_in_with_password_and_code_switches_languages_and_signs_out(page, screenshot_dir):
    lawyer = make_staff(Role.LAWYER, "bakhtiyar")

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "kaa"
    page.screenshot(path=screenshot_dir / "home-kaa.png", full_page=True)
    page.goto("/ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.screenshot(path=screenshot_dir / "home-ru.png", full_page=True)

    page.goto("/")
    page.get_by_test_id("sign-in").click()
    page.locator("input[name=login]").fill("bakhtiyar")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(current_totp_code(lawyer.totp_secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/staff/$"))
    assert page.get_by_test_id("signed-in-role").is_visible()
    assert page.get_by_test_id("signed-in-role").inner_text() == "Сиздиң ролиңиз: Юрист"
    page.screenshot(path=screenshot_dir / "signed-in-kaa.png", full_page=True)

    for code, prefix in LANGUAGE_PREFIXES.items():
        page.locator(f".language-switcher a[data-lang='{code}']").click()
        page.wait_for_url(re.compile(re.escape(prefix) + "staff/$"))
        assert page.locator("html").get_attribute("lang") == code
        assert page.get_by_test_id("user-menu").is_visible()
        if code == "ru":
            assert page.get_by_test_id("signed-in-role").inner_text() == "Ваша роль: Юрист"
            page.screenshot(path=screenshot_dir / "signed-in-ru.png", full_page=True)
        if code == "en":
            assert page.get_by_test_id("signed-in-role").inner_text() == "Your role: Lawyer"

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("sign-out").click()
    page.wait_for_load_state()
    page.goto("/en/staff/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.get_by_test_id("sign-in").is_visible()
    assert page.csp_violations == []
    for name in ("home-kaa", "home-ru", "signed-in-kaa", "signed-in-ru"):
        assert (screenshot_dir / f"{name}.png").stat().st_size > 10_000


def test_it_fits_the_home_page_on_a_phone(page, screenshot_dir):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.screenshot(path=screenshot_dir / "home-kaa-phone.png", full_page=True)


def test_it_makes_a_new_account_set_up_its_second_factor_first(page, screenshot_dir):
    from isenim.accounts.demo import current_totp_code as code_for

    make_staff(Role.INTAKE_OPERATOR, "jasur", with_totp=False)
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("jasur")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.goto("/staff/")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    page.screenshot(path=screenshot_dir / "totp-activate-kaa.png", full_page=True)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(code_for(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto("/staff/")
    assert page.get_by_test_id("signed-in-role").is_visible()
    assert page.csp_violations == []
