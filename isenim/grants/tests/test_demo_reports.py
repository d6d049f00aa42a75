"""The demo's donor reports: two submitted quarterly reports (their periods frozen, their files kept) and one
in progress."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from isenim.accounts.demo import ensure_demo_staff
from isenim.appeals.demo import ensure_demo_appeals, ensure_demo_triage
from isenim.grants.choices import ReportState
from isenim.grants.demo import CODE, ensure_demo_grants
from isenim.grants.models import GrantProject, IndicatorValue, Report
from isenim.grants.services.reports import report_file
from isenim.prevention.demo import ensure_demo_prevention


@pytest.fixture(scope="module")
def _demo_dir(module_db, django_db_blocker, tmp_path_factory):
    """Seeded once for this module (conftest's ``module_db``): both tests only read it."""
    from django.test.utils import override_settings

    var = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var, ISENIM_VAULT_DIR=str(var / "vault")):
        call_command("load-reference")
        ensure_demo_staff()
        ensure_demo_appeals()
        ensure_demo_triage()
        ensure_demo_prevention()
        ensure_demo_grants()
    return var


@pytest.fixture
def demo(_demo_dir, db, settings):
    settings.VAR_DIR = _demo_dir
    settings.ISENIM_VAULT_DIR = str(_demo_dir / "vault")  # the submitted reports' kept files
    return GrantProject.objects.get(code=CODE)


def test_two_submitted_and_one_in_progress(demo):
    reports = list(Report.objects.filter(project=demo).order_by("period__starts_on"))
    assert [r.state for r in reports] == [ReportState.SUBMITTED, ReportState.SUBMITTED, ReportState.DRAFT]
    assert [r.language for r in reports] == ["kaa", "ru", "kaa"]
    for report in reports[:2]:
        assert IndicatorValue.objects.filter(period=report.period).exists()
        assert not IndicatorValue.objects.filter(period=report.period, frozen=False).exists()
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(report_file(report, "pdf"))).pages
        )
        assert "Арал" in text or "Арал" in text.replace("\n", "")
    assert not IndicatorValue.objects.filter(period=reports[2].period, frozen=True).exists()
    assert reports[2].built_at is not None and not reports[2].narrative["plans"]


def test_budget_execution_recounted(demo):
    from django.db.models import F, Sum

    from isenim.grants.models import BudgetLine
    from isenim.grants.selectors.reports import budget_execution
    from isenim.prevention.models import Placement, PrintRun
    from isenim.reintegration.models import Purchase

    period = Report.objects.filter(project=demo).order_by("-period__starts_on").first().period
    rows, totals = budget_execution(demo, period)
    assert len(rows) == BudgetLine.objects.filter(project=demo).count() >= 1
    for row in rows:
        source = row["source"]
        window = (demo.starts_on, period.ends_on)
        paid = (
            (
                Purchase.objects.filter(funding_source=source, purchased_on__range=window).aggregate(
                    s=Sum("total_uzs")
                )["s"]
                or 0
            )
            + (
                PrintRun.objects.filter(funding_source=source, printed_on__range=window).aggregate(
                    s=Sum(F("quantity") * F("unit_cost_uzs"))
                )["s"]
                or 0
            )
            + (
                Placement.objects.filter(funding_source=source, starts_on__range=window).aggregate(
                    s=Sum("cost_uzs")
                )["s"]
                or 0
            )
        )
        assert row["to_date_total"] == paid
        assert row["left"] == source.amount_uzs - paid
    assert totals["to_date"] == sum(row["to_date_total"] for row in rows)
