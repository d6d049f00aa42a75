"""Grant projects: the project and its budget lines, its target communities (citizens' assemblies), its
meetings with residents, its logframe with indicators, the values of each indicator by reporting period,
and the reports submitted to the donor.

No person is named here: attendance at a meeting is an anonymous tally (``prevention.models.Tally``), the
appeals that followed a meeting are links, counted through ``core.disclosure``. Money is in whole UZS.
An indicator's value for a period is a row per revision: the period is frozen when its report is
submitted, and a later correction is a new revision, never an edit.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.grants.choices import (
    Direction,
    NodeLevel,
    PeriodKind,
    ReportLanguage,
    ReportState,
    Unit,
    ValueSource,
)
from isenim.prevention.models import Tally

USER = settings.AUTH_USER_MODEL
UNIT = "geo.AdminUnit"


class GrantProject(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("project title"), max_length=300)
    donor = models.CharField(_("donor"), max_length=300)
    programme = models.CharField(_("programme"), max_length=300, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget_uzs = models.PositiveBigIntegerField(_("budget, UZS"), default=0)
    aims = models.TextField(_("aims, in the centre's words"), blank=True)
    reporting = models.CharField(
        _("reports to the donor every"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("report due, days after the period ends"), default=15
    )
    staff = models.ManyToManyField(USER, blank=True, related_name="+", verbose_name=_("staff responsible"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("grant project")
        verbose_name_plural = _("grant projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="grant_period"
            )
        ]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """A line of the project's budget: one of the funding sources tool kits, print runs and placements are
    paid from (reintegration.FundingSource), so its execution is what was really paid from it."""

    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="budget_lines")
    code = models.CharField(_("line"), max_length=20)
    funding_source = models.OneToOneField(
        "reintegration.FundingSource", on_delete=models.PROTECT, related_name="grant_line"
    )

    class Meta:
        ordering = ["project", "code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="grant_budget_line_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.funding_source}"


class TargetCommunity(models.Model):
    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="communities")
    assembly = models.ForeignKey(
        UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("citizens' assembly")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)

    class Meta:
        ordering = ["project", "assembly__code"]
        verbose_name = _("target community")
        verbose_name_plural = _("target communities")
        constraints = [models.UniqueConstraint(fields=["project", "assembly"], name="grant_community_once")]

    def __str__(self) -> str:
        return str(self.assembly)


class Topic(models.Model):
    """A topic of the project's meetings (legal knowledge, trafficking signs, the Labour Code for young
    people…): a list each project defines."""

    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("topic"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "order", "name"]
        verbose_name = _("meeting topic")
        verbose_name_plural = _("meeting topics")

    def __str__(self) -> str:
        return self.name


class Meeting(Tally):
    """A meeting with the residents of a citizens' assembly; attendance counted by sex × age band."""

    project = models.ForeignKey(GrantProject, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date"))
    assembly = models.ForeignKey(
        UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("citizens' assembly")
    )
    venue = models.CharField(_("venue"), max_length=200)
    topics = models.ManyToManyField(Topic, blank=True, related_name="meetings", verbose_name=_("topics"))
    facilitators = models.CharField(_("facilitators"), max_length=300, blank=True)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    questions_raised = models.TextField(_("questions raised"), blank=True)
    # Set when the attendance is entered (from the printed sheet); the sum of the tally columns.
    attendance_entered_at = models.DateTimeField(null=True, blank=True)
    attendance_total = models.PositiveIntegerField(_("attendance"), default=0, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("meeting with residents")
        verbose_name_plural = _("meetings with residents")
        indexes = [
            models.Index(fields=["project", "held_on"], name="grant_meeting_date"),
            models.Index(fields=["assembly", "held_on"], name="grant_meeting_assembly"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} · {self.assembly}"


class MeetingMaterial(models.Model):
    """Copies handed out at a meeting: the prevention ledger's row (kind "to_meeting") that drew them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    movement = models.OneToOneField("prevention.StockMovement", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.movement_id}"


class MeetingAppeal(models.Model):
    """An appeal that followed a meeting (the person came after it). Counted, never listed, outside the case
    team."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="appeals")
    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.CASCADE, related_name="grant_meeting")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.appeal_id}"


class ReportingPeriod(models.Model):
    """A period the project reports on (e.g. 2026-Q3), made from the project's dates and reporting rhythm;
    ``due_on`` puts the report in *My work* and in the reminders."""

    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    label = models.CharField(_("period"), max_length=20)  # "2026-Q3", "2026-H1", "2026-07", "2026"
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    due_on = models.DateField(_("report due"), null=True, blank=True)

    class Meta:
        ordering = ["project", "starts_on", "kind"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["project", "label"], name="grant_period_label"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="grant_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class LogframeNode(models.Model):
    project = models.ForeignKey(GrantProject, on_delete=models.CASCADE, related_name="logframe")
    level = models.CharField(_("level"), max_length=10, choices=NodeLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("number"), max_length=20)  # "1", "1.2", "1.2.3"
    text = models.TextField(_("statement"))

    class Meta:
        ordering = ["project", "code"]
        verbose_name = _("logframe row")
        verbose_name_plural = _("logframe rows")
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="grant_node_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class Indicator(models.Model):
    """An indicator with its indicator sheet. ``measure`` names a measure of the measures registry
    (``core.measures``) that computes its actuals from the data; empty: entered by hand with evidence."""

    node = models.ForeignKey(LogframeNode, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("number"), max_length=20)
    name = models.CharField(_("indicator"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.NUMBER)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    cumulative = models.BooleanField(_("cumulative"), default=False)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    life_target = models.DecimalField(
        _("target for the life of the project"), max_digits=14, decimal_places=2
    )
    disaggregation = models.JSONField(_("disaggregated by"), default=list, blank=True)  # Disaggregation codes
    means_of_verification = models.TextField(_("means of verification"), blank=True)
    reported_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("who reports")
    )
    measure = models.CharField(_("computed by"), max_length=60, blank=True)
    measure_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["node__project", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="targets")
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("indicator target")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="grant_target_once")]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.period_id}: {self.target}"


