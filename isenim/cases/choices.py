"""The fixed lists of the case file. Values are stored; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN = "plan", _("Plan")
    IN_SERVICE = "in_service", _("In service")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


# Forward one step, back one step (to revise). Closing is not here: it goes through an approval
# (services.cases.approval_request / approval_decide), from any status but closed; nor is reopening: only
# the director reopens a closed case, with a reason (services.cases.case_reopen).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.OPEN: frozenset({Status.ASSESSMENT}),
    Status.ASSESSMENT: frozenset({Status.OPEN, Status.PLAN}),
    Status.PLAN: frozenset({Status.ASSESSMENT, Status.IN_SERVICE}),
    Status.IN_SERVICE: frozenset({Status.PLAN, Status.FOLLOW_UP}),
    Status.FOLLOW_UP: frozenset({Status.IN_SERVICE}),
    Status.CLOSED: frozenset(),
}


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Risk(models.TextChoices):
    LOW = "low", _("Low risk")
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


class Domain(models.TextChoices):
    SAFETY = "safety", _("Safety")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    LEGAL = "legal", _("Legal")
    SOCIAL = "social", _("Social")
    MEDICAL = "medical", _("Medical")
    ECONOMIC = "economic", _("Economic and employment")
    DOCUMENTS = "documents", _("Documents")
    RETURN = "return", _("Return and travel")
    FAMILY = "family", _("Family")


class Score(models.IntegerChoices):
    CRITICAL = 1, _("1 · critical")
    SERIOUS = 2, _("2 · serious")
    MODERATE = 3, _("3 · moderate")
    GOOD = 4, _("4 · good")


class Discipline(models.TextChoices):
    """Who may read a note: the whole team, or only the case's psychologists, or only its lawyers."""

    SHARED = "shared", _("Shared case note")
    PSYCHOLOGICAL = "psychological", _("Psychologist's note")
    LEGAL = "legal", _("Lawyer's note")


class ServiceGroup(models.TextChoices):
    SOCIAL = "social", _("Social")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    LEGAL = "legal", _("Legal")
    MEDICAL = "medical", _("Medical")
    RETURN = "return", _("Return and documents")
    ECONOMIC = "economic", _("Economic")


class PartnerKind(models.TextChoices):
    STATE_REHABILITATION = "rehabilitation", _("State rehabilitation centre")
    INTERNATIONAL = "international", _("International organisation")
    INTERNAL_AFFAIRS = "internal_affairs", _("Internal affairs bodies")
    LABOUR_MIGRATION = "labour_migration", _("External labour migration agency")
    EMPLOYMENT = "employment", _("Employment centre")
    HOKIMIYAT = "hokimiyat", _("Hokimiyat")
    MISSION = "mission", _("Embassy or consulate")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Sent by us")
    INCOMING = "incoming", _("Received from a partner")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    COMPLETED = "completed", _("Completed")


REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.SENT: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.REJECTED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.COMPLETED}),
    ReferralStatus.REJECTED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
}


class TaskKind(models.TextChoices):
    ACTION = "action", _("Plan action")
    FOLLOW_UP = "follow_up", _("Follow-up")
    OTHER = "other", _("Task")


class ApprovalKind(models.TextChoices):
    CLOSURE = "closure", _("Closing the case")
    PLAN = "plan", _("Assistance plan")


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Returned")


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals of the plan met")
    REINTEGRATED = "reintegrated", _("Person reintegrated")
    REFERRED = "referred", _("Referred to another organisation for good")
    DECLINED = "declined", _("Person declined further help")
    UNREACHABLE = "unreachable", _("Person cannot be reached")
    MOVED_ABROAD = "moved_abroad", _("Person left the country again")
    DIED = "died", _("Person died")
    OTHER = "other", _("Other")


class IdentityDocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport (travel)")
    ID_CARD = "id_card", _("ID card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    RETURN_CERTIFICATE = "return_certificate", _("Certificate of return")
    OTHER = "other", _("Other document")


class IdentityDocumentStatus(models.TextChoices):
    HELD = "held", _("Held")
    LOST = "lost", _("Lost")
    RESTORED = "restored", _("Restored")


class ResultKind(models.TextChoices):
    """Which coded results a service type offers (``ServiceType.result_kind``): the outcomes a grant project
    for young graduates and labour migrants' families reports on (issue 14, item 8). Empty: none."""

    EMPLOYMENT = "employment", _("Employment under the Labour Code")
    BUSINESS = "business", _("Starting a business")
    BENEFIT = "benefit", _("A state benefit")
    FAMILY_HELP = "family_help", _("Help for a labour migrant's family")


class ServiceResult(models.TextChoices):
    """The coded result of a service delivered, beside its sealed free-text outcome."""

    JOB_FOUND = "job_found", _("Job found under the Labour Code")
    BUSINESS_REGISTERED = "business_registered", _("Business registered")
    BENEFIT_OBTAINED = "benefit_obtained", _("State benefit obtained")
    HELP_GIVEN = "help_given", _("The help defined was given")
    NOT_YET = "not_yet", _("Not yet")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


# A result reached (counted by the measures) per kind; every kind also offers "not yet" and "not achieved".
RESULT_REACHED: dict[str, str] = {
    ResultKind.EMPLOYMENT: ServiceResult.JOB_FOUND,
    ResultKind.BUSINESS: ServiceResult.BUSINESS_REGISTERED,
    ResultKind.BENEFIT: ServiceResult.BENEFIT_OBTAINED,
    ResultKind.FAMILY_HELP: ServiceResult.HELP_GIVEN,
}
PENDING_RESULTS = (ServiceResult.NOT_YET, ServiceResult.NOT_ACHIEVED)


def results_offered(result_kind: str) -> tuple[str, ...]:
    """The results a service type of ``result_kind`` offers: none without a kind."""
    reached = RESULT_REACHED.get(result_kind)
    return (reached, *PENDING_RESULTS) if reached else ()
