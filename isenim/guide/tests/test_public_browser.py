"""The public pages in a real browser on a throttled connection: under 100 KB transferred, no external
host, no CSP violation; the ask form sends a question. Screenshots go to test-output/screenshots/."""

import time
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from isenim.appeals.models import Appeal
from isenim.guide.tests.helpers import kazakhstan, public_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _measure(page, url: str) -> tuple[int, set[str]]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    # A slow 3G phone: 400 kbit/s down, 400 ms latency.
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000},
    )
    sizes: dict[str, int] = {}
    hosts: set[str] = set()
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="load")
    time.sleep(0.3)
    for request_url in urls.values():
        hosts.add(urlparse(request_url).netloc)
    return sum(sizes.values()), hosts


def test_public_pages_are_light_on_a_slow_connection(page, live_server, screenshot_dir):
    call_command("load-reference", verbosity=0)
    destination = kazakhstan()
    public_item(destination)
    own = urlparse(live_server.url).netloc
    for path in ("/guide/", "/guide/kz/", "/ask/", "/en/guide/kz/", "/ru/ask/"):
        transferred, hosts = _measure(page, path)
        assert hosts == {own}, (path, hosts)
        assert transferred < 100 * 1024, (path, transferred)
        assert page.csp_violations == [], page.csp_violations
    page.goto("/guide/kz/")
    page.screenshot(path=str(screenshot_dir / "guide-country-kaa.png"), full_page=True)


def test_a_question_sent_from_a_phone(page, screenshot_dir):
    call_command("load-reference", verbosity=0)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/ask/")
    page.locator("input[name=name]").fill("Aziz")
    page.locator("input[name=telegram]").fill("@aziz")  # too short: refused, nothing lost
    page.locator("select[name=destination]").select_option(label="Kazakhstan")
    page.locator("textarea[name=question]").fill("Is a job offer in Almaty real?")
    time.sleep(3.2)
    page.locator("main form button[type=submit]").click()
    assert page.locator("text=5 to 32 Latin letters").is_visible()
    assert page.locator("textarea[name=question]").input_value() == "Is a job offer in Almaty real?"
    page.screenshot(path=str(screenshot_dir / "ask-error-en.png"), full_page=True)
    page.locator("input[name=telegram]").fill("@aziz_2024")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/ask/thanks/")
    page.screenshot(path=str(screenshot_dir / "ask-thanks-en.png"), full_page=True)
    assert Appeal.objects.get().channel == "online_form"
