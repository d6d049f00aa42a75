"""Insights: the appeals' facts the pivot counts over, the views the M&E officer saves, and official
figures by region that staff enter with their source.

``AppealFact`` is one row per appeal with every dimension of the pivot already resolved (the home place,
the person's sex and age band at the appeal, the destination's region, where they heard of the centre…),
so that a two-dimension count over a year of a million appeals reads one table. It holds no name, no
narrative, no date finer than the day: only codes. It is kept current by ``services.facts``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL
UNIT = "geo.AdminUnit"


class AppealFact(models.Model):
    appeal = models.OneToOneField(
        "appeals.Appeal", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    received_on = models.DateField()
    month = models.PositiveIntegerField()  # 202612: months, quarters and years fold from it
    category = models.CharField(max_length=20)
    channel = models.CharField(max_length=20)
    cause = models.CharField(max_length=24)
    heard_about = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=16, blank=True)
    presumed_victim = models.BooleanField(default=False)
    sex = models.CharField(max_length=1, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    destination = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    destination_region = models.CharField(max_length=40, blank=True)  # CTDC's UN sub-region
    home_district = models.ForeignKey(
        UNIT, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    home_assembly = models.ForeignKey(
        UNIT, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    campaign = models.ForeignKey(
        "prevention.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey(
        "prevention.OutreachAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placement = models.ForeignKey(
        "prevention.Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "caseworkers see their own figures": the appeals they registered or own
    registered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_to = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # whole days from received_on to the centre's local date of the appeal's first action (NULL: none yet)
    days_to_first_action = models.IntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["received_on", "cause"], name="insights_fact_day_cause"),
            models.Index(fields=["month", "home_district"], name="insights_fact_month_district"),
            # The pivot's one GROUP BY reads a period's entries of this index and never the table: the day
            # first (the period), then every column a pivot groups or filters by (docs/insights.md, "Pivot").
            models.Index(
                fields=[
                    "received_on",
                    "month",
                    "cause",
                    "category",
                    "channel",
                    "heard_about",
                    "outcome",
                    "presumed_victim",
                    "sex",
                    "age_band",
                    "destination",
                    "destination_region",
                    "home_district",
                    "home_assembly",
                    "campaign",
                    "action",
                    "placement",
                ],
                name="insights_fact_day_cover",
            ),
            # The dashboard's year counts (presumed victims by day, outcomes, days to the first action) read a
            # year of this narrow index and never the table (docs/insights.md, "Dashboards").
            models.Index(
                fields=["received_on", "presumed_victim", "outcome", "days_to_first_action"],
                name="insights_fact_day_acted",
            ),
        ]

    def __str__(self) -> str:
        return f"fact of appeal {self.appeal_id}"


class SavedView(models.Model):
    """A pivot the M&E officer named to reuse: the source, the dimensions, the filters and the period."""

    name = models.CharField(_("name"), max_length=120)
    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("data"), max_length=80, default="appeals")
    # {"rows": "cause", "cols": "home_district", "filters": {"sex": ["f"]}, "period": "last_12_months",
    #  "percent": "row"}: what the pivot page's query string says, kept as it was saved
    spec = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved analysis")
        verbose_name_plural = _("saved analyses")
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="insights_view_name_per_owner")]

    def __str__(self) -> str:
        return self.name


class OfficialFigure(models.Model):
    """A published official figure for a region and a year (trafficking crimes recorded, victims
    identified…), entered or imported by staff with its source, shown beside the centre's own series."""

    class Measure(models.TextChoices):
        CRIMES_RECORDED = "crimes_recorded", _("Trafficking crimes recorded")
        VICTIMS_IDENTIFIED = "victims_identified", _("Victims of trafficking identified")
        VICTIMS_ASSISTED = "victims_assisted", _("Victims of trafficking assisted")
        RETURNED = "returned", _("Citizens returned from abroad")

    region = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    measure = models.CharField(_("figure"), max_length=24, choices=Measure.choices)
    value = models.PositiveIntegerField(_("value"))
    source = models.CharField(_("source"), max_length=500)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "region", "year"]
        verbose_name = _("official figure")
        verbose_name_plural = _("official figures")
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "measure"], name="insights_figure_once")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.region_id} {self.year}"
