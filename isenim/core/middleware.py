"""Response headers and methods that hold for every page (docs/protection.md)."""

import ipaddress
import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponseNotAllowed
from django.views.defaults import bad_request

logger = logging.getLogger(__name__)

# The methods Isenim's pages use. Anything else (TRACE, PUT, DELETE, …) is refused before any view runs.
ALLOWED_METHODS = ("GET", "HEAD", "POST")
# No page uses a camera, microphone, location, payment or USB device, and no other site may ask for them
# inside ours.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class SecurityHeadersMiddleware:
    """Refuse unknown methods with 405 and a NUL byte in the address with 400; send Permissions-Policy
    everywhere; and ``Cache-Control: no-store`` on every page served to a signed-in member of staff, so no
    browser, proxy or shared computer keeps a copy of a page with a person's data on disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
        elif carries_nul(request):
            response = bad_request(request, BadRequest("NUL byte"))
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response


def carries_nul(request) -> bool:
    """A NUL byte in the address or its query string. No text of Isenim holds one and a browser never sends
    one, but PostgreSQL refuses it in every text column and lookup (a server error once a view looks a
    code up with it). Posted fields are left to the forms (which refuse it): reading them here would
    read every upload before its view could limit it."""
    return "\x00" in request.path_info or any(
        "\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values
    )


class ClientAddressMiddleware:
    """The visitor's real address, for the sign-in limits, the "ask us" limit and the logs.

    Behind nginx every request comes from the proxy's address. ``ISENIM_TRUSTED_PROXIES`` names the
    proxies (addresses or networks); only a request *from* one of them may say, in ``X-Forwarded-For``,
    whom it forwards for. The header is read from the right, skipping our own proxies: the first address
    that is not one of them is the client (what a client writes on the left of the header is never
    believed). ``REMOTE_ADDR`` is then set to it, so everything downstream (allauth's limits included)
    counts real addresses.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = parse_networks(getattr(settings, "ISENIM_TRUSTED_PROXIES", ""))

    def __call__(self, request):
        if self.proxies:
            request.META["REMOTE_ADDR"] = client_address(request.META, self.proxies)
        return self.get_response(request)


def parse_networks(text: str) -> list:
    return [ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()]


def _is_trusted(address: str, proxies: list) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(meta: dict, proxies: list) -> str:
    remote = meta.get("REMOTE_ADDR", "")
    if not _is_trusted(remote, proxies):
        return remote  # not through our proxy: its own address, whatever headers it sends
    hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, proxies):
            return hop if _valid(hop) else remote
    return remote


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


class VaultFileMissingMiddleware:
    """A download whose encrypted file is not in the vault folder answers 404 with what to do (restore the
    folder from the backup), instead of a server error on every document of a half-restored database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from isenim.core.vault_files import VaultFileMissing

        if not isinstance(exception, VaultFileMissing):
            return None
        logger.error("vault file missing", extra={"vault_name": str(exception)})
        return render(request, "vault_missing.html", status=404)
