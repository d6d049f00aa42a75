"""Demo for the campaign comparison and the official figures (``isenim seed-demo``, order 95: after the
prevention campaigns and the demo appeals).

- **Appeals to compare.** The appeals demo has about fifty appeals over eighteen months in sixteen
  districts: every monthly count would be "fewer than 5" and the comparison empty. So this adds anonymous
  appeals through ``appeals.services.appeal_register``: about one a month in every district of
  Karakalpakstan (three in Nukus), from twelve months before the widest demo campaign's start to last
  month, and 0.8 more a month in each of that campaign's districts after its start (invented: a campaign
  that brings people to the centre). Some are presumed victims (screening answers).
- **Official figures.** The project's reference data (``/work/shared/reference/statistics.json``) holds
  national figures only — trafficking crimes recorded 94 (2019) and 74 (2020), victims identified 93
  (2022) — none by region and year. So the figures by region here are invented demo values, each saying
  so in its source and note; none is a published figure.

Deterministic (a seeded random stream, months counted back from today). Runs once: nothing is added when
a demo figure exists.
"""

import random
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from isenim.appeals.choices import Category, Channel
from isenim.appeals.services import AppealData, appeal_register
from isenim.geo.models import AdminUnit
from isenim.geo.places import DISTRICT_LEVELS
from isenim.insights.campaigns import month_key, month_start
from isenim.insights.models import OfficialFigure
from isenim.prevention.models import Campaign

SEED = 20261207
DEMO_SOURCE = "Demo value, invented for the demo data set: not a published figure"
DEMO_NOTE = "Demo data"
BASE_PER_MONTH = 1.0
CITY_PER_MONTH = 3.0  # Nukus: the city next to the centre
CAMPAIGN_EXTRA_PER_MONTH = 0.8
# Invented figures: (region code, measure, {year: value}).
DEMO_FIGURES = [
    ("1735", "victims_identified", {2021: 14, 2022: 11, 2023: 16, 2024: 19, 2025: 17}),
    ("1733", "victims_identified", {2021: 9, 2022: 12, 2023: 10, 2024: 13, 2025: 15}),
    ("1722", "victims_identified", {2022: 7, 2023: 9, 2024: 8, 2025: 11}),
    ("1735", "crimes_recorded", {2021: 9, 2022: 8, 2023: 11, 2024: 10, 2025: 12}),
    ("1733", "crimes_recorded", {2022: 6, 2023: 7, 2024: 9, 2025: 8}),
]
CATEGORIES = [
    (Category.PRE_DEPARTURE, 30),
    (Category.MIGRANT_FAMILY, 20),
    (Category.DEPORTEE, 15),
    (Category.DOCUMENTS_LOST, 10),
    (Category.YOUNG_GRADUATE, 10),
    (Category.PRESUMED_VICTIM, 10),
    (Category.OTHER, 5),
]
CAUSES = ["fact_job_deception", "fact_debt", "fact_no_contract", "fact_irregular", "fact_no_legal_knowledge"]


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: small means only."""
    limit, k, p = 2.718281828459045**-mean, 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _widest_campaign() -> Campaign | None:
    from django.db.models import Count

    return (
        Campaign.objects.annotate(n=Count("target_districts"))
        .filter(n__gt=0)
        .order_by("-n", "starts_on", "pk")
        .first()
    )


def _data(rng: random.Random, day: date, district: AdminUnit) -> AppealData:
    category = rng.choices([c for c, _ in CATEGORIES], weights=[w for _, w in CATEGORIES])[0]
    answers = {rng.choice(CAUSES): True}
    if category == Category.PRESUMED_VICTIM:
        answers.update({"ind_deceived": True, "ind_documents_withheld": True})
        if rng.random() < 0.4:
            answers["ind_threats_violence"] = True
    return AppealData(
        received_on=day,
        channel=rng.choice([Channel.PHONE, Channel.PHONE, Channel.TELEGRAM, Channel.WALK_IN]),
        category=category,
        home_district_id=district.pk,
        answers=answers,
    )


@transaction.atomic
def ensure_demo_figures() -> int:
    """Add the demo appeals and figures unless a demo figure exists; returns how many rows were added."""
    if OfficialFigure.objects.filter(source=DEMO_SOURCE).exists():
        return 0
    user_model = get_user_model()
    actor = (
        user_model.objects.filter(username="mande").first()
        or user_model.objects.filter(username="director").first()
    )
    intake = user_model.objects.filter(username="intake").first() or actor
    if actor is None:
        return 0
    added = 0
    regions = {unit.code: unit for unit in AdminUnit.objects.filter(level=AdminUnit.Level.REGION)}
    this_year = timezone.localdate().year
    for code, measure, values in DEMO_FIGURES:
        region = regions.get(code)
        if region is None:
            continue
        for year, value in values.items():
            if year > this_year:
                continue
            _, made = OfficialFigure.objects.get_or_create(
                region=region,
                year=year,
                measure=measure,
                defaults={"value": value, "source": DEMO_SOURCE, "note": DEMO_NOTE, "entered_by": actor},
            )
            added += made
    added += _demo_appeals(intake)
    return added


def _demo_appeals(actor) -> int:
    campaign = _widest_campaign()
    if campaign is None:
        return 0
    treated = set(campaign.target_districts.values_list("pk", flat=True))
    region_ids = set(AdminUnit.objects.filter(pk__in=treated).values_list("parent_id", flat=True))
    districts = list(
        AdminUnit.objects.filter(parent_id__in=region_ids, level__in=DISTRICT_LEVELS).order_by("code")
    )
    rng = random.Random(SEED)
    today = timezone.localdate()
    start = month_key(campaign.starts_on)
    added = 0
    for key in range(start - 12, month_key(today)):
        first = month_start(key)
        days = (month_start(key + 1) - first).days
        for district in districts:
            mean = BASE_PER_MONTH + (
                CAMPAIGN_EXTRA_PER_MONTH if district.pk in treated and key >= start else 0
            )
            for _ in range(_poisson(rng, mean)):
                day = date(first.year, first.month, rng.randint(1, days))
                appeal_register(actor=actor, data=_data(rng, day, district), anonymous=True)
                added += 1
    return added
