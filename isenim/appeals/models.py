"""Appeals («мүрәжат»): every request that reaches the centre, anonymous or from a person in the registry.

The presenting problem is a free-text narrative sealed with the key ring; everything else is coded so it
can be counted. ``cause`` and ``presumed_victim`` are computed by ``rules.py`` from the yes/no answers,
never typed, and are stored so that lists and statistics can filter on them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.appeals.choices import Category, Cause, Channel, HeardAbout
from isenim.appeals.rules import CAUSE_FACTS, SCREENING_QUESTIONS, is_presumed_victim, main_cause
from isenim.core.crypto import decrypt_text, encrypt_text
from isenim.geo.models import HomePlace

NARRATIVE_CONTEXT = "appeals.appeal.narrative"


def _fact(name: str) -> models.BooleanField:
    return models.BooleanField(CAUSE_FACTS[name], default=False)


def _indicator(name: str) -> models.BooleanField:
    return models.BooleanField(SCREENING_QUESTIONS[name], default=False)


class AppealQuerySet(models.QuerySet):
    def received_between(self, start=None, end=None):
        qs = self
        if start:
            qs = qs.filter(received_on__gte=start)
        if end:
            qs = qs.filter(received_on__lte=end)
        return qs


class Appeal(HomePlace):
    code = models.CharField(_("code"), max_length=16, unique=True)
    received_on = models.DateField(_("received on"), db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("appellant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    destination = models.ForeignKey(
        "geo.Country",
        verbose_name=_("destination or country of exploitation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    heard_about = models.CharField(
        _("heard of the centre from"), max_length=20, choices=HeardAbout.choices, blank=True
    )
    heard_about_note = models.CharField(_("heard of the centre: details"), max_length=200, blank=True)
    # The presenting problem, encrypted; read and write it through ``narrative``.
    sealed_narrative = models.TextField(_("presenting problem (encrypted)"), blank=True)

    # Facts for the main cause (rules.CAUSE_FACTS).
    fact_job_deception = _fact("fact_job_deception")
    fact_debt = _fact("fact_debt")
    fact_documents_taken = _fact("fact_documents_taken")
    fact_no_contract = _fact("fact_no_contract")
    fact_irregular = _fact("fact_irregular")
    fact_deported = _fact("fact_deported")
    fact_no_legal_knowledge = _fact("fact_no_legal_knowledge")
    fact_family_lost_contact = _fact("fact_family_lost_contact")
    fact_other = _fact("fact_other")

    # Screening answers (rules.SCREENING_QUESTIONS).
    ind_not_free_to_leave = _indicator("ind_not_free_to_leave")
    ind_threats_violence = _indicator("ind_threats_violence")
    ind_forced_acts = _indicator("ind_forced_acts")
    ind_deceived = _indicator("ind_deceived")
    ind_documents_withheld = _indicator("ind_documents_withheld")
    ind_wages_withheld = _indicator("ind_wages_withheld")
    ind_debt_control = _indicator("ind_debt_control")
    ind_isolated = _indicator("ind_isolated")
    ind_excessive_hours = _indicator("ind_excessive_hours")
    ind_degrading_conditions = _indicator("ind_degrading_conditions")

    cause = models.CharField(_("main cause"), max_length=24, choices=Cause.choices, db_index=True)
    presumed_victim = models.BooleanField(_("presumed victim"), default=False, db_index=True)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            # Either anonymous or pointing at a person, never both and never neither.
            models.CheckConstraint(
                condition=(
                    models.Q(anonymous=True, person__isnull=True)
                    | models.Q(anonymous=False, person__isnull=False)
                ),
                name="appeals_anonymous_or_person",
            ),
            # An assembly is part of a district; which district is checked by the form and the service.
            models.CheckConstraint(
                condition=models.Q(home_assembly__isnull=True) | models.Q(home_district__isnull=False),
                name="appeals_assembly_needs_district",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def narrative(self) -> str:
        """The presenting problem in clear; reading it is part of viewing the appeal (an access event)."""
        if not self.sealed_narrative:
            return ""
        return decrypt_text(self.sealed_narrative, context=NARRATIVE_CONTEXT)

    @narrative.setter
    def narrative(self, text: str) -> None:
        text = (text or "").strip()
        self.sealed_narrative = encrypt_text(text, context=NARRATIVE_CONTEXT) if text else ""

    def facts(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name in CAUSE_FACTS}

    def screening(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name in SCREENING_QUESTIONS}

    def ticked_facts(self) -> list[str]:
        return [label for name, label in CAUSE_FACTS.items() if getattr(self, name)]

    def ticked_indicators(self) -> list[str]:
        return [label for name, label in SCREENING_QUESTIONS.items() if getattr(self, name)]

    def classify(self) -> None:
        """Recompute the main cause and the presumed-victim flag from the answers."""
        self.cause = main_cause(self.facts())
        self.presumed_victim = is_presumed_victim(self.screening())
