"""The counts kept beside the ledger for speed (docs/performance.md, "Prevention"): an action's copies handed
out (``OutreachAction.copies_handed_out``) follows its draws and returns, the data migration fills it from
the ledger, ``isenim check-stock`` reports a count that left its ledger, and the campaign figures summed from
it equal those the ledger gives; the balances are plain rows."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Q, Sum
from django.utils import timezone, translation

from isenim.core.access import Role
from isenim.prevention.choices import MovementKind
from isenim.prevention.models import OutreachAction, StockMovement
from isenim.prevention.selectors.campaigns import campaign_figures, own_actuals
from isenim.prevention.selectors.stock import Balance, edition_balances, verify_action_copies
from isenim.prevention.services import PreventionError
from isenim.prevention.services.actions import materials_draw, materials_return
from isenim.prevention.tests.campaign_helpers import action, flyer, hand_out, sample_campaign

pytestmark = pytest.mark.django_db

ACTION_KINDS = [MovementKind.TO_ACTION, MovementKind.RETURNED]


def _ledger_copies(item: OutreachAction) -> int:
    total = StockMovement.objects.filter(action=item, kind__in=ACTION_KINDS).aggregate(t=Sum("quantity"))["t"]
    return -(total or 0)


def _kept(item: OutreachAction) -> int:
    return OutreachAction.objects.values_list("copies_handed_out", flat=True).get(pk=item.pk)


def test_draws_and_returns_keep_the_actions_count_equal_to_its_ledger(staff):
    officer = staff[Role.PREVENTION_OFFICER]
    today = timezone.localdate()
    campaign = sample_campaign(staff)
    held = action(staff, campaign, on=today - timedelta(days=2), reach=40)
    one, two = flyer(staff, copies=300), flyer(staff, copies=200)
    materials_draw(actor=officer, action=held, lines=[(one, 120), (two, 30)], moved_on=today)
    assert _kept(held) == _ledger_copies(held) == 150
    materials_return(actor=officer, action=held, lines=[(one, 45)], moved_on=today)
    assert _kept(held) == _ledger_copies(held) == 105
    # A refused draw (more than in stock) changes neither the ledger nor the count
    with pytest.raises(PreventionError):
        materials_draw(actor=officer, action=held, lines=[(one, 10), (two, 999)], moved_on=today)
    assert _kept(held) == _ledger_copies(held) == 105
    # Copies left at a distribution point are no action's
    hand_out(staff, one, "Емлеўхана", 20, today)
    assert _kept(held) == 105
    assert verify_action_copies() == []


def test_the_migration_fills_the_count_from_the_ledger(staff):
    today = timezone.localdate()
    campaign = sample_campaign(staff)
    first = action(staff, campaign, on=today - timedelta(days=3))
    second = action(staff, campaign, on=today - timedelta(days=1))
    none = action(staff, campaign, on=today - timedelta(days=1))
    edition = flyer(staff, copies=500)
    hand_out(staff, edition, first, 70, today)
    hand_out(staff, edition, second, 15, today)
    OutreachAction.objects.update(copies_handed_out=9)  # as the rows were before the column existed: wrong
    import_module("isenim.prevention.migrations.0003_action_copies_handed_out").fill_from_ledger(apps, None)
    assert [_kept(item) for item in (first, second, none)] == [70, 15, 0]


def test_check_stock_reports_an_action_count_that_left_its_ledger(staff, capsys):
    today = timezone.localdate()
    held = action(staff, sample_campaign(staff), on=today - timedelta(days=1))
    hand_out(staff, flyer(staff, copies=100), held, 60, today)
    call_command("check-stock")
    assert "every action" in capsys.readouterr().out
    OutreachAction.objects.filter(pk=held.pk).update(copies_handed_out=50)  # a writer that bypassed it
    (difference,) = verify_action_copies()
    assert (difference.action_id, difference.kept, difference.ledger_copies) == (held.pk, 50, 60)
    with pytest.raises(SystemExit) as exited:
        call_command("check-stock")
    assert exited.value.code == 1
    assert (
        f"action {held.pk}: copies handed out 50, by the ledger 60, difference -10" in capsys.readouterr().err
    )


def test_campaign_figures_from_the_kept_counts_equal_the_ledgers(staff):
    """The sums from ``copies_handed_out`` against the query the dashboard ran on the ledger before."""
    officer = staff[Role.PREVENTION_OFFICER]
    today = timezone.localdate()
    campaign = sample_campaign(staff)
    child = sample_campaign(
        staff, name="Bazaars", parent=campaign, starts_on=campaign.starts_on, ends_on=campaign.ends_on
    )
    other = sample_campaign(staff, name="Other")
    edition = flyer(staff, copies=2000)
    plan = [(campaign, 40, 200, 30), (campaign, 2, 80, 0), (child, 10, 55, 5), (other, 1, 300, 100)]
    for owner, days_ago, taken, back in plan:
        held = action(staff, owner, on=today - timedelta(days=days_ago), reach=10)
        materials_draw(actor=officer, action=held, lines=[(edition, taken)], moved_on=held.starts_at.date())
        if back:
            materials_return(actor=officer, action=held, lines=[(edition, back)], moved_on=today)
    ids = [campaign.pk, child.pk, other.pk]
    old = {pk: {"all": 0, "month": 0} for pk in ids}
    first = today.replace(day=1)
    for row in (
        StockMovement.objects.filter(kind__in=ACTION_KINDS, action__campaign_id__in=ids)
        .values("action__campaign_id")
        .annotate(copies=Sum("quantity"), month=Sum("quantity", filter=Q(moved_on__gte=first)))
        .order_by()
    ):
        old[row["action__campaign_id"]] = {"all": -row["copies"], "month": -(row["month"] or 0)}
    new = own_actuals(ids, today)
    assert {pk: {"all": new[pk].materials, "month": new[pk].month_materials} for pk in ids} == old
    assert old[campaign.pk]["all"] == 170 + 80 and old[other.pk]["all"] == 200
    figures = campaign_figures(campaign, officer, today)
    assert figures.actuals.materials == 170 + 80 + 50
    assert sum(figures.materials_by_month) == 300  # by day from the ledger: the same copies


def test_the_balances_are_plain_rows_with_their_labels(staff):
    edition = flyer(staff, copies=40, threshold=50)
    (row,) = edition_balances()
    assert isinstance(row, Balance)
    assert (row.pk, row.title, row.version, row.on_hand, row.low_stock_threshold) == (
        edition.pk,
        "Flyer",
        edition.version,
        40,
        50,
    )
    assert row.low_on_stock
    with translation.override("en"):
        assert row.get_kind_display() == edition.material.get_kind_display()
        assert row.get_language_display() == edition.get_language_display()
        assert row.get_state_display() == edition.get_state_display()
