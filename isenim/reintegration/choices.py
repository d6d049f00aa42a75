"""Coded values of the reintegration app, and the fixed follow-up questionnaire."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class AidState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the director")
    APPROVED = "approved", _("Approved, to be bought")
    REJECTED = "rejected", _("Rejected")
    PURCHASED = "purchased", _("Bought, to be handed over")
    HANDED_OVER = "handed_over", _("Handed over")


class TradeWorked(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly (now and then, or alongside other work)")
    NO = "no", _("No")


class Remigration(models.TextChoices):
    NONE = "none", _("No intention to leave again")
    CONSIDERING = "considering", _("Thinking about leaving again")
    PLANNING = "planning", _("Planning to leave (has a date, an offer or a recruiter)")


class Milestone(models.IntegerChoices):
    THREE = 3, _("3 months after the handover")
    SIX = 6, _("6 months after the handover")
    TWELVE = 12, _("12 months after the handover")


class Dimension(models.TextChoices):
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")


# The answer scale of every indicator: 0 = the worst situation, 4 = the best.
SCORE_CHOICES = [
    (0, _("0 — not at all")),
    (1, _("1 — a little")),
    (2, _("2 — partly")),
    (3, _("3 — mostly")),
    (4, _("4 — fully")),
]
MAX_SCORE = 4


@dataclass(frozen=True)
class Indicator:
    field: str
    dimension: str
    question: str


# Three indicators per dimension (docs/reintegration.md explains each and the scoring).
INDICATORS = [
    Indicator(
        "econ_income",
        Dimension.ECONOMIC,
        _("Earns enough to cover the household's basic needs (food, rent or utilities, children's school)"),
    ),
    Indicator("econ_work", Dimension.ECONOMIC, _("Has regular work or a steady flow of customers")),
    Indicator(
        "econ_debt",
        Dimension.ECONOMIC,
        _("Is free of debts that cannot be repaid (to recruiters, moneylenders, relatives)"),
    ),
    Indicator("soc_housing", Dimension.SOCIAL, _("Has safe and stable housing")),
    Indicator(
        "soc_services",
        Dimension.SOCIAL,
        _("Can use health care, documents and other public services when needed"),
    ),
    Indicator(
        "soc_network", Dimension.SOCIAL, _("Takes part in community life and has people to turn to for help")
    ),
    Indicator(
        "psy_wellbeing",
        Dimension.PSYCHOSOCIAL,
        _("Feels well in body and mind most days (sleep, worry, stress)"),
    ),
    Indicator(
        "psy_safety",
        Dimension.PSYCHOSOCIAL,
        _("Feels safe at home and in the community (no threats, no pressure to leave or to repay)"),
    ),
    Indicator("psy_future", Dimension.PSYCHOSOCIAL, _("Feels able to plan the future here at home")),
]
INDICATOR_FIELDS = [indicator.field for indicator in INDICATORS]