class IndicatorValue(models.Model):
    """One revision of an indicator's value for a period. The current value is the highest revision; a
    frozen revision (its report submitted) is never changed: a correction is the next revision with its
    reason. A value entered by hand carries its evidence and counts once a second person approves it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="values")
    revision = models.PositiveSmallIntegerField(default=1)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    breakdown = models.JSONField(default=dict, blank=True)  # {"sex": {"f": 12, "m": 9}, ...}
    source = models.CharField(max_length=10, choices=ValueSource.choices)
    reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    evidence_vault_name = models.CharField(max_length=80, blank=True)
    evidence_content_type = models.CharField(max_length=80, blank=True)
    evidence_file_name = models.CharField(_("evidence"), max_length=200, blank=True)
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    frozen = models.BooleanField(default=False)

    class Meta:
        ordering = ["indicator", "period", "-revision"]
        verbose_name = _("indicator value")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "revision"], name="grant_value_revision")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.period_id} r{self.revision}: {self.value}"


class Report(models.Model):
    """A report to the donor for one period: its narrative, then the files built in the background and kept
    with the submission (encrypted in the vault)."""

    project = models.ForeignKey(GrantProject, on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    language = models.CharField(_("language"), max_length=5, choices=ReportLanguage.choices)
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    narrative = models.JSONField(default=dict, blank=True)  # the donor's narrative fields, by key
    pdf_vault_name = models.CharField(max_length=80, blank=True)
    xlsx_vault_name = models.CharField(max_length=80, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent, while the files are built
    built_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "-period__starts_on"]
        verbose_name = _("donor report")
        verbose_name_plural = _("donor reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period"], condition=models.Q(state="submitted"), name="grant_one_submitted_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period.label} ({self.language})"
