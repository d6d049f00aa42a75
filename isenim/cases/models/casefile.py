"""What the team records in a case: assessments, the plan and its tasks, services, referrals, notes,
documents. Free text is sealed with the key ring (core.sealed); coded fields stay countable."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.cases.choices import (
    Direction,
    Discipline,
    Domain,
    IdentityDocumentStatus,
    IdentityDocumentType,
    PartnerKind,
    ReferralStatus,
    ResultKind,
    Score,
    ServiceGroup,
    ServiceResult,
    TaskKind,
)
from isenim.cases.models.case import Case
from isenim.core.sealed import SealedText
from isenim.geo.models import MultilingualName

USER = settings.AUTH_USER_MODEL


class Assessment(models.Model):
    """One needs assessment of a case; a later one is a re-assessment, compared domain by domain."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        USER, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return f"{self.case} · {self.assessed_on}"


class DomainScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    score = models.PositiveSmallIntegerField(_("score"), choices=Score.choices)
    sealed_observations = models.TextField(blank=True)
    observations = SealedText("sealed_observations", "cases.domainscore.observations")

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="cases_one_score_per_domain"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=4), name="cases_score_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.score}"


class Goal(models.Model):
    """A goal of the assistance plan, in one domain; its actions are tasks (Task.goal)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    sealed_text = models.TextField(blank=True)
    text = SealedText("sealed_text", "cases.goal.text")
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.case} · {self.domain}"


class Task(models.Model):
    """Something someone must do by a date: a plan action, a follow-up after a service, or a plain task."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices, default=TaskKind.OTHER)
    sealed_text = models.TextField(blank=True)
    text = SealedText("sealed_text", "cases.task.text")
    assignee = models.ForeignKey(
        USER, verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)  # the last reminder sent, so one a day at most
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["assignee", "done_on", "due_on"], name="cases_task_assignee_due")]

    def __str__(self) -> str:
        return f"{self.case} · {self.due_on}"


class ServiceType(MultilingualName):
    """The managed catalogue of services; staff extend it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    group = models.CharField(_("group"), max_length=16, choices=ServiceGroup.choices)
    result_kind = models.CharField(
        _("coded result"),
        max_length=16,
        choices=ResultKind.choices,
        blank=True,
        help_text=_("The results a delivery of this service records besides its outcome, if any."),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["group", "name_kaa"]
        verbose_name = _("service type")
        verbose_name_plural = _("service catalogue")


class Partner(MultilingualName):
    """A partner organisation that referrals go to or come from."""

    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = models.ForeignKey(
        "geo.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact = models.TextField(_("contact (office address, phone)"), blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "name_kaa"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")


class ServiceDelivery(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service"), on_delete=models.PROTECT, related_name="deliveries"
    )
    delivered_on = models.DateField(_("date"))
    provider_user = models.ForeignKey(
        USER,
        verbose_name=_("given by (staff)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provider_partner = models.ForeignKey(
        Partner,
        verbose_name=_("given by (partner)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duration_minutes = models.PositiveIntegerField(_("duration, minutes"), null=True, blank=True)
    cost_uzs = models.DecimalField(_("cost, UZS"), max_digits=14, decimal_places=2, null=True, blank=True)
    sealed_outcome = models.TextField(blank=True)
    outcome = SealedText("sealed_outcome", "cases.servicedelivery.outcome")
    # The coded result (issue 14, item 8), among those the service type offers; blank for older rows and
    # services that offer none. ``result_on``: when a result was reached (a job found, a benefit obtained).
    result = models.CharField(_("result"), max_length=24, choices=ServiceResult.choices, blank=True)
    result_on = models.DateField(_("result reached on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")
        indexes = [models.Index(fields=["result", "result_on"], name="cases_service_result_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(provider_user__isnull=False) | models.Q(provider_partner__isnull=False),
                name="cases_service_has_provider",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.service_type_id} · {self.delivered_on}"


class ReferralQuerySet(models.QuerySet):
    def waiting(self):
        """The one definition of a referral that waits on its handler, for *My work*, lists and reminders:
        sent (ours: chase the partner's answer; theirs: accept or refuse it) or accepted (ours: chase its
        completion; theirs: deliver it and mark it completed). Rejected and completed ones wait on no one."""
        return self.filter(status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED))


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="referrals"
    )
    sealed_reason = models.TextField(blank=True)
    reason = SealedText("sealed_reason", "cases.referral.reason")
    shares_personal_data = models.BooleanField(_("personal data is shared with the partner"), default=True)
    consent = models.ForeignKey(
        "people.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_on = models.DateField(_("sent on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    sealed_feedback = models.TextField(blank=True)
    feedback = SealedText("sealed_feedback", "cases.referral.feedback")
    # Who must act next on an incoming referral or answer an outgoing one on our side.
    handler = models.ForeignKey(
        USER, verbose_name=_("handled by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["handler", "status"], name="cases_referral_handler")]

    def __str__(self) -> str:
        return f"{self.case} → {self.partner_id} ({self.status})"


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    discipline = models.CharField(_("kind of note"), max_length=16, choices=Discipline.choices)
    sealed_body = models.TextField()
    body = SealedText("sealed_body", "cases.note.body")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        indexes = [models.Index(fields=["case", "discipline"], name="cases_note_discipline")]

    def __str__(self) -> str:
        return f"{self.case} · {self.discipline}"


class CaseDocument(models.Model):
    """A file of the case, encrypted in the vault (core.vault_files); the type is sniffed from the content."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    sealed_title = models.TextField()
    title = SealedText("sealed_title", "cases.casedocument.title")
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    vault_name = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.case} · {self.content_type}"


class IdentityDocument(models.Model):
    """The checklist of a person's identity documents: which they hold, lost or had restored."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="identity_documents")
    doc_type = models.CharField(_("document"), max_length=20, choices=IdentityDocumentType.choices)
    status = models.CharField(_("status"), max_length=10, choices=IdentityDocumentStatus.choices)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "doc_type"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        constraints = [
            models.UniqueConstraint(fields=["person", "doc_type"], name="cases_one_row_per_document")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.doc_type}: {self.status}"
