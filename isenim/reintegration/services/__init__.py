"""Every write of the reintegration app: keyword-only arguments, ``actor=``, one transaction, one audit event.

A refused change raises ``ReintegrationError`` (a ``CaseRuleError``) with a translated message shown as it is.
"""

from isenim.cases.services import CaseRuleError


class ReintegrationError(CaseRuleError):
    """A change the rules refuse: a step out of order, a budget overspent, a bad file…"""
