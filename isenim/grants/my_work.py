"""Grant reports coming due: a panel of *My work* (for the members of the case team responsible for a
project, e.g. the director) and of the staff dashboard (for every role that sees grants: the M&E officer
and the prevention officer have no *My work*)."""

from django.utils.translation import gettext_lazy as _

from isenim.cases.selectors.my_work import LIST_CAP
from isenim.core.access import Perm, can
from isenim.grants.selectors.projects import reports_due


def reports_due_panel(user) -> dict | None:
    """My work: the reports due within two weeks or overdue, of the projects the user is responsible for."""
    if not can(user, Perm.VIEW_GRANTS):
        return None
    return {
        "title": _("Donor reports coming due"),
        "template": "grants/_my_work_reports.html",
        "items": list(reports_due(user)[:LIST_CAP]),
    }


def dashboard_panel(user) -> dict | None:
    items = list(reports_due(user)[:LIST_CAP])
    if not items:
        return None
    return {
        "title": _("Donor reports coming due"),
        "template": "grants/_dashboard_panel.html",
        "items": items,
    }
