"""Funding sources: committed (approved, not bought), spent (bought), remaining; over-commitment refused."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.reintegration.budget import budget_of
from isenim.reintegration.choices import AidState
from isenim.reintegration.models import AidRequest, FundingSource
from isenim.reintegration.services import ReintegrationError
from isenim.reintegration.services.aid import aid_request_decide
from isenim.reintegration.tests.helpers import GRANT, approved, funding, purchased, requested


@pytest.fixture(autouse=True)
def english():
    """Messages raised by services are read in English here (pages are requested under /en/)."""
    with translation.override("en"):
        yield


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")


def test_the_me_officer_adds_a_funding_source(client_as, staff):
    client = client_as(staff[Role.ME_OFFICER])
    response = client.post(
        en("reintegration:funding_create"),
        {
            "name": GRANT,
            "amount_uzs": "30000000",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "active": "on",
        },
    )
    assert response.status_code == 302
    source = FundingSource.objects.get()
    assert source.amount_uzs == 30_000_000 and source.name == GRANT
    assert AuditEvent.objects.filter(action="funding_source.add").exists()


def test_a_period_that_ends_before_it_starts_is_refused_and_kept(client_as, staff):
    response = client_as(staff[Role.DIRECTOR]).post(
        en("reintegration:funding_create"),
        {"name": "Line 4", "amount_uzs": "1000", "starts_on": "2026-12-31", "ends_on": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "The period must end on or after the day it starts." in response.content.decode()
    assert 'value="Line 4"' in response.content.decode()
    assert not FundingSource.objects.exists()


def test_committed_spent_and_remaining(client_as, staff):
    director = staff[Role.DIRECTOR]
    source = funding(director, amount=20_000_000)
    waiting = requested(sample_case(staff), staff, source, price=100_000)  # not committed yet
    committed = approved(sample_case(staff), staff, source, price=200_000)
    bought = purchased(sample_case(staff), staff, source, price=300_000)
    budget = budget_of(source)
    assert budget.committed == committed.total_uzs and budget.committed > 0
    assert budget.spent == bought.purchase.total_uzs and budget.spent > 0
    assert budget.remaining == 20_000_000 - committed.total_uzs - bought.purchase.total_uzs
    assert waiting.total_uzs not in (budget.committed, budget.spent)
    page = client_as(director).get(en("reintegration:funding_list")).content.decode()
    spaced = f"{budget.remaining:,}".replace(",", "\u00a0")
    assert spaced in page
    # The M&E officer sees the budgets; no case content is on the page.
    me_page = client_as(staff[Role.ME_OFFICER]).get(en("reintegration:funding_list")).content.decode()
    assert spaced in me_page and committed.case.number not in me_page


def test_over_commitment_is_refused_with_a_clear_message(client_as, staff):
    director = staff[Role.DIRECTOR]
    source = funding(director, amount=5_000_000)
    first = requested(sample_case(staff), staff, source, price=500_000)  # 3 items, 3 pieces: 1.5 M
    second = requested(sample_case(staff), staff, source, price=1_000_000)  # 3 M
    third = requested(sample_case(staff), staff, source, price=600_000)  # 1.8 M
    aid_request_decide(actor=director, request=first, approve=True)
    aid_request_decide(actor=director, request=second, approve=True)
    response = client_as(director).post(
        en("reintegration:request_decide", pk=third.pk), {"decision": "approve"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "500\u00a0000" in body or "500 000" in body
    assert "has 500 000 UZS left" in body and "this needs 1 800 000 UZS" in body
    third.refresh_from_db()
    assert third.state == AidState.REQUESTED
    assert budget_of(source).committed == 4_500_000


def test_a_purchase_dearer_than_what_is_left_is_refused(staff):
    from django.utils import timezone

    from isenim.reintegration.services.aid import ItemLine, PurchaseData, purchase_record
    from isenim.reintegration.tests.helpers import SAMPLE_PDF

    director = staff[Role.DIRECTOR]
    source = funding(director, amount=2_000_000)
    aid = approved(sample_case(staff), staff, source, price=500_000)  # 1.5 M committed
    lines = [ItemLine(item.kit_item, item.quantity, 700_000) for item in aid.items.all()]  # 2.1 M
    with pytest.raises(ReintegrationError, match="has 2 000 000 UZS left"):
        purchase_record(
            actor=staff[Role.CASE_MANAGER],
            request=aid,
            data=PurchaseData("Shop", timezone.localdate(), source, lines, SAMPLE_PDF),
        )
    aid.refresh_from_db()
    assert aid.state == AidState.APPROVED


def test_a_request_beyond_the_budget_is_refused_when_sent(staff):
    source = funding(staff[Role.DIRECTOR], amount=1_000)
    with pytest.raises(ReintegrationError, match="left"):
        requested(sample_case(staff), staff, source)
    assert not AidRequest.objects.exists()


def test_the_budget_cannot_drop_below_what_is_used(client_as, staff):
    director = staff[Role.DIRECTOR]
    source = funding(director, amount=5_000_000)
    approved(sample_case(staff), staff, source, price=500_000)
    response = client_as(director).post(
        en("reintegration:funding_edit", pk=source.pk),
        {"name": source.name, "amount_uzs": "1000000", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert "cannot be less than what is already committed and spent" in response.content.decode()
    source.refresh_from_db()
    assert source.amount_uzs == 5_000_000
    assert source.starts_on == date(source.starts_on.year, 1, 1)


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PSYCHOLOGIST, Role.ADMINISTRATOR])
def test_budgets_are_404_for_roles_without_the_permission(client_as, staff, role):
    assert client_as(staff[role]).get(en("reintegration:funding_list")).status_code == 404


def test_a_request_and_an_approval_over_the_budget_are_refused_by_the_same_check(staff):
    """One budget check (budget.check_fits): asking for more than is left and approving it say the same."""
    case = sample_case(staff)
    source = funding(staff[Role.DIRECTOR], amount=1_000_000)
    with pytest.raises(ReintegrationError) as at_request:
        requested(case, staff, source, price=2_000_000)
    assert not AidRequest.objects.exists()
    request = requested(case, staff, source, price=100_000)  # 3 × 100 000 fits
    FundingSource.objects.filter(pk=source.pk).update(amount_uzs=200_000)
    with pytest.raises(ReintegrationError) as at_approval:
        aid_request_decide(actor=staff[Role.DIRECTOR], request=request, approve=True, comment="")
    for refusal in (at_request.value, at_approval.value):
        assert "left (after what is committed and spent)" in str(refusal)
