"""Reintegration with tools for a trade: the vocational profile of a case, trades and their tool kits, funding
sources, the aid request → approval → purchase → handover chain, and the follow-ups after it.

Free text about the person is sealed (core.sealed); money is in whole UZS (``PositiveBigIntegerField``); the
invoice and the signed handover act are files encrypted in the vault (core.vault_files).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.core.sealed import SealedText
from isenim.geo.models import MultilingualName
from isenim.reintegration.choices import (
    MAX_SCORE,
    SCORE_CHOICES,
    AidState,
    Milestone,
    Remigration,
    TradeWorked,
)

USER = settings.AUTH_USER_MODEL


class Trade(MultilingualName):
    """A trade the centre equips people for (carpenter, tailor…); its tool kit is ``ToolKitItem`` rows."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name_kaa"]
        verbose_name = _("trade")
        verbose_name_plural = _("trades")


class ToolKitItem(MultilingualName):
    trade = models.ForeignKey(Trade, on_delete=models.CASCADE, related_name="kit_items")
    code = models.SlugField(_("code"), max_length=60)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    estimated_price_uzs = models.PositiveBigIntegerField(_("estimated unit price, UZS"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["trade", "id"]
        verbose_name = _("tool kit item")
        verbose_name_plural = _("tool kit items")
        constraints = [models.UniqueConstraint(fields=["trade", "code"], name="reint_kit_item_code")]


class FundingSource(models.Model):
    """A budget the tools are paid from, e.g. a budget line of a grant."""

    name = models.CharField(_("funding source"), max_length=200)
    amount_uzs = models.PositiveBigIntegerField(_("budget, UZS"))
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-active", "-starts_on", "name"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="reint_period"
            )
        ]

    def __str__(self) -> str:
        return self.name


