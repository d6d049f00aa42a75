"""The state-grant project of the seed (¶6–7) for a developer's machine (``isenim seed-demo``).

"Prevention of discrimination and forced labour of labour migrants in the Aral Sea region", won in May 2019
from the Public Fund for the support of NGOs and other civil-society institutions under the Oliy Majlis: its
11 target communities in Moynaq district (5 МПЖ, 6 АПЖ, from the reference data: ``grants.communities``),
its topics, two budget lines (funding sources), and about twenty meetings with residents in 9 of the 11
assemblies — Таллы-өзек, Мойнақ, Дослық, Бозатаў, Қазақдәрья, Ҳәким ата, Үшсай, Мәдели, Тик-өзек — with
their attendance tallies, the questions raised and the brochures handed out (drawn from the prevention
stock when prevention's demo has one). Арал and Жайҳун are not reached yet: coverage 9/11.

**The dates are moved to the present**: the project runs for a year ending about two months from today
(its first quarter about ten months ago), so that the demo shows live figures — reporting periods due,
coverage per quarter, a current quarter. The contract and the donor are the seed's. Every population
figure, tally and question is invented. Deterministic (a seeded random stream, dates counted back from
today). Runs once: nothing is added when the project exists. Through the grants services, each write with
its audit event.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from isenim.geo.models import AdminUnit
from isenim.grants.communities import STATE_GRANT_ASSEMBLIES, STATE_GRANT_MET
from isenim.grants.models import GrantProject, MeetingAppeal
from isenim.grants.services import GrantError
from isenim.grants.services.meetings import (
    MeetingData,
    attendance_enter,
    meeting_appeal_link,
    meeting_create,
    meeting_materials_draw,
)
from isenim.grants.services.projects import CommunityRow, ProjectData, communities_set, project_create
from isenim.prevention.choices import TALLY_FIELDS, MaterialKind, ReviewState
from isenim.prevention.models import Edition
from isenim.reintegration.models import FundingSource
from isenim.reintegration.services.funding import funding_source_save

SEED = 20190501
CODE = "state-grant-2019"
DEMO_STAFF = ("director", "mande", "prevention")
TITLE = (
    "Арал бойы регионындағы мийнет мигрантларын дискриминация ҳәм мәжбүрий мийнеттен қорғаў бойынша "
    "профилактика"
)
DONOR = (
    "Өзбекстан Республикасы Олий Мажлис жанындағы мәмлекетлик емес коммерциялық емес шөлкемлерди ҳәм "
    "пуқаралық жәмийеттиң басқа да институтларын қоллап-қуўатлаў жәмийетлик фонды"
)
AIMS = (
    "Мойнақ районында жайласқан 5 мәкан пуқаралар жыйыны (МПЖ) ҳәм 6 аўыл пуқаралар жыйыны (АПЖ) "
    "турғынларының ҳуқықый билимин арттырыў, адам саўдасына қарсы гүресиў ҳәм оның алдын алыў, мийнет "
    "мигрантларының шаңарақ ағзаларына жәрдем түрлерин белгилеп бериў, орта билим бериў дәргайларын "
    "питкериўши жасларға Мийнет кодекси бойынша жумысқа орналасыўда ҳәм өзлериниң жумысларын баслаўда "
    "мәмлекет тәрепинен берилип атырған жеңилликлер ҳәм тағы басқа да мәселелерде жәрдем бериў."
)
TOPICS = [
    "Ҳуқықый билим",
    "Адам саўдасының белгилери",
    "Қәўипсиз миграция",
    "Жаслар ушын Мийнет кодекси",
    "Ҳәрекетти баслаўға мәмлекет жәрдеми",
    "Мигрантлардың шаңарақларына жәрдем",
]
# Invented figures for the demo (the centre fills in the real ones): population and households of eight
# of the eleven assemblies; three are left unknown, as they may be.
POPULATION = {
    "23050001": (3900, 820),
    "23050003": (4200, 900),
    "23050004": (2600, None),
    "23050008": (6100, 1350),
    "23050009": (3300, 700),
    "23050002": (2100, 430),
    "23050005": (1800, 380),
    "23050007": (1500, None),
}
VENUES = ["пуқаралар жыйыны имараты", "мектеп залы", "мәденият үйи", "аўыл клубы"]
FACILITATORS = "Демо профилактика хызметкери; юрист-кеңесгөй"
PARTNERS = ["пуқаралар жыйыны баслығы", "районлық бәнтлик орайы", "мәҳәлле жаслар жетекшиси", ""]
QUESTIONS = [
    "Россияда жумыс берсе, шартнаманы қалай тексериў керек? Паспортты жумыс бериўшиге бериўге болама?",
    "Шет елде жүрген ерим ақша жибермей атыр: шаңарақ қандай жәрдем ала алады?",
    "Колледжди питкердим: Мийнет кодекси бойынша сынақ мүддети қанша болады?",
    "Өз исимди баслаў ушын жеңилликли кредит қалай алынады?",
    "Қазақстанға кеткен қоңсымыздан хабар жоқ: кимге мүрәжат етиў керек?",
    "",
]
# The 20 meetings: the assemblies of STATE_GRANT_MET in turn, a few twice or three times.
PLAN = [0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 0, 3, 5, 2, 7, 1, 4, 8, 6, 1]


def _dates(starts_on: date, today: date) -> list[date]:
    """Twenty meeting days from three weeks into the project until a few days ago, in order."""
    first, last = starts_on + timedelta(days=21), today - timedelta(days=4)
    span = max((last - first).days, len(PLAN))
    return [first + timedelta(days=round(index * span / (len(PLAN) - 1))) for index in range(len(PLAN))]


def _tally(rng: random.Random) -> dict[str, int]:
    people = rng.randint(24, 85)
    weights = [4, 7, 9, 6, 3, 6, 7, 5]  # more women, few children; young and middle-aged adults
    counts = dict.fromkeys(TALLY_FIELDS, 0)
    for _index in range(people):
        counts[rng.choices(TALLY_FIELDS, weights)[0]] += 1
    return counts


def _lines(director, today: date, starts_on: date, ends_on: date) -> list:
    """Line 1: meetings and materials (a new source); line 2: the source prevention's demo made for the
    grant's campaign, when there is one."""
    first = funding_source_save(
        actor=director,
        name="Мәмлекетлик грант: турғынлар менен ушырасыўлар ҳәм материаллар, 1-бюджет сызығы (демо)",
        amount_uzs=96_000_000,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    lines = [("1", first)]
    second = (
        FundingSource.objects.filter(name__startswith="Мәмлекетлик грант", grant_line__isnull=True)
        .exclude(pk=first.pk)
        .first()
    )
    if second is not None:
        lines.append(("2", second))
    return lines


def _brochure():
    return (
        Edition.objects.filter(
            material__kind__in=[MaterialKind.BROCHURE, MaterialKind.FLYER],
            state=ReviewState.APPROVED,
            language="kaa",
            on_hand__gte=200,
        )
        .select_related("material")
        .order_by("material__kind", "-on_hand")
        .first()
    )


@transaction.atomic
def ensure_demo_grants() -> int:
    """Seed the state-grant project unless it exists; returns how many meetings were made."""
    if GrantProject.objects.filter(code=CODE).exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_STAFF)}
    units = {unit.code: unit for unit in AdminUnit.objects.filter(code__in=STATE_GRANT_ASSEMBLIES)}
    if len(users) < len(DEMO_STAFF) or len(units) < len(STATE_GRANT_ASSEMBLIES):
        return 0  # the reference data and the demo accounts come first
    rng = random.Random(SEED)
    director, officer = users["director"], users["prevention"]
    today = timezone.localdate()
    begin = today - timedelta(days=300)
    starts_on = begin.replace(day=1)
    ends_on = date(starts_on.year + 1, starts_on.month, 1) - timedelta(days=1)
    project = project_create(
        actor=director,
        data=ProjectData(
            code=CODE,
            title=TITLE,
            donor=DONOR,
            programme="Мәмлекетлик грант таңлаўы, 2019-жыл май (демо: сәнелер бүгинге көширилген)",
            contract_number="ЖФ-2019/05-117 (демо)",
            starts_on=starts_on,
            ends_on=ends_on,
            budget_uzs=180_000_000,
            aims=AIMS,
            reporting="quarter",
            report_due_days=15,
            staff=[users["mande"], director, officer],
            budget_lines=_lines(director, today, starts_on, ends_on),
            topics=TOPICS,
        ),
    )
    communities_set(
        actor=director,
        project=project,
        rows=[
            CommunityRow(units[code], *POPULATION.get(code, (None, None))) for code in STATE_GRANT_ASSEMBLIES
        ],
    )
    topics = list(project.topics.all())
    brochure = _brochure()
    meetings = []
    for index, (day, place) in enumerate(zip(_dates(starts_on, today), PLAN, strict=True)):
        meeting = meeting_create(
            actor=officer,
            project=project,
            data=MeetingData(
                held_on=day,
                assembly=units[STATE_GRANT_MET[place]],
                venue=f"{units[STATE_GRANT_MET[place]].name('kaa')}, {rng.choice(VENUES)}",
                topics=rng.sample(topics, rng.randint(2, 3)),
                facilitators=FACILITATORS,
                partners=rng.choice(PARTNERS),
                questions_raised=rng.choice(QUESTIONS),
            ),
        )
        counts = _tally(rng)
        attendance_enter(actor=officer, meeting=meeting, counts=counts, total=sum(counts.values()))
        if brochure is not None and index % 2 == 0:
            try:
                meeting_materials_draw(
                    actor=officer, meeting=meeting, lines=[(brochure, rng.randint(15, 40))], moved_on=day
                )
            except GrantError:
                brochure = None  # the stock ran low: the later meetings handed out nothing
        meetings.append(meeting)
    _link_appeals(director, meetings)
    # The logframe with its targets, computed actuals and two values by hand (logframe & indicators).
    from isenim.grants.demo_logframe import seed_logframe

    seed_logframe(project)
    from isenim.grants.demo_outcomes import seed_outcomes

    seed_outcomes(project)  # services with a coded result and the indicators bound to them (item 8)
    from isenim.grants.demo_reports import seed_reports

    seed_reports(project)  # two submitted quarterly reports and one in progress
    return len(meetings)


def _link_appeals(director, meetings) -> None:
    """A few demo appeals from Moynaq district received within three weeks after a meeting there."""
    from isenim.appeals.models import Appeal

    linked = 0
    for meeting in meetings:
        window = (meeting.held_on, meeting.held_on + timedelta(days=21))
        for appeal in Appeal.objects.filter(
            home_district=meeting.assembly.parent_id, received_on__range=window
        ).exclude(pk__in=MeetingAppeal.objects.values("appeal_id"))[:2]:
            meeting_appeal_link(actor=director, meeting=meeting, appeal=appeal)
            linked += 1
            if linked >= 12:
                return
