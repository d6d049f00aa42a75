"""Follow-ups: recorded with the questionnaire, scored per dimension, their task done, the chart page."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.reintegration.choices import INDICATOR_FIELDS
from isenim.reintegration.models import FollowUp
from isenim.reintegration.scoring import scores_of
from isenim.reintegration.services import ReintegrationError
from isenim.reintegration.services.followup import FollowUpData, follow_up_record
from isenim.reintegration.tests.helpers import handed_over, purchased

ANSWERS = {
    "econ_income": 2,
    "econ_work": 3,
    "econ_debt": 4,
    "soc_housing": 4,
    "soc_services": 3,
    "soc_network": 2,
    "psy_wellbeing": 1,
    "psy_safety": 4,
    "psy_future": 1,
}


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


EARLY = "Leaves for Kazakhstan next week"  # the tests record follow-ups on the day of the handover


def test_the_scoring_formula():
    scores = scores_of(ANSWERS)
    assert (scores.economic, scores.social, scores.psychosocial) == (0.75, 0.75, 0.5)
    assert scores.composite == round((0.75 + 0.75 + 0.5) / 3, 2) == 0.67
    assert scores_of(dict.fromkeys(INDICATOR_FIELDS, 0)).composite == 0
    assert scores_of(dict.fromkeys(INDICATOR_FIELDS, 4)).composite == 1


def test_a_follow_up_is_recorded_and_its_task_done(client_as, staff):
    case = sample_case(staff)
    aid = handed_over(case, staff)
    task = aid.follow_up_tasks.get(months=3).task
    response = client_as(staff[Role.CASE_MANAGER]).post(
        en("reintegration:follow_up_create", number=case.number),
        {
            "request": aid.pk,
            "months": "3",
            "done_on": timezone.localdate().isoformat(),
            "early_reason": EARLY,
            "trade_worked": "partly",
            "monthly_income_uzs": "2500000",
            "remigration": "considering",
            "notes": "Works from the yard of his parents' house",
            **{k: str(v) for k, v in ANSWERS.items()},
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.monthly_income_uzs == 2_500_000 and follow_up.trade_worked == "partly"
    assert "yard" not in follow_up.sealed_notes and follow_up.notes.startswith("Works from the yard")
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()
    assert aid.follow_up_tasks.get(months=6).task.done_on is None
    event = AuditEvent.objects.get(action="followup.record")
    assert event.after["scores"]["composite"] == 0.67 and event.after["notes"] == "sealed"


def test_a_missing_answer_keeps_the_rest_and_saves_nothing(client_as, staff):
    case = sample_case(staff)
    aid = handed_over(case, staff)
    answers = {k: str(v) for k, v in ANSWERS.items() if k != "psy_future"}
    response = client_as(staff[Role.CASE_MANAGER]).post(
        en("reintegration:follow_up_create", number=case.number),
        {
            "request": aid.pk,
            "months": "3",
            "done_on": timezone.localdate().isoformat(),
            "early_reason": EARLY,
            "trade_worked": "yes",
            "remigration": "none",
            "notes": "Kept note",
            **answers,
        },
    )
    assert response.status_code == 200 and "Kept note" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_follow_ups_wait_for_the_handover_and_come_once(staff):
    case = sample_case(staff)
    manager = staff[Role.CASE_MANAGER]
    bought = purchased(case, staff)
    data = FollowUpData(
        months=3,
        done_on=timezone.localdate(),
        trade_worked="yes",
        remigration="none",
        answers=ANSWERS,
        early_reason=EARLY,
    )
    with pytest.raises(ReintegrationError, match="once the tools are handed over"):
        follow_up_record(actor=manager, request=bought, data=data)
    other = handed_over(sample_case(staff), staff)
    follow_up_record(actor=manager, request=other, data=data)
    with pytest.raises(ReintegrationError, match="already recorded"):
        follow_up_record(actor=manager, request=other, data=data)


def test_the_chart_page_has_the_data_and_a_table_and_no_inline_script(client_as, staff):
    case = sample_case(staff)
    aid = handed_over(case, staff)
    follow_up_record(
        actor=staff[Role.CASE_MANAGER],
        request=aid,
        data=FollowUpData(
            months=3,
            done_on=timezone.localdate(),
            trade_worked="yes",
            remigration="none",
            answers=ANSWERS,
            early_reason=EARLY,
        ),
    )
    page = client_as(staff[Role.PSYCHOLOGIST]).get(en("reintegration:follow_up_list", number=case.number))
    body = page.content.decode()
    data = json.loads(
        re.search(r'<script id="scores-data" type="application/json">(.*?)</script>', body).group(1)
    )
    assert data["points"][0]["composite"] == 0.67 and data["points"][0]["economic"] == 0.75
    assert 'data-testid="scores"' in body and "0.67" in body
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
        if "src=" in tag:
            assert "nonce=" in tag
