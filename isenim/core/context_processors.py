from django.conf import settings
from django.urls import reverse
from django.urls.base import translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from isenim.core.access import Perm, can

# The staff menu: (url name, label, permission). Only items the user's role allows are shown.
STAFF_MENU = [
    ("portal:dashboard", _("Dashboard"), Perm.STAFF_AREA),
    ("appeals:appeal_list", _("Appeals"), Perm.VIEW_APPEALS),
    # Every role but the administrator registers appeals, also those who may not list them.
    ("appeals:appeal_create", _("Register an appeal"), Perm.REGISTER_APPEAL),
    ("people:person_list", _("People"), Perm.VIEW_PEOPLE),
    ("cases:my_work", _("My work"), Perm.VIEW_CASES),
    ("cases:case_list", _("Cases"), Perm.VIEW_CASES),
    ("cases:approval_list", _("Approvals"), Perm.APPROVE_CASES),
    ("guide:destination_list", _("Safe migration"), Perm.VIEW_GUIDE),
    ("geo:unit_list", _("Reference data"), Perm.STAFF_AREA),
    ("portal:contacts_edit", _("Centre contacts"), Perm.EDIT_CENTRE_CONTACTS),
    ("accounts:staff_list", _("Staff accounts"), Perm.MANAGE_ACCOUNTS),
    ("portal:audit_log", _("Audit log"), Perm.VIEW_AUDIT),
]


# Lists staff keep up to date, and settings: on the dashboard, not in the menu (used now and then).
DASHBOARD_LINKS = [
    ("cases:service_type_list", _("Service catalogue"), Perm.EDIT_CATALOGUES),
    ("cases:partner_list", _("Partner organisations"), Perm.EDIT_CATALOGUES),
    ("reintegration:trade_list", _("Trades and tool kits"), Perm.EDIT_CATALOGUES),
    ("reintegration:funding_list", _("Funding sources and budgets"), Perm.MANAGE_BUDGETS),
    ("reintegration:waiting_list", _("Tool kits waiting for approval"), Perm.APPROVE_AID),
    ("cases:casework_settings", _("Casework settings"), Perm.APPROVE_CASES),
    ("guide:mission_list", _("Missions abroad"), Perm.VIEW_GUIDE),
    ("guide:hotline_list", _("Hotlines"), Perm.VIEW_GUIDE),
]


def dashboard_links(user) -> list[dict]:
    allowed = [(name, label) for name, label, perm in DASHBOARD_LINKS if can(user, perm)]
    return [{"url": reverse(name), "label": label} for name, label in allowed]


def _nav_items(request) -> list[dict]:
    if request.user.is_authenticated and not getattr(request, "has_second_factor", True):
        return []  # during enrolment every other page would only lead back here
    items = [
        {"url": reverse(url_name), "label": label, "active": False}
        for url_name, label, perm in STAFF_MENU
        if can(request.user, perm)
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