class VocationalProfile(models.Model):
    """What the person knows and wants to do, and the trade chosen with them (one per case). Education level
    and speciality live on the person (people.Person) and are changed through the people service."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="vocational_profile")
    sealed_skills = models.TextField(blank=True)
    skills = SealedText("sealed_skills", "reintegration.profile.skills")
    sealed_work_history = models.TextField(blank=True)
    work_history = SealedText("sealed_work_history", "reintegration.profile.work_history")
    sealed_trade_wanted = models.TextField(blank=True)
    trade_wanted = SealedText("sealed_trade_wanted", "reintegration.profile.trade_wanted")
    trade = models.ForeignKey(
        Trade,
        verbose_name=_("trade chosen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sealed_trade_reason = models.TextField(blank=True)
    trade_reason = SealedText("sealed_trade_reason", "reintegration.profile.trade_reason")
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vocational profile")
        verbose_name_plural = _("vocational profiles")

    def __str__(self) -> str:
        return f"{self.case} · profile"


class AidRequest(models.Model):
    """A tool kit asked for a case: requested → approved (or rejected) → purchased → handed over."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="aid_requests")
    trade = models.ForeignKey(Trade, verbose_name=_("trade"), on_delete=models.PROTECT, related_name="+")
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="requests"
    )
    state = models.CharField(_("status"), max_length=12, choices=AidState.choices, default=AidState.REQUESTED)
    total_uzs = models.PositiveBigIntegerField(_("total, UZS"), default=0)
    requested_by = models.ForeignKey(
        USER, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    decided_by = models.ForeignKey(
        USER, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    sealed_comment = models.TextField(blank=True)
    comment = SealedText("sealed_comment", "reintegration.aidrequest.comment")

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("tool kit request")
        verbose_name_plural = _("tool kit requests")
        indexes = [models.Index(fields=["state", "funding_source"], name="reint_request_state")]

    def __str__(self) -> str:
        return f"{self.case} · {self.trade.code} · {self.state}"


class AidRequestItem(models.Model):
    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="items")
    kit_item = models.ForeignKey(
        ToolKitItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price_uzs = models.PositiveBigIntegerField(_("unit price, UZS"))

    class Meta:
        ordering = ["request", "id"]

    def __str__(self) -> str:
        return f"{self.kit_item.code} × {self.quantity}"

    @property
    def line_total(self) -> int:
        return self.quantity * self.unit_price_uzs


class Purchase(models.Model):
    """What was actually bought for an approved request, with the invoice (encrypted in the vault)."""

    request = models.OneToOneField(AidRequest, on_delete=models.CASCADE, related_name="purchase")
    supplier = models.CharField(_("supplier"), max_length=200)
    purchased_on = models.DateField(_("bought on"))
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="purchases"
    )
    total_uzs = models.PositiveBigIntegerField(_("total, UZS"))
    invoice_vault_name = models.CharField(max_length=64)
    invoice_content_type = models.CharField(max_length=100)
    invoice_size = models.PositiveIntegerField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")

    def __str__(self) -> str:
        return f"{self.request} · {self.purchased_on}"


class PurchaseItem(models.Model):
    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="items")
    kit_item = models.ForeignKey(
        ToolKitItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price_uzs = models.PositiveBigIntegerField(_("unit price, UZS"))
    handed_over = models.BooleanField(_("handed over"), default=False)

    class Meta:
        ordering = ["purchase", "id"]

    def __str__(self) -> str:
        return f"{self.kit_item.code} × {self.quantity}"

    @property
    def line_total(self) -> int:
        return self.quantity * self.unit_price_uzs


class Handover(models.Model):
    """The tools given to the person, free of charge; the signed act may be scanned and kept."""

    request = models.OneToOneField(AidRequest, on_delete=models.CASCADE, related_name="handover")
    handed_over_on = models.DateField(_("handed over on"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    act_vault_name = models.CharField(max_length=64, blank=True)
    act_content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{self.request} · {self.handed_over_on}"


class FollowUpTask(models.Model):
    """The task in "My work" for one follow-up after a handover (created with the handover)."""

    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="follow_up_tasks")
    months = models.PositiveSmallIntegerField(choices=Milestone.choices)
    task = models.OneToOneField("cases.Task", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["request", "months"]
        constraints = [models.UniqueConstraint(fields=["request", "months"], name="reint_one_task_per_month")]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.months} months"


def _score_field(label):
    return models.PositiveSmallIntegerField(label, choices=SCORE_CHOICES)


class FollowUp(models.Model):
    """A follow-up at 3, 6 or 12 months: is the trade worked, income, intentions, and the questionnaire."""

    request = models.ForeignKey(AidRequest, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("follow-up"), choices=Milestone.choices)
    done_on = models.DateField(_("date"))
    done_by = models.ForeignKey(USER, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    trade_worked = models.CharField(_("works in the trade"), max_length=8, choices=TradeWorked.choices)
    monthly_income_uzs = models.PositiveBigIntegerField(_("monthly income, UZS"), null=True, blank=True)
    remigration = models.CharField(_("intends to migrate again"), max_length=12, choices=Remigration.choices)
    econ_income = _score_field(_("enough income for basic needs"))
    econ_work = _score_field(_("regular work or customers"))
    econ_debt = _score_field(_("free of unpayable debt"))
    soc_housing = _score_field(_("safe and stable housing"))
    soc_services = _score_field(_("access to services"))
    soc_network = _score_field(_("community and support"))
    psy_wellbeing = _score_field(_("well-being"))
    psy_safety = _score_field(_("feels safe"))
    psy_future = _score_field(_("plans the future at home"))
    sealed_notes = models.TextField(blank=True)
    notes = SealedText("sealed_notes", "reintegration.followup.notes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "id"]
        verbose_name = _("reintegration follow-up")
        verbose_name_plural = _("reintegration follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["request", "months"], name="reint_one_follow_up_per_month"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__lte": MAX_SCORE}), name=f"reint_{name}_max"
                )
                for name in (
                    "econ_income",
                    "econ_work",
                    "econ_debt",
                    "soc_housing",
                    "soc_services",
                    "soc_network",
                    "psy_wellbeing",
                    "psy_safety",
                    "psy_future",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.months} months"
