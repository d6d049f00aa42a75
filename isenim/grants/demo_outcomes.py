"""The demo's youth and family outcomes of the state-grant project (issue 14, item 8), called by
``grants.demo`` after the logframe and before the reports (so that the submitted quarters freeze them too).

- **Services with a coded result** for residents of the target assemblies: help to find a job under the
  Labour Code (five jobs found, one not yet), to start a business (two registered), to obtain a state
  benefit (two obtained), and help defined for labour migrants' families (three given, one not achieved).
  They go to the demo's people who live in a target assembly and have an open case; when there are too
  few, a case is opened (by the demo case manager) from a demo appeal of a young graduate or a migrant's
  family there. Dates fall in the project's months, results a few weeks after the help.
- **Four computed indicators** bound to the result measures (``cases.jobs_found``,
  ``cases.businesses_registered``, ``cases.benefits_obtained``, ``cases.family_help_given``), under the
  logframe's outputs for migrants' families and for young graduates, with quarterly targets and their
  actuals computed for every quarter that has started.

Deterministic, through the services (each write audited). Runs once: nothing is added when the project
already has an indicator bound to ``cases.jobs_found``. Every figure is invented.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from isenim.core.errors import Refusal
from isenim.grants.models import GrantProject, Indicator, LogframeNode, ReportingPeriod, TargetCommunity
from isenim.grants.services.logframe import IndicatorData, indicator_create, targets_set
from isenim.grants.services.values import refresh_actuals

YOUTH, FAMILY = "youth", "family"
# (who: a young graduate or a migrant's family, service type, result, days after the project's start)
SERVICES = [
    (YOUTH, "job-placement", "job_found", 35),
    (YOUTH, "job-placement", "job_found", 60),
    (YOUTH, "business-start", "business_registered", 80),
    (FAMILY, "migrant-family-help", "help_given", 90),
    (YOUTH, "job-placement", "job_found", 110),
    (FAMILY, "state-benefit", "benefit_obtained", 120),
    (FAMILY, "migrant-family-help", "help_given", 140),
    (YOUTH, "job-placement", "job_found", 165),
    (YOUTH, "state-benefit", "benefit_obtained", 180),
    (FAMILY, "migrant-family-help", "not_achieved", 200),
    (YOUTH, "business-start", "business_registered", 215),
    (YOUTH, "job-placement", "job_found", 230),
    (FAMILY, "migrant-family-help", "help_given", 245),
    (YOUTH, "job-placement", "not_yet", 260),
]
RESULT_AFTER_DAYS = 24
NEWCOMER_MARK = "demo-grant-"  # external_id of the appellants this demo adds when the others cannot serve
# (last name, first name, sex, appeal category): invented
NEWCOMERS = [
    ("Ембергенова", "Алтынай", "F", "young_graduate"),
    ("Қурбаниязов", "Нурлан", "M", "young_graduate"),
    ("Сейтмуратова", "Гүлназ", "F", "migrant_family"),
    ("Жиемуратов", "Бахадыр", "M", "young_graduate"),
    ("Тәжимуратова", "Айсулыў", "F", "migrant_family"),
    ("Досназаров", "Ерлан", "M", "young_graduate"),
    ("Утебаева", "Зийнет", "F", "young_graduate"),
    ("Оразбаев", "Азамат", "M", "migrant_family"),
]
PEOPLE = 8  # how many beneficiaries the services are spread over
OPEN_ALREADY = (
    3  # of them, demo cases already open (recent: the services of the early months need older ones)
)
# (output: its index in the demo logframe's OUTPUTS, code, name, measure, life target, per quarter)
INDICATORS = [
    (
        (1, 0),
        "1.2.1.e",
        "Мийнет мигрантларының шаңарақларына берилген жәрдем",
        "cases.family_help_given",
        6,
        2,
    ),
    ((2, 0), "1.3.1.d", "Мийнет кодекси бойынша жумысқа орналасқан жаслар", "cases.jobs_found", 8, 2),
    ((2, 0), "1.3.1.e", "Дизимге алынған исбилерменлик субъектлери", "cases.businesses_registered", 4, 1),
    ((2, 0), "1.3.1.f", "Алынған мәмлекетлик жеңилликлер ҳәм нафақалар", "cases.benefits_obtained", 4, 1),
]


def _beneficiaries(project: GrantProject, manager, team) -> dict[str, list]:
    """Open cases of people living in the project's target assemblies, by who they are (a young graduate,
    a migrant's family, from their appeal's category); cases opened from demo appeals when too few."""
    from isenim.appeals.models import Appeal
    from isenim.cases.choices import Status
    from isenim.cases.models import Case
    from isenim.cases.services.cases import CaseData, case_open

    targets = list(TargetCommunity.objects.filter(project=project).values_list("assembly_id", flat=True))
    pools: dict[str, list] = {YOUTH: [], FAMILY: []}
    cases = (
        Case.objects.filter(person__home_assembly_id__in=targets)
        .exclude(status=Status.CLOSED)
        .select_related("appeal")
        .order_by("pk")
    )
    for case in cases[:OPEN_ALREADY]:
        category = case.appeal.category if case.appeal_id else ""
        pools[FAMILY if category == "migrant_family" else YOUTH].append(case)
    wanted = PEOPLE - sum(len(pool) for pool in pools.values())
    if wanted > 0:
        with_case = Case.objects.values("person_id")
        appeals = (
            Appeal.objects.filter(
                home_assembly_id__in=targets,
                person__isnull=False,
                person__merged_into__isnull=True,
                category__in=("young_graduate", "migrant_family"),
            )
            .exclude(person_id__in=with_case)
            .select_related("person")
            .order_by("received_on", "pk")
        )
        seen = set()
        for appeal in appeals:
            if wanted <= 0:
                break
            if appeal.person_id in seen:
                continue
            seen.add(appeal.person_id)
            try:
                with transaction.atomic():  # an appeal closed with another outcome opens no case: skip it
                    case = case_open(
                        actor=manager,
                        person=appeal.person,
                        appeal=appeal,
                        data=CaseData(
                            priority="normal",
                            risk="low",
                            manager=manager,
                            opened_on=max(appeal.received_on, project.starts_on),
                        ),
                        team=team,
                    )
            except Refusal:
                continue
            pools[FAMILY if appeal.category == "migrant_family" else YOUTH].append(case)
            wanted -= 1
    if wanted > 0:  # the demo appeals there have cases or were closed: new appellants of the project
        for index, (last, first, sex, category) in enumerate(NEWCOMERS[:wanted]):
            case = _newcomer(
                project, targets[index % len(targets)], last, first, sex, category, manager, team
            )
            pools[FAMILY if category == "migrant_family" else YOUTH].append(case)
    return pools


def _newcomer(project, assembly_id, last, first, sex, category, manager, team):
    """An appeal from a new person of a target assembly early in the project, and the case opened from it."""
    from isenim.appeals.services import AppealData, appeal_register
    from isenim.cases.services.cases import CaseData, case_open
    from isenim.geo.models import AdminUnit
    from isenim.people.services import PersonData

    assembly = AdminUnit.objects.get(pk=assembly_id)
    received_on = project.starts_on + timedelta(days=7 + 3 * len(last))
    intake = get_user_model().objects.filter(username="intake").first() or manager
    appeal = appeal_register(
        actor=intake,
        data=AppealData(
            received_on=received_on,
            channel="walk_in",
            category=category,
            answers={},
            home_district_id=assembly.parent_id,
            home_assembly_id=assembly.pk,
        ),
        new_person=PersonData(
            identity={"last_name": last, "first_name": first},
            sex=sex,
            home_district_id=assembly.parent_id,
            home_assembly_id=assembly.pk,
            external_id=f"{NEWCOMER_MARK}{last}",
        ),
    )
    data = CaseData(priority="normal", risk="low", manager=manager, opened_on=received_on)
    return case_open(actor=manager, person=appeal.person, appeal=appeal, data=data, team=team)


def _services(project: GrantProject, pools: dict[str, list], manager) -> int:
    from isenim.cases.models import ServiceType
    from isenim.cases.services.services_delivered import ServiceData, service_record

    everyone = pools[YOUTH] + pools[FAMILY]
    if not everyone:
        return 0
    types = {row.code: row for row in ServiceType.objects.filter(active=True).exclude(result_kind="")}
    today = timezone.localdate()
    made = 0
    turn = {YOUTH: 0, FAMILY: 0}
    for who, code, result, after in SERVICES:
        planned = project.starts_on + timedelta(days=after)
        pool = pools[who] or everyone
        # In turn among the cases already open on the planned day; else the case opened first.
        ready = [case for case in pool if case.opened_on <= planned] or [min(pool, key=lambda c: c.opened_on)]
        case = ready[turn[who] % len(ready)]
        turn[who] += 1
        service_type = types.get(code)
        delivered_on = max(planned, case.opened_on)
        if service_type is None or delivered_on > today - timedelta(days=2):
            continue
        result_on = min(today, delivered_on + timedelta(days=RESULT_AFTER_DAYS))
        service_record(
            actor=manager,
            case=case,
            data=ServiceData(
                service_type=service_type,
                delivered_on=delivered_on,
                provider_user=manager,
                result=result,
                result_on=result_on if result != "not_yet" else None,
            ),
        )
        made += 1
    return made


def _indicators(project: GrantProject, mande, director) -> int:
    from isenim.grants.demo_logframe import OUTPUTS

    outputs = {}
    for (outcome, index), *_rest in INDICATORS:
        text = OUTPUTS[outcome][index]
        node = LogframeNode.objects.filter(project=project, level="output", text=text).first()
        if node is None:
            return 0
        outputs[(outcome, index)] = node
    quarters = list(ReportingPeriod.objects.filter(project=project, kind="quarter").order_by("starts_on"))
    for where, code, name, measure, life, per_quarter in INDICATORS:
        indicator = indicator_create(
            actor=mande,
            node=outputs[where],
            data=IndicatorData(
                code=code,
                name=name,
                life_target=life,
                cumulative=True,
                disaggregation=["sex", "assembly"],
                measure=measure,
                means_of_verification="Isenim: хызметлердиң нәтийжеси (кейслер)",
                reported_by=mande,
            ),
        )
        targets_set(actor=mande, indicator=indicator, targets=dict.fromkeys(quarters, per_quarter))
    today = timezone.localdate()
    for quarter in quarters:
        if quarter.starts_on <= today and not quarter.values.filter(frozen=True).exists():
            refresh_actuals(project, quarter, actor=director)
    return len(INDICATORS)


@transaction.atomic
def seed_outcomes(project: GrantProject) -> int:
    """The demo's services with results and the indicators bound to them; returns how many services were
    recorded (0 when done already or the demo accounts are missing)."""
    if Indicator.objects.filter(node__project=project, measure="cases.jobs_found").exists():
        return 0
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=("director", "mande", "casemanager", "psychologist")
        )
    }
    if len(users) < 4:
        return 0
    manager = users["casemanager"]
    pools = _beneficiaries(project, manager, [users["psychologist"]])
    made = _services(project, pools, manager)
    _indicators(project, users["mande"], users["director"])
    return made
