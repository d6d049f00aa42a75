"""The demo seeder of the campaign comparison and the official figures: idempotent, every figure marked
as a demo value, and enough appeals for the demo campaign's comparison to give an estimate."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.geo.models import AdminUnit
from isenim.insights import demo_figures
from isenim.insights.campaigns import compare
from isenim.insights.models import OfficialFigure
from isenim.prevention.tests.campaign_helpers import sample_campaign


@pytest.fixture
def demo_world(staff, monkeypatch):
    monkeypatch.setattr(demo_figures, "BASE_PER_MONTH", 0.6)
    users = get_user_model().objects
    users.create_user(username="mande", password="x-demo-password", role=Role.ME_OFFICER)
    users.create_user(username="intake", password="x-demo-password", role=Role.INTAKE_OPERATOR)
    region = AdminUnit.objects.create(code="1735", level="region", name_kaa="ҚР")
    AdminUnit.objects.create(code="1733", level="region", name_kaa="Хорезм")
    units = [
        AdminUnit.objects.create(code=f"17352{n:02d}", level="district", name_kaa=f"Район {n}", parent=region)
        for n in range(5)
    ]
    today = timezone.localdate()
    campaign = sample_campaign(
        staff,
        starts_on=today - timedelta(days=150),
        ends_on=today + timedelta(days=30),
        target_districts=units[:2],
    )
    return campaign


def test_the_demo_is_marked_idempotent_and_gives_a_comparison(demo_world):
    added = demo_figures.ensure_demo_figures()
    assert added > 0
    figures = OfficialFigure.objects.all()
    assert figures.exists()
    assert all(f.source == demo_figures.DEMO_SOURCE and f.note for f in figures)
    assert {f.region.code for f in figures} == {"1735", "1733"}
    appeals = Appeal.objects.count()
    assert appeals > 50
    assert demo_figures.ensure_demo_figures() == 0
    assert Appeal.objects.count() == appeals
    result = compare(demo_world, k=None, today=timezone.localdate())
    assert result.estimate is not None
    assert result.estimate.pre_periods == 12
