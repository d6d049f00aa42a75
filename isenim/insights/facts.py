"""AppealFact kept current: one row per appeal with every dimension of the pivot resolved (docs/insights.md,
"Facts").

One SELECT over the appeals, joined to the person, the prevention attribution and the destination, computes
every column of the fact (the age band and the UN sub-region as CASE expressions), and one
``INSERT INTO insights_appealfact … SELECT …`` writes it: the same statement refreshes one appeal after a
write (signals, ``refresh_appeals``) and rebuilds a million in batches (``rebuild``, ``isenim
rebuild-facts``), so the two can never disagree.

Apps below never import this module: ``InsightsConfig.ready`` connects the receivers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from django.db import connections, router, transaction
from django.db.models import CharField, F, Func, IntegerField, Q, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.insights.models import AppealFact

# CTDC-like broad age bands at the appeal, fit for the centre (who is under 18 matters most).
AGE_BANDS = {
    "0-17": _("Under 18"),
    "18-24": _("18–24"),
    "25-34": _("25–34"),
    "35-44": _("35–44"),
    "45-54": _("45–54"),
    "55+": _("55 and over"),
    "unknown": _("Age unknown"),
}
_BAND_LIMITS = (("0-17", 18), ("18-24", 25), ("25-34", 35), ("35-44", 45), ("45-54", 55))

BATCH = 50_000


def _region_case():
    """destination_id -> CTDC's UN sub-region of the country, as a CASE over the countries stored."""
    from django.db.models import Case, When

    from isenim.exchange.ctdc import country_regions
    from isenim.geo.models import Country

    regions = country_regions()
    by_region: dict[str, list[int]] = {}
    for pk, iso2 in Country.objects.values_list("pk", "iso2"):
        region = regions.get(iso2)
        if region is not None and region.un_subregion:
            by_region.setdefault(region.un_subregion, []).append(pk)
    whens = [When(destination_id__in=ids, then=Value(name)) for name, ids in sorted(by_region.items())]
    if not whens:
        return Value("", output_field=CharField())
    return Case(*whens, default=Value(""), output_field=CharField())


def _age_case():
    from django.db.models import Case, When

    age = ExtractYear("received_on") - F("person__birth_year")
    whens = [When(person__birth_year__isnull=True, then=Value("unknown"))]
    whens.append(When(Q(_age__lt=0), then=Value("unknown")))
    whens += [When(_age__lt=limit, then=Value(band)) for band, limit in _BAND_LIMITS]
    whens.append(When(_age__lt=120, then=Value("55+")))
    return age, Case(*whens, default=Value("unknown"), output_field=CharField())


class DaysToFirstAction(Func):
    """Whole days from ``received_on`` to the local date of ``first_action_at`` (NULL when none), computed
    by the database: SQLite's julianday (C, no Python function per row) with today's offset of the centre's
    zone (Uzbekistan keeps no summer time), PostgreSQL's date arithmetic in the zone itself."""

    output_field = IntegerField()

    def __init__(self):
        super().__init__(F("first_action_at"), F("received_on"))

    def as_sqlite(self, compiler, connection, **extra):
        offset = int(timezone.localtime().utcoffset().total_seconds())
        acted, received = (compiler.compile(expression) for expression in self.get_source_expressions())
        sql = (
            f"CAST(julianday(date({acted[0]}, '{offset:+d} seconds')) - julianday({received[0]}) AS INTEGER)"
        )
        return sql, (*acted[1], *received[1])

    def as_postgresql(self, compiler, connection, **extra):
        acted, received = (compiler.compile(expression) for expression in self.get_source_expressions())
        zone = timezone.get_current_timezone_name()
        return f"(({acted[0]} AT TIME ZONE %s)::date - {received[0]})", (*acted[1], zone, *received[1])


def _fact_query(appeal_filter: Q | None = None):
    """The appeals (under ``appeal_filter``) as fact rows: (SQL, params, column names), columns in the
    order the SELECT gives them."""
    from isenim.appeals.models import Appeal

    age, band = _age_case()
    qs = Appeal.objects.order_by()
    if appeal_filter is not None:
        qs = qs.filter(appeal_filter)
    qs = qs.annotate(_age=age).annotate(
        x_appeal_id=F("pk"),
        x_received_on=F("received_on"),
        x_month=ExtractYear("received_on") * 100 + ExtractMonth("received_on"),
        x_category=F("category"),
        x_channel=F("channel"),
        x_cause=F("cause"),
        x_heard_about=F("heard_about"),
        x_outcome=F("outcome"),
        x_presumed_victim=F("presumed_victim"),
        x_sex=Coalesce(NullIf(F("person__sex"), Value("")), Value("U"), output_field=CharField()),
        x_age_band=band,
        x_destination_id=F("destination_id"),
        x_destination_region=_region_case(),
        x_home_district_id=F("home_district_id"),
        x_home_assembly_id=F("home_assembly_id"),
        x_campaign_id=F("prevention_source__campaign_id"),
        x_action_id=F("prevention_source__action_id"),
        x_placement_id=F("prevention_source__placement_id"),
        x_registered_by_id=F("registered_by_id"),
        x_assigned_to_id=F("assigned_to_id"),
        x_days_to_first_action=DaysToFirstAction(),
    )
    names = [
        "x_appeal_id",
        "x_received_on",
        "x_month",
        "x_category",
        "x_channel",
        "x_cause",
        "x_heard_about",
        "x_outcome",
        "x_presumed_victim",
        "x_sex",
        "x_age_band",
        "x_destination_id",
        "x_destination_region",
        "x_home_district_id",
        "x_home_assembly_id",
        "x_campaign_id",
        "x_action_id",
        "x_placement_id",
        "x_registered_by_id",
        "x_assigned_to_id",
        "x_days_to_first_action",
    ]
    qs = qs.values_list(*names)
    using = router.db_for_write(AppealFact)
    compiler = qs.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    order = [alias for _expr, _sql, alias in compiler.select]
    return sql, params, order


