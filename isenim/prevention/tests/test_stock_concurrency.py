"""Two people draw the last copies of an edition at the same moment: exactly one succeeds, the balance
never goes below zero and stays the ledger's sum. Real concurrency needs PostgreSQL (row locks); the suite's
PostgreSQL pass runs this file (scripts/test.sh: ``-m "not browser"``). The plain refusal of a second draw
is tested on every database in test_stock.py."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from isenim.core.access import Role
from isenim.prevention.choices import MovementKind
from isenim.prevention.models import Edition, StockMovement
from isenim.prevention.selectors.stock import verify_ledger
from isenim.prevention.services import PreventionError
from isenim.prevention.services.stock import move_stock
from isenim.prevention.tests.materials_helpers import in_stock

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (it locks the whole file): concurrent draws are tested on PostgreSQL "
    "only, in the PostgreSQL pass of scripts/test.sh",
)

ROUNDS = 5
LAST = 7  # the copies left, which both draw at once


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")


def _draw(edition_pk: int, actor, start: threading.Barrier, outcomes: list[str]) -> None:
    """One person's draw of the last copies, in its own thread and database connection."""
    try:
        start.wait(timeout=30)
        move_stock(
            actor=actor,
            edition=Edition.objects.get(pk=edition_pk),
            kind=MovementKind.TO_POINT,
            quantity=LAST,
            moved_on=timezone.localdate(),
            distribution_point="Хожели туман ҳәкимлиги",
        )
        outcomes.append("drawn")
    except PreventionError:
        outcomes.append("refused")
    except Exception as error:  # reported by the assertion on the outcomes, never swallowed
        outcomes.append(f"error: {error!r}")
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_draws_of_the_last_copies_at_once_one_succeeds(staff):
    officer, director = staff[Role.PREVENTION_OFFICER], staff[Role.DIRECTOR]
    edition = in_stock(staff, quantity=LAST * ROUNDS)
    for round_number in range(ROUNDS):
        # Leave exactly LAST copies, then let two people take them at the same moment.
        on_hand = Edition.objects.get(pk=edition.pk).on_hand
        if on_hand > LAST:
            move_stock(
                actor=officer,
                edition=edition,
                kind=MovementKind.WRITE_OFF,
                quantity=on_hand - LAST,
                moved_on=timezone.localdate(),
                note="round",
            )
        start = threading.Barrier(2)
        outcomes: list[str] = []

        threads = [
            threading.Thread(target=_draw, args=(edition.pk, actor, start, outcomes))
            for actor in (officer, director)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(outcomes) == ["drawn", "refused"], f"round {round_number}: {outcomes}"
        edition.refresh_from_db()
        assert edition.on_hand == 0
        assert verify_ledger() == []
        # Put the next round's copies back (a return keeps the ledger whole).
        if round_number < ROUNDS - 1:
            move_stock(
                actor=officer,
                edition=edition,
                kind=MovementKind.RETURNED,
                quantity=LAST,
                moved_on=timezone.localdate(),
            )
    draws = StockMovement.objects.filter(edition=edition, kind=MovementKind.TO_POINT)
    assert draws.count() == ROUNDS
    assert edition.on_hand == sum(
        StockMovement.objects.filter(edition=edition).values_list("quantity", flat=True)
    )
