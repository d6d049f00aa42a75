"""A closed case is closed everywhere: every service that changes a case, or anything that hangs on it,
refuses on a closed case and leaves the database as it was; the same call on an open case is saved.

The list is not kept by hand: the test imports every ``services`` module of every Isenim app above the
apps the layers contract keeps below cases (they cannot import it) and finds each public function that
takes ``actor``. Each one must be classified below, either as changing a case (with
a recipe that calls it on the case of ``casefile_world``) or as not being about a case. A new service that
nobody classified fails ``test_every_service_is_classified``, so it cannot forget the closed case.
"""

import importlib
import inspect
import pkgutil
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone, translation

from conftest import make_staff
from isenim.cases.services import (
    assessment,
    cases,
    documents,
    notes,
    plan,
    referrals,
    services_delivered,
    tasks,
)
from isenim.core.access import Role
from isenim.core.errors import Refusal
from isenim.guide.services import consultations
from isenim.reintegration.services import aid, followup, profile
from isenim.reintegration.tests.helpers import kit_lines
from isenim.returns.services import documents as applications
from isenim.returns.services import returns
from tests.casefile_world import SAMPLE_PDF, casefile, changed, fingerprint

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = dict.fromkeys(("econ_income", "econ_work", "econ_debt", "soc_housing", "soc_services"), 2)
ANSWERS |= dict.fromkeys(("soc_network", "psy_wellbeing", "psy_safety", "psy_future"), 3)


def _today():
    return timezone.localdate()


def _result_of_a_new_service(w, s):
    """A service's result recorded later: the service is written straight to the table (a closed case
    could not take it through the service) inside a savepoint that the refusal rolls back."""
    from django.db import transaction

    from isenim.cases.models import ServiceDelivery

    manager = s[Role.CASE_MANAGER]
    with transaction.atomic():
        w.service_type.result_kind = "employment"
        w.service_type.save(update_fields=["result_kind"])
        delivery = ServiceDelivery.objects.create(
            case=w.case,
            service_type=w.service_type,
            delivered_on=_today(),
            provider_user=manager,
            recorded_by=manager,
        )
        return services_delivered.service_result_set(actor=manager, delivery=delivery, result="job_found")


