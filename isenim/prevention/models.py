"""Prevention: campaigns, printed materials in editions, print runs and the stock ledger, outreach actions,
media placements, and which of them an appeal was heard of through.

No person is named here: the people reached at an action are an anonymous tally by sex and broad age band.
Money is in whole UZS. The stock on hand of an edition is the sum of its ledger; ``Edition.on_hand`` is that
sum kept by ``services.stock`` under a row lock (a database CHECK keeps it from going below zero), so the
balances of every edition are read without summing half a million rows.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.prevention.choices import (
    TALLY_FIELDS,
    CampaignKind,
    EditionLanguage,
    MaterialKind,
    MovementKind,
    PlacementKind,
    PlaceType,
    ReviewState,
)

USER = settings.AUTH_USER_MODEL
FUNDING = "reintegration.FundingSource"
UNIT = "geo.AdminUnit"


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of campaign"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("aims and message"), blank=True)
    target_districts = models.ManyToManyField(
        UNIT, blank=True, related_name="+", verbose_name=_("target districts")
    )
    target_assemblies = models.ManyToManyField(
        UNIT, blank=True, related_name="+", verbose_name=_("target citizens' assemblies")
    )
    # TargetGroup codes; a list rather than a table: the groups are a fixed list, filtered in Python
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    funding_source = models.ForeignKey(
        FUNDING,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("funding source or grant budget line"),
    )
    target_materials = models.PositiveIntegerField(_("target: materials handed out"), null=True, blank=True)
    target_people = models.PositiveIntegerField(_("target: people reached"), null=True, blank=True)
    target_actions = models.PositiveIntegerField(_("target: actions held"), null=True, blank=True)
    target_placements = models.PositiveIntegerField(_("target: placements aired"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="prev_campaign_dates")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="prev_campaign_period"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Material(models.Model):
    """A poster, flyer, booklet, brochure, business card or video spot; its texts are ``Edition`` rows."""

    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="materials",
        verbose_name=_("made for campaign"),
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title


class Edition(models.Model):
    """One language and script of a material, in one version. A new version supersedes the approved one;
    superseded versions are kept (their stock, print runs and history stay)."""

    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="editions")
    language = models.CharField(_("language and script"), max_length=10, choices=EditionLanguage.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(
        _("review"), max_length=12, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    # The design file, encrypted in the vault like every upload (core.vault_files); its type read from content
    design_vault_name = models.CharField(max_length=80, blank=True)
    design_content_type = models.CharField(max_length=80, blank=True)
    design_file_name = models.CharField(_("design file"), max_length=200, blank=True)
    design_size = models.PositiveIntegerField(default=0)
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    low_stock_threshold = models.PositiveIntegerField(_("warn when stock falls below"), default=0)
    # The sum of this edition's ledger, kept by services.stock (never typed): see the module docstring.
    on_hand = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["material", "language", "-version"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["material", "language", "version"], name="prev_edition_version"),
            models.CheckConstraint(condition=models.Q(on_hand__gte=0), name="prev_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.material} · {self.get_language_display()} · v{self.version}"

    @property
    def low_on_stock(self) -> bool:
        # Only a version still printed warns (as the stock alerts): a superseded one is left to run out.
        return (
            self.state == ReviewState.APPROVED
            and self.low_stock_threshold > 0
            and self.on_hand < self.low_stock_threshold
        )


class PrintRun(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="print_runs")
    printed_on = models.DateField(_("printed on"))
    printer = models.CharField(_("printer"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_cost_uzs = models.PositiveBigIntegerField(_("unit cost, UZS"))
    funding_source = models.ForeignKey(
        FUNDING,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("paid from"),
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-printed_on", "-id"]
        verbose_name = _("print run")
        verbose_name_plural = _("print runs")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="prev_print_run_quantity")
        ]

    def __str__(self) -> str:
        return f"{self.edition} · {self.printed_on:%Y-%m-%d} · {self.quantity}"

    @property
    def cost_uzs(self) -> int:
        return self.quantity * self.unit_cost_uzs


class Tally(models.Model):
    """People reached, counted by sex × broad age band and never named (the grant's meetings count so too).
    The columns are TALLY_FIELDS, e.g. ``f_18_29``: women aged 18–29."""

    f_0_17 = models.PositiveIntegerField(_("women under 18"), default=0)
    f_18_29 = models.PositiveIntegerField(_("women 18–29"), default=0)
    f_30_49 = models.PositiveIntegerField(_("women 30–49"), default=0)
    f_50_plus = models.PositiveIntegerField(_("women 50 and over"), default=0)
    m_0_17 = models.PositiveIntegerField(_("men under 18"), default=0)
    m_18_29 = models.PositiveIntegerField(_("men 18–29"), default=0)
    m_30_49 = models.PositiveIntegerField(_("men 30–49"), default=0)
    m_50_plus = models.PositiveIntegerField(_("men 50 and over"), default=0)

    class Meta:
        abstract = True

    def tally(self) -> dict[str, int]:
        return {field: getattr(self, field) for field in TALLY_FIELDS}


class OutreachAction(Tally):
    """An action at a bazaar, a station, a hospital…: where, when, who was there, what was handed out and how
    many people were reached, counted by sex and broad age band (``TALLY_FIELDS`` columns), never named."""

    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("campaign"),
    )
    place_type = models.CharField(_("type of place"), max_length=20, choices=PlaceType.choices)
    place_name = models.CharField(_("place"), max_length=200)
    district = models.ForeignKey(UNIT, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    assembly = models.ForeignKey(
        UNIT,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("citizens' assembly"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    staff = models.ManyToManyField(USER, blank=True, related_name="+", verbose_name=_("staff present"))
    consultations = models.PositiveIntegerField(_("consultations given there"), default=0)
    # Filled once the count is entered (from the printed action sheet); until then the action is planned.
    tally_entered_at = models.DateTimeField(null=True, blank=True)
    # The sum of the tally columns, kept by the service that enters them (lists and dashboards add it up).
    reach_total = models.PositiveIntegerField(_("people reached"), default=0, editable=False)
    # Copies taken to the action minus those brought back (−the ledger's sum of its draws and returns),
    # kept by ``services.stock.move_stock`` in the same transaction (``isenim check-stock`` compares them).
    copies_handed_out = models.IntegerField(_("copies handed out"), default=0, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("outreach action")
        verbose_name_plural = _("outreach actions")
        indexes = [
            models.Index(fields=["starts_at"], name="prev_action_start"),
            models.Index(fields=["campaign", "starts_at"], name="prev_action_campaign"),
            models.Index(fields=["district", "starts_at"], name="prev_action_district"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="prev_action_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_place_type_display()}: {self.place_name}"


class StockMovement(models.Model):
    """One row of the stock ledger. ``quantity`` is signed by the kind (MOVEMENT_SIGN): + into the store."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("movement"), max_length=12, choices=MovementKind.choices)
    quantity = models.IntegerField(_("quantity"))
    moved_on = models.DateField(_("date"))
    print_run = models.OneToOneField(
        PrintRun, null=True, blank=True, on_delete=models.PROTECT, related_name="movement"
    )
    action = models.ForeignKey(
        OutreachAction, null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    distribution_point = models.CharField(_("distribution point"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moved_on", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [
            models.Index(fields=["edition", "moved_on"], name="prev_move_edition"),
            models.Index(fields=["action"], name="prev_move_action"),
            # The campaign page and the dashboard sum the copies drawn to a campaign's actions, by edition and
            # by day, from this index alone (never reading the ledger's rows).
            models.Index(
                fields=["action", "kind", "moved_on", "edition", "quantity"], name="prev_move_action_cover"
            ),
            models.Index(fields=["kind", "moved_on"], name="prev_move_kind"),
        ]
        constraints = [models.CheckConstraint(condition=~models.Q(quantity=0), name="prev_move_not_zero")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quantity:+d} · {self.edition_id}"


class Placement(models.Model):
    """A TV or radio spot, a poster or screen on public transport, a social-media post or a billboard."""

    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("campaign"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementKind.choices)
    operator = models.CharField(_("channel or operator"), max_length=200)
    programme_or_route = models.CharField(_("programme or route"), max_length=200, blank=True)
    edition = models.ForeignKey(
        Edition,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("material"),
    )
    district = models.ForeignKey(
        UNIT, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    airings = models.PositiveIntegerField(_("airings"), null=True, blank=True)
    vehicles = models.PositiveIntegerField(_("vehicles or screens"), null=True, blank=True)
    cost_uzs = models.PositiveBigIntegerField(_("cost, UZS"), default=0)
    funding_source = models.ForeignKey(
        FUNDING,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("paid from"),
    )
    # What the operator says; always shown as an estimate, never added to counted reach.
    stated_reach = models.PositiveIntegerField(
        _("reach stated by the operator (estimate)"), null=True, blank=True
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("media placement")
        verbose_name_plural = _("media placements")
        indexes = [models.Index(fields=["campaign", "starts_on"], name="prev_placement_campaign")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="prev_placement_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.operator}"


class AppealSource(models.Model):
    """Where the person behind an appeal heard of the centre, when they say: a campaign, an action, a
    placement or a material. Optional and anonymous like the appeal's own "heard of us" answer. ``campaign``
    is filled from the action or placement when they belong to one, so that counting by campaign is one
    index."""

    appeal = models.OneToOneField(
        "appeals.Appeal", on_delete=models.CASCADE, related_name="prevention_source"
    )
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(
        OutreachAction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    edition = models.ForeignKey(Edition, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Copied from the appeal, so that "appeals per campaign per month" needs no join to the appeals table.
    received_on = models.DateField()

    class Meta:
        verbose_name = _("where an appeal was heard of")
        indexes = [
            models.Index(fields=["campaign", "received_on"], name="prev_source_campaign"),
            models.Index(fields=["action"], name="prev_source_action"),
            models.Index(fields=["placement"], name="prev_source_placement"),
            models.Index(fields=["edition"], name="prev_source_edition"),
        ]

    def __str__(self) -> str:
        return f"appeal {self.appeal_id}"
