"""Return home, document restoration and pre-departure consultations, each on a case.

Free text and document numbers are sealed with the key ring (core.sealed); coded fields (kinds, dates,
statuses, costs) stay countable.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.cases.choices import IdentityDocumentType
from isenim.core.sealed import SealedText

USER = settings.AUTH_USER_MODEL


# --- Return home -------------------------------------------------------------------------------------


class ReturnStatus(models.TextChoices):
    PLANNED = "planned", _("Return being prepared")
    TRAVELLING = "travelling", _("Travelling home")
    RETURNED = "returned", _("Returned home")
    CANCELLED = "cancelled", _("Return cancelled")


class ReturnStepKind(models.TextChoices):
    CONSULATE_CONTACT = "consulate_contact", _("Contact with the consulate or embassy")
    IOM_CONTACT = "iom_contact", _("Contact with IOM or the partner abroad")
    TRAVEL_ARRANGED = "travel_arranged", _("Travel arranged")
    ARRIVAL = "arrival", _("Arrival")
    RECEPTION = "reception", _("Reception")
    FIRST_NEEDS_MET = "first_needs_met", _("First needs met")
    OTHER = "other", _("Other step")


class ReturnAssistance(models.Model):
    """The return home of the case's person: where from, when the travel is planned, how far it is."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="return_assistance"
    )
    from_country = models.ForeignKey(
        "geo.Country",
        verbose_name=_("returning from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_travel_on = models.DateField(_("planned travel date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.PLANNED
    )
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "support_returnassistance"  # the name it had before the app was renamed (no data moves)
        verbose_name = _("return assistance")
        verbose_name_plural = _("return assistance")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.status}"


class ReturnStep(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="return_steps")
    kind = models.CharField(_("step"), max_length=20, choices=ReturnStepKind.choices)
    done_on = models.DateField(_("date"))
    done_by = models.ForeignKey(USER, verbose_name=_("done by"), on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        "cases.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cost_uzs = models.DecimalField(_("cost, UZS"), max_digits=14, decimal_places=2, null=True, blank=True)
    sealed_note = models.TextField(blank=True)
    note = SealedText("sealed_note", "support.returnstep.note")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "support_returnstep"  # the name it had before the app was renamed (no data moves)
        ordering = ["done_on", "id"]
        verbose_name = _("return step")
        verbose_name_plural = _("return steps")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost_uzs__isnull=True) | models.Q(cost_uzs__gte=0),
                name="support_return_step_cost_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.kind} · {self.done_on}"


# --- Document restoration ----------------------------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")


# preparing → submitted → issued | refused; issued and refused are final.
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.PREPARING: frozenset({ApplicationStatus.SUBMITTED}),
    ApplicationStatus.SUBMITTED: frozenset({ApplicationStatus.ISSUED, ApplicationStatus.REFUSED}),
    ApplicationStatus.ISSUED: frozenset(),
    ApplicationStatus.REFUSED: frozenset(),
}

# The documents one applies for (the identity checklist's types without "other").
APPLICATION_DOC_TYPES = [
    (value, label) for value, label in IdentityDocumentType.choices if value != IdentityDocumentType.OTHER
]


# A certificate of return that expires before the planned travel home, or within this many days after it,
# is flagged: the person could be stopped at the border with an expired paper.
EXPIRY_MARGIN_DAYS = 3


class DocumentApplicationQuerySet(models.QuerySet):
    def expiring_before_travel(self):
        """The one definition of the expiry warning, for the case page, *My work* and anything else.

        Issued certificates of return whose validity ends before the planned travel home (or within
        EXPIRY_MARGIN_DAYS after it), while the return is still ahead (planned or travelling: once the
        person is home, an expired certificate no longer matters). Each row carries ``planned_travel_on``.
        """
        planned = "case__return_assistance__planned_travel_on"
        latest_safe = models.ExpressionWrapper(
            models.F(planned) + timedelta(days=EXPIRY_MARGIN_DAYS), output_field=models.DateField()
        )
        return (
            self.filter(
                doc_type=IdentityDocumentType.RETURN_CERTIFICATE,
                status=ApplicationStatus.ISSUED,
                valid_until__isnull=False,
                **{f"{planned}__isnull": False},
                case__return_assistance__status__in=[ReturnStatus.PLANNED, ReturnStatus.TRAVELLING],
            )
            .annotate(planned_travel_on=models.F(planned))
            .filter(valid_until__lte=latest_safe)
        )


class DocumentApplication(models.Model):
    """An application for one identity document of the case's person, to a mission of Uzbekistan."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="document_applications")
    doc_type = models.CharField(_("document"), max_length=20, choices=APPLICATION_DOC_TYPES)
    mission = models.ForeignKey(
        "guide.Mission",
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PREPARING
    )
    status_on = models.DateField(_("status since"), null=True, blank=True)
    sealed_number = models.TextField(blank=True)
    number = SealedText("sealed_number", "support.documentapplication.number")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentApplicationQuerySet.as_manager()

    class Meta:
        db_table = "support_documentapplication"  # the name it had before the app was renamed (no data moves)
        ordering = ["case", "created_at", "id"]
        verbose_name = _("document application")
        verbose_name_plural = _("document applications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_until")),
                name="support_application_valid_from_before_until",
            ),
            models.CheckConstraint(
                condition=models.Q(handed_over_on__isnull=True) | models.Q(status="issued"),
                name="support_application_handed_over_only_if_issued",
            ),
        ]
        indexes = [models.Index(fields=["doc_type", "status", "valid_until"], name="support_app_expiry")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.doc_type} · {self.status}"

    @property
    def is_return_certificate(self) -> bool:
        return self.doc_type == IdentityDocumentType.RETURN_CERTIFICATE

    def next_statuses(self) -> frozenset[str]:
        return APPLICATION_TRANSITIONS[self.status]
