"""A pre-departure consultation on a case: what was offered, what was checked, the topics given.

Its table keeps the name it had in the former ``returns`` app (``support_consultation``), and its sealed
texts keep their encryption contexts, so an existing install moves no data (docs/decisions.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.core.sealed import SealedText

USER = settings.AUTH_USER_MODEL


# --- Pre-departure consultation ------------------------------------------------------------------------


class OfferSource(models.TextChoices):
    EMPLOYER = "employer", _("An employer directly")
    AGENCY = "agency", _("A recruitment agency")
    ACQUAINTANCE = "acquaintance", _("An acquaintance or relative")
    ONLINE = "online", _("An advertisement or someone online")
    NONE = "none", _("No offer yet")
    OTHER = "other", _("Other")


CHECKLIST_FIELDS = [
    "contract_seen",
    "employer_checked",
    "registration_explained",
    "work_permit_explained",
    "contacts_saved",
]


class Consultation(models.Model):
    """A pre-departure consultation; its service delivery (cases.ServiceDelivery) is recorded with it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consultations")
    service = models.OneToOneField(
        "cases.ServiceDelivery", on_delete=models.PROTECT, related_name="consultation"
    )
    destination = models.ForeignKey(
        "geo.Country", verbose_name=_("destination"), on_delete=models.PROTECT, related_name="+"
    )
    consulted_on = models.DateField(_("date"))
    consulted_by = models.ForeignKey(
        USER, verbose_name=_("consulted by"), on_delete=models.PROTECT, related_name="+"
    )
    offer_source = models.CharField(
        _("the job was offered by"), max_length=20, choices=OfferSource.choices, default=OfferSource.NONE
    )
    sealed_job_offered = models.TextField(blank=True)
    job_offered = SealedText("sealed_job_offered", "support.consultation.job_offered")
    sealed_offered_by = models.TextField(blank=True)
    offered_by = SealedText("sealed_offered_by", "support.consultation.offered_by")
    contract_seen = models.BooleanField(_("the contract was seen and read with the person"), default=False)
    employer_checked = models.BooleanField(_("the employer or agency was checked"), default=False)
    registration_explained = models.BooleanField(_("registration on arrival was explained"), default=False)
    work_permit_explained = models.BooleanField(_("the work permit was explained"), default=False)
    contacts_saved = models.BooleanField(
        _("the person saved the hotline and mission contacts"), default=False
    )
    topics = models.JSONField(_("topics given"), default=list, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "support_consultation"  # the name it had before the app was renamed (no data moves)
        ordering = ["-consulted_on", "-id"]
        verbose_name = _("pre-departure consultation")
        verbose_name_plural = _("pre-departure consultations")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.destination_id} · {self.consulted_on}"

    def topic_labels(self) -> list[str]:
        from isenim.guide.models import Topic

        labels = dict(Topic.choices)
        return [str(labels.get(value, value)) for value in self.topics]
