"""The fixed lists of an appeal: how it came, what it is about, its main cause, how the person heard of us.

Causes and screening indicators are defined with their rule in ``rules.py`` and explained in
docs/appeals.md. Values are stored; labels are translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    ONLINE_FORM = "online_form", _("Online form")
    TELEGRAM = "telegram", _("Telegram")
    PARTNER_REFERRAL = "partner_referral", _("Referral by a partner")
    OUTREACH = "outreach", _("Outreach action")


class Category(models.TextChoices):
    PRESUMED_VICTIM = "presumed_victim", _("Presumed victim of trafficking")
    DEPORTEE = "deportee", _("Deportee or administrative expulsion")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure consultation")
    MIGRANT_FAMILY = "migrant_family", _("Family of a labour migrant")
    DOCUMENTS_LOST = "documents_lost", _("Documents lost abroad")
    YOUNG_GRADUATE = "young_graduate", _("Young graduate: employment or business")
    OTHER = "other", _("Other")


class Cause(models.TextChoices):
    """The main cause, in the order the rule tries them (rules.CAUSE_RULES)."""

    JOB_DECEPTION = "job_deception", _("Deception about the job")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    DOCUMENTS_CONFISCATED = "documents_confiscated", _("Documents confiscated")
    NO_CONTRACT = "no_contract", _("Work without a written contract")
    IRREGULAR_STATUS = "irregular_status", _("Irregular crossing or stay")
    NO_LEGAL_KNOWLEDGE = "no_legal_knowledge", _("Lack of legal knowledge")
    OTHER = "other", _("Other cause")
    UNKNOWN = "unknown", _("Not established")


class HeardAbout(models.TextChoices):
    TV = "tv", _("Television")
    PRINTED = "printed", _("Poster, flyer or booklet")
    OUTREACH_ACTION = "outreach_action", _("Outreach action (bazaar, station, airport, hospital)")
    SOCIAL_MEDIA = "social_media", _("Social media")
    RELATIVE = "relative", _("A relative or neighbour")
    PARTNER = "partner", _("A partner organisation")
    OTHER = "other", _("Other")


class Appellant(models.TextChoices):
    """Who the appeal is from, as chosen on the intake form (an existing person is chosen by code)."""

    NEW = "new", _("A new person")
    ANONYMOUS = "anonymous", _("Anonymous")


class TriageState(models.TextChoices):
    """Where an appeal is between registration and its outcome (docs/appeals.md, "Triage")."""

    NEW = "new", _("New, nobody assigned")
    ASSIGNED = "assigned", _("Assigned")
    CLOSED = "closed", _("Outcome recorded")


class Outcome(models.TextChoices):
    """What came of an appeal: exactly one, recorded once."""

    CASE_OPENED = "case_opened", _("Case opened")
    ADVICE_GIVEN = "advice_given", _("Information or advice given")
    REFERRED = "referred", _("Referred to another organisation")
    UNREACHABLE = "unreachable", _("Could not be reached")
    DUPLICATE = "duplicate", _("Duplicate of another appeal")
    NO_ACTION = "no_action", _("No action needed")


class AdviceKind(models.TextChoices):
    """What information or advice was given."""

    MEMO = "memo", _("Pre-departure memo printed")
    GUIDE_PAGE = "guide_page", _("Safe-migration guide page given")
    ANSWER = "answer", _("Question answered")