# Every service that changes a case or what hangs on it: "module.function" -> how to call it on ``w`` (the
# case's world, casefile_world.World) as ``s`` (the staff, and "newcomer": a psychologist not on the team).
CHANGES_A_CASE = {
    # The case itself: edits, team, status, approvals
    "isenim.cases.services.cases.case_update": lambda w, s: cases.case_update(
        actor=s[Role.DIRECTOR], case=w.case, priority="urgent", risk="high", manager=s[Role.CASE_MANAGER]
    ),
    "isenim.cases.services.cases.team_add": lambda w, s: cases.team_add(
        actor=s[Role.DIRECTOR], case=w.case, user=s["newcomer"]
    ),
    "isenim.cases.services.cases.team_remove": lambda w, s: cases.team_remove(
        actor=s[Role.DIRECTOR], case=w.case, user=s[Role.LAWYER]
    ),
    "isenim.cases.services.cases.status_change": lambda w, s: cases.status_change(
        actor=s[Role.CASE_MANAGER], case=w.case, to_status="assessment"
    ),
    "isenim.cases.services.cases.approval_request": lambda w, s: cases.approval_request(
        actor=s[Role.CASE_MANAGER], case=w.case, kind="closure", closure_reason="goals_met", summary="Питти."
    ),
    "isenim.cases.services.cases.approval_decide": lambda w, s: cases.approval_decide(
        actor=s[Role.DIRECTOR], approval=w.plan_approval, approve=True
    ),
    # Needs assessment and the plan
    "isenim.cases.services.assessment.assessment_record": lambda w, s: assessment.assessment_record(
        actor=s[Role.PSYCHOLOGIST],
        case=w.case,
        assessed_on=_today(),
        entries={"safety": assessment.DomainEntry(score=3)},
    ),
    "isenim.cases.services.plan.goal_add": lambda w, s: plan.goal_add(
        actor=s[Role.CASE_MANAGER], case=w.case, domain="family", text="Шаңарақ"
    ),
    "isenim.cases.services.plan.goal_update": lambda w, s: plan.goal_update(
        actor=s[Role.CASE_MANAGER], goal=w.goal, domain="economic", text="Басқа мақсет"
    ),
    "isenim.cases.services.plan.goal_set_achieved": lambda w, s: plan.goal_set_achieved(
        actor=s[Role.CASE_MANAGER], goal=w.goal, achieved=True
    ),
    "isenim.cases.services.plan.action_add": lambda w, s: plan.action_add(
        actor=s[Role.CASE_MANAGER], goal=w.goal, text="Жаңа ис", assignee=s[Role.LAWYER], due_on=_today()
    ),
    "isenim.cases.services.plan.action_update": lambda w, s: plan.action_update(
        actor=s[Role.CASE_MANAGER],
        task=w.action,
        text="Өзгерген ис",
        assignee=s[Role.CASE_MANAGER],
        due_on=_today() + timedelta(days=5),
    ),
    "isenim.cases.services.plan.action_done": lambda w, s: plan.action_done(
        actor=s[Role.CASE_MANAGER], task=w.action
    ),
    # Notes, tasks (My work's "done"), documents
    "isenim.cases.services.notes.note_add": lambda w, s: notes.note_add(
        actor=s[Role.CASE_MANAGER], case=w.case, discipline="shared", body="Жаңа жазба"
    ),
    "isenim.cases.services.tasks.task_done": lambda w, s: tasks.task_done(
        actor=s[Role.CASE_MANAGER], task=w.follow_up
    ),
    "isenim.cases.services.documents.document_upload": lambda w, s: documents.document_upload(
        actor=s[Role.CASE_MANAGER], case=w.case, title="Паспорт нусқасы", content=SAMPLE_PDF
    ),
    "isenim.cases.services.documents.identity_document_set": lambda w, s: documents.identity_document_set(
        actor=s[Role.LAWYER], case=w.case, doc_type="birth_certificate", status="lost"
    ),
    # Services delivered and referrals
    "isenim.cases.services.services_delivered.service_record": lambda w, s: services_delivered.service_record(
        actor=s[Role.CASE_MANAGER],
        case=w.case,
        data=services_delivered.ServiceData(
            service_type=w.service_type, delivered_on=_today(), provider_user=s[Role.CASE_MANAGER]
        ),
    ),
    "isenim.cases.services.services_delivered.service_result_set": lambda w, s: _result_of_a_new_service(
        w, s
    ),
    "isenim.cases.services.services_delivered.task_add_follow_up": (
        lambda w, s: services_delivered.task_add_follow_up(
            actor=s[Role.CASE_MANAGER],
            case=w.case,
            due_on=_today() + timedelta(days=7),
            assignee=s[Role.CASE_MANAGER],
            text="Қоңыраў",
        )
    ),
    "isenim.cases.services.referrals.referral_send": lambda w, s: referrals.referral_send(
        actor=s[Role.CASE_MANAGER],
        case=w.case,
        data=referrals.ReferralData(
            partner=w.partner,
            reason="Медициналық жәрдем",
            sent_on=_today(),
            handler=s[Role.CASE_MANAGER],
            shares_personal_data=False,
        ),
    ),
    "isenim.cases.services.referrals.referral_receive": lambda w, s: referrals.referral_receive(
        actor=s[Role.CASE_MANAGER],
        case=w.case,
        data=referrals.ReferralData(
            partner=w.partner, reason="Жәрдем", sent_on=_today(), handler=s[Role.CASE_MANAGER]
        ),
    ),
    "isenim.cases.services.referrals.referral_status": lambda w, s: referrals.referral_status(
        actor=s[Role.CASE_MANAGER], referral=w.referral, to_status="accepted", on=_today()
    ),
    # Return home and document restoration
    "isenim.returns.services.returns.return_plan_save": lambda w, s: returns.return_plan_save(
        actor=s[Role.CASE_MANAGER],
        case=w.case,
        from_country=w.country,
        planned_travel_on=_today() + timedelta(days=10),
        status="travelling",
    ),
    "isenim.returns.services.returns.return_step_record": lambda w, s: returns.return_step_record(
        actor=s[Role.CASE_MANAGER],
        case=w.case,
        data=returns.StepData(kind="consulate_contact", done_on=_today(), done_by=s[Role.CASE_MANAGER]),
    ),
    "isenim.returns.services.documents.application_add": lambda w, s: applications.application_add(
        actor=s[Role.LAWYER], case=w.case, doc_type="birth_certificate", mission=w.mission
    ),
    "isenim.returns.services.documents.application_move": lambda w, s: applications.application_move(
        actor=s[Role.LAWYER],
        application=w.preparing,
        data=applications.MoveData(to_status="submitted", on=_today()),
    ),
    "isenim.returns.services.documents.application_hand_over": lambda w, s: (
        applications.application_hand_over(actor=s[Role.LAWYER], application=w.issued, on=_today())
    ),
    # Pre-departure consultations
    "isenim.guide.services.consultations.consultation_record": lambda w, s: consultations.consultation_record(
        actor=s[Role.CASE_MANAGER],
        case=w.case,
        data=consultations.ConsultationData(
            destination=w.country, consulted_on=_today(), consulted_by=s[Role.CASE_MANAGER]
        ),
    ),
    # Reintegration: the vocational profile, the tool kit chain, the follow-ups
    "isenim.reintegration.services.profile.profile_save": lambda w, s: profile.profile_save(
        actor=s[Role.CASE_MANAGER], case=w.case, data=profile.ProfileData(skills="Ағаштан ис ислейди")
    ),
    "isenim.reintegration.services.aid.aid_request_add": lambda w, s: aid.aid_request_add(
        actor=s[Role.CASE_MANAGER],
        case=w.case,
        trade=w.trade,
        funding_source=w.source,
        lines=kit_lines(w.trade),
    ),
    "isenim.reintegration.services.aid.aid_request_decide": lambda w, s: aid.aid_request_decide(
        actor=s[Role.DIRECTOR], request=w.requested, approve=True
    ),
    "isenim.reintegration.services.aid.purchase_record": lambda w, s: aid.purchase_record(
        actor=s[Role.CASE_MANAGER],
        request=w.approved,
        data=aid.PurchaseData(
            supplier="Nukus bazaar",
            purchased_on=_today(),
            funding_source=w.source,
            lines=[aid.ItemLine(i.kit_item, i.quantity, i.unit_price_uzs) for i in w.approved.items.all()],
            invoice=SAMPLE_PDF,
        ),
    ),
    "isenim.reintegration.services.aid.handover_record": lambda w, s: aid.handover_record(
        actor=s[Role.CASE_MANAGER], request=w.purchased, handed_over_on=_today()
    ),
    "isenim.reintegration.services.followup.follow_up_record": lambda w, s: followup.follow_up_record(
        actor=s[Role.CASE_MANAGER],
        request=w.handed_over,
        data=followup.FollowUpData(
            months=3,
            done_on=_today(),
            trade_worked="yes",
            remigration="none",
            answers=ANSWERS,
            early_reason="Leaves next week",  # handed over today: the follow-up is early
        ),
    ),
}

