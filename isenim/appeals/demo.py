"""Synthetic appeals for a developer's machine (``isenim seed-demo``): about forty people and their
appeals, with names as people really write them (mostly Karakalpak Cyrillic, some Uzbek Latin, some
Russian). Every name, date, phone and story here is invented."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from isenim.appeals import urgency
from isenim.appeals.choices import AdviceKind, Category, Channel, HeardAbout, Outcome
from isenim.appeals.models import Appeal
from isenim.appeals.services import (
    AppealData,
    OutcomeData,
    appeal_assign,
    appeal_record_outcome,
    appeal_register,
)
from isenim.geo.models import AdminUnit, Country
from isenim.people.models import Person
from isenim.people.services import PersonData

DEMO_MARK = "demo-appeal-"  # external_id of the demo people: the seed runs once
MOYNAQ = "1735222"
DESTINATIONS = ["KZ", "RU", "TR", "KR", "AE"]

# (last name, first name, middle name, sex)
PEOPLE = [
    ("Сапарбаев", "Ерлан", "Бахтиярович", "M"),
    ("Жумабаева", "Гүлзира", "", "F"),
    ("Қаллыбеков", "Айбек", "Муратович", "M"),
    ("Ембергенов", "Даўлет", "", "M"),
    ("Өтепбергенова", "Әсемгүл", "Сарсенбаевна", "F"),
    ("Нурымбетов", "Азамат", "", "M"),
    ("Бекмуратова", "Зийнетгүл", "", "F"),
    ("Тажимуратов", "Мақсет", "Ерполатович", "M"),
    ("Үсенов", "Бахадыр", "", "M"),
    ("Сейтмуратова", "Арзыгүл", "", "F"),
    ("Турдымуратов", "Ерназар", "Жаңабаевич", "M"),
    ("Алламбергенова", "Гүлшат", "", "F"),
    ("Пирназаров", "Жеткербай", "", "M"),
    ("Досжанов", "Қайрат", "Өтеўлиевич", "M"),
    ("Қудайбергенова", "Мәдина", "", "F"),
    ("Реймов", "Бердақ", "", "M"),
    ("Оразымбетова", "Айжамал", "", "F"),
    ("Ешмуратов", "Нуржан", "", "M"),
    ("Жолдасбаева", "Гүлнара", "Төребаевна", "F"),
    ("Матчанов", "Сәрсенбай", "", "M"),
    ("Ибрагимова", "Зулфия", "", "F"),
    ("Камалов", "Ақылбек", "", "M"),
    ("Айтмуратов", "Руслан", "", "M"),
    ("Садықова", "Раўшан", "", "F"),
    ("Шамуратов", "Ерполат", "", "M"),
    ("Байжанова", "Шахзада", "", "F"),
    ("Rahimov", "Sardor", "Akmal oʻgʻli", "M"),
    ("Xolmatova", "Dilfuza", "", "F"),
    ("Toʻxtayev", "Bekzod", "", "M"),
    ("Yoʻldosheva", "Gulnoza", "Rustam qizi", "F"),
    ("Qodirov", "Jasur", "", "M"),
    ("Ergasheva", "Malika", "", "F"),
    ("Nazarov", "Otabek", "", "M"),
    ("Ким", "Виктор", "Сергеевич", "M"),
    ("Петрова", "Наталья", "Ивановна", "F"),
    ("Цой", "Алексей", "", "M"),
    ("Иванов", "Дмитрий", "Олегович", "M"),
    ("Пак", "Елена", "", "F"),
    ("Смирнова", "Ольга", "", "F"),
    ("Юсупов", "Тимур", "", "M"),
]


@dataclass
class Scenario:
    category: str
    narrative: str
    facts: tuple[str, ...] = ()
    screening: tuple[str, ...] = ()
    destinations: tuple[str, ...] = tuple(DESTINATIONS)
    extra: dict = field(default_factory=dict)


SCENARIOS = [
    Scenario(
        Category.PRESUMED_VICTIM,
        "Обещали работу подсобником на стройке, на месте потребовали квалифицированного отделочника. "
        "Работодатель требует вернуть деньги за дорогу и разрешение на работу.",
        ("fact_job_deception", "fact_debt", "fact_no_legal_knowledge"),
        ("ind_deceived", "ind_debt_control", "ind_wages_withheld"),
        ("KZ",),
    ),
    Scenario(
        Category.PRESUMED_VICTIM,
        "Жумыс бериўши паспортын алып қойған, үш ай жумыс ҳақысын төлемеген, "
        "жатақханадан шығыўға руқсат бермеген.",
        ("fact_documents_taken", "fact_no_contract"),
        ("ind_documents_withheld", "ind_wages_withheld", "ind_not_free_to_leave"),
        ("RU", "KZ"),
    ),
    Scenario(
        Category.PRESUMED_VICTIM,
        "Работала в кафе без договора, по 16 часов в день, угрожали сообщить в полицию.",
        ("fact_no_contract", "fact_irregular"),
        ("ind_excessive_hours", "ind_threats_violence", "ind_isolated"),
        ("TR", "AE"),
    ),
    Scenario(
        Category.DEPORTEE,
        "Выдворен за нарушение срока пребывания, запрет въезда на пять лет. Ищет работу дома.",
        ("fact_deported", "fact_irregular", "fact_no_legal_knowledge"),
        (),
        ("RU", "KZ"),
    ),
    Scenario(
        Category.DEPORTEE,
        "Депортация етилген, патент алмаған. Ағаш устасы, әсбаплары жоқ.",
        ("fact_deported", "fact_no_legal_knowledge"),
        (),
        ("RU",),
    ),
    Scenario(
        Category.PRE_DEPARTURE,
        "Собирается в Корею по программе EPS, спрашивает о договоре и адресах консульства.",
        (),
        (),
        ("KR",),
    ),
    Scenario(
        Category.PRE_DEPARTURE,
        "Түркияға жумысқа барыўды ойлап атыр, нызамлар ҳаққында мағлыўмат сорады.",
        ("fact_no_legal_knowledge",),
        (),
        ("TR", "AE"),
    ),
    Scenario(
        Category.MIGRANT_FAMILY,
        "Муж уехал на заработки, два месяца не выходит на связь.",
        ("fact_family_lost_contact",),
        (),
        ("RU", "KZ"),
    ),
    Scenario(
        Category.DOCUMENTS_LOST,
        "Паспорт утерян в Алматы, нужен сертификат на возвращение.",
        ("fact_other",),
        (),
        ("KZ", "RU"),
    ),
    Scenario(
        Category.DOCUMENTS_LOST,
        "Посредник забрал паспорт «для регистрации» и пропал.",
        ("fact_documents_taken", "fact_debt"),
        ("ind_documents_withheld",),
        ("RU", "AE"),
    ),
    Scenario(
        Category.YOUNG_GRADUATE,
        "Колледжди питкерген, өз исин баслағысы келеди: тигиўшилик.",
        (),
        (),
        (),
    ),
    Scenario(
        Category.OTHER, "Спрашивает, куда обратиться по поводу невыплаченной зарплаты.", ("fact_other",)
    ),
]
CHANNEL_WEIGHTS = {
    Channel.WALK_IN: 6,
    Channel.PHONE: 5,
    Channel.TELEGRAM: 3,
    Channel.ONLINE_FORM: 2,
    Channel.PARTNER_REFERRAL: 2,
    Channel.OUTREACH: 3,
}


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _phone(rng: random.Random) -> str:
    return f"+998 9{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def _place(rng: random.Random, districts: list[AdminUnit], assemblies: list[AdminUnit]):
    """Moynaq, the grant's district, comes up more often; there the assembly is known too."""
    if assemblies and rng.random() < 0.4:
        assembly = rng.choice(assemblies)
        return assembly.parent_id, assembly.pk
    return (rng.choice(districts).pk if districts else None), None


