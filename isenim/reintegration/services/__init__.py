"""Every write of the reintegration app: keyword-only arguments, ``actor=``, one transaction, one audit event.

A refused change raises ``ReintegrationError`` (a ``core.errors.Refusal``) with a translated message shown as
it is; a change to a closed case is refused by the case file's guard (``cases.guards.lock_open_case``).
"""

from isenim.core.errors import Refusal


class ReintegrationError(Refusal):
    """A change the rules refuse: a step out of order, a budget overspent, a bad file…"""
