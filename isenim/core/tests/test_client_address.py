"""Limits count real addresses behind the documented proxy, and a client cannot forge its address."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import TEST_PASSWORD
from isenim.core.access import Role
from isenim.core.middleware import client_address, parse_networks

PROXY = "127.0.0.1"
PROXIES = parse_networks("127.0.0.1, 10.0.0.0/8")


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("203.0.113.9", "", "203.0.113.9"),
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),  # not our proxy: the header is not believed
        (PROXY, "198.51.100.7", "198.51.100.7"),
        (PROXY, "1.1.1.1, 198.51.100.7", "198.51.100.7"),  # the left part is whatever the client wrote
        (PROXY, "198.51.100.7, 10.1.2.3", "198.51.100.7"),  # our own second proxy is skipped
        (PROXY, "not an address", PROXY),
        (PROXY, "", PROXY),
    ],
)
def test_it_takes_the_client_from_the_trusted_proxies_header_only(remote, forwarded, client):
    meta = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}
    assert client_address(meta, PROXIES) == client


def _through_proxy(address: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_a_sign_in_flood_through_the_proxy_does_not_lock_the_office_out(settings, staff):
    settings.ISENIM_TRUSTED_PROXIES = PROXY
    attacker = _through_proxy("203.0.113.9")
    for n in range(25):
        attacker.post(reverse("account_login"), {"login": f"nobody{n}", "password": "guess"})
    lawyer = staff[Role.LAWYER]
    right = {"login": lawyer.username, "password": TEST_PASSWORD}
    refused = attacker.post(reverse("account_login"), right)
    assert refused.status_code == 200 and refused.context["form"].errors  # the attacker's address is stopped

    response = _through_proxy("198.51.100.7").post(reverse("account_login"), right)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