def _appeal_data(rng, scenario: Scenario, received_on: date, district, assembly, countries) -> AppealData:
    destination = countries.get(rng.choice(scenario.destinations)) if scenario.destinations else None
    return AppealData(
        received_on=received_on,
        channel=_pick(rng, CHANNEL_WEIGHTS),
        category=scenario.category,
        destination_id=destination,
        home_district_id=district,
        home_assembly_id=assembly,
        heard_about=rng.choice(list(HeardAbout)),
        narrative=scenario.narrative,
        answers=dict.fromkeys((*scenario.facts, *scenario.screening), True),
    )


@transaction.atomic
def ensure_demo_appeals() -> int:
    """Create the demo people and appeals unless they exist; returns how many appeals were created."""
    if Person.objects.filter(external_id__startswith=DEMO_MARK).exists():
        return 0
    rng = random.Random(20190501)  # the same demo on every machine
    actor = get_user_model().objects.filter(username="intake").first()
    districts = list(AdminUnit.objects.filter(parent__code="1735", level=AdminUnit.Level.DISTRICT))
    assemblies = list(AdminUnit.objects.filter(parent__code=MOYNAQ, level=AdminUnit.Level.ASSEMBLY))
    countries = dict(Country.objects.filter(iso2__in=DESTINATIONS).values_list("iso2", "pk"))
    today = timezone.localdate()
    created = []
    for number, (last, first, middle, sex) in enumerate(PEOPLE, start=1):
        scenario = rng.choice(SCENARIOS)
        district, assembly = _place(rng, districts, assemblies)
        received_on = today - timedelta(days=rng.randint(0, 540))
        birth = date(rng.randint(1972, 2005), rng.randint(1, 12), rng.randint(1, 28))
        identity = {
            "last_name": last,
            "first_name": first,
            "middle_name": middle,
            "birth_date": birth.isoformat() if rng.random() < 0.8 else "",
            "phones": [_phone(rng)],
        }
        person_data = PersonData(
            identity=identity,
            sex=sex,
            birth_year=birth.year,
            home_district_id=district,
            home_assembly_id=assembly,
            external_id=f"{DEMO_MARK}{number:02d}",
        )
        data = _appeal_data(rng, scenario, received_on, district, assembly, countries)
        appeal = appeal_register(actor=actor, data=data, new_person=person_data)
        created.append(appeal)
        if number % 12 == 0:  # some people come back with a new appeal
            later = min(today, received_on + timedelta(days=rng.randint(10, 90)))
            again = _appeal_data(rng, rng.choice(SCENARIOS), later, district, assembly, countries)
            created.append(appeal_register(actor=actor, data=again, person=appeal.person))
    for _ in range(5):  # anonymous calls, mostly asking for information
        scenario = rng.choice(SCENARIOS[5:9])
        district, assembly = _place(rng, districts, assemblies)
        data = _appeal_data(
            rng, scenario, today - timedelta(days=rng.randint(0, 540)), district, assembly, countries
        )
        data.channel = rng.choice([Channel.PHONE, Channel.TELEGRAM])
        created.append(appeal_register(actor=actor, data=data, anonymous=True))
    return len(created)


