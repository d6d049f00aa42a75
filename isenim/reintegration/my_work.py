""" "My work" panel: tool kit requests waiting for the director's decision."""

from django.utils.translation import gettext_lazy as _

from isenim.cases.selectors.my_work import LIST_CAP
from isenim.core.access import Perm, can
from isenim.reintegration.selectors import aid_requests_waiting


def aid_requests_panel(user) -> dict | None:
    if not can(user, Perm.APPROVE_AID):
        return None
    return {
        "title": _("Tool kits waiting for your approval"),
        "template": "reintegration/_my_work_requests.html",
        "items": list(aid_requests_waiting(user)[:LIST_CAP]),
    }
