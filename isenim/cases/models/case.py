"""A case: the centre's work with one person over a stretch of time, and the team that does it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.cases.choices import (
    ApprovalKind,
    ApprovalState,
    ClosureReason,
    Priority,
    Risk,
    Status,
)
from isenim.core.sealed import SealedText

USER = settings.AUTH_USER_MODEL


class CaseQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Status.CLOSED)


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    # A copy of the person's home district, kept up to date by people.services (edits, merges): the case
    # list filters by district through its own index instead of joining a million people.
    home_district = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("home district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # cases_district_opened leads with it
    )
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name=_("appeal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    manager = models.ForeignKey(
        USER,
        verbose_name=_("case manager"),
        on_delete=models.PROTECT,
        related_name="managed_cases",
        db_index=False,  # cases_manager_opened leads with it
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    risk = models.CharField(_("risk level"), max_length=10, choices=Risk.choices, default=Risk.MEDIUM)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    sealed_outcome = models.TextField(_("outcome summary (encrypted)"), blank=True)
    outcome = SealedText("sealed_outcome", "cases.case.outcome")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["-opened_on", "-id"], name="cases_opened"),
            # A filtered list is read in its order (the whole of it: opened_on, id) and stops at the page;
            # a caseworker's list checks its team places against these entries without reading the table
            # (bench cases at 300,000 cases, docs/performance.md).
            models.Index(fields=["status", "-opened_on", "-id"], name="cases_status_order"),
            models.Index(fields=["priority", "-opened_on", "-id"], name="cases_priority_order"),
            models.Index(fields=["risk", "-opened_on", "-id"], name="cases_risk_order"),
            models.Index(fields=["manager", "-opened_on", "-id"], name="cases_manager_opened"),
            models.Index(fields=["home_district", "-opened_on", "-id"], name="cases_district_opened"),
            # Active cases are a fifth of all: "active only" and My work's open cases walk just them.
            models.Index(
                fields=["-opened_on", "-id"], condition=~models.Q(status="closed"), name="cases_active_order"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED


class CaseMember(models.Model):
    """A member of the case's team. Their part on the case (psychologist, lawyer…) is their staff role."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="cases_member_once")]
        indexes = [models.Index(fields=["user", "case"], name="cases_member_user")]

    def __str__(self) -> str:
        return f"{self.case} · {self.user}"


class StatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    # Why the director reopened a closed case (services.cases.case_reopen); empty for other moves.
    sealed_reason = models.TextField(blank=True)
    reason = SealedText("sealed_reason", "cases.statuschange.reason")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_status}"


class Approval(models.Model):
    """A request for the director's decision: to close the case, or to start the plan's services."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(_("what"), max_length=10, choices=ApprovalKind.choices)
    state = models.CharField(
        _("decision"), max_length=10, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # What closing would record, held here until the decision.
    closure_reason = models.CharField(
        _("closure reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    sealed_summary = models.TextField(blank=True)
    summary = SealedText("sealed_summary", "cases.approval.summary")
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    sealed_comment = models.TextField(blank=True)
    comment = SealedText("sealed_comment", "cases.approval.comment")

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            # At most one open request of each kind per case.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(state="pending"),
                name="cases_one_pending_approval",
            )
        ]
        indexes = [models.Index(fields=["state", "kind"], name="cases_approval_state")]

    def __str__(self) -> str:
        return f"{self.case} · {self.kind} · {self.state}"


class CaseworkSettings(models.Model):
    """The centre's choices about casework (one row), edited by the director."""

    plan_needs_approval = models.BooleanField(
        _("an assistance plan needs the director's approval before services start"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("casework settings")

    def __str__(self) -> str:
        return "casework settings"

    @classmethod
    def current(cls) -> "CaseworkSettings":
        return cls.objects.get_or_create(pk=1)[0]
