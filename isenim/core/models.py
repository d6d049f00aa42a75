from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    """Audit and access logs can be added to and read, never changed or deleted; every row added is
    linked into the log's hash chain (core.audit_chain)."""

    def update(self, **kwargs):
        raise TypeError("audit events are append-only")

    def delete(self):
        raise TypeError("audit events are append-only")

    def bulk_create(self, objs, *args, **kwargs):
        from isenim.core.audit_chain import link_new

        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            link_new(objs)
            return super().bulk_create(objs, *args, **kwargs)


class ChainedEvent(models.Model):
    """A row of an append-only log, linked to the row before it (core.audit_chain)."""

    # Set in Python, not on insert: the link covers the time, so it must be known before the row is saved.
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    link = models.CharField(max_length=64, blank=True, editable=False)
    key_id = models.CharField(max_length=16, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from isenim.core.audit_chain import link_new

        if self.pk is not None:
            raise TypeError("audit and access events are append-only")
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            link_new([self])
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit and access events are append-only")


class ChainHead(models.Model):
    """The newest link and the number of rows of one log: removing the newest rows breaks the chain too."""

    log = models.CharField(max_length=32, unique=True)
    last_link = models.CharField(max_length=64, blank=True)
    rows = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.log}: {self.rows}"


class AuditEvent(ChainedEvent):
    """One write or sensitive read, recorded in the same transaction as the change it describes."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("object type"), max_length=64)
    target_id = models.CharField(_("object"), max_length=64, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        # The case timeline reads the events of one object.
        indexes = [models.Index(fields=["target_type", "target_id"], name="core_audit_target")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"

    def action_label(self) -> str:
        from isenim.core.audit import action_label

        return action_label(self.action)

    @property
    def is_case_content(self) -> bool:
        """Events about people and appeals: their values are case content, hidden from the administrator."""
        from isenim.core.registry import is_case_content

        # The apps register what is case content (DESIGN §3: the administrator sees no case content).
        return is_case_content(self.target_type)

    def changes(self) -> list[dict[str, str]]:
        from isenim.core.audit import describe_changes

        return describe_changes(self.target_type, self.before, self.after)

    def target_label(self) -> str:
        from isenim.core.audit import target_label

        return target_label(self.target_type)


class AccessEvent(ChainedEvent):
    """One view of a person or appeal, or one export: who looked at what, when. Append-only."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        SEARCH = "search", _("Searched")
        DOWNLOAD = "download", _("Downloaded")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    target_type = models.CharField(_("object type"), max_length=64)
    target_id = models.CharField(_("object"), max_length=64, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.target_type}:{self.target_id}"

    def target_label(self) -> str:
        from isenim.core.audit import target_label

        return target_label(self.target_type)


class CentreContacts(models.Model):
    """The centre's public contact details: one row, edited by staff, shown on the public home page."""

    address_kaa = models.CharField(_("address (Karakalpak)"), max_length=300, blank=True)
    address_ru = models.CharField(_("address (Russian)"), max_length=300, blank=True)
    address_uz = models.CharField(_("address (Uzbek)"), max_length=300, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    hotline = models.CharField(_("hotline"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    hours_kaa = models.CharField(_("opening hours (Karakalpak)"), max_length=120, blank=True)
    hours_ru = models.CharField(_("opening hours (Russian)"), max_length=120, blank=True)
    hours_uz = models.CharField(_("opening hours (Uzbek)"), max_length=120, blank=True)
    hours_en = models.CharField(_("opening hours (English)"), max_length=120, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("centre contact details")
        verbose_name_plural = _("centre contact details")

    def __str__(self) -> str:
        return self.phone or "—"

    @classmethod
    def current(cls) -> "CentreContacts":
        return cls.objects.order_by("pk").first() or cls()


class CodeCounter(models.Model):
    """The last number given per prefix and year (ISN-2026-00042), taken under a row lock."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="core_code_counter_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class DemoData(models.Model):
    """Present while the demo data set is loaded (``isenim seed-demo`` writes it; an installation started
    from an empty database never has it). Every page and every PDF reads it (core.demo) and says plainly
    that what it shows is demo data: invented people, demo contact numbers, guide facts a demo member of
    staff "verified"."""

    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("demo data")
        verbose_name_plural = _("demo data")

    def __str__(self) -> str:
        return f"demo data since {self.loaded_at:%Y-%m-%d}"


class FormToken(models.Model):
    """A form sent once (core.once): the one-time token the page carried, who sent it where, and where the
    first answer led, so that the same form sent again (a double click, a reload) adds nothing."""

    token = models.CharField(max_length=64, unique=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    path = models.CharField(max_length=400)
    location = models.CharField(max_length=1000, blank=True)  # empty while the first is being handled
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.path} {self.created_at:%Y-%m-%d %H:%M}"
