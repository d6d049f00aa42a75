from django.conf import settings
from django.urls import reverse
from django.urls.base import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from isenim.core.access import can
from isenim.core.registry import DASHBOARD_LINKS, STAFF_MENU


def dashboard_links(user) -> list[dict]:
    """The dashboard's links to lists and settings (registered by the apps), those the user's role allows."""
    return [
        {"url": reverse(link.url_name), "label": link.label}
        for link in DASHBOARD_LINKS
        if can(user, link.perm)
    ]


def _nav_items(request) -> list[dict]:
    if request.user.is_authenticated and not getattr(request, "has_second_factor", True):
        return []  # during enrolment every other page would only lead back here
    items = [
        {"url": reverse(entry.url_name), "label": entry.label, "active": False}
        for entry in STAFF_MENU
        if can(request.user, entry.perm) and not (entry.unless and can(request.user, entry.unless))
    ]
    # The deepest menu entry containing the current page is the active one (/staff/ contains them all).
    containing = [item for item in items if request.path.startswith(item["url"])]
    if containing:
        max(containing, key=lambda item: len(item["url"]))["active"] = True
    return items


def _language_links(request) -> list[dict]:
    current = get_language()
    path = request.get_full_path()
    return [
        {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]


def navigation(request) -> dict:
    if not hasattr(request, "user"):
        return {}
    return {"nav_items": _nav_items(request), "language_links": _language_links(request)}


def demo_data(request) -> dict:
    """``demo_data``: true while the demo data set is loaded (core.demo); asked only when a page shows it."""
    from isenim.core.demo import demo_data_loaded

    return {"demo_data": SimpleLazyObject(demo_data_loaded)}
