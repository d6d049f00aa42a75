"""Releases of anonymised data: every file of the centre's cases that leaves it in CTDC's format is recorded
— who made it, when, for whom, with which k, its hash — with what is needed to check a later release
against it (two overlapping files must not be subtractable to reveal a person).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Release(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(_("given to"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    format = models.CharField(max_length=10, default="ctdc")
    file_type = models.CharField(_("file type"), max_length=4, default="csv")  # csv or xlsx
    # The file as given, encrypted in the vault (core.vault_files), so the page can hand it out again
    # byte for byte (its sha256 is the release's); empty for a console release written to a file.
    vault_name = models.CharField(max_length=80, blank=True)
    k = models.PositiveSmallIntegerField()
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    # the risk report shipped with the file: classes, smallest class, cells suppressed, information lost
    risk = models.JSONField(default=dict, blank=True)
    # what a later release is checked against: the released equivalence classes (quasi-identifier values
    # → count) and the set of cases in the file (internal ids, never leaving the centre)
    classes = models.JSONField(default=dict, blank=True)
    case_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("anonymised release")
        verbose_name_plural = _("anonymised releases")

    def __str__(self) -> str:
        return f"{self.format} {self.created_at:%Y-%m-%d} k={self.k}"
