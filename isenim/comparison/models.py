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
    # Header cells that are none of CTDC's columns: reported on import and ignored.
    ignored_columns = models.JSONField(default=list, blank=True)
    file_format = models.CharField(max_length=8, blank=True)  # "csv" or "xlsx"
    # Made up for the demonstration (a synthetic file in CTDC's shape), never someone's real data.
    synthetic = models.BooleanField(_("synthetic"), default=False)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    # [{"row": 12, "reason": "..."}], each rejected row with its reason (the report shown after import);
    # the first MAX_REJECTIONS_KEPT are kept, rows_rejected counts them all.
    rejections = models.JSONField(default=list, blank=True)
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
    datasource = models.CharField(max_length=60, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    age_broad = models.CharField(max_length=20, blank=True)
    majority_status = models.CharField(max_length=20, blank=True)
    citizenship = models.CharField(max_length=2, blank=True)
    country_of_exploitation = models.CharField(max_length=2, blank=True)
    # The flag columns (``vocabulary.FAMILIES``), two bit sets per family: bit i of ``*_yes`` is the i-th flag
    # set to 1, of ``*_known`` the i-th flag given (0 or 1); a flag neither is missing.
    exploit_yes = models.IntegerField(default=0)
    exploit_known = models.IntegerField(default=0)
    control_yes = models.IntegerField(default=0)
    control_known = models.IntegerField(default=0)
    labour_yes = models.IntegerField(default=0)
    labour_known = models.IntegerField(default=0)
    sex_yes = models.IntegerField(default=0)
    sex_known = models.IntegerField(default=0)
    recruiter_yes = models.IntegerField(default=0)
    recruiter_known = models.IntegerField(default=0)
    # The other columns (majorityStatusAtExploit, the concatenated lists…) → the value as the file had it,
    # only where given: together with the typed fields and the bit sets, the whole row (``row()``).
    values = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dataset", "row_number"]
        indexes = [models.Index(fields=["dataset", "year"], name="comparison_dataset_year")]

    def __str__(self) -> str:
        return f"{self.dataset_id}:{self.row_number}"

    def row(self, columns) -> dict[str, str]:
        """The row as CTDC's columns → value ("" where missing, flags "0"/"1")."""
        from isenim.comparison.vocabulary import FLAG_BITS, TYPED

        found = {}
        for name in columns:
            if name in TYPED:
                value = getattr(self, TYPED[name])
                found[name] = "" if value is None else str(value)
            elif name in FLAG_BITS:
                family, bit = FLAG_BITS[name]
                if getattr(self, f"{family}_yes") & bit:
                    found[name] = "1"
                else:
                    found[name] = "0" if getattr(self, f"{family}_known") & bit else ""
            else:
                found[name] = self.values.get(name, "")
        return found