# The way back: the only change a closed case accepts (tested in cases/tests/test_reopen.py).
REOPENS_A_CASE = {"isenim.cases.services.cases.case_reopen"}

# Services that take an actor but change no existing case (why, in a word). The apps below cases in the
# layers contract (pyproject's import-linter: appeals, people, portal, accounts, geo, core) cannot import
# it, so cannot change a case: their services are not listed.
NOT_ABOUT_A_CASE = {
    "isenim.comparison.services.delete_dataset": "a comparison dataset (someone else's file)",
    "isenim.comparison.services.import_dataset": "a comparison dataset (someone else's file)",
    "isenim.exchange.services.record_download": "records that a release was downloaded",
    "isenim.exchange.services.record_release": "an anonymised release: reads cases, changes none",
    "isenim.insights.services.figures.figure_delete": "official figures by region",
    "isenim.insights.services.figures.figure_save": "official figures by region",
    "isenim.insights.services.figures.figures_import": "official figures by region",
    "isenim.insights.services.saved_views.saved_view_create": "a saved analysis",
    "isenim.insights.services.saved_views.saved_view_delete": "a saved analysis",
    "isenim.insights.services.saved_views.saved_view_rename": "a saved analysis",
    "isenim.retention.services.anonymise_appeal": "retention: acts on closed records by design",
    "isenim.retention.services.anonymise_case": "retention: anonymises closed cases by design",
    "isenim.retention.services.anonymise_consultation": "retention: acts on old records by design",
    "isenim.retention.services.confirm": "retention: the director's list, before anything changes",
    "isenim.retention.services.destroy_case_documents": "retention: a closed case's documents by design",
    "isenim.retention.services.periods_update": "retention periods",
    "isenim.retention.services.request_decide": "a request to erase (refused while a case is open)",
    "isenim.retention.services.request_record": "a request to erase, recorded",
    "isenim.cases.services.cases.case_open": "opens a new case",
    "isenim.cases.services.cases.case_open_anonymous": "opens a new case (for an anonymous appeal)",
    "isenim.cases.services.cases.settings_update": "the centre's settings",
    "isenim.cases.services.catalogue.service_type_save": "the service catalogue",
    "isenim.cases.services.catalogue.partner_save": "the list of partners",
    "isenim.cases.services.catalogue.load_catalogue": "the shipped catalogue",
    "isenim.guide.services.items.item_create": "the safe-migration guide",
    "isenim.guide.services.items.item_update": "the safe-migration guide",
    "isenim.guide.services.items.item_submit": "the safe-migration guide",
    "isenim.guide.services.items.item_publish": "the safe-migration guide",
    "isenim.guide.services.items.item_return": "the safe-migration guide",
    "isenim.guide.services.items.mission_save": "missions",
    "isenim.guide.services.items.hotline_save": "hotlines",
    "isenim.reintegration.services.catalogue.trade_save": "trades",
    "isenim.reintegration.services.catalogue.kit_item_save": "tool kits",
    "isenim.reintegration.services.catalogue.load_trades": "the shipped trades",
    "isenim.reintegration.services.funding.funding_source_save": "budgets",
    "isenim.grants.services.projects.project_create": "grant projects",
    "isenim.grants.services.projects.project_update": "grant projects",
    "isenim.grants.services.projects.communities_set": "a grant's target assemblies",
    "isenim.grants.services.meetings.meeting_create": "meetings with residents (an anonymous tally)",
    "isenim.grants.services.meetings.meeting_update": "meetings with residents",
    "isenim.grants.services.meetings.attendance_enter": "meetings with residents",
    "isenim.grants.services.meetings.meeting_materials_draw": "the prevention stock",
    "isenim.grants.services.meetings.meeting_appeal_link": "links an appeal (not a case) to a meeting",
    "isenim.grants.services.meetings.meeting_appeal_set": "links an appeal (not a case) to a meeting",
    "isenim.grants.services.logframe.indicator_create": "a grant's logframe",
    "isenim.grants.services.logframe.indicator_update": "a grant's logframe",
    "isenim.grants.services.logframe.node_create": "a grant's logframe",
    "isenim.grants.services.logframe.node_update": "a grant's logframe",
    "isenim.grants.services.logframe.targets_set": "a grant's targets",
    "isenim.grants.services.reports.narrative_save": "a donor report",
    "isenim.grants.services.reports.report_build": "a donor report (counts, no case)",
    "isenim.grants.services.reports.report_create": "a donor report",
    "isenim.grants.services.reports.report_submit": "a donor report",
    "isenim.grants.services.values.freeze_period": "indicator values (counts)",
    "isenim.grants.services.values.refresh_actuals": "indicator values (counts)",
    "isenim.grants.services.values.value_approve": "indicator values (counts)",
    "isenim.grants.services.values.value_correct": "indicator values (counts)",
    "isenim.grants.services.values.value_record": "indicator values (counts)",
    "isenim.prevention.services.actions.action_create": "outreach actions (an anonymous tally)",
    "isenim.prevention.services.actions.action_update": "outreach actions",
    "isenim.prevention.services.actions.materials_draw": "the prevention stock",
    "isenim.prevention.services.actions.materials_return": "the prevention stock",
    "isenim.prevention.services.actions.tally_enter": "outreach actions (an anonymous tally)",
    "isenim.prevention.services.attribution.set_appeal_source": "where an appeal (not a case) was heard of",
    "isenim.prevention.services.campaigns.campaign_save": "campaigns",
    "isenim.prevention.services.materials.edition_approve": "printed materials",
    "isenim.prevention.services.materials.edition_draft": "printed materials",
    "isenim.prevention.services.materials.edition_edit": "printed materials",
    "isenim.prevention.services.materials.material_save": "printed materials",
    "isenim.prevention.services.placements.placement_save": "media placements",
    "isenim.prevention.services.stock.move_stock": "the prevention stock",
    "isenim.prevention.services.stock.print_run_record": "the prevention stock",
    "isenim.prevention.services.stock.stock_move_record": "the prevention stock",
}