def _column(alias: str) -> str:
    return AppealFact._meta.get_field(alias[2:].removesuffix("_id") if alias.endswith("_id") else alias[2:])


def _insert(appeal_filter: Q | None) -> int:
    sql, params, order = _fact_query(appeal_filter)
    using = router.db_for_write(AppealFact)
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(alias).column) for alias in order)
    table = quote(AppealFact._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)
        return cursor.rowcount


@transaction.atomic
def refresh_appeals(appeal_ids: Iterable[int]) -> None:
    """Make the facts of these appeals equal to fresh ones (gone when the appeal is gone)."""
    ids = sorted({int(pk) for pk in appeal_ids if pk is not None})
    if not ids:
        return
    AppealFact.objects.filter(appeal_id__in=ids)._raw_delete(router.db_for_write(AppealFact))
    _insert(Q(pk__in=ids))


def refresh_person(person_ids: Iterable[int]) -> None:
    """A person's sex or year of birth changed (or records were merged): refresh their appeals."""
    from isenim.appeals.models import Appeal

    ids = [pk for pk in person_ids if pk is not None]
    if ids:
        refresh_appeals(Appeal.objects.filter(person_id__in=ids).values_list("pk", flat=True))


# Above this many appeals, a rebuild drops the table's secondary indexes and builds them again at the end:
# one sorted build is far quicker than a million random inserts into a dozen indexes.
REINDEX_ABOVE = 100_000


def _secondary_indexes(connection) -> list[tuple[str, str]]:
    """(name, CREATE statement) of every index of the facts table that no constraint owns."""
    table = AppealFact._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i"
                " WHERE i.tablename = %s AND i.schemaname = current_schema()"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [table],
            )
        else:
            return []
        return [(name, sql) for name, sql in cursor.fetchall()]


def rebuild(
    *, batch: int = BATCH, progress: Callable[[int, int], None] | None = None, reindex: bool | None = None
) -> int:
    """Every fact afresh, in batches of appeal ids (each batch one transaction): for the bench, after a
    restore or a bulk load. With many appeals (``reindex`` None: above REINDEX_ABOVE) the secondary
    indexes are dropped first and built again at the end. Returns how many facts there are."""
    from django.db.models import Max, Min

    from isenim.appeals.models import Appeal

    using = router.db_for_write(AppealFact)
    connection = connections[using]
    with transaction.atomic(using=using):
        AppealFact.objects.all()._raw_delete(using)
    bounds = Appeal.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0
    if reindex is None:
        reindex = Appeal.objects.count() > REINDEX_ABOVE
    dropped = _secondary_indexes(connection) if reindex else []
    quote = connection.ops.quote_name
    try:
        if dropped:
            with transaction.atomic(using=using), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as below, for DROP INDEX
                for name, _sql in dropped:
                    cursor.execute(f"DROP INDEX {quote(name)}")
                if connection.vendor == "postgresql":
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        start = bounds["low"]
        while start <= bounds["high"]:
            end = start + batch
            with transaction.atomic(using=using):
                _insert(Q(pk__gte=start, pk__lt=end))
            if progress:
                progress(min(end, bounds["high"] + 1) - bounds["low"], bounds["high"] - bounds["low"] + 1)
            start = end
    finally:
        if dropped:
            with transaction.atomic(using=using), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # Inside an outer transaction (tests), the facts' deferred foreign-key checks are still
                    # pending and PostgreSQL refuses CREATE INDEX until they have run.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for _name, sql in dropped:
                    cursor.execute(sql)
                if connection.vendor == "postgresql":
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return AppealFact.objects.count()


def ensure_demo_facts() -> None:
    """Demo seeder: every fact afresh (idempotent; the demo's seeders may write appeals in bulk)."""
    rebuild()


