"""Every page: no host but our own, a strict CSP with nonces, no inline styles or unnonced scripts."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from isenim.core.access import Role

LANGUAGES = [code for code, _name in settings.LANGUAGES]
URL_ATTRIBUTE = re.compile(r"""(?:href|src|action|srcset|poster|data)\s*=\s*["']([^"']+)["']""", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
STAFF_PAGES = [
    "portal:dashboard",
    "portal:contacts_edit",
    "portal:audit_log",
    "accounts:staff_list",
    "accounts:staff_create",
    "geo:unit_list",
    "geo:country_list",
]
PUBLIC_PAGES = ["portal:home", "account_login"]


def external_references(html: str) -> list[str]:
    found = []
    for value in URL_ATTRIBUTE.findall(html):
        if value.startswith(("//", "http:", "https:")) and "127.0.0.1" not in value:
            found.append(value)
    return found


def assert_clean_page(response):
    html = response.content.decode()
    assert external_references(html) == []
    assert not re.search(r"\sstyle\s*=", html), "inline style attribute"
    assert "<style" not in html, "inline <style> element"
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_serves_public_pages_with_no_external_reference(client, db, language):
    for name in PUBLIC_PAGES:
        with override(language):
            url = reverse(name)
        response = client.get(url)
        assert response.status_code == 200
        assert_clean_page(response)


def test_it_serves_staff_pages_with_no_external_reference(client_as, staff, recently_authenticated):
    for role in (Role.ADMINISTRATOR, Role.DIRECTOR):
        client = client_as(staff[role])
        recently_authenticated(staff[role])
        for name in STAFF_PAGES:
            response = client.get(reverse(name))
            if response.status_code == 404:
                continue
            assert response.status_code == 200, name
            assert_clean_page(response)


def test_it_sends_a_strict_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_it_sends_the_security_headers(client, db):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_it_vendors_every_asset_with_no_external_url_inside():
    static = settings.BASE_DIR / "isenim" / "static"
    for path in list(static.rglob("*.css")) + list(static.rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for url in CSS_URL.findall(text) if path.suffix == ".css" else []:
            assert url.startswith(("data:", "/", "#")) or not re.match(r"[a-z]+:", url), (path, url)
        assert "sourceMappingURL" not in text, path
        assert not re.search(r"""(?:import|fetch|src)\s*\(?\s*["']https?://""", text), path