# Triage ------------------------------------------------------------------------------------------------

# Organisations the demo refers appeals to, by category (invented reasons).
REFERRALS = {
    Category.DOCUMENTS_LOST: (
        "Өзбекстан Республикасының Алматыдағы Бас консулхатасы",
        "Қайтыў гүўалығы ушын",
    ),
    Category.YOUNG_GRADUATE: ("Нөкис қаласы бәнтлик көмеклесиў орайы", "Кәсип үйрениў курслары ушын"),
    Category.PRESUMED_VICTIM: ("Республикалық реабилитация орайы", "Ўақытша баспана ҳәм медициналық жәрдем"),
    Category.DEPORTEE: ("Миграция агентлиги, Нөкис бөлими", "Жумысқа жайластырыў бойынша"),
}
ADVICE = {
    Category.PRE_DEPARTURE: AdviceKind.MEMO,
    Category.MIGRANT_FAMILY: AdviceKind.ANSWER,
    Category.OTHER: AdviceKind.GUIDE_PAGE,
}
DEMO_TRIAGE_STAFF = ("director", "casemanager", "psychologist", "lawyer", "intake")


def _fresh_appeal(
    actor, received_on: date, category: str, channel: str, narrative: str, answers=()
) -> Appeal:
    data = AppealData(
        received_on=received_on,
        channel=channel,
        category=category,
        narrative=narrative,
        answers=dict.fromkeys(answers, True),
    )
    return appeal_register(actor=actor, data=data, anonymous=True)


