"""The one guard every change to a case, or to anything that hangs on it, passes first.

A closed case accepts no change: services call ``check_open`` before they write, and pages ask
``is_open_for_work`` before they offer a form. The director reopens a case (with a reason) to change it.
"""

from django.utils.translation import gettext as _

from isenim.cases.services import CaseRuleError


def check_open(case, message: str | None = None) -> None:
    """Refuse any change to a closed case (or to what hangs on it)."""
    if case.is_closed:
        raise CaseRuleError(message or _("The case is closed: the director reopens it before it can change."))
