"""The demo logframe of the state-grant project (``seed_logframe``, called by ``grants.demo`` after the
project and its meetings are made): goal → three outcomes → outputs, 13 indicators — 11 computed by Isenim
from the data (meetings, people reached, assemblies covered, outreach, materials, appeals by category,
pre-departure consultations, job placements, tool kits), two entered by hand with evidence (a quiz of
meeting participants, and a "down" indicator: residents who would hand their passport to an employer),
entered by the demo M&E officer and approved by the demo director for the quarters already over.

Targets per quarter; the life-of-project targets are their own numbers. The actuals of every quarter that
has started are computed at once (``refresh_actuals``). Every figure of the manual values is invented.
Runs once: nothing is added when the project already has a logframe.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from isenim.grants.models import GrantProject, LogframeNode, ReportingPeriod
from isenim.grants.services.logframe import IndicatorData, indicator_create, node_create, targets_set
from isenim.grants.services.values import refresh_actuals, value_approve, value_record

GOAL = (
    "Мойнақ районының 11 пуқаралар жыйынындағы мийнет мигрантлары ҳәм олардың шаңарақлары дискриминациядан, "
    "адам саўдасынан ҳәм мәжбүрий мийнеттен қорғалған"
)
OUTCOMES = [
    "Турғынлардың ҳуқықый билими артқан",
    "Адам саўдасының алды алынған, мийнет мигрантлары ҳәм олардың шаңарақлары жәрдем алған",
    "Питкериўши жаслар Мийнет кодекси бойынша жумысқа орналасқан ҳәм өз исин баслаған",
]
OUTPUTS = {
    0: ["Турғынлар менен ушырасыўлар өткерилген", "Үгит-нәсият ҳәрекетлери ҳәм материаллар"],
    1: ["Мүрәжатлар ҳәм кетиўден алдынғы кеңеслер"],
    2: ["Жасларға жумыс ҳәм ис баслаўда жәрдем"],
}
# (output index, code, name, measure, params, life target, per-quarter target, cumulative, extra)
COMPUTED = [
    ((0, 0), "1.1.1.a", "Ушырасыўлар саны", "grants.meetings_held", {}, 24, 6, True, ["assembly"]),
    (
        (0, 0),
        "1.1.1.b",
        "Ушырасыўларда қатнасқан турғынлар",
        "grants.people_at_meetings",
        {},
        600,
        150,
        True,
        ["sex", "age_band", "assembly"],
    ),
    (
        (0, 0),
        "1.1.1.c",
        "Қамтылған пуқаралар жыйынлары (басынан берли)",
        "grants.assemblies_covered",
        {"to_date": True},
        11,
        None,
        False,
        ["assembly"],
    ),
    (
        (0, 1),
        "1.1.2.a",
        "Үгит-нәсият ҳәрекетлеринде қамтылған адамлар",
        "prevention.people_reached",
        {},
        400,
        100,
        True,
        ["sex", "age_band"],
    ),
    (
        (0, 1),
        "1.1.2.b",
        "Тарқатылған материаллар",
        "prevention.materials_handed_out",
        {},
        1000,
        250,
        True,
        [],
    ),
    (
        (1, 0),
        "1.2.1.a",
        "Мақсетли жыйынлардан мүрәжатлар",
        "appeals.received",
        {},
        40,
        10,
        True,
        ["assembly"],
    ),
    (
        (1, 0),
        "1.2.1.b",
        "Мийнет мигрантларының шаңарақларынан мүрәжатлар",
        "appeals.received",
        {"category": "migrant_family"},
        16,
        4,
        True,
        [],
    ),
    (
        (1, 0),
        "1.2.1.c",
        "Кетиўден алдынғы кеңеслер",
        "guide.pre_departure_consultations",
        {},
        30,
        8,
        True,
        ["sex"],
    ),
    (
        (2, 0),
        "1.3.1.a",
        "Питкериўши жаслардан мүрәжатлар",
        "appeals.received",
        {"category": "young_graduate"},
        20,
        5,
        True,
        [],
    ),
    (
        (2, 0),
        "1.3.1.b",
        "Жумысқа орналасыўда жәрдем",
        "cases.services_delivered",
        {"service_type": "job-placement"},
        10,
        3,
        True,
        [],
    ),
    (
        (2, 0),
        "1.3.1.c",
        "Тапсырылған әсбаплар топламлары",
        "reintegration.toolkits_handed_over",
        {},
        5,
        2,
        True,
        [],
    ),
]
COVERED_BY_QUARTER = [3, 6, 9, 11]
QUIZ = "1.1.1.d"
PASSPORT = "1.2.1.d"
# Invented results of the two surveys, quarter by quarter (only the quarters already over get one).
QUIZ_VALUES = [Decimal("58"), Decimal("66"), Decimal("71")]
PASSPORT_VALUES = [Decimal("38"), Decimal("31"), Decimal("27")]


def _evidence(title: str, lines: list[str]) -> bytes:
    from isenim.core.pdf import PdfDocument

    doc = PdfDocument(title=title)
    for line in lines:
        doc.set_x(doc.l_margin)
        doc.multi_cell(doc.epw, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


@transaction.atomic
def seed_logframe(project: GrantProject) -> int:
    """The demo logframe of ``project``; returns how many indicators were made (0 when it has one)."""
    if LogframeNode.objects.filter(project=project).exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("director", "mande"))}
    if len(users) < 2:
        return 0
    director, mande = users["director"], users["mande"]
    goal = node_create(actor=mande, project=project, level="goal", text=GOAL)
    outcomes = [
        node_create(actor=mande, project=project, level="outcome", parent=goal, text=t) for t in OUTCOMES
    ]
    outputs = {
        (o, i): node_create(actor=mande, project=project, level="output", parent=outcomes[o], text=text)
        for o, texts in OUTPUTS.items()
        for i, text in enumerate(texts)
    }
    quarters = list(ReportingPeriod.objects.filter(project=project, kind="quarter").order_by("starts_on"))
    made = 0
    for where, code, name, measure, params, life, per_quarter, cumulative, breakdown in COMPUTED:
        indicator = indicator_create(
            actor=mande,
            node=outputs[where],
            data=IndicatorData(
                code=code,
                name=name,
                life_target=life,
                cumulative=cumulative,
                disaggregation=breakdown,
                measure=measure,
                measure_params=params,
                means_of_verification="Isenim",
                reported_by=mande,
            ),
        )
        if per_quarter is not None:
            targets = dict.fromkeys(quarters, per_quarter)
        else:  # assemblies covered so far: 3, 6, 9, then all 11
            targets = {q: COVERED_BY_QUARTER[min(i, 3)] for i, q in enumerate(quarters)}
        targets_set(actor=mande, indicator=indicator, targets=targets)
        made += 1
    quiz = indicator_create(
        actor=mande,
        node=outputs[(0, 0)],
        data=IndicatorData(
            code=QUIZ,
            name="Ушырасыўдан кейинги сораўнамада дурыс жуўап берген қатнасыўшылар үлеси",
            definition="Ушырасыў соңында 5 сораўлы сораўнамада кеминде 4 сораўға дурыс жуўап бергенлер, %.",
            unit="percent",
            baseline=40,
            life_target=70,
            means_of_verification="Сораўнама қағазлары ҳәм олардың жыйынтығы (PDF)",
            reported_by=mande,
        ),
    )
    passport = indicator_create(
        actor=mande,
        node=outputs[(1, 0)],
        data=IndicatorData(
            code=PASSPORT,
            name="Паспортын жумыс бериўшиге бериўге таяр турғынлар үлеси",
            definition="Сораўнамада «паспортымды жумыс бериўшиге берер едим» деп жуўап бергенлер, %.",
            unit="percent",
            direction="down",
            baseline=45,
            life_target=20,
            means_of_verification="Шаңарақлар сораўнамасы (PDF)",
            reported_by=mande,
        ),
    )
    targets_set(actor=mande, indicator=quiz, targets={q: 50 + 5 * i for i, q in enumerate(quarters)})
    targets_set(actor=mande, indicator=passport, targets={q: 40 - 6 * i for i, q in enumerate(quarters)})
    made += 2
    today = timezone.localdate()
    over = [q for q in quarters if q.ends_on < today]
    for indicator, values, title in (
        (quiz, QUIZ_VALUES, "Сораўнама жыйынтығы (демо)"),
        (passport, PASSPORT_VALUES, "Шаңарақлар сораўнамасы (демо)"),
    ):
        for quarter, amount in zip(over, values, strict=False):
            row = value_record(
                actor=mande,
                indicator=indicator,
                period=quarter,
                value=amount,
                evidence=_evidence(title, [f"{indicator.code} · {quarter.label}", f"{amount} %"]),
                file_name=f"{indicator.code}-{quarter.label}.pdf",
            )
            value_approve(actor=director, value=row)
    for quarter in quarters:
        if quarter.starts_on <= today:
            refresh_actuals(project, quarter, actor=director)
    return made
