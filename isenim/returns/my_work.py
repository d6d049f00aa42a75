""" "My work" panel: certificates of return that expire before the planned travel home, on my cases."""

from django.utils.translation import gettext_lazy as _

from isenim.cases.models import CaseMember
from isenim.cases.selectors.my_work import LIST_CAP
from isenim.core.access import Perm, can
from isenim.returns.selectors import expiring_return_certificates


def expiring_certificates_panel(user) -> dict | None:
    if not can(user, Perm.VIEW_CASES):
        return None
    mine = CaseMember.objects.filter(user=user).values("case_id")
    items = list(expiring_return_certificates(user).filter(case__in=mine).select_related("case")[:LIST_CAP])
    return {
        "title": _("Certificates of return expiring before the travel home"),
        "template": "returns/_my_work_certificates.html",
        "items": items,
    }
