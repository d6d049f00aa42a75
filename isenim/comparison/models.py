"""Comparison datasets: files in CTDC's format (IOM's Counter Trafficking Data Collaborative, or a partner's
contribution in the same shape) imported so the centre's profile can be set beside them.

They hold no person of the centre: each record is a row of someone else's k-anonymised file. The columns
that the pivot groups by most are typed fields; every column of the row, as the file had it after the
missing markers were read, is kept in ``values``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class ComparisonDataset(models.Model):
    name = models.SlugField(_("name"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    file_name = models.CharField(_("file"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    columns = models.JSONField(default=list)  # the file's columns, as CTDC names them, in the file's order
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    # [{"row": 12, "reason": "..."}], each rejected row with its reason (the report shown after import)
    rejections = models.JSONField(default=list)
    imported_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("comparison dataset")
        verbose_name_plural = _("comparison datasets")

    def __str__(self) -> str:
        return self.name


class ComparisonRecord(models.Model):
    dataset = models.ForeignKey(ComparisonDataset, on_delete=models.CASCADE, related_name="records")
    row_number = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField(null=True)  # yearOfRegistration
    datasource = models.CharField(max_length=20, blank=True)
    gender = models.CharField(max_length=30, blank=True)
    age_broad = models.CharField(max_length=8, blank=True)
    majority_status = models.CharField(max_length=10, blank=True)
    citizenship = models.CharField(max_length=2, blank=True)
    country_of_exploitation = models.CharField(max_length=2, blank=True)
    # every column of the row → its value ("" where missing), flags as "0"/"1"/""
    values = models.JSONField(default=dict)

    class Meta:
        ordering = ["dataset", "row_number"]
        indexes = [models.Index(fields=["dataset", "year"], name="comparison_dataset_year")]

    def __str__(self) -> str:
        return f"{self.dataset_id}:{self.row_number}"
