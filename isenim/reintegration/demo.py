"""The demo's funding source (``isenim seed-demo``): a grant budget line with money on it, so that a tool-kit
request can be sent and approved on a developer's machine. Created by the demo director through the
service (audited); nothing is added when any funding source exists."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from isenim.reintegration.models import FundingSource
from isenim.reintegration.services.funding import funding_source_save

DEMO_FUNDING_NAME = "Грант: жумыс қураллары (демо)"
DEMO_BUDGET_UZS = 120_000_000


@transaction.atomic
def ensure_demo_funding() -> int:
    if FundingSource.objects.exists():
        return 0
    director = get_user_model().objects.filter(username="director", is_active=True).first()
    if director is None:
        return 0  # the demo accounts come first (accounts.demo.ensure_demo_staff)
    year = timezone.localdate().year
    funding_source_save(
        actor=director,
        name=DEMO_FUNDING_NAME,
        amount_uzs=DEMO_BUDGET_UZS,
        starts_on=date(year, 1, 1),
        ends_on=date(year + 1, 12, 31),
    )
    return 1
