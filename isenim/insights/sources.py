"""The pivot's sources of the centre's own data: ``appeals`` (over AppealFact) and ``cases``
(docs/insights.md, "Pivot").

A source counts raw, narrowed to what the user may see (``narrow``); the engine (``insights.pivot``)
suppresses. Values are strings: codes as stored, ``"none"`` for nothing recorded, ``"yes"``/``"no"``,
primary keys of districts, countries and campaigns; months ``2026-03``, quarters ``2026-Q1``, years
``2026``. Labels are in the reader's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from isenim.core.access import Perm, can
from isenim.core.collation import sort_key
from isenim.core.pivot import Dimension, PivotRequest, PivotSource, UnknownDimension
from isenim.insights import periods
from isenim.insights.facts import AGE_BANDS

NONE = "none"
TIME = ("month", "quarter", "year")

# CTDC's UN sub-regions (exchange/data/ctdc/…_region.csv), named for the reader.
SUB_REGIONS = {
    "Australia and New Zealand": _("Australia and New Zealand"),
    "Central Asia": _("Central Asia"),
    "Eastern Asia": _("Eastern Asia"),
    "Eastern Europe": _("Eastern Europe"),
    "Latin America and the Caribbean": _("Latin America and the Caribbean"),
    "Melanesia": _("Melanesia"),
    "Micronesia": _("Micronesia"),
    "Northern Africa": _("Northern Africa"),
    "Northern America": _("Northern America"),
    "Northern Europe": _("Northern Europe"),
    "Polynesia": _("Polynesia"),
    "South-eastern Asia": _("South-eastern Asia"),
    "Southern Asia": _("Southern Asia"),
    "Southern Europe": _("Southern Europe"),
    "Sub-Saharan Africa": _("Sub-Saharan Africa"),
    "Western Asia": _("Western Asia"),
    "Western Europe": _("Western Europe"),
}


def _time_key(dimension: str, month: int) -> str:
    year, m = divmod(month, 100)
    if dimension == "month":
        return f"{year}-{m:02d}"
    if dimension == "quarter":
        return f"{year}-Q{(m - 1) // 3 + 1}"
    return str(year)


def _months_of(dimension: str, value: str) -> list[int]:
    """The integer months a time value covers; UnknownDimension when it is not one."""
    try:
        if dimension == "month":
            year, m = value.split("-")
            if len(m) != 2 or not 1 <= int(m) <= 12:
                raise ValueError
            return [int(year) * 100 + int(m)]
        if dimension == "quarter":
            year, q = value.split("-Q")
            if not 1 <= int(q) <= 4:
                raise ValueError
            first = (int(q) - 1) * 3 + 1
            return [int(year) * 100 + first + i for i in range(3)]
        year = int(value)
        if not 1900 <= year <= 2200:
            raise ValueError
        return [year * 100 + m for m in range(1, 13)]
    except ValueError:
        raise UnknownDimension(
            gettext("Unknown value for %(dimension)s: %(value)s.") % {"dimension": dimension, "value": value}
        ) from None


def time_keys(dimension: str, starts_on: date | None, ends_on: date | None, seen: Iterable[str]):
    """Every month, quarter or year of the period, in order (zeros shown); with an open period, from the
    first to the last seen."""
    seen = [s for s in seen if s is not None]
    if starts_on is None or ends_on is None:
        if not seen:
            return []
        months = sorted(m for value in seen for m in _months_of(dimension, value))
        first, last = months[0], months[-1]
        if starts_on is not None:
            first = periods.month_key(starts_on)
        if ends_on is not None:
            last = periods.month_key(ends_on)
    else:
        first, last = periods.month_key(starts_on), periods.month_key(ends_on)
    return list(dict.fromkeys(_time_key(dimension, m) for m in periods.months_between(first, last)))


def time_label(dimension: str, value: str) -> str:
    if dimension == "month":
        from django.utils.formats import date_format

        year, m = value.split("-")
        return date_format(date(int(year), int(m), 1), "YEAR_MONTH_FORMAT")
    return value


@dataclass(frozen=True)
class Column:
    """How a dimension is stored in the fact table."""

    field: str  # the column read by values()
    kind: str = "code"  # "code" (text, "" = none), "fk" (id, NULL = none), "bool", "time"


def _choices(choices, *, none_label=None) -> Callable[[], dict]:
    def values():
        out = dict(choices.choices)
        if none_label is not None:
            out[NONE] = none_label
        return out

    return values


def _units(level: str) -> dict:
    from isenim.geo.models import AdminUnit

    levels = ["district", "city"] if level == "district" else ["assembly"]
    units = AdminUnit.objects.filter(level__in=levels).only(
        "pk", "code", "name_kaa", "name_kaa_latn", "name_uz", "name_uz_cyrl", "name_ru", "name_en"
    )
    return {str(u.pk): u.name() for u in units.order_by("code")}


def _countries() -> dict:
    from isenim.geo.models import Country
    from isenim.geo.ordering import by_reader

    return {str(c.pk): c.name() for c in by_reader(Country.objects.all())}


def _named(model_path: str, keys: Iterable[str] | None = None) -> dict:
    from django.apps import apps

    model = apps.get_model(model_path)
    qs = model.objects.all()
    if keys is not None:
        ids = [int(k) for k in keys if k.isdigit()]
        qs = qs.filter(pk__in=ids)
    items = [(str(obj.pk), str(obj)) for obj in qs]
    return dict(sorted(items, key=lambda item: sort_key(item[1])))


def _with_none(values: Callable[[], dict], label) -> Callable[[], dict]:
    def wrapped():
        out = dict(values())
        out[NONE] = label
        return out

    return wrapped


class FactSource(PivotSource):
    """A source over one table whose columns are the dimensions (``COLUMNS``), counted with one GROUP BY."""

    COLUMNS: Mapping[str, Column] = {}
    date_field = ""
    month_field = ""  # an integer yyyymm column, or "" to compute it from date_field
    # dimensions whose every value is listed (for filters and display order) only on demand
    LARGE: frozenset = frozenset()

    def __init__(self):
        self._dimensions = None
        self._value_cache: dict = {}

    # -- what the engine asks -------------------------------------------------------------------------

    def dimensions(self) -> list[Dimension]:
        if self._dimensions is None:
            self._dimensions = self.make_dimensions()
        return self._dimensions

    def make_dimensions(self) -> list[Dimension]:
        raise NotImplementedError

    def available_to(self, user) -> bool:
        raise NotImplementedError

    def dimensions_for(self, user) -> list[Dimension]:
        return self.dimensions() if user is None or self.available_to(user) else []

    def narrow(self, qs, user):
        raise NotImplementedError

    def queryset(self):
        raise NotImplementedError

    def time_keys(self, dimension, starts_on, ends_on, seen):
        return time_keys(dimension, starts_on, ends_on, seen)

    def values_of(self, name: str) -> dict:
        if name not in self._value_cache:
            self._value_cache[name] = dict(self.dimension(name).values())
        return self._value_cache[name]

    def labels(self, name: str, keys: Iterable) -> dict:
        """Labels of ``keys`` in display order (a dict in that order)."""
        keys = list(keys)
        if name in TIME:
            return {key: time_label(name, key) for key in keys}
        if name in self.LARGE:
            known = self.large_labels(name, [k for k in keys if k != NONE])
        else:
            known = self.values_of(name)
        out = {key: known[key] for key in known if key in set(keys)}
        for key in keys:
            if key not in out:
                out[key] = self.none_label(name) if key == NONE else key
        return out

    def large_labels(self, name: str, keys: list[str]) -> dict:
        raise NotImplementedError

    def none_label(self, name: str) -> str:
        return gettext("Not recorded")

    def check_values(self, name: str, values: Iterable[str]) -> None:
        column = self.COLUMNS[name]
        for value in values:
            if column.kind == "time":
                _months_of(name, value)
            elif column.kind == "fk":
                if value == NONE:
                    continue
                if not value.isdigit():
                    raise UnknownDimension(self._bad_value(name, value))
                known = self.large_labels(name, [value]) if name in self.LARGE else self.values_of(name)
                if value not in known:
                    raise UnknownDimension(self._bad_value(name, value))
            elif column.kind == "bool":
                if value not in ("yes", "no"):
                    raise UnknownDimension(self._bad_value(name, value))
            elif value not in self.values_of(name):
                raise UnknownDimension(self._bad_value(name, value))

    @staticmethod
    def _bad_value(name, value) -> str:
        return gettext("Unknown value for %(dimension)s: %(value)s.") % {"dimension": name, "value": value}

    # -- counting -------------------------------------------------------------------------------------

    def _filter(self, qs, name: str, values: tuple[str, ...]):
        column = self.COLUMNS.get(name)
        if column is None:
            raise UnknownDimension(
                gettext("Unknown dimension: %(name)s.") % {"name": name},
            )
        self.check_values(name, values)
        if column.kind == "time":
            months = sorted({m for v in values for m in _months_of(name, v)})
            if self.month_field:
                return qs.filter(**{f"{self.month_field}__in": months})
            q = Q()
            for m in months:
                start = periods.month_start(m)
                end = periods.month_start(periods.add_months(m, 1))
                q |= Q(**{f"{self.date_field}__gte": start, f"{self.date_field}__lt": end})
            return qs.filter(q)
        q = Q()
        for value in values:
            if value == NONE:
                q |= (
                    Q(**{f"{column.field}__isnull": True})
                    if column.kind == "fk"
                    else Q(**{column.field: ""}) | Q(**{f"{column.field}__isnull": True})
                )
            elif column.kind == "fk":
                q |= Q(**{column.field: int(value)})
            elif column.kind == "bool":
                q |= Q(**{column.field: value == "yes"})
            else:
                q |= Q(**{column.field: value})
        return qs.filter(q)

    def _key(self, name: str, raw) -> str:
        column = self.COLUMNS[name]
        if column.kind == "time":
            return _time_key(name, raw)
        if raw is None or raw == "":
            return NONE
        if column.kind == "bool":
            return "yes" if raw else "no"
        return str(raw)

    def count(self, request: PivotRequest, *, user=None) -> dict:
        names = [request.rows] + ([request.cols] if request.cols else [])
        for name in names:
            if name not in self.COLUMNS:
                raise UnknownDimension(gettext("Unknown dimension: %(name)s.") % {"name": name})
        qs = self.queryset()
        if request.starts_on is not None:
            qs = qs.filter(**{f"{self.date_field}__gte": request.starts_on})
        if request.ends_on is not None:
            qs = qs.filter(**{f"{self.date_field}__lte": request.ends_on})
        for name, values in request.filters.items():
            if values:
                qs = self._filter(qs, name, tuple(values))
        if user is not None:
            qs = self.narrow(qs, user)
        fields = []
        for name in names:
            field = self.time_field() if self.COLUMNS[name].kind == "time" else self.COLUMNS[name].field
            if field not in fields:
                fields.append(field)
        qs = self.annotate_time(qs, fields)
        counts: Counter = Counter()
        for row in qs.values(*fields).annotate(n=Count("*")).order_by():
            key = tuple(
                self._key(
                    name,
                    row[self.time_field() if self.COLUMNS[name].kind == "time" else self.COLUMNS[name].field],
                )
                for name in names
            )
            counts[(key[0], key[1] if len(key) > 1 else None)] += row["n"]
        return dict(counts)

    def time_field(self) -> str:
        return self.month_field or "_month"

    def annotate_time(self, qs, fields):
        if self.month_field or "_month" not in fields:
            return qs
        from django.db.models.functions import ExtractMonth, ExtractYear

        return qs.annotate(_month=ExtractYear(self.date_field) * 100 + ExtractMonth(self.date_field))


def _time_dimensions() -> list[Dimension]:
    return [
        Dimension("month", _("Month"), ordered=True),
        Dimension("quarter", _("Quarter"), ordered=True),
        Dimension("year", _("Year"), ordered=True),
    ]


class AppealsSource(FactSource):
    name = "appeals"
    label = _("Appeals")
    unit = _("appeals")
    note = _("Appeals measure help-seeking, not how many people are harmed.")
    date_field = "received_on"
    month_field = "month"
    COLUMNS = {
        "cause": Column("cause"),
        "category": Column("category"),
        "channel": Column("channel"),
        "heard_about": Column("heard_about"),
        "campaign": Column("campaign_id", "fk"),
        "action": Column("action_id", "fk"),
        "placement": Column("placement_id", "fk"),
        "destination": Column("destination_id", "fk"),
        "destination_region": Column("destination_region"),
        "home_district": Column("home_district_id", "fk"),
        "home_assembly": Column("home_assembly_id", "fk"),
        "sex": Column("sex"),
        "age_band": Column("age_band"),
        "presumed_victim": Column("presumed_victim", "bool"),
        "outcome": Column("outcome"),
        "month": Column("month", "time"),
        "quarter": Column("month", "time"),
        "year": Column("month", "time"),
    }
    LARGE = frozenset({"action", "placement", "home_assembly"})

    def make_dimensions(self) -> list[Dimension]:
        from isenim.appeals.choices import Category, Cause, Channel, HeardAbout, Outcome
        from isenim.people.models import Sex

        return [
            Dimension("cause", _("Main cause"), _choices(Cause)),
            Dimension("category", _("Category"), _choices(Category)),
            Dimension("channel", _("Channel"), _choices(Channel)),
            Dimension(
                "heard_about", _("Heard of the centre from"), _choices(HeardAbout, none_label=_("Not said"))
            ),
            Dimension(
                "campaign",
                _("Campaign"),
                _with_none(partial(_named, "prevention.Campaign"), _("No campaign named")),
            ),
            Dimension(
                "action",
                _("Outreach action"),
                _with_none(partial(_named, "prevention.OutreachAction"), _("No action named")),
            ),
            Dimension(
                "placement",
                _("Media placement"),
                _with_none(partial(_named, "prevention.Placement"), _("No placement named")),
            ),
            Dimension("destination", _("Destination country"), _with_none(_countries, _("No destination"))),
            Dimension(
                "destination_region",
                _("Region of the destination"),
                lambda: {**SUB_REGIONS, NONE: _("No destination")},
            ),
            Dimension(
                "home_district",
                _("Home district"),
                _with_none(partial(_units, "district"), _("Not recorded")),
            ),
            Dimension(
                "home_assembly",
                _("Citizens' assembly"),
                _with_none(partial(_units, "assembly"), _("Not recorded")),
            ),
            Dimension("sex", _("Sex"), _choices(Sex)),
            Dimension("age_band", _("Age band"), lambda: dict(AGE_BANDS)),
            Dimension("presumed_victim", _("Presumed victim"), lambda: {"yes": _("Yes"), "no": _("No")}),
            Dimension("outcome", _("Outcome"), _choices(Outcome, none_label=_("No outcome yet"))),
            *_time_dimensions(),
        ]

    def large_labels(self, name, keys):
        model = {"action": "prevention.OutreachAction", "placement": "prevention.Placement"}.get(name)
        if model:
            return _named(model, keys)
        from isenim.geo.models import AdminUnit

        units = AdminUnit.objects.filter(pk__in=[int(k) for k in keys if k.isdigit()]).order_by("code")
        return {str(u.pk): u.name() for u in units}

    def check_values(self, name, values):
        if name == "destination_region":
            for value in values:
                if value != NONE and value not in SUB_REGIONS:
                    raise UnknownDimension(self._bad_value(name, value))
            return
        super().check_values(name, values)

    # The "none" label of the dimensions that have their own; read without loading the dimension's values
    # (an action's values are every outreach action: tens of thousands of names sorted).
    NONE_LABELS = {
        "campaign": _("No campaign named"),
        "action": _("No action named"),
        "placement": _("No placement named"),
        "destination": _("No destination"),
        "destination_region": _("No destination"),
    }

    def none_label(self, name):
        if name in self.NONE_LABELS:
            return str(self.NONE_LABELS[name])
        if name in {"heard_about", "outcome"}:
            return self.dimension(name).values().get(NONE, gettext("Not recorded"))
        return gettext("Not recorded")

    def labels(self, name, keys):
        if name == "destination_region":
            keys = list(keys)
            known = {**SUB_REGIONS, NONE: _("No destination")}
            ordered = sorted(keys, key=lambda k: (k == NONE, sort_key(str(known.get(k, k)))))
            return {k: known.get(k, k) for k in ordered}
        return super().labels(name, keys)

    def available_to(self, user) -> bool:
        return any(
            can(user, perm)
            for perm in (Perm.VIEW_INSIGHTS, Perm.VIEW_OWN_FIGURES, Perm.VIEW_PREVENTION_FIGURES)
        )

    def queryset(self):
        from isenim.insights.models import AppealFact

        return AppealFact.objects.all()

    def narrow(self, qs, user):
        """The director and the M&E officer: every appeal; caseworkers: the appeals they registered or
        own; the prevention officer: the appeals attributed to a campaign, action or placement; anyone
        else: none."""
        if can(user, Perm.VIEW_INSIGHTS):
            return qs
        if can(user, Perm.VIEW_OWN_FIGURES):
            return qs.filter(Q(registered_by=user) | Q(assigned_to=user))
        if can(user, Perm.VIEW_PREVENTION_FIGURES):
            return qs.filter(Q(campaign__isnull=False) | Q(action__isnull=False) | Q(placement__isnull=False))
        return qs.none()


class CasesSource(FactSource):
    """Cases opened, by what a case holds itself and its person's sex and age band at opening."""

    name = "cases"
    label = _("Cases opened")
    unit = _("cases")
    note = ""
    date_field = "opened_on"
    COLUMNS = {
        "status": Column("status"),
        "priority": Column("priority"),
        "risk": Column("risk"),
        "closure_reason": Column("closure_reason"),
        "home_district": Column("home_district_id", "fk"),
        "sex": Column("person__sex"),
        "age_band": Column("_age_band"),
        "month": Column("opened_on", "time"),
        "quarter": Column("opened_on", "time"),
        "year": Column("opened_on", "time"),
    }

    def make_dimensions(self) -> list[Dimension]:
        from isenim.cases.choices import ClosureReason, Priority, Risk, Status
        from isenim.people.models import Sex

        return [
            Dimension("status", _("Status"), _choices(Status)),
            Dimension("priority", _("Priority"), _choices(Priority)),
            Dimension("risk", _("Risk level"), _choices(Risk)),
            Dimension(
                "closure_reason", _("Closure reason"), _choices(ClosureReason, none_label=_("Not closed"))
            ),
            Dimension(
                "home_district",
                _("Home district"),
                _with_none(partial(_units, "district"), _("Not recorded")),
            ),
            Dimension("sex", _("Sex"), _choices(Sex)),
            Dimension("age_band", _("Age band"), lambda: dict(AGE_BANDS)),
            *_time_dimensions(),
        ]

    def none_label(self, name):
        if name == "closure_reason":
            return gettext("Not closed")
        return gettext("Not recorded")

    def available_to(self, user) -> bool:
        return can(user, Perm.VIEW_INSIGHTS) or can(user, Perm.VIEW_CASES)

    def queryset(self):
        from django.db.models import Case, CharField, F, Value, When
        from django.db.models.functions import ExtractYear

        from isenim.cases.models import Case as CaseModel
        from isenim.insights.facts import _BAND_LIMITS

        age = ExtractYear("opened_on") - F("person__birth_year")
        whens = [
            When(person__birth_year__isnull=True, then=Value("unknown")),
            When(_age__lt=0, then=Value("unknown")),
        ]
        whens += [When(_age__lt=limit, then=Value(band)) for band, limit in _BAND_LIMITS]
        whens.append(When(_age__lt=120, then=Value("55+")))
        band = Case(*whens, default=Value("unknown"), output_field=CharField())
        return CaseModel.objects.order_by().annotate(_age=age).annotate(_age_band=band)

    def _key(self, name, raw):
        if name == "sex" and not raw:
            return "U"
        return super()._key(name, raw)

    def narrow(self, qs, user):
        """The director and the M&E officer: every case; caseworkers: the cases of their teams."""
        if can(user, Perm.VIEW_INSIGHTS):
            return qs
        if can(user, Perm.VIEW_CASES):
            from isenim.core.access import cases_for

            return qs.filter(pk__in=cases_for(user).values("pk"))
        return qs.none()
