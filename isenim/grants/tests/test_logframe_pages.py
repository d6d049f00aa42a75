"""The logframe, indicator and results pages: forms that save, bad input said on the page (never a 500),
counts of case data through disclosure."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from isenim.core.access import Role
from isenim.core.measures import MEASURES
from isenim.grants.models import Indicator, IndicatorTarget, IndicatorValue, LogframeNode, ReportingPeriod
from isenim.grants.tests.logframe_helpers import SAMPLE_PDF, indicator, last_year_project, logframe, quarters

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    # URLs reversed under override("en") carry the /en/ prefix, so the pages answer in English. Changing
    # settings.LANGUAGE_CODE instead would 404 once another test has cached the resolver's /en/ prefix.
    with translation.override("en"):
        yield


@pytest.fixture
def me(client_as, staff):
    client = client_as(staff[Role.ME_OFFICER])
    client.cookies["django_language"] = "en"
    return client


def test_build_a_logframe_through_the_pages(me, staff):
    project = last_year_project(staff)
    response = me.post(reverse("grants:node_create", args=[project.pk]), {"code": "", "text": "Goal"})
    assert response.status_code == 302
    goal = LogframeNode.objects.get(project=project, level="goal")
    me.post(reverse("grants:node_create", args=[project.pk]), {"parent": goal.pk, "text": "Outcome"})
    outcome = LogframeNode.objects.get(project=project, level="outcome")
    assert outcome.code == "1.1"
    response = me.post(
        reverse("grants:indicator_create", args=[outcome.pk]),
        {
            "code": "1.1.a",
            "name": "People reached",
            "unit": "number",
            "direction": "up",
            "baseline": "0",
            "life_target": "400",
            "measure": "grants.people_at_meetings",
            "disaggregation": ["sex"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Indicator.objects.get(code="1.1.a")
    q1, q2 = quarters(project)[:2]
    response = me.post(
        reverse("grants:indicator_targets", args=[made.pk]), {f"target_{q1.pk}": "100", f"target_{q2.pk}": ""}
    )
    assert response.status_code == 302
    assert list(IndicatorTarget.objects.filter(indicator=made).values_list("target", flat=True)) == [100]
    page = me.get(reverse("grants:logframe", args=[project.pk])).content.decode()
    assert "1.1.a People reached" in page
    page = me.get(reverse("grants:results", args=[project.pk])).content.decode()
    assert 'data-testid="result-1.1.a"' in page and "<figure" in page


def test_bad_input_is_said_on_the_page(me, staff):
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    typed = {
        "code": "1.1.1",
        "name": "Typed name",
        "unit": "number",
        "direction": "up",
        "baseline": "0",
        "life_target": "10",
        "measure": "grants.meetings_held",
        "disaggregation": ["sex"],
    }
    response = me.post(reverse("grants:indicator_create", args=[output.pk]), typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be broken down by sex" in page and "Typed name" in page
    made = indicator(staff, output, "1.1.2")
    stray = ReportingPeriod.objects.create(
        project=project, kind="quarter", label="2099-Q1", starts_on="2099-01-01", ends_on="2099-03-31"
    )
    response = me.post(reverse("grants:indicator_targets", args=[made.pk]), {f"target_{stray.pk}": "5"})
    assert response.status_code == 200 and "lies outside the project" in response.content.decode()
    response = me.post(
        reverse("grants:value_create", args=[made.pk]),
        {
            "period": quarters(project)[0].pk,
            "value": "3",
            "evidence": SimpleUploadedFile("x.pdf", b"MZ\x90\x00"),
        },
    )
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_measure_that_disappeared_is_said_on_the_pages(me, staff, monkeypatch):
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    gone = indicator(staff, output, "1.1.1", measure="grants.meetings_held")
    monkeypatch.delitem(MEASURES, "grants.meetings_held")
    for url in (
        reverse("grants:results", args=[project.pk]),
        reverse("grants:indicator_detail", args=[gone.pk]),
        reverse("grants:indicator_edit", args=[gone.pk]),
        reverse("grants:value_create", args=[gone.pk]),
        reverse("grants:logframe", args=[project.pk]),
    ):
        response = me.get(url)
        assert response.status_code == 200, url
        assert "no longer exists" in response.content.decode(), url
    response = me.post(reverse("grants:actuals_refresh", args=[project.pk]), follow=True)
    assert "no longer exists" in response.content.decode()


def test_manual_value_entered_then_approved_by_someone_else(me, staff, client):
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    survey = indicator(staff, output, "1.1.2", targets={quarters(project)[0]: 10})
    q1 = quarters(project)[0]
    response = me.post(
        reverse("grants:value_create", args=[survey.pk]),
        {"period": q1.pk, "value": "9", "evidence": SimpleUploadedFile("survey.pdf", SAMPLE_PDF)},
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=survey)
    evidence = me.get(reverse("grants:value_evidence", args=[value.pk]))
    assert (
        evidence["Content-Type"] == "application/pdf"
        and b"".join(evidence.streaming_content if evidence.streaming else [evidence.content]) == SAMPLE_PDF
    )
    # The one who entered it cannot approve it.
    response = me.post(reverse("grants:value_approve", args=[value.pk]), follow=True)
    assert "second person" in response.content.decode()
    client.force_login(staff[Role.DIRECTOR])
    response = client.post(reverse("grants:value_approve", args=[value.pk]), follow=True)
    value.refresh_from_db()
    assert value.approved_by == staff[Role.DIRECTOR]
    page = client.get(reverse("grants:results", args=[project.pk])).content.decode()
    assert "90 %" in page
