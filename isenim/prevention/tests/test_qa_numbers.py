"""Large numbers on the prevention pages are grouped (QA: 4800000 broke in the middle of a table cell)."""

import pytest
from django.urls import reverse
from django.utils import translation

from isenim.core.access import Role
from isenim.prevention.tests.campaign_helpers import sample_campaign, sample_placement

pytestmark = pytest.mark.django_db


def test_sums_and_large_counts_are_grouped_on_the_campaign_page_and_dashboard(staff, client_as):
    campaign = sample_campaign(staff, target_people=12_000)
    sample_placement(staff, campaign, cost_uzs=4_800_000, stated_reach=60_000)
    client = client_as(staff[Role.PREVENTION_OFFICER])
    with translation.override("en"):
        page = client.get(reverse("prevention:campaign_detail", args=[campaign.pk])).content.decode()
        dashboard = client.get(reverse("prevention:dashboard")).content.decode()
        placements = client.get(reverse("prevention:placement_list")).content.decode()
    assert "4800000" not in page and "4\u00a0800\u00a0000" in page  # money as elsewhere (reintegration's uzs)
    assert '<td class="number">4\u00a0800\u00a0000</td>' in placements  # never wrapped in its cell
    assert "60,000" in page and "60000" not in page  # the operator's estimate, in the language's grouping
    assert "12,000" in page and "12,000" in dashboard  # the target


def test_in_karakalpak_counts_are_grouped_with_a_non_breaking_space(staff, client_as):
    campaign = sample_campaign(staff, target_people=12_000)
    client = client_as(staff[Role.PREVENTION_OFFICER])
    with translation.override("kaa"):
        page = client.get(reverse("prevention:campaign_detail", args=[campaign.pk])).content.decode()
    assert "12\u00a0000" in page


def test_copies_brought_back_from_an_action_are_not_counted_as_handed_out(staff):
    """The campaign page, the dashboard and the cost count what the action's page counts: taken less
    brought back (found by QA: a campaign counted 4,010 where its actions had handed out 4,009)."""
    from datetime import timedelta

    from django.utils import timezone

    from isenim.prevention.choices import MovementKind
    from isenim.prevention.selectors.actions import materials_of
    from isenim.prevention.selectors.campaigns import campaign_figures
    from isenim.prevention.selectors.dashboard import dashboard_figures
    from isenim.prevention.services.stock import move_stock
    from isenim.prevention.tests.campaign_helpers import action, flyer, hand_out

    today = timezone.localdate()
    campaign = sample_campaign(staff, target_materials=1000)
    edition = flyer(staff, copies=1000, unit_cost=600)
    held = action(staff, campaign, on=today - timedelta(days=2), reach=50)
    hand_out(staff, edition, held, 200, today - timedelta(days=2))
    move_stock(
        actor=staff[Role.PREVENTION_OFFICER],
        edition=edition,
        kind=MovementKind.RETURNED,
        quantity=30,
        moved_on=today - timedelta(days=1),
        action=held,
    )
    assert sum(line.handed_out for line in materials_of(held)) == 170  # the action's page
    figures = campaign_figures(campaign, staff[Role.PREVENTION_OFFICER])
    assert {row.key: row.actual for row in figures.targets}["materials"] == 170
    assert sum(figures.materials_by_month) == 170
    assert figures.cost.materials_cost == 170 * 600
    running = dashboard_figures(staff[Role.PREVENTION_OFFICER], today).running
    assert {row.key: row.actual for row in running[0].targets}["materials"] == 170


def test_the_cost_per_copy_handed_out_leaves_out_copies_brought_back(staff):
    from datetime import timedelta

    from django.utils import timezone

    from isenim.prevention.choices import MovementKind
    from isenim.prevention.selectors.stock import cost_per_handed_out
    from isenim.prevention.services.stock import move_stock
    from isenim.prevention.tests.campaign_helpers import flyer, hand_out

    today = timezone.localdate()
    edition = flyer(staff, copies=1000, unit_cost=600)
    hand_out(staff, edition, "Нөкис емлеўханасы", 200, today - timedelta(days=2))
    move_stock(
        actor=staff[Role.PREVENTION_OFFICER],
        edition=edition,
        kind=MovementKind.RETURNED,
        quantity=40,
        moved_on=today - timedelta(days=1),
        distribution_point="Нөкис емлеўханасы",
    )
    (row,) = cost_per_handed_out(staff[Role.PREVENTION_OFFICER])
    assert row.handed_out == 160
    assert row.per_copy == round(1000 * 600 / 160)


def test_the_cost_per_copy_names_the_currency_in_the_page_language(staff, client_as):
    """QA: "UZS" after the cost per copy was written outside gettext on the material and edition pages."""
    from datetime import timedelta

    from django.utils import timezone

    from isenim.prevention.tests.campaign_helpers import flyer, hand_out

    edition = flyer(staff, copies=1000, unit_cost=600)
    hand_out(staff, edition, "Нөкис емлеўханасы", 100, timezone.localdate() - timedelta(days=1))
    client = client_as(staff[Role.PREVENTION_OFFICER])
    with translation.override("kaa"):
        for url in (
            reverse("prevention:material_detail", args=[edition.material_id]),
            reverse("prevention:edition_detail", args=[edition.pk]),
        ):
            page = client.get(url).content.decode()
            assert "6\u00a0000 сўм</strong>" in page and "UZS</strong>" not in page


def test_a_superseded_edition_run_low_is_not_marked_low(staff, client_as):
    """QA: the stock table marked an emptied superseded version "low" while the stock alerts (approved
    versions only) rightly left it out."""
    from isenim.prevention.choices import ReviewState
    from isenim.prevention.models import Edition
    from isenim.prevention.tests.campaign_helpers import flyer

    kept = flyer(staff, copies=100, threshold=500)
    old = flyer(staff, copies=100, threshold=500)
    Edition.objects.filter(pk=old.pk).update(state=ReviewState.SUPERSEDED)
    old.refresh_from_db()
    assert kept.low_on_stock and not old.low_on_stock
    client = client_as(staff[Role.PREVENTION_OFFICER])
    with translation.override("en"):
        page = client.get(reverse("prevention:stock")).content.decode()
    assert page.count('<tr class="low">') == 1
