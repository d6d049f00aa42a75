"""Appeals («мүрәжат»): every request that reaches the centre, anonymous or from a person in the registry.

The presenting problem is a free-text narrative sealed with the key ring; everything else is coded so it
can be counted. ``cause`` and ``presumed_victim`` are computed by ``rules.py`` from the yes/no answers,
never typed, and are stored so that lists and statistics can filter on them.

Triage: every appeal moves from ``new`` to ``assigned`` (an owner) to ``closed`` (one outcome), through
``services``; ``due_on`` and the overdue rule come from ``urgency.py``.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.appeals import urgency
from isenim.appeals.choices import AdviceKind, Category, Cause, Channel, HeardAbout, Outcome, TriageState
from isenim.appeals.rules import CAUSE_FACTS, SCREENING_QUESTIONS, is_presumed_victim, main_cause
from isenim.core.sealed import SealedText
from isenim.geo.models import HomePlace

NARRATIVE_CONTEXT = "appeals.appeal.narrative"
OUTCOME_NOTE_CONTEXT = "appeals.appeal.outcome_note"
OPEN_STATES = (TriageState.NEW, TriageState.ASSIGNED)


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

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def unassigned(self):
        return self.filter(state=TriageState.NEW)

    def overdue(self, today: date):
        """Open appeals past their due date, and appeals still without an owner after a working day."""
        late = models.Q(due_on__lt=today) | models.Q(
            state=TriageState.NEW, received_on__lte=urgency.owner_overdue_if_received_by(today)
        )
        return self.open().filter(late)

    def most_urgent_first(self):
        """Presumed victims first, then the earliest due, then the earliest received."""
        return self.order_by("-presumed_victim", "due_on", "received_on", "id")


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
    # The presenting problem in clear; reading it is part of viewing the appeal (an access event).
    narrative = SealedText("sealed_narrative", NARRATIVE_CONTEXT)

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

    # Triage (docs/appeals.md): an owner, a due date, one outcome.
    state = models.CharField(
        _("triage state"), max_length=10, choices=TriageState.choices, default=TriageState.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_appeals",
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # The first assignment or outcome, whichever came first: "time from appeal to first action".
    first_action_at = models.DateTimeField(_("first action"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("outcome recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    advice_kind = models.CharField(
        _("information or advice given"), max_length=16, choices=AdviceKind.choices, blank=True
    )
    referred_to = models.CharField(_("referred to (organisation)"), max_length=200, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    # The reason (a referral, no action needed) or a note on the outcome, encrypted: read it through
    # ``outcome_note``.
    sealed_outcome_note = models.TextField(_("outcome note (encrypted)"), blank=True)
    outcome_note = SealedText("sealed_outcome_note", OUTCOME_NOTE_CONTEXT)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        # The triage lists: open appeals by due date (intake list, dashboard, My work).
        indexes = [models.Index(fields=["state", "due_on"], name="appeals_triage")]
        constraints = [
            # From a person, or anonymous. An anonymous appeal may later point at a record made under a
            # pseudonym (when a case is opened for them), and stays counted as anonymous.
            models.CheckConstraint(
                condition=models.Q(anonymous=True) | models.Q(person__isnull=False),
                name="appeals_anonymous_or_person",
            ),
            # new: no owner, no outcome; assigned: an owner, no outcome; closed: an owner and an outcome.
            models.CheckConstraint(
                condition=(
                    models.Q(state="new", assigned_to__isnull=True, outcome="")
                    | models.Q(state="assigned", assigned_to__isnull=False, outcome="")
                    | (models.Q(state="closed", assigned_to__isnull=False) & ~models.Q(outcome=""))
                ),
                name="appeals_triage_state",
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
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today: date) -> bool:
        if not self.is_open:
            return False
        if self.due_on is not None and self.due_on < today:
            return True
        return self.state == TriageState.NEW and self.received_on <= urgency.owner_overdue_if_received_by(
            today
        )

    def is_due_today(self, today: date) -> bool:
        return self.is_open and self.due_on == today and not self.is_overdue(today)

    @property
    def urgency(self) -> str:
        """As of today: "overdue", "due_today", or "" (closed, or due later); for pages and lists."""
        today = timezone.localdate()
        if self.is_overdue(today):
            return "overdue"
        return "due_today" if self.is_due_today(today) else ""

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


class AppealSettings(models.Model):
    """The director's choice of how soon appeals are acted on (one row; docs/appeals.md)."""

    working_days_to_act = models.PositiveSmallIntegerField(
        _("working days to act on an appeal that is not a presumed victim"),
        default=2,
        validators=[MaxValueValidator(30)],
        help_text=_("A presumed victim is always due the day the appeal was received."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("appeal settings")

    def __str__(self) -> str:
        return "appeal settings"

    @classmethod
    def current(cls) -> "AppealSettings":
        return cls.objects.get_or_create(pk=1)[0]
