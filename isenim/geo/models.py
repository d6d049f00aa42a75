"""Reference data: Uzbekistan's administrative units (region → district → assembly) and countries.

Names are stored per language as data, not in gettext: staff correct them, and each row keeps its source
and whether a person has verified it (unverified facts are shown as such).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from isenim.core.translit import kaa_to_latin, uz_to_cyrillic

NAME_LANGUAGES = ["kaa", "kaa_latn", "uz", "uz_cyrl", "ru", "en"]


class MultilingualName(models.Model):
    name_kaa = models.CharField(_("name (Karakalpak, Cyrillic)"), max_length=200)
    name_kaa_latn = models.CharField(_("name (Karakalpak, Latin)"), max_length=200, blank=True)
    name_uz = models.CharField(_("name (Uzbek, Latin)"), max_length=200, blank=True)
    name_uz_cyrl = models.CharField(_("name (Uzbek, Cyrillic)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    source = models.TextField(_("source"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    corrected_by_staff = models.BooleanField(
        _("corrected by staff"),
        default=False,
        help_text=_("Reloading reference data keeps names that staff have corrected."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        """The name in the UI language; the derived scripts fall back to transliteration."""
        code = (language or get_language() or "kaa").replace("-", "_")
        stored = getattr(self, f"name_{code}", "") if code in NAME_LANGUAGES else ""
        if stored:
            return stored
        if code == "kaa_latn" and self.name_kaa:
            return kaa_to_latin(self.name_kaa)
        if code == "uz_cyrl" and self.name_uz:
            return uz_to_cyrillic(self.name_uz)
        return self.name_kaa or self.name_ru or self.name_en


class AdminUnit(MultilingualName):
    class Level(models.TextChoices):
        REGION = "region", _("Region")
        DISTRICT = "district", _("District")
        CITY = "city", _("City")
        ASSEMBLY = "assembly", _("Citizens' assembly")

    class AssemblyKind(models.TextChoices):
        MAHALLA = "mahalla", _("Mahalla citizens' assembly (MPJ)")
        VILLAGE = "village", _("Village citizens' assembly (APJ)")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("SOATO code, or the mahalla classifier code for an assembly"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    iso_3166_2 = models.CharField(_("ISO 3166-2"), max_length=6, blank=True)
    soato = models.CharField(_("SOATO"), max_length=10, blank=True)
    classifier_code = models.CharField(_("mahalla classifier code"), max_length=10, blank=True)
    assembly_kind = models.CharField(
        _("assembly type"), max_length=10, choices=AssemblyKind.choices, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="assembly") | models.Q(assembly_kind=""),
                name="geo_only_assemblies_have_kind",
            ),
        ]


class Country(MultilingualName):
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO 3166-1 numeric"), max_length=3, blank=True)

    class Meta:
        ordering = ["iso2"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class HomePlace(models.Model):
    """Where someone lives: a district (or city) and, inside it, a citizens' assembly. Forms check the
    pair with ``geo.places.check_place``."""

    home_district = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("home district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_assembly = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("citizens' assembly"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
