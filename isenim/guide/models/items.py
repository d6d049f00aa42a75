"""Safe migration: destination countries, their guide items, Uzbekistan's missions there and hotlines.

Guide texts are reference data stored per language as columns (``title_kaa`` … ``body_en``), not gettext:
one row per item guarantees that an item exists in every UI language at once. The two derived scripts —
Karakalpak Latin and Uzbek Cyrillic — are transliterated from the Karakalpak Cyrillic and Uzbek Latin
columns when shown (as ``geo.MultilingualName.name`` does), so they can never drift from their source.

An item is shown to a client (public pages, printed memos) only when it is published AND has a
``verified_on`` date: unverified facts are marked in the staff pages and never shown publicly.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from isenim.core.translit import kaa_to_latin, uz_to_cyrillic
from isenim.geo.models import MultilingualName

# The stored text columns; kaa-latn and uz-cyrl are derived from kaa and uz.
TEXT_LANGUAGES = ["kaa", "uz", "ru", "en"]
_COLUMN_FOR_LANGUAGE = {"kaa": "kaa", "kaa-latn": "kaa", "uz": "uz", "uz-cyrl": "uz", "ru": "ru", "en": "en"}
_SCRIPT_CONVERTERS = {"kaa-latn": kaa_to_latin, "uz-cyrl": uz_to_cyrillic}


def localised(obj, prefix: str, language: str | None = None) -> str:
    """``obj.<prefix>_<lang>`` in the UI language (derived scripts transliterated); else kaa, ru, en."""
    code = language or get_language() or "kaa"
    column = _COLUMN_FOR_LANGUAGE.get(code, "kaa")
    text = getattr(obj, f"{prefix}_{column}", "")
    if text:
        return _SCRIPT_CONVERTERS.get(code, str)(text)
    for fallback in ("kaa", "ru", "en"):
        text = getattr(obj, f"{prefix}_{fallback}", "")
        if text:
            return text
    return ""


class Topic(models.TextChoices):
    ENTRY_STAY = "entry_stay", _("Entry and stay")
    REGISTRATION = "registration", _("Registration deadlines")
    WORK_PERMITS = "work_permits", _("Work permits")
    LABOUR_RIGHTS = "labour_rights", _("Labour rights")
    CUSTOMS = "customs", _("Customs and culture")
    DECEPTIONS = "deceptions", _("Common deceptions")
    DOCUMENTS_TAKEN = "documents_taken", _("If your documents are taken")
    OTHER = "other", _("Other")


class Destination(models.Model):
    country = models.OneToOneField(
        "geo.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="destination"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "migration_destination"  # the name it had before the app was renamed (no data moves)
        ordering = ["order", "country__iso2"]
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    def __str__(self) -> str:
        return self.country.name()

    @property
    def slug(self) -> str:
        return self.country.iso2.lower()


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class GuideTexts(models.Model):
    """The per-language texts and the facts about their source, shared by an item and its versions."""

    title_kaa = models.CharField(_("title (Karakalpak)"), max_length=200, blank=True)
    title_uz = models.CharField(_("title (Uzbek)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_kaa = models.TextField(_("text (Karakalpak)"), blank=True)
    body_uz = models.TextField(_("text (Uzbek)"), blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    source = models.TextField(
        _("source"), blank=True, help_text=_("Web addresses or documents the text rests on.")
    )
    verified_on = models.DateField(
        _("verified on"),
        null=True,
        blank=True,
        help_text=_("The day a staff member checked the facts against the source. Empty: not verified."),
    )

    TEXT_FIELDS = [f"{part}_{lang}" for part in ("title", "body") for lang in TEXT_LANGUAGES]
    COPIED_FIELDS = [*TEXT_FIELDS, "source", "verified_on"]

    class Meta:
        abstract = True

    def title(self, language: str | None = None) -> str:
        return localised(self, "title", language)

    def body(self, language: str | None = None) -> str:
        return localised(self, "body", language)


class GuideItem(GuideTexts):
    destination = models.ForeignKey(
        Destination, verbose_name=_("destination"), on_delete=models.PROTECT, related_name="items"
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=GuideStatus.choices, default=GuideStatus.DRAFT, db_index=True
    )
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last editor"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reference_key = models.CharField(
        _("reference key"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Set for items loaded from the shipped data; reloading keeps staff edits."),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        db_table = "migration_guideitem"  # the name it had before the app was renamed (no data moves)
        ordering = ["destination", "order", "topic", "pk"]
        verbose_name = _("guide item")
        verbose_name_plural = _("guide items")

    def __str__(self) -> str:
        return self.title() or self.get_topic_display()

    @property
    def is_public(self) -> bool:
        return self.status == GuideStatus.PUBLISHED and self.verified_on is not None


class GuideItemVersion(GuideTexts):
    """Every saved state of an item: the texts, who, when, the status and what was done."""

    item = models.ForeignKey(GuideItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=GuideStatus.choices)
    action = models.CharField(_("action"), max_length=20)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        db_table = "migration_guideitemversion"  # the name it had before the app was renamed (no data moves)
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="migration_version_unique")]
        verbose_name = _("guide item version")
        verbose_name_plural = _("guide item versions")

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class Mission(MultilingualName):
    """A diplomatic mission of Uzbekistan abroad. The inherited ``name_*`` columns hold the city."""

    class Kind(models.TextChoices):
        EMBASSY = "embassy", _("Embassy")
        CONSULATE_GENERAL = "consulate_general", _("Consulate general")
        CONSULATE = "consulate", _("Consulate")

    country = models.ForeignKey(
        "geo.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="uz_missions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.TextField(_("address"), blank=True)
    phones = models.CharField(_("phones"), max_length=300, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    verified_on = models.DateField(
        _("verified on"),
        null=True,
        blank=True,
        help_text=_("The day the address and phones were checked. Empty: unverified, never shown publicly."),
    )
    note = models.TextField(_("note for staff"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    reference_key = models.CharField(_("reference key"), max_length=60, unique=True, null=True, blank=True)

    class Meta:
        db_table = "migration_mission"  # the name it had before the app was renamed (no data moves)
        ordering = ["country__iso2", "order", "pk"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.name()}"


class Hotline(MultilingualName):
    """A hotline; the inherited ``name_*`` columns hold its name. No country: Uzbekistan-wide."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    answers_kaa = models.CharField(_("who answers (Karakalpak)"), max_length=300, blank=True)
    answers_uz = models.CharField(_("who answers (Uzbek)"), max_length=300, blank=True)
    answers_ru = models.CharField(_("who answers (Russian)"), max_length=300, blank=True)
    answers_en = models.CharField(_("who answers (English)"), max_length=300, blank=True)
    country = models.ForeignKey(
        "geo.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: for all of Uzbekistan."),
    )
    verified_on = models.DateField(
        _("verified on"),
        null=True,
        blank=True,
        help_text=_("The day the number was checked. Empty: not verified, never shown publicly."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    reference_key = models.CharField(_("reference key"), max_length=60, unique=True, null=True, blank=True)

    class Meta:
        db_table = "migration_hotline"  # the name it had before the app was renamed (no data moves)
        ordering = ["order", "pk"]
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")

    def answers(self, language: str | None = None) -> str:
        return localised(self, "answers", language)
