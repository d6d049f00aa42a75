from isenim.cases.models.case import Approval, Case, CaseMember, CaseworkSettings, StatusChange
from isenim.cases.models.casefile import (
    Assessment,
    CaseDocument,
    DomainScore,
    Goal,
    IdentityDocument,
    Note,
    Partner,
    Referral,
    ServiceDelivery,
    ServiceType,
    Task,
)

__all__ = [
    "Approval",
    "Assessment",
    "Case",
    "CaseDocument",
    "CaseMember",
    "CaseworkSettings",
    "DomainScore",
    "Goal",
    "IdentityDocument",
    "Note",
    "Partner",
    "Referral",
    "ServiceDelivery",
    "ServiceType",
    "StatusChange",
    "Task",
]
