"""The fixed lists of grant projects: reporting periods, logframe levels, indicator kinds, report states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")


class NodeLevel(models.TextChoices):
    GOAL = "goal", _("Goal")
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")
    ACTIVITY = "activity", _("Activity")


# Which level may sit under which: goal → outcomes → outputs → activities.
PARENT_LEVEL = {
    NodeLevel.GOAL: None,
    NodeLevel.OUTCOME: NodeLevel.GOAL,
    NodeLevel.OUTPUT: NodeLevel.OUTCOME,
    NodeLevel.ACTIVITY: NodeLevel.OUTPUT,
}


class Unit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Per cent")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Disaggregation(models.TextChoices):
    SEX = "sex", _("Sex")
    AGE_BAND = "age_band", _("Age band")
    ASSEMBLY = "assembly", _("Citizens' assembly")


class ValueSource(models.TextChoices):
    COMPUTED = "computed", _("Computed by Isenim")
    MANUAL = "manual", _("Entered by hand with evidence")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ReportLanguage(models.TextChoices):
    KAA = "kaa", _("Karakalpak")
    UZ = "uz", _("Uzbek")
    RU = "ru", _("Russian")
