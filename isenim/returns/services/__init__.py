"""Every write of the returns app: keyword-only arguments, ``actor=``, one transaction, one audit event.

A refused change raises ``isenim.cases.services.CaseRuleError`` with a translated message the page shows.
"""
