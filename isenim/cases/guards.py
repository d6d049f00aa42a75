"""The one guard every change to a case, or to anything that hangs on it, passes first.

A closed case accepts no change: every service that writes to a case or to what hangs on it (notes, tasks,
plan, documents, services, referrals, returns, consultations, tool kits, follow-ups…) calls
``lock_open_case`` (or ``check_open`` on a case it has just locked) inside its transaction, before it
writes. Pages ask ``open_for_work`` before they offer a form. Only the director reopens a case, with a
reason (``services.cases.case_reopen``). ``tests/test_closed_case.py`` lists every service and proves it.
"""

from django.utils.translation import gettext as _

from isenim.cases.models import Case
from isenim.cases.services import CaseRuleError
from isenim.core.access import Perm, can


def closed_message() -> str:
    return _("This case is closed: reopen it before changing its file.")


def check_open(case: Case, message: str | None = None) -> None:
    """Refuse any change to a closed case (or to what hangs on it)."""
    if case.is_closed:
        raise CaseRuleError(message or closed_message())


def lock_open_case(case: Case | int, message: str | None = None) -> Case:
    """The case (an instance or its id) read again and locked for this transaction, so that closing it
    and changing it cannot overlap; refuses when it is closed."""
    locked = Case.objects.select_for_update().get(pk=getattr(case, "pk", case))
    check_open(locked, message)
    return locked


def open_for_work(user, case: Case, perm: Perm = Perm.WORK_ON_CASES) -> bool:
    """Whether a page offers ``user`` the forms that change ``case``: the permission, on an open case."""
    return can(user, perm) and not case.is_closed
