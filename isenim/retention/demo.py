"""Demo data for retention: a shorter period for appeals closed without a case, so that the list of
records due has rows; outcomes dated a few days after the old appeals came (the demo's triage records them
all on the day it runs); one request to erase waiting for the director."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from isenim.appeals.models import Appeal
from isenim.people.models import Person
from isenim.retention.models import ErasureRequest, Kind, RetentionPeriod

DEMO_APPEAL_MONTHS = 12


@transaction.atomic
def ensure_demo_retention() -> int:
    director = get_user_model().objects.filter(username="director").first()
    if director is None or ErasureRequest.objects.exists():
        return 0
    RetentionPeriod.objects.get_or_create(
        kind=Kind.APPEAL_WITHOUT_CASE, defaults={"months": DEMO_APPEAL_MONTHS, "updated_by": director}
    )
    today = timezone.localdate()
    old = Appeal.objects.filter(
        state="closed", cases__isnull=True, received_on__lte=today - timedelta(days=60)
    )
    moved = 0
    for appeal in old:
        outcome_day = appeal.received_on + timedelta(days=3)
        appeal_outcome = timezone.make_aware(datetime.combine(outcome_day, time(11)))
        moved += Appeal.objects.filter(pk=appeal.pk).update(outcome_at=appeal_outcome)
    # A person whose only appeal is closed asks to be erased.
    person = (
        Person.objects.filter(merged_into__isnull=True, appeals__state="closed", cases__isnull=True)
        .exclude(appeals__state__in=["new", "assigned"])
        .order_by("pk")
        .first()
    )
    if person is not None:
        ErasureRequest.objects.create(
            person=person, received_on=today - timedelta(days=2), recorded_by=director
        )
    return moved + (person is not None)