def apps_below_cases() -> set[str]:
    """The apps the layers contract puts below cases (they may not import it)."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in contracts["contracts"] if c["type"] == "layers")["layers"]
    below = layers[layers.index("cases") + 1 :]
    return {f"isenim.{name.strip()}" for layer in below for name in layer.split("|")}


def _service_modules():
    below = apps_below_cases()
    for config in apps.get_app_configs():
        if not config.name.startswith("isenim.") or config.name in below:
            continue
        name = f"{config.name}.services"
        try:
            package = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        yield package
        for info in pkgutil.walk_packages(getattr(package, "__path__", []), f"{name}."):
            yield importlib.import_module(info.name)


def services_taking_an_actor() -> dict:
    """Every public function defined in a services module of an Isenim app that takes ``actor``."""
    found = {}
    for module in _service_modules():
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value) or value.__module__ != module.__name__:
                continue
            if "actor" in inspect.signature(value).parameters:
                found[f"{module.__name__}.{name}"] = value
    return found


def test_every_service_is_classified():
    found = set(services_taking_an_actor())
    classified = CHANGES_A_CASE.keys() | REOPENS_A_CASE | NOT_ABOUT_A_CASE.keys()
    unclassified = sorted(found - classified)
    assert not unclassified, (
        "Classify these services in tests/test_closed_case.py: CHANGES_A_CASE (they must call "
        "cases.guards.lock_open_case and get a recipe here) or NOT_ABOUT_A_CASE: " + ", ".join(unclassified)
    )
    assert not sorted(classified - found), "Services listed here that no longer exist"
    assert not CHANGES_A_CASE.keys() & NOT_ABOUT_A_CASE.keys()
    assert {"isenim.appeals", "isenim.people", "isenim.accounts"} <= apps_below_cases()


@pytest.fixture
def people(staff, settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    return {**staff, "newcomer": make_staff(Role.PSYCHOLOGIST, "aziza")}


@pytest.mark.parametrize("service", sorted(CHANGES_A_CASE))
def test_a_closed_case_refuses_every_change_and_an_open_one_takes_it(people, service):
    recipe = CHANGES_A_CASE[service]
    closed = casefile(people, closed=True)
    opened = casefile(people, closed=False)
    before = fingerprint()
    with translation.override("en"), pytest.raises(Refusal) as refused:
        recipe(closed, people)
    assert "closed" in str(refused.value), str(refused.value)
    assert not changed(before, fingerprint())
    # The same call on the open case goes through: the refusal above was the closed case's, nothing else.
    recipe(opened, people)
    assert fingerprint() != before