def fresh_fact(appeal_id: int) -> dict:
    """What the fact of one appeal should hold, computed in Python from the appeal (tests compare)."""
    from isenim.appeals.models import Appeal
    from isenim.exchange.ctdc import country_regions

    appeal = Appeal.objects.select_related("person", "destination").get(pk=appeal_id)
    source = getattr(appeal, "prevention_source", None) if _has_source(appeal) else None
    person = appeal.person
    age_band = "unknown"
    if person is not None and person.birth_year is not None:
        age = appeal.received_on.year - person.birth_year
        age_band = next((band for band, limit in _BAND_LIMITS if 0 <= age < limit), None)
        if age_band is None:
            age_band = "55+" if 55 <= age < 120 else "unknown"
    region = ""
    if appeal.destination is not None:
        found = country_regions().get(appeal.destination.iso2)
        region = found.un_subregion if found else ""
    days = None
    if appeal.first_action_at is not None:
        days = (timezone.localtime(appeal.first_action_at).date() - appeal.received_on).days
    return {
        "received_on": appeal.received_on,
        "month": appeal.received_on.year * 100 + appeal.received_on.month,
        "category": appeal.category,
        "channel": appeal.channel,
        "cause": appeal.cause,
        "heard_about": appeal.heard_about,
        "outcome": appeal.outcome,
        "presumed_victim": appeal.presumed_victim,
        "sex": (person.sex or "U") if person is not None else "U",
        "age_band": age_band,
        "destination_id": appeal.destination_id,
        "destination_region": region,
        "home_district_id": appeal.home_district_id,
        "home_assembly_id": appeal.home_assembly_id,
        "campaign_id": source.campaign_id if source else None,
        "action_id": source.action_id if source else None,
        "placement_id": source.placement_id if source else None,
        "registered_by_id": appeal.registered_by_id,
        "assigned_to_id": appeal.assigned_to_id,
        "days_to_first_action": days,
    }


def stored_fact(appeal_id: int) -> dict | None:
    row = AppealFact.objects.filter(appeal_id=appeal_id).values(*fresh_fact_fields()).first()
    return row


def fresh_fact_fields() -> list[str]:
    return [
        "received_on",
        "month",
        "category",
        "channel",
        "cause",
        "heard_about",
        "outcome",
        "presumed_victim",
        "sex",
        "age_band",
        "destination_id",
        "destination_region",
        "home_district_id",
        "home_assembly_id",
        "campaign_id",
        "action_id",
        "placement_id",
        "registered_by_id",
        "assigned_to_id",
        "days_to_first_action",
    ]


def _has_source(appeal) -> bool:
    from isenim.prevention.models import AppealSource

    try:
        appeal.prevention_source  # noqa: B018
    except AppealSource.DoesNotExist:
        return False
    return True


# --- receivers (connected by InsightsConfig.ready) -------------------------------------------------------


def on_appeal_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_appeals([instance.pk])


# Appeals being deleted (between pre_delete and post_delete): the deletion of their attribution, which
# comes first, must not write their fact back.
_deleting = threading.local()


def _being_deleted() -> set:
    if not hasattr(_deleting, "ids"):
        _deleting.ids = set()
    return _deleting.ids


def on_appeal_deleting(sender, instance, **kwargs):
    _being_deleted().add(instance.pk)


def on_appeal_deleted(sender, instance, **kwargs):
    _being_deleted().discard(instance.pk)


def on_appeal_source_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.appeal_id not in _being_deleted():
        refresh_appeals([instance.appeal_id])


def on_person_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_person([instance.pk, getattr(instance, "merged_into_id", None)])


def on_placement_saved(sender, instance, raw=False, **kwargs):
    """A placement moved to another campaign: the appeals heard of through it follow. Prevention moves
    their AppealSource rows in bulk after saving the placement (no signal, and after this one), so the
    facts take the placement's campaign directly: the value those rows get."""
    if raw:
        return
    AppealFact.objects.filter(placement_id=instance.pk).exclude(campaign_id=instance.campaign_id).update(
        campaign_id=instance.campaign_id
    )


def connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_delete

    from isenim.appeals.models import Appeal
    from isenim.people.models import Person
    from isenim.prevention.models import AppealSource, Placement

    post_save.connect(on_appeal_saved, sender=Appeal, dispatch_uid="insights.fact.appeal")
    pre_delete.connect(on_appeal_deleting, sender=Appeal, dispatch_uid="insights.fact.appeal_deleting")
    post_delete.connect(on_appeal_deleted, sender=Appeal, dispatch_uid="insights.fact.appeal_deleted")
    post_save.connect(on_appeal_source_changed, sender=AppealSource, dispatch_uid="insights.fact.source")
    post_delete.connect(on_appeal_source_changed, sender=AppealSource, dispatch_uid="insights.fact.unsource")
    post_save.connect(on_person_saved, sender=Person, dispatch_uid="insights.fact.person")
    post_save.connect(on_placement_saved, sender=Placement, dispatch_uid="insights.fact.placement")
