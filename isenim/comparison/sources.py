"""A comparison dataset as a pivot source: ``source_named("comparison:NAME")`` (registered in apps.py).

Dimensions are CTDC's own column names and their values are as the file has them ("" where the file has
no value: an empty cell, -99, Unknown or NULL), so a table can be checked against the file itself:

- the typed columns: ``yearOfRegistration``, ``Datasource``, ``gender``, ``ageBroad``, ``majorityStatus``,
  ``citizenship``, ``CountryOfExploitation`` (ISO codes, labelled with the country's name);
- ``citizenshipRegion`` and ``exploitationRegion``: the UN sub-region of those countries (CTDC's region
  table, ``exchange.ctdc.country_regions``);
- every flag column the file has (``isForcedLabour``, ``meansOfControlThreats``…), values "1", "0", "";
- one dimension per flag family, whose values are the names of the flags set to 1 in a record:
  ``typeOfExploitation`` (the ``is*`` types: isForcedLabour … isSlaveryAndPractices; isAbduction, a way of
  recruiting rather than a type, is its own dimension), ``meansOfControl``, ``typeOfLabour``, ``typeOfSex``,
  ``recruiterRelation``. A record with several flags set counts once under each of them, so the totals of
  such a table count mentions, not records; "" is a record with none set;
- the other text columns as they are (``majorityStatusAtExploit``, ``MajorityEntry``, the concatenated
  lists, ``RecruiterRelationship``).

Counting is one GROUP BY over the record's typed fields and flag bit sets (the JSON is read only for the
last group), expanded in Python: a flag family groups by its bit set and each group is split by its bits.
The dataset has only years, so the period of a request is not applied: filter on ``yearOfRegistration``.
Counts are raw; the screens and the console publish them through ``core.disclosure``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.comparison import vocabulary
from isenim.comparison.models import ComparisonDataset, ComparisonRecord
from isenim.core.access import Perm
from isenim.core.pivot import Dimension, PivotRequest, PivotSource, UnknownDimension
from isenim.exchange import ctdc

PREFIX = "comparison"
MISSING = ""

# family dimension → (the bit-set family, the flags that are its values)
FAMILY_DIMENSIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "typeOfExploitation": ("exploit", tuple(n for n in vocabulary.FAMILIES["exploit"] if n != "isAbduction")),
    "meansOfControl": ("control", vocabulary.FAMILIES["control"]),
    "typeOfLabour": ("labour", vocabulary.FAMILIES["labour"]),
    "typeOfSex": ("sex", vocabulary.FAMILIES["sex"]),
    "recruiterRelation": ("recruiter", vocabulary.FAMILIES["recruiter"]),
}
REGION_DIMENSIONS = {"citizenshipRegion": "citizenship", "exploitationRegion": "country_of_exploitation"}
REGION_COLUMNS = {"citizenshipRegion": "citizenship", "exploitationRegion": "CountryOfExploitation"}

LABELS = {
    "yearOfRegistration": gettext_lazy("Year of registration"),
    "Datasource": gettext_lazy("Data source"),
    "gender": gettext_lazy("Gender"),
    "ageBroad": gettext_lazy("Age band"),
    "majorityStatus": gettext_lazy("Adult or minor"),
    "citizenship": gettext_lazy("Citizenship"),
    "CountryOfExploitation": gettext_lazy("Country of exploitation"),
    "citizenshipRegion": gettext_lazy("Region of citizenship (UN sub-region)"),
    "exploitationRegion": gettext_lazy("Region of exploitation (UN sub-region)"),
    "typeOfExploitation": gettext_lazy("Type of exploitation"),
    "meansOfControl": gettext_lazy("Means of control"),
    "typeOfLabour": gettext_lazy("Type of forced labour"),
    "typeOfSex": gettext_lazy("Type of sexual exploitation"),
    "recruiterRelation": gettext_lazy("Relation to the recruiter"),
    "majorityStatusAtExploit": gettext_lazy("Adult or minor when exploitation began"),
    "MajorityEntry": gettext_lazy("Adult or minor on entering trafficking"),
}
AGE_ORDER = {vocabulary.fold(label): position for position, (label, _low, _high) in enumerate(ctdc.AGE_BANDS)}


@dataclass
class _Dim:
    """How one dimension is counted: the grouped fields, how a group turns into the dimension's values,
    and (for typed columns) the filter in SQL."""

    name: str
    fields: tuple[str, ...]
    expand: Callable[[dict], list[str]]
    sql_field: str = ""  # a typed field filtered in SQL ("" → filtered on the groups)
    annotations: dict | None = None


def _plain(field: str) -> Callable[[dict], list[str]]:
    def expand(group: dict) -> list[str]:
        value = group[field]
        return [MISSING if value is None else str(value)]

    return expand


def _region(field: str) -> Callable[[dict], list[str]]:
    regions = ctdc.country_regions()

    def expand(group: dict) -> list[str]:
        region = regions.get((group[field] or "").upper())
        return [region.un_subregion if region and region.un_subregion else MISSING]

    return expand


def _family(family: str, names: tuple[str, ...]) -> Callable[[dict], list[str]]:
    bits = [(name, vocabulary.FLAG_BITS[name][1]) for name in names]
    field = f"{family}_yes"

    def expand(group: dict) -> list[str]:
        value = group[field]
        found = [name for name, bit in bits if value & bit]
        return found or [MISSING]

    return expand


def _flag(name: str) -> Callable[[dict], list[str]]:
    family, bit = vocabulary.FLAG_BITS[name]
    yes, known = f"{family}_yes", f"{family}_known"

    def expand(group: dict) -> list[str]:
        if group[yes] & bit:
            return ["1"]
        return ["0"] if group[known] & bit else [MISSING]

    return expand


def _country_labels(codes) -> dict[str, str]:
    from isenim.geo.models import Country

    names = {country.iso2: country.name() for country in Country.objects.filter(iso2__in=list(codes))}
    regions = ctdc.country_regions()
    labels = {}
    for code in codes:
        name = names.get(code) or (regions[code].name if code in regions else "")
        labels[code] = f"{name} ({code})" if name else code
    return labels


class ComparisonSource(PivotSource):
    """One comparison dataset. Not narrowed by user: it holds no person of the centre; who may read it at
    all is ``permission`` (checked by the pages and the console that show it)."""

    permission = Perm.VIEW_INSIGHTS
    # The request's period is not applied (the records have only a year): see the module docstring.
    periodic = False

    def __init__(self, dataset: ComparisonDataset):
        self.dataset = dataset
        self.name = f"{PREFIX}:{dataset.name}"
        self.label = dataset.title or dataset.name
        self._dims = self._build()
        self._distinct: dict[str, list[str]] = {}

    # -- the dimensions ----------------------------------------------------------------------------------

    def _build(self) -> dict[str, _Dim]:
        columns = set(self.dataset.columns)
        dims: dict[str, _Dim] = {}
        for column, field in vocabulary.TYPED.items():
            if column in columns:
                dims[column] = _Dim(column, (field,), _plain(field), sql_field=field)
        for name, field in REGION_DIMENSIONS.items():
            if REGION_COLUMNS[name] in columns:
                dims[name] = _Dim(name, (field,), _region(field))
        for name, (family, flags) in FAMILY_DIMENSIONS.items():
            present = tuple(flag for flag in flags if flag in columns)
            if present:
                dims[name] = _Dim(name, (f"{family}_yes",), _family(family, present))
        for column in self.dataset.columns:
            if column in vocabulary.FLAG_BITS:
                family, _bit = vocabulary.FLAG_BITS[column]
                dims[column] = _Dim(column, (f"{family}_yes", f"{family}_known"), _flag(column))
            elif column not in vocabulary.TYPED:
                alias = f"v_{column}"
                dims[column] = _Dim(
                    column, (alias,), _plain(alias), annotations={alias: KT(f"values__{column}")}
                )
        return dims

    def _resolve(self, name: str) -> _Dim:
        if name in self._dims:
            return self._dims[name]
        folded = {key.lower(): key for key in self._dims}
        if name and name.lower() in folded:
            return self._dims[folded[name.lower()]]
        raise UnknownDimension(
            _("%(source)s has no dimension %(name)s; it has: %(names)s.")
            % {"source": self.name, "name": name, "names": ", ".join(self._dims)}
        )

    def dimensions(self) -> list[Dimension]:
        return [self._dimension(name) for name in self._dims]

    def dimension(self, name: str) -> Dimension:
        return self._dimension(self._resolve(name).name)

    def _dimension(self, name: str) -> Dimension:
        ordered = name == "yearOfRegistration"
        return Dimension(
            name=name,
            label=LABELS.get(name, name),
            values=lambda: self.values_of(name),
            ordered=ordered,
        )

    def distinct_values(self, name: str) -> list[str]:
        """The values the dataset holds for a dimension, in display order, "" (not recorded) last."""
        dim = self._resolve(name)
        if not self._distinct:
            self._fill_distinct()
        return self._distinct.get(dim.name, [])

    def _fill_distinct(self) -> None:
        """Every dimension's values at once (a page offering every filter asks for all of them): one query
        per typed or text column, one over all the flag bit sets together."""
        found: dict[str, set[str]] = {name: set() for name in self._dims}
        records = ComparisonRecord.objects.filter(dataset_id=self.dataset.pk)
        by_fields: dict[tuple, list[_Dim]] = {}
        bit_dims = []
        for dim in self._dims.values():
            if all(field.endswith(("_yes", "_known")) for field in dim.fields):
                bit_dims.append(dim)
            else:
                by_fields.setdefault(dim.fields, []).append(dim)
        for fields, dims in by_fields.items():
            queryset = records
            for dim in dims:
                if dim.annotations:
                    queryset = queryset.annotate(**dim.annotations)
            for group in queryset.values(*fields).distinct().order_by():
                for dim in dims:
                    found[dim.name].update(dim.expand(group))
        if bit_dims:
            bit_fields = sorted({field for dim in bit_dims for field in dim.fields})
            for group in records.values(*bit_fields).distinct().order_by():
                for dim in bit_dims:
                    found[dim.name].update(dim.expand(group))
        self._distinct = {
            name: sorted(values, key=lambda value, name=name: self._order(name, value))
            for name, values in found.items()
        }

    def _order(self, name: str, value: str):
        if value == MISSING:
            return (2, 0, "")
        if name == "yearOfRegistration":
            return (0, int(value), "")
        if name == "ageBroad":
            return (0, AGE_ORDER.get(vocabulary.fold(value), 99), value)
        if name in FAMILY_DIMENSIONS:
            return (0, FAMILY_DIMENSIONS[name][1].index(value), "")
        if name in vocabulary.FLAG_BITS:
            return (0, -int(value), "")
        return (1, 0, value.lower())

    def values_of(self, name: str) -> dict[str, object]:
        values = self.distinct_values(name)
        labels: dict[str, object] = {value: value for value in values}
        if name in ("citizenship", "CountryOfExploitation"):
            labels.update(_country_labels([value for value in values if value]))
        if MISSING in labels:
            labels[MISSING] = _("None recorded") if name in FAMILY_DIMENSIONS else _("Not recorded")
        return labels

    # -- hooks of the insights pivot (isenim.insights.pivot) ---------------------------------------------

    def labels(self, name: str, keys) -> dict[str, object]:
        """``keys`` of a dimension → their labels, in display order."""
        dim = self._resolve(name)
        ordered = sorted((key for key in keys if key is not None), key=lambda v: self._order(dim.name, v))
        labels: dict[str, object] = {key: key for key in ordered}
        if dim.name in ("citizenship", "CountryOfExploitation"):
            labels.update(_country_labels([key for key in ordered if key]))
        if MISSING in labels:
            labels[MISSING] = _("None recorded") if dim.name in FAMILY_DIMENSIONS else _("Not recorded")
        return labels

    def time_keys(self, name: str, starts_on, ends_on, seen) -> list[str] | None:
        """The years counted, in order ("" last); the request's period is not applied (module docstring)."""
        if name != "yearOfRegistration":
            return None
        return sorted((key for key in seen if key is not None), key=lambda v: self._order(name, v))

    def check_values(self, name: str, values) -> None:
        """A filter value that this dimension can never take (raises UnknownDimension with a message)."""
        dim = self._resolve(name)
        for value in values:
            if self._possible(dim.name, str(value)):
                continue
            message = _("%(dimension)s cannot be “%(value)s” in a CTDC file.")
            raise UnknownDimension(message % {"dimension": dim.name, "value": value})

    @staticmethod
    def _possible(name: str, value: str) -> bool:
        if value == MISSING:
            return True
        if name == "yearOfRegistration":
            return value.isdigit()
        if name in FAMILY_DIMENSIONS:
            return value in FAMILY_DIMENSIONS[name][1]
        if name in vocabulary.FLAG_BITS:
            return value in ("0", "1")
        if name in REGION_DIMENSIONS:
            return value in {region.un_subregion for region in ctdc.country_regions().values()}
        codes = vocabulary.allowed_codes().get(name)
        return codes is None or vocabulary.fold(value) in codes

    # -- counting ----------------------------------------------------------------------------------------

    def count(self, request: PivotRequest, *, user=None) -> dict[tuple[str, str | None], int]:
        rows = self._resolve(request.rows)
        cols = self._resolve(request.cols) if request.cols else None
        queryset = ComparisonRecord.objects.filter(dataset_id=self.dataset.pk)
        grouped: list[str] = []
        annotations: dict = {}
        checks: list[tuple[_Dim, set[str]]] = []

        def need(dim: _Dim) -> None:
            for field in dim.fields:
                if field not in grouped:
                    grouped.append(field)
            annotations.update(dim.annotations or {})

        need(rows)
        if cols is not None:
            need(cols)
        for name, wanted in (request.filters or {}).items():
            dim = self._resolve(name)
            wanted = {str(value) for value in wanted}
            if dim.sql_field:
                queryset = self._sql_filter(queryset, dim, wanted)
            else:
                need(dim)
                checks.append((dim, wanted))
        if annotations:
            queryset = queryset.annotate(**annotations)
        counts: Counter = Counter()
        for group in queryset.values(*grouped).annotate(n=Count("id")).order_by():
            if any(not wanted.intersection(dim.expand(group)) for dim, wanted in checks):
                continue
            number = group["n"]
            col_values = cols.expand(group) if cols is not None else [None]
            for row_value in rows.expand(group):
                for col_value in col_values:
                    counts[(row_value, col_value)] += number
        return dict(counts)

    @staticmethod
    def _sql_filter(queryset, dim: _Dim, wanted: set[str]):
        from django.db.models import Q

        field = dim.sql_field
        condition = Q()
        values = [value for value in wanted if value != MISSING]
        if field == "year":
            years = [int(value) for value in values if value.strip().lstrip("-").isdigit()]
            condition |= Q(year__in=years)
            if MISSING in wanted:
                condition |= Q(year__isnull=True)
            return queryset.filter(condition)
        if field in ("citizenship", "country_of_exploitation"):
            values = [value.strip().upper() for value in values]
        condition |= Q(**{f"{field}__in": values})
        if MISSING in wanted:
            condition |= Q(**{field: ""})
        return queryset.filter(condition)


# name → (dataset's version, its source): the dimensions' values are counted once per version.
_CACHE: dict[str, tuple[tuple, ComparisonSource]] = {}


def _version(dataset: ComparisonDataset) -> tuple:
    return (dataset.pk, dataset.file_sha256, dataset.rows_imported, dataset.imported_at)


def resolve(rest: str) -> ComparisonSource | None:
    """The source named ``comparison:REST``, or None when no dataset has that name."""
    dataset = ComparisonDataset.objects.filter(name=rest.strip()).first()
    if dataset is None:
        return None
    cached = _CACHE.get(dataset.name)
    if cached is not None and cached[0] == _version(dataset):
        return cached[1]
    source = ComparisonSource(dataset)
    _CACHE[dataset.name] = (_version(dataset), source)
    return source


def forget(name: str) -> None:
    _CACHE.pop(name, None)