@transaction.atomic
def ensure_demo_triage() -> int:
    """Owners and outcomes for the demo appeals the demo cases did not take, and a few fresh appeals at
    each step of triage: two waiting for an owner (one a presumed victim, overdue), one due today in the
    case manager's *My work*, every outcome at least once. Runs once (after the demo cases, which record
    their own "case opened"); returns how many appeals it touched."""
    if Appeal.objects.exclude(outcome__in=["", Outcome.CASE_OPENED]).exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_TRIAGE_STAFF)}
    if len(users) < len(DEMO_TRIAGE_STAFF) or not Appeal.objects.exists():
        return 0  # the demo accounts and appeals come first
    director, manager, intake = users["director"], users["casemanager"], users["intake"]
    today = timezone.localdate()
    older = list(Appeal.objects.open().order_by("received_on", "pk"))
    # Two stay open with an owner: the latest, and the latest already past its due date (overdue: the
    # dashboard shows it with its owner).
    kept = older[-1:] + [appeal for appeal in older[:-1] if appeal.due_on and appeal.due_on < today][-1:]
    for appeal, owner in zip(kept, (users["lawyer"], manager), strict=False):
        appeal_assign(actor=director, appeal=appeal, assignee=owner)
    closed = [appeal for appeal in older if appeal not in kept]
    plan = [Outcome.UNREACHABLE, Outcome.NO_ACTION]  # the rare outcomes once each, then by category
    for number, appeal in enumerate(closed):
        owner = (manager, users["psychologist"], users["lawyer"])[number % 3]
        appeal_assign(actor=director, appeal=appeal, assignee=owner)
        outcome = plan[number] if number < len(plan) else None
        appeal_record_outcome(actor=owner, appeal=appeal, data=_demo_outcome(appeal, outcome))
    # The same call registered twice: the second is closed as a duplicate of the first.
    first = _fresh_appeal(
        intake,
        today - timedelta(days=3),
        Category.OTHER,
        Channel.PHONE,
        "Айлық ҳақы төленбеди, қайда барыў керек?",
    )
    again = _fresh_appeal(
        intake,
        today - timedelta(days=3),
        Category.OTHER,
        Channel.PHONE,
        "Айлық ҳақы төленбеди (қайта жазылды).",
    )
    appeal_record_outcome(
        actor=manager, appeal=first, data=OutcomeData(Outcome.ADVICE_GIVEN, advice_kind=AdviceKind.ANSWER)
    )
    appeal_record_outcome(
        actor=manager, appeal=again, data=OutcomeData(Outcome.DUPLICATE, duplicate_of=first)
    )
    # Waiting: a presumed victim who called on the last working day, nobody assigned yet (overdue), and an
    # "ask us" question from the public page today.
    _fresh_appeal(
        intake,
        urgency.last_working_day_before(today),
        Category.PRESUMED_VICTIM,
        Channel.PHONE,
        "Қызы Түркияда, паспорты алып қойылған, үйден шығарылмайды. Аты-жөнин айтпады.",
        ("ind_not_free_to_leave", "ind_documents_withheld"),
    )
    _fresh_appeal(
        None, today, Category.PRE_DEPARTURE, Channel.ONLINE_FORM, "Кореяға EPS бойынша барыў ушын не керек?"
    )
    # Due today in the case manager's My work: a presumed victim assigned this morning.
    urgent = _fresh_appeal(
        intake,
        today,
        Category.PRESUMED_VICTIM,
        Channel.TELEGRAM,
        "Ағасы Қазақстанда қурылыста, жумыс ҳақысы төленбейди, қорқытады.",
        ("ind_threats_violence", "ind_wages_withheld"),
    )
    appeal_assign(actor=director, appeal=urgent, assignee=manager)
    return len(older) + 5


def _demo_outcome(appeal: Appeal, outcome: str | None) -> OutcomeData:
    if outcome == Outcome.UNREACHABLE:
        return OutcomeData(Outcome.UNREACHABLE, note="Үш мәрте қоңыраў етилди, жуўап жоқ.")
    if outcome == Outcome.NO_ACTION:
        return OutcomeData(Outcome.NO_ACTION, note="Мәселе өзи шешилген, жәрдем керек емес.")
    if appeal.category in REFERRALS:
        organisation, reason = REFERRALS[appeal.category]
        return OutcomeData(Outcome.REFERRED, referred_to=organisation, note=reason)
    return OutcomeData(Outcome.ADVICE_GIVEN, advice_kind=ADVICE.get(appeal.category, AdviceKind.ANSWER))
