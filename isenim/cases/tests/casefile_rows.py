"""A case with something in every part of its file, made directly in the tables (the timeline and the
summary PDF read them; the pages that write them belong to other parts and have their own tests).

``fill_case(case, staff, n)`` adds ``n`` of each kind of record; texts are unique per kind so a test can
look for them. The psychologist's note text is PSY_TEXT (+ index), the lawyer's LEGAL_TEXT."""

from datetime import timedelta

from django.utils import timezone

from isenim.cases.models import (
    Assessment,
    CaseDocument,
    DomainScore,
    Goal,
    Note,
    Partner,
    Referral,
    ServiceDelivery,
    ServiceType,
    Task,
)
from isenim.core.access import Role

PSY_TEXT = "Түнде уйқысы жоқ, қорқыныш белгилери"
LEGAL_TEXT = "Жумыс бериўшиге қарсы арза таярланды"
SHARED_TEXT = "Шаңарағы менен байланыс тикленди"
SERVICE_NAME = "Жеке психологиялық кеңес"
PARTNER_NAME = "Халықаралық миграция шөлкеми (IOM)"
GOAL_TEXT = "Паспортты тиклеў"
ACTION_TEXT = "Консуллыққа хат жазыў"
DOCUMENT_TITLE = "Қайтыў гуўалығы"


def _note(case, discipline, author, body):
    note = Note(case=case, discipline=discipline, author=author)
    note.body = body
    note.save()
    return note


def fill_case(case, staff, n: int = 1) -> None:
    manager, psychologist, lawyer = staff[Role.CASE_MANAGER], staff[Role.PSYCHOLOGIST], staff[Role.LAWYER]
    today = timezone.localdate()
    service_type, _created = ServiceType.objects.get_or_create(
        code="counselling", defaults={"group": "psychological", "name_kaa": SERVICE_NAME}
    )
    partner = Partner.objects.filter(name_kaa=PARTNER_NAME).first() or Partner.objects.create(
        kind="international", name_kaa=PARTNER_NAME
    )
    for i in range(n):
        assessment = Assessment.objects.create(
            case=case, assessed_on=today - timedelta(days=10), assessed_by=manager
        )
        for domain, score in (("safety", 2), ("psychological", 1), ("documents", 1)):
            row = DomainScore(assessment=assessment, domain=domain, score=score)
            row.observations = f"Бақлаў {domain} {i}"
            row.save()
        goal = Goal(case=case, domain="documents", created_by=manager)
        goal.text = f"{GOAL_TEXT} {i}"
        goal.save()
        action = Task(
            case=case,
            goal=goal,
            kind="action",
            assignee=lawyer,
            due_on=today + timedelta(days=7),
            created_by=manager,
        )
        action.text = f"{ACTION_TEXT} {i}"
        action.save()
        follow_up = Task(
            case=case,
            kind="follow_up",
            assignee=manager,
            due_on=today + timedelta(days=30),
            created_by=manager,
        )
        follow_up.text = f"Қоңыраў етиў {i}"
        follow_up.save()
        service = ServiceDelivery(
            case=case,
            service_type=service_type,
            delivered_on=today - timedelta(days=5),
            provider_user=psychologist,
            duration_minutes=50,
            cost_uzs=150000,
            recorded_by=psychologist,
        )
        service.outcome = f"Жағдайы жақсыланды {i}"
        service.save()
        referral = Referral(
            case=case,
            direction="outgoing",
            partner=partner,
            shares_personal_data=False,
            status="accepted",
            sent_on=today - timedelta(days=3),
            answered_on=today - timedelta(days=1),
            created_by=manager,
        )
        referral.reason = f"Қайтыў ушын жәрдем {i}"
        referral.feedback = f"Қабыл етилди {i}"
        referral.save()
        _note(case, "shared", manager, f"{SHARED_TEXT} {i}")
        _note(case, "psychological", psychologist, f"{PSY_TEXT} {i}")
        _note(case, "legal", lawyer, f"{LEGAL_TEXT} {i}")
        document = CaseDocument(
            case=case,
            content_type="application/pdf",
            extension="pdf",
            size=10,
            vault_name=f"x{i}",
            uploaded_by=manager,
        )
        document.title = f"{DOCUMENT_TITLE} {i}"
        document.save()
