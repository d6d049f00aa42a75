"""Retention and erasure (docs/retention.md): how long each kind of record keeps its personal content, the
records the director confirmed for anonymisation, and the requests of people to erase their data.

Anonymising keeps a record's row and its coded fields (dates, categories, sex, year of birth, district), so
that every count stays the same; it wipes the sealed texts, destroys the vault files and cuts the link to
the person (``services``). Nothing here holds a name: a request names its person by the record only.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.core.sealed import SealedText

USER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    CLOSED_CASE = "closed_case", _("Closed cases")
    APPEAL_WITHOUT_CASE = "appeal_no_case", _("Appeals closed without a case")
    CASE_DOCUMENTS = "case_documents", _("Uploaded documents of closed cases")
    CONSULTATION = "consultation", _("Pre-departure consultations (the job offer as told)")


# Months after the record's date (closing, outcome, consultation) before its personal content is due for
# anonymisation, until the director sets another number.
DEFAULT_MONTHS = {
    Kind.CLOSED_CASE: 60,
    Kind.APPEAL_WITHOUT_CASE: 36,
    Kind.CASE_DOCUMENTS: 12,
    Kind.CONSULTATION: 36,
}
MAX_MONTHS = 600


class RetentionPeriod(models.Model):
    kind = models.CharField(_("kind of record"), max_length=20, choices=Kind.choices, unique=True)
    months = models.PositiveSmallIntegerField(
        _("months kept"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)]
    )
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")

    def __str__(self) -> str:
        return f"{self.kind}: {self.months}"


class ErasureRequest(models.Model):
    """A person's request to erase their data: who decided, when and why. The reason is sealed (it may say
    more than it should); the person stays a row of codes after the erasure, so the request can name it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        GRANTED = "granted", _("Granted: erased")
        REFUSED = "refused", _("Refused")

    class Ground(models.TextChoices):
        CONSENT_WITHDRAWN = "consent_withdrawn", _("The person withdrew consent; nothing obliges us to keep")
        NO_LONGER_NEEDED = "no_longer_needed", _("The data is no longer needed for its purpose")
        LEGAL_DUTY = "legal_duty", _("A legal duty to keep (criminal proceedings, a court, an audit)")
        PROTECTION = "protection", _("Needed to protect the person or others now")
        NOT_IDENTIFIED = "not_identified", _("The requester could not be identified as the person")
        OTHER = "other", _("Other (see the reason)")

    GRANT_GROUNDS = (Ground.CONSENT_WITHDRAWN, Ground.NO_LONGER_NEEDED, Ground.OTHER)
    REFUSAL_GROUNDS = (Ground.LEGAL_DUTY, Ground.PROTECTION, Ground.NOT_IDENTIFIED, Ground.OTHER)

    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("request received on"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(_("decision"), max_length=8, choices=State.choices, default=State.PENDING)
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices, blank=True)
    sealed_reason = models.TextField(blank=True)
    reason = SealedText("sealed_reason", "retention.erasurerequest.reason")
    decided_by = models.ForeignKey(
        USER, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # What the erasure did: {"cases": 2, "appeals": 1, "files": 3, "people": 1}
    erased = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("request to erase")
        verbose_name_plural = _("requests to erase")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="pending", decided_by__isnull=True)
                | (~models.Q(state="pending") & models.Q(decided_by__isnull=False) & ~models.Q(ground="")),
                name="retention_decided_with_ground",
            )
        ]

    def __str__(self) -> str:
        return f"erasure request {self.pk}"


class Anonymisation(models.Model):
    """One record confirmed by the director for anonymisation, then done (or cancelled when it stopped
    being due, e.g. a case reopened). An erasure writes its rows here too, done at once."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed, waiting for the next run")
        DONE = "done", _("Anonymised")
        CANCELLED = "cancelled", _("Cancelled: no longer due")

    ERASURE = "erasure"
    KIND_CHOICES = [*Kind.choices, (ERASURE, _("Request to erase"))]

    kind = models.CharField(_("kind of record"), max_length=20, choices=KIND_CHOICES)
    record_type = models.CharField(max_length=40)  # "cases.case", "appeals.appeal", "guide.consultation"
    record_id = models.PositiveBigIntegerField()
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.CONFIRMED)
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    request = models.ForeignKey(
        ErasureRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="anonymisations"
    )
    # Counts only: {"texts": 12, "files": 2}
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_type", "record_id"],
                condition=~models.Q(state="cancelled"),
                name="retention_once_per_record",
            )
        ]
        indexes = [models.Index(fields=["record_type", "record_id"], name="retention_record")]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_type} {self.record_id}"
