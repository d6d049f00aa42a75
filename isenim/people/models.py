"""The registry of people. Who a person is (names, birth date, phones, address, documents) lives only
in ``sealed_identity``, encrypted with the key ring; the database sees a pseudonymous code, coarse facts
and keyed hashes (``PersonIndex``) for look-ups."""

import json
from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from isenim.core.crypto import decrypt_text, encrypt_text
from isenim.geo.models import HomePlace

IDENTITY_CONTEXT = "people.person.identity"
IDENTITY_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "phones",
    "address",
    "documents",
    # What an anonymous appellant agreed to be called, until their identity is known (appeals); not indexed.
    "pseudonym",
)


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    UNKNOWN = "U", _("Not stated")


class EducationLevel(models.TextChoices):
    NONE = "none", _("No formal education")
    PRIMARY = "primary", _("Primary")
    GENERAL_SECONDARY = "general_secondary", _("General secondary (school)")
    SECONDARY_SPECIALISED = (
        "secondary_specialised",
        _("Secondary specialised or vocational (college, technical school)"),
    )
    INCOMPLETE_HIGHER = "incomplete_higher", _("Incomplete higher")
    HIGHER = "higher", _("Higher")


class Person(HomePlace):
    code = models.CharField(_("code"), max_length=16, unique=True)
    sealed_identity = models.TextField(_("identity (encrypted)"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    # The year alone, for age statistics; the full birth date is only inside the sealed identity.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_date_approximate = models.BooleanField(_("age is approximate"), default=False)
    citizenship = models.ForeignKey(
        "geo.Country",
        verbose_name=_("citizenship"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    education_level = models.CharField(
        _("education"), max_length=24, choices=EducationLevel.choices, blank=True
    )
    education_speciality = models.CharField(_("speciality or trade"), max_length=120, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    external_id = models.CharField(_("id in an imported list"), max_length=64, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_people",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The duplicate check compares an exact birth date with the years of the few people kept with an
            # approximate age (people.search._near_in_age): this index holds only those.
            models.Index(
                fields=["id", "birth_year"],
                condition=models.Q(birth_date_approximate=True),
                name="people_person_approximate",
            )
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.code

    @cached_property
    def identity(self) -> dict:
        """The decrypted identity; reading it is a view that callers must record as an access event."""
        if not self.sealed_identity:
            return {}
        return json.loads(decrypt_text(self.sealed_identity, context=IDENTITY_CONTEXT))

    def display_name(self) -> str:
        ident = self.identity
        parts = [ident.get("last_name", ""), ident.get("first_name", ""), ident.get("middle_name", "")]
        name = " ".join(part for part in parts if part)
        if not name and ident.get("pseudonym"):
            return gettext("“%(pseudonym)s” (pseudonym)") % {"pseudonym": ident["pseudonym"]}
        return name or self.code

    @property
    def has_name(self) -> bool:
        """False for a record made under a pseudonym (an anonymous appellant), until a name is added."""
        return bool(self.identity.get("last_name") or self.identity.get("first_name"))

    @staticmethod
    def seal(identity: dict) -> str:
        clean = {key: identity.get(key) for key in IDENTITY_FIELDS if identity.get(key)}
        return encrypt_text(json.dumps(clean, ensure_ascii=False, sort_keys=True), context=IDENTITY_CONTEXT)


class PersonIndex(models.Model):
    """Keyed hashes of a person's normalised name parts, birth date, phones and documents."""

    class Kind(models.TextChoices):
        NAME = "name", _("full name")
        WORD = "word", _("one name")
        PAIR = "pair", _("two names")
        LOOSE = "loose", _("two names, loosely")
        BIRTH = "birth", _("birth date")
        PHONE = "phone", _("phone")
        DOCUMENT = "doc", _("document")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="index_entries")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    digest = models.CharField(max_length=40)
    # The person's home district, copied: the duplicate check finds a district's namesakes among
    # thousands of others from this index alone, without visiting a million people (written with the
    # rows on every create, edit, import and re-index: people.services).
    home_district = models.ForeignKey(
        "geo.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        # Every search reads by digest; with the district and the person in the index, reading a hit list
        # (or a district's part of it) needs no visit to the table.
        indexes = [models.Index(fields=["digest", "home_district", "person"], name="people_index_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.digest[:8]}"


class FamilyLink(models.Model):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        SIBLING = "sibling", _("Brother or sister")
        OTHER = "other", _("Other relative")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_links")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    relative_is_migrant_abroad = models.BooleanField(_("is a labour migrant abroad"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="people_family_link_unique"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")), name="people_no_self_link"
            ),
        ]
        verbose_name = _("family link")
        verbose_name_plural = _("family links")

    def __str__(self) -> str:
        return f"{self.person_id} {self.relation} {self.relative_id}"


class Consent(models.Model):
    class Purpose(models.TextChoices):
        SERVICES = "services", _("Receiving the centre's services")
        SHARING = "sharing", _("Sharing data with a named partner")
        STATISTICS = "statistics", _("Anonymised statistics")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    partner = models.CharField(_("partner"), max_length=200, blank=True)
    given_on = models.DateField(_("given on"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken by"), on_delete=models.PROTECT, related_name="+"
    )
    signed_form = models.CharField(_("signed form (encrypted file)"), max_length=80, blank=True)
    signed_form_type = models.CharField(max_length=100, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(purpose="sharing") | ~models.Q(partner=""),
                name="people_sharing_names_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose}"

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class NameEquivalent(models.Model):
    """A spelling the region treats as the same name as ``canonical`` (Ибрагим for Ибрайым), or an ending
    treated as the same ending (-бой for -бай). The duplicate check keys every name through them
    (people.equivalents, people.names); rows come from ``data/name_equivalents.json`` (``shipped``) or
    from staff, and are only added (a wrong one is withdrawn by the same service, audited)."""

    class Kind(models.TextChoices):
        NAME = "name", _("Name (also as a father's name and in a surname made from it)")
        ENDING = "ending", _("Ending of a name")

    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.NAME)
    canonical = models.CharField(_("name"), max_length=60)
    form = models.CharField(_("the same name written"), max_length=60)
    source = models.CharField(_("source"), max_length=500)
    shipped = models.BooleanField(_("shipped with the system"), default=False)
    # Shipped rows start unverified (docs/names.md): staff confirm them, or withdraw them.
    verified = models.BooleanField(_("verified"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "canonical", "form"]
        constraints = [models.UniqueConstraint(fields=["kind", "form"], name="people_name_equivalent_form")]
        verbose_name = _("name equivalent")
        verbose_name_plural = _("name equivalents")

    def __str__(self) -> str:
        return f"{self.form} = {self.canonical}"
