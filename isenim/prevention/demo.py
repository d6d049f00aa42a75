"""A year of prevention work for a developer's machine (``isenim seed-demo``), ending today.

Three campaigns — the year-long awareness campaign across six districts, the spring pre-departure season
(part of it) and the state-grant project activity in Moynaq — with the five printed kinds (poster, flyer,
booklet, brochure, business card) and a video spot in several editions (Karakalpak Cyrillic and Latin,
Uzbek Latin, Russian), drafted by the demo prevention officer and approved by the director or the lawyer
(one superseded version with its stock written off, one draft waiting for review); print runs with
printers and unit costs; about sixty outreach actions at bazaars, railway and bus stations, the airport and
hospitals in eight districts, with their anonymous tallies, consultations and the materials drawn from
stock; stock left at distribution points, a write-off, returns, one edition below its low-stock threshold;
TV, radio, bus and social-media placements with the reach their operators state; a few actions in the next
two weeks; and appeals heard of through all of this — attributed demo appeals and a few registered at an
action (channel "outreach action").

Stock moves only through ``services.stock.move_stock`` (the ledger); the rest goes through the prevention
services where they exist, each write with its audit event. Every name, place and number is invented.
Deterministic (a seeded random stream, dates counted back from today). Runs once: nothing is added when a
campaign exists.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from isenim.appeals.choices import AdviceKind, Category, Channel, HeardAbout
from isenim.appeals.models import Appeal
from isenim.appeals.services import (
    AppealData,
    OutcomeData,
    appeal_assign,
    appeal_record_outcome,
    appeal_register,
)
from isenim.core.pdf import PdfDocument
from isenim.geo.models import AdminUnit
from isenim.prevention.choices import (
    TALLY_FIELDS,
    CampaignKind,
    EditionLanguage,
    MaterialKind,
    MovementKind,
    PlacementKind,
    PlaceType,
    ReviewState,
    TargetGroup,
)
from isenim.prevention.models import (
    AppealSource,
    Campaign,
    Edition,
    Material,
    OutreachAction,
    Placement,
    PrintRun,
)
from isenim.prevention.services.actions import (
    ActionData,
    action_create,
    materials_draw,
    materials_return,
    tally_enter,
)
from isenim.prevention.services.attribution import set_appeal_source
from isenim.prevention.services.campaigns import CampaignData, campaign_save
from isenim.prevention.services.materials import edition_approve, edition_draft, material_save
from isenim.prevention.services.placements import PlacementData, placement_save
from isenim.prevention.services.stock import print_run_record, stock_move_record
from isenim.reintegration.services.funding import funding_source_save

SEED = 20260301
DEMO_STAFF = ("prevention", "director", "lawyer", "intake", "mande", "casemanager")

# District codes of the reference data (geo/data/admin_units.json).
NUKUS_CITY = "1735401"
MOYNAQ = "1735222"
KHOJELI = "1735236"
KUNGRAD = "1735215"
CHIMBAY = "1735240"
TAKHTAKUPIR = "1735230"
BERUNIY = "1735207"
TURTKUL = "1735233"
AWARENESS_DISTRICTS = (NUKUS_CITY, MOYNAQ, KHOJELI, KUNGRAD, CHIMBAY, TAKHTAKUPIR)

KAA, KAA_LATN, UZ, RU = (
    EditionLanguage.KAA,
    EditionLanguage.KAA_LATN,
    EditionLanguage.UZ,
    EditionLanguage.RU,
)

# Named places by district: (place type, name). The four place types of the issue in every big district.
PLACES = {
    NUKUS_CITY: [
        (PlaceType.BAZAAR, "Нөкис орайлық базары"),
        (PlaceType.BAZAAR, "«Қурылысшы» базары"),
        (PlaceType.RAILWAY_STATION, "Нөкис темир жол вокзалы"),
        (PlaceType.BUS_STATION, "Нөкис орайлық автовокзалы"),
        (PlaceType.AIRPORT, "Нөкис аэропорты, кетиў залы"),
        (PlaceType.HOSPITAL, "Республикалық көп тармақлы медицина орайы"),
        (PlaceType.HOSPITAL, "Нөкис қалалық № 1 поликлиникасы"),
        (PlaceType.COLLEGE_SCHOOL, "Нөкис педагогикалық техникумы"),
    ],
    MOYNAQ: [
        (PlaceType.BAZAAR, "Мойнақ орайлық базары"),
        (PlaceType.HOSPITAL, "Мойнақ районлық медицина бирлеспеси"),
        (PlaceType.BUS_STATION, "Мойнақ автостанциясы"),
    ],
    KHOJELI: [
        (PlaceType.BAZAAR, "Хожели дийқан базары"),
        (PlaceType.RAILWAY_STATION, "Хожели темир жол станциясы"),
        (PlaceType.HOSPITAL, "Хожели районлық емлеўханасы"),
    ],
    KUNGRAD: [
        (PlaceType.RAILWAY_STATION, "Қоңырат темир жол вокзалы"),
        (PlaceType.BAZAAR, "Қоңырат орайлық базары"),
        (PlaceType.BUS_STATION, "Қоңырат автовокзалы"),
    ],
    CHIMBAY: [
        (PlaceType.BAZAAR, "Шымбай базары"),
        (PlaceType.HOSPITAL, "Шымбай районлық медицина бирлеспеси"),
    ],
    TAKHTAKUPIR: [
        (PlaceType.BAZAAR, "Тахтакөпир базары"),
        (PlaceType.HOSPITAL, "Тахтакөпир районлық емлеўханасы"),
    ],
    BERUNIY: [(PlaceType.BUS_STATION, "Беруний автовокзалы"), (PlaceType.BAZAAR, "Беруний базары")],
    TURTKUL: [(PlaceType.BAZAAR, "Төрткүл базары"), (PlaceType.RAILWAY_STATION, "Төрткүл станциясы")],
}
# Where the officer leaves stacks of materials between actions.
DISTRIBUTION_POINTS = [
    "Мойнақ районлық медицина бирлеспеси, қабыллаў бөлими",
    "Хожели районы, «Ақмангит» мәҳәлле гузары",
    "Нөкис педагогикалық техникумы, кәсип бойынша кеңесгөй",
    "Қоңырат районлық бәнтлик орайы",
    "Нөкис темир жол вокзалы, мағлыўмат стенди",
]
PRINTERS = [
    "«Қарақалпақстан» баспасы",
    "«Нөкис полиграф» ЖШЖ",
    "«Qoraqalpogʻiston matbaa» MChJ",
]


@dataclass
class DemoMaterial:
    key: str
    kind: str
    title: str
    description: str
    campaign: str  # key of the campaign it was made for
    languages: tuple[str, ...]
    unit_cost: int  # UZS a copy
    print_quantity: int  # of each edition's first print run
    threshold: int  # low-stock warning
    draw: tuple[int, int]  # copies handed out at one action, from–to


MATERIALS = [
    DemoMaterial(
        "poster",
        MaterialKind.POSTER,
        "Шет елге жумысқа кетпестен бурын",
        "A3 плакат: шартнама, паспорт ҳәм ишеним телефоны ҳаққында үш қағыйда.",
        "season",
        (KAA, KAA_LATN, UZ, RU),
        3_200,
        400,
        40,
        (2, 6),
    ),
    DemoMaterial(
        "flyer",
        MaterialKind.FLYER,
        "Жәрдем керек пе? Бизге қоңыраў етиң",
        "A6 листовка: ишеним телефоны, Telegram ҳәм орайдың мәнзили.",
        "awareness",
        (KAA, KAA_LATN, UZ, RU),
        450,
        6_000,
        800,
        (60, 220),
    ),
    DemoMaterial(
        "booklet",
        MaterialKind.BOOKLET,
        "Қәўипсиз миграция: мигрант ушын қолланба",
        "24 бетлик китапша: жумыс визасы, шартнама, елшиханалар, жәрдем телефонлары.",
        "season",
        (KAA, KAA_LATN, UZ, RU),
        2_800,
        1_500,
        200,
        (15, 50),
    ),
    DemoMaterial(
        "brochure",
        MaterialKind.BROCHURE,
        "Мойнақ: жумыс, оқыў ҳәм жәрдем",
        "Мойнақ жаслары ушын: кәсип үйрениў курслары, жергиликли жумыс орынлары, орайдың жәрдеми.",
        "grant",
        (KAA, KAA_LATN, RU),
        1_900,
        1_200,
        150,
        (20, 70),
    ),
    DemoMaterial(
        "card",
        MaterialKind.BUSINESS_CARD,
        "Ишеним орайы: байланыс карточкасы",
        "Визит карточка: ишеним телефоны ҳәм Telegram.",
        "awareness",
        (KAA, UZ, RU),
        220,
        5_000,
        500,
        (30, 120),
    ),
    DemoMaterial(
        "video",
        MaterialKind.VIDEO_SPOT,
        "Паспортыңызды ҳеш кимге бермең",
        "30 секундлық видеоролик телевидение ҳәм транспорттағы экранлар ушын.",
        "awareness",
        (KAA, UZ),
        0,
        0,
        0,
        (0, 0),
    ),
]
# The flyer in Russian goes fast at stations and the airport: it ends the year below its threshold.
LOW_STOCK = ("flyer", RU)
# A draft waiting for the director or the lawyer: the booklet in Karakalpak Latin.
WAITING_DRAFT = ("booklet", KAA_LATN)
# The Karakalpak flyer had a wrong Telegram address in version 1: version 2 superseded it.
SUPERSEDED = ("flyer", KAA)


# The start of an MP4 file (an ISO media "ftyp" box): the demo video spot's stand-in, not a playable video.
DEMO_MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x08free"


def _design(material: Material, language: str) -> tuple[bytes, str]:
    """The design file of a demo edition: a one-page PDF with the title (a printed material), or the
    stand-in of an MP4 (a video spot); named as the officer would name it."""
    stem = f"{material.get_kind_display()}-{language}-demo".replace(" ", "-").lower()
    if material.kind == MaterialKind.VIDEO_SPOT:
        return DEMO_MP4, f"{stem}.mp4"
    document = PdfDocument(title=material.title, subtitle=f"{material.get_kind_display()} · {language}")
    document.paragraph(material.description)
    return document.output_bytes(), f"{stem}.pdf"


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _tally(rng: random.Random, people: int, place_type: str) -> dict[str, int]:
    """``people`` spread over sex × age band as such a crowd is: more young men at stations and the
    airport, more women at hospitals and bazaars."""
    young_men = place_type in (PlaceType.RAILWAY_STATION, PlaceType.BUS_STATION, PlaceType.AIRPORT)
    women = 0.62 if place_type in (PlaceType.HOSPITAL, PlaceType.BAZAAR) else (0.3 if young_men else 0.5)
    weights = {
        "f_0_17": women * 0.06,
        "f_18_29": women * 0.38,
        "f_30_49": women * 0.38,
        "f_50_plus": women * 0.18,
        "m_0_17": (1 - women) * 0.05,
        "m_18_29": (1 - women) * (0.5 if young_men else 0.36),
        "m_30_49": (1 - women) * (0.33 if young_men else 0.39),
        "m_50_plus": (1 - women) * (0.12 if young_men else 0.2),
    }
    tally = dict.fromkeys(TALLY_FIELDS, 0)
    for field in rng.choices(list(weights), weights=list(weights.values()), k=people):
        tally[field] += 1
    return tally


def _spring(today: date) -> tuple[date, date]:
    """The latest spring season (1 March – 31 May) that lies within the past year."""
    year = today.year if date(today.year, 5, 31) < today else today.year - 1
    return date(year, 3, 1), date(year, 5, 31)


class _Demo:
    def __init__(self, users: dict, today: date):
        self.rng = random.Random(SEED)
        self.users = users
        self.officer = users["prevention"]
        self.today = today
        self.start = today - timedelta(days=360)
        units = AdminUnit.objects.filter(code__in=[*PLACES, MOYNAQ])
        self.districts = {unit.code: unit for unit in units}
        self.assemblies = list(AdminUnit.objects.filter(parent__code=MOYNAQ, level=AdminUnit.Level.ASSEMBLY))
        self.campaigns: dict[str, Campaign] = {}
        self.editions: dict[tuple[str, str], Edition] = {}  # current version by (material key, language)
        self.materials: dict[str, DemoMaterial] = {m.key: m for m in MATERIALS}
        self.actions: list[OutreachAction] = []
        self.placements: list[Placement] = []
        self.counts = {"movements": 0}
        self.printed: set[int] = set()  # editions with a print run so far (in the order of dates)
        self.first_prints: list[tuple[date, object, tuple]] = []
        self._day = today

    # --- campaigns ----------------------------------------------------------------------------------
    def make_campaigns(self) -> None:
        spring_from, spring_to = _spring(self.today)
        director = self.users["director"]
        grant = funding_source_save(
            actor=director,
            name="Мәмлекетлик грант: Мойнақта профилактика, 2-бюджет сызығы (демо)",
            amount_uzs=240_000_000,
            starts_on=self.today - timedelta(days=300),
            ends_on=self.today + timedelta(days=60),
        )
        self.grant = grant
        awareness = self._campaign(
            "awareness",
            name="«Қәўипсиз миграция» — жыл бойы хабардарлық кампаниясы",
            kind=CampaignKind.AWARENESS,
            starts_on=min(self.start, spring_from),
            ends_on=self.today + timedelta(days=24),
            description="Ишеним телефоны ҳәм орайдың жәрдеми ҳаққында алты районда; базарлар, вокзаллар, "
            "аэропорт ҳәм емлеўханаларда акциялар, телевидение ҳәм автобусларда реклама.",
            districts=AWARENESS_DISTRICTS,
            groups=[TargetGroup.LABOUR_MIGRANTS, TargetGroup.MIGRANT_FAMILIES, TargetGroup.GENERAL_PUBLIC],
            targets=(9_000, 9_000, 45, 6),
        )
        self._campaign(
            "season",
            name=f"Бәҳәрги кетиў мәўсими {spring_from.year}",
            kind=CampaignKind.PRE_DEPARTURE_SEASON,
            parent=awareness,
            starts_on=spring_from,
            ends_on=spring_to,
            description="Қазақстан, Россия ҳәм Кореяға жумысқа кететуғынлар ушын: вокзаллар ҳәм аэропортта "
            "кетиўден алдынғы кеңеслер, шартнама ҳәм паспорт ҳаққында.",
            districts=(NUKUS_CITY, KHOJELI, KUNGRAD, TURTKUL, BERUNIY),
            groups=[TargetGroup.LABOUR_MIGRANTS, TargetGroup.YOUNG_GRADUATES],
            targets=(3_000, 3_500, 15, 2),
        )
        self._campaign(
            "grant",
            name="Мәмлекетлик грант жойбары: Мойнақ районында профилактика",
            kind=CampaignKind.GRANT_ACTIVITY,
            starts_on=self.today - timedelta(days=300),
            ends_on=self.today + timedelta(days=60),
            description="Мойнақтың он еки пуқаралар жыйынында жаслар, депортация етилгенлер ҳәм мигрант "
            "шаңарақлары менен ушырасыўлар; брошюра ҳәм районлық радиода ролик.",
            districts=(MOYNAQ,),
            assemblies=True,
            groups=[TargetGroup.YOUNG_GRADUATES, TargetGroup.DEPORTEES, TargetGroup.MIGRANT_FAMILIES],
            targets=(2_500, 2_000, 14, 2),
            funding=grant,
        )

    def _campaign(self, key, *, districts, groups, targets, assemblies=False, funding=None, **fields):
        materials, people, actions, placements = targets
        data = CampaignData(
            **fields,
            target_districts=[self.districts[code] for code in districts],
            target_assemblies=self.assemblies if assemblies else [],
            target_groups=[str(group) for group in groups],
            funding_source=funding,
            target_materials=materials,
            target_people=people,
            target_actions=actions,
            target_placements=placements,
        )
        campaign = campaign_save(actor=self.officer, data=data)
        self.campaigns[key] = campaign
        return campaign

    # --- materials, editions, print runs --------------------------------------------------------------
    def make_materials(self) -> None:
        """The catalogue and its editions, drafted and approved; the first print run of each printed
        edition is scheduled (``self.first_prints``) to happen in the order of dates with the actions."""
        approvers = (self.users["director"], self.users["lawyer"])
        for number, demo in enumerate(MATERIALS):
            campaign = self.campaigns[demo.campaign]
            drafted = max(campaign.starts_on, self.start) - timedelta(days=20)
            material = material_save(
                actor=self.officer,
                kind=demo.kind,
                title=demo.title,
                description=demo.description,
                campaign=campaign,
            )
            printed = demo.kind != MaterialKind.VIDEO_SPOT
            for index, language in enumerate(demo.languages):
                approver = approvers[(number + index) % 2]
                if (demo.key, language) == WAITING_DRAFT:
                    self._edition(material, language, self.today - timedelta(days=2), None, 0)
                    continue  # not approved yet: not printed, not handed out
                edition = self._edition(material, language, drafted, approver, demo.threshold)
                self.editions[demo.key, language] = edition
                if not printed:
                    continue
                quantity = demo.print_quantity // (2 if language in (KAA_LATN, UZ) else 1)
                if (demo.key, language) == LOW_STOCK:
                    quantity = demo.print_quantity // 2
                if (demo.key, language) == SUPERSEDED:
                    quantity = demo.print_quantity // 4  # a first, small run: then the mistake was seen
                    self.superseded = edition
                    self.superseded_on = drafted + timedelta(days=75)
                    self.first_prints.append(
                        (self.superseded_on, self._new_version, (demo, material, language))
                    )
                self.first_prints.append(
                    (drafted + timedelta(days=10), self._first_print, (demo, edition, quantity))
                )

    def _first_print(self, demo: DemoMaterial, edition: Edition, quantity: int) -> None:
        self._print(demo, edition, self._day, quantity)

    def _new_version(self, demo: DemoMaterial, material: Material, language: str) -> None:
        """Version 2 of the Karakalpak flyer (the Telegram address corrected), approved by the lawyer and
        printed; version 1 is superseded and kept, with its stock and history."""
        edition = self._edition(
            material, language, self._day - timedelta(days=8), self.users["lawyer"], demo.threshold
        )
        self.superseded.refresh_from_db(fields=["state"])  # superseded by the approval, kept
        self.editions[demo.key, language] = edition
        self._print(demo, edition, self._day, demo.print_quantity)

    def _edition(self, material, language, drafted_on: date, approver, threshold: int) -> Edition:
        """A version drafted by the prevention officer with its design file, approved by ``approver``
        three days later (if given); the dates of the story are set afterwards."""
        content, name = _design(material, language)
        edition = edition_draft(
            actor=self.officer,
            material=material,
            language=language,
            low_stock_threshold=threshold if material.kind != MaterialKind.VIDEO_SPOT else 0,
            file_name=name,
            content=content,
        )
        Edition.objects.filter(pk=edition.pk).update(drafted_at=_aware(drafted_on, 10))
        if approver:
            edition = edition_approve(actor=approver, edition=edition)
            approved_at = _aware(min(drafted_on + timedelta(days=3), self.today), 11)
            Edition.objects.filter(pk=edition.pk).update(approved_at=approved_at)
            edition.approved_at = approved_at
        return edition

    def _print(self, demo: DemoMaterial, edition: Edition, printed_on: date, quantity: int) -> PrintRun:
        run = print_run_record(
            actor=self.officer,
            edition=edition,
            printed_on=min(printed_on, self.today),
            printer=self.rng.choice(PRINTERS),
            quantity=quantity,
            unit_cost_uzs=demo.unit_cost + self.rng.choice((0, 0, 50, 100)),
            funding_source=self.grant if demo.campaign == "grant" else None,
        )
        self.counts["movements"] += 1
        self.printed.add(edition.pk)
        return run

    def _move(self, edition, kind, quantity, moved_on, **extra):
        """Stock left at a distribution point or written off, as the stock pages record it."""
        stock_move_record(
            actor=self.officer, edition=edition, kind=kind, quantity=quantity, moved_on=moved_on, **extra
        )
        self.counts["movements"] += 1

    # --- outreach actions -------------------------------------------------------------------------------
    def action_plan(self) -> list[tuple[date, str, str, str, str]]:
        """(day, campaign key, district code, place type, place name) of every action: the spring season's
        at stations, the airport and bazaars, the grant's in Moynaq (some as mahalla meetings), the rest of
        the year across the awareness districts; four in the next two weeks."""
        rng = self.rng
        spring_from, spring_to = _spring(self.today)
        plan = []
        season_places = [
            (code, place)
            for code in (NUKUS_CITY, KHOJELI, KUNGRAD, TURTKUL, BERUNIY)
            for place in PLACES[code]
            if place[0]
            in (PlaceType.RAILWAY_STATION, PlaceType.BUS_STATION, PlaceType.AIRPORT, PlaceType.BAZAAR)
        ]
        for number in range(16):
            day = spring_from + timedelta(
                days=int(number * (spring_to - spring_from).days / 16) + rng.randint(0, 4)
            )
            code, (place_type, name) = season_places[number % len(season_places)]
            plan.append((day, "season", code, place_type, name))
        grant_from = self.campaigns["grant"].starts_on
        for number in range(12):
            day = grant_from + timedelta(days=20 + number * 24 + rng.randint(0, 6))
            if number % 3 == 2:
                plan.append((day, "grant", MOYNAQ, PlaceType.MAHALLA_MEETING, ""))
            else:
                place_type, name = PLACES[MOYNAQ][number % len(PLACES[MOYNAQ])]
                plan.append((day, "grant", MOYNAQ, place_type, name))
        awareness_places = [(code, place) for code in AWARENESS_DISTRICTS for place in PLACES[code]]
        for number in range(28):
            day = self.start + timedelta(days=5 + number * 12 + rng.randint(0, 5))
            if spring_from <= day <= spring_to:
                day += timedelta(days=95)  # the season had its own
            code, (place_type, name) = awareness_places[(number * 7) % len(awareness_places)]
            plan.append((min(day, self.today - timedelta(days=3)), "awareness", code, place_type, name))
        upcoming = [
            (2, "awareness", NUKUS_CITY, PlaceType.AIRPORT, "Нөкис аэропорты, кетиў залы"),
            (5, "grant", MOYNAQ, PlaceType.MAHALLA_MEETING, ""),
            (8, "awareness", CHIMBAY, PlaceType.BAZAAR, "Шымбай базары"),
            (12, "awareness", KUNGRAD, PlaceType.RAILWAY_STATION, "Қоңырат темир жол вокзалы"),
        ]
        plan += [(self.today + timedelta(days=days), *rest) for days, *rest in upcoming]
        return sorted(plan, key=lambda row: row[0])

    def make_actions(self) -> None:
        """The actions and the stock work between them, in the order of their dates, so that the ledger
        never goes below zero on any day: reprints, stacks left at distribution points, write-offs and
        returns."""
        plan = self.action_plan()
        past = sum(1 for row in plan if row[0] < self.today)
        events = [
            (row[0], 1, self._action, (index, row, past - 2 <= index < past))
            for index, row in enumerate(plan)
        ]
        events += [(day, 0, handler, args) for day, handler, args in self.first_prints + self.stock_plan()]
        for day, _order, handler, args in sorted(events, key=lambda event: (event[0], event[1])):
            self._day = min(day, self.today)
            handler(*args)

    def _action(self, index: int, row: tuple, not_entered: bool) -> None:
        """One action; a past one with its materials drawn and (unless ``not_entered``: the sheet of the
        two latest is not typed in yet) its tally and consultations."""
        rng = self.rng
        day, key, code, place_type, name = row
        staff_pool = [self.users["mande"], self.users["intake"], self.users["casemanager"]]
        assembly = None
        if place_type == PlaceType.MAHALLA_MEETING:
            assembly = self.assemblies[index % len(self.assemblies)] if self.assemblies else None
            name = f"{assembly.name('kaa')} ПЖ, ушырасыў" if assembly else "Мәҳәлле ушырасыўы"
        hour = rng.choice((9, 10, 10, 11, 14, 15))
        data = ActionData(
            place_type=place_type,
            place_name=name,
            district_id=self.districts[code].pk,
            starts_at=_aware(day, hour),
            ends_at=_aware(day, hour + rng.choice((2, 3, 4))),
            assembly_id=assembly.pk if assembly else None,
            campaign=self.campaigns[key],
            staff=[self.officer, *rng.sample(staff_pool, rng.choice((0, 1, 1, 2)))],
        )
        action = action_create(actor=self.officer, data=data)
        self.actions.append(action)
        if day >= self.today:
            return  # planned
        self._hand_out(action, day, key, place_type, returns=index % 17 == 5)
        if not_entered:
            return
        people = rng.randint(60, 420) if place_type != PlaceType.MAHALLA_MEETING else rng.randint(25, 70)
        consultations = rng.randint(2, max(3, people // 15))
        action = tally_enter(
            actor=self.officer,
            action=action,
            counts=_tally(rng, people, place_type),
            consultations=consultations,
        )
        entered = min(_aware(day + timedelta(days=rng.choice((0, 1, 1, 2))), 17), timezone.now())
        OutreachAction.objects.filter(pk=action.pk).update(tally_entered_at=entered)  # the sheet's day
        action.tally_entered_at = entered
        self.actions[-1] = action

    def _hand_out(self, action, day: date, key: str, place_type: str, returns: bool) -> None:
        """Two to four editions drawn from stock: the campaign's own material first, the flyer and the
        card everywhere; Russian at stations and the airport, Uzbek sometimes, Karakalpak most. With
        ``returns``, what was left of the first is brought back the same day."""
        rng = self.rng
        wanted = {"season": ["poster", "booklet"], "grant": ["brochure"], "awareness": []}[key]
        wanted += ["flyer", "card"]
        if rng.random() < 0.4:
            wanted.append(rng.choice(["booklet", "poster", "brochure"]))
        traveller = place_type in (PlaceType.RAILWAY_STATION, PlaceType.AIRPORT, PlaceType.BUS_STATION)
        lines = []
        for material_key in dict.fromkeys(wanted):
            demo = self.materials[material_key]
            language = rng.choice([KAA] * 5 + [UZ] * 2 + [RU] * (4 if traveller else 1) + [KAA_LATN])
            edition = self.editions.get((material_key, language)) or self.editions.get((material_key, KAA))
            if edition is None or edition.state != ReviewState.APPROVED or edition.pk not in self.printed:
                continue  # not approved, or not printed yet on that day
            quantity = min(rng.randint(*demo.draw), edition.on_hand - demo.threshold // 4)
            if quantity > 0 and all(edition.pk != chosen.pk for chosen, _quantity in lines):
                lines.append((edition, quantity))
        if not lines:
            return
        materials_draw(actor=self.officer, action=action, lines=lines, moved_on=day)  # all or none
        self.counts["movements"] += len(lines)
        if returns:  # what was left of the first comes back the same day
            edition, quantity = lines[0]
            materials_return(
                actor=self.officer, action=action, lines=[(edition, max(1, quantity // 5))], moved_on=day
            )
            self.counts["movements"] += 1

    # --- stock between actions: reprints, distribution points, write-offs -------------------------------
    def stock_plan(self) -> list[tuple[date, object, tuple]]:
        """(day, handler, arguments) of the stock work between actions."""
        today = self.today
        plan = [
            (today - timedelta(days=150), self._reprint, ("flyer", KAA, 6_000)),
            (today - timedelta(days=150), self._reprint, ("card", KAA, 3_000)),
            (today - timedelta(days=120), self._reprint, ("booklet", KAA, 800)),
            (today - timedelta(days=40), self._write_off, ("poster", KAA, 12, "Жаўында ҳөл болды.")),
            (today - timedelta(days=6), self._run_low, ()),
        ]
        old_flyer_gone = self.superseded_on + timedelta(days=1)
        plan.append((old_flyer_gone, self._write_off_superseded, ()))
        for number, point in enumerate(DISTRIBUTION_POINTS[:4]):
            key = ("brochure", "flyer", "booklet", "card")[number]
            day = today - timedelta(days=30 + number * 47)
            plan.append((day, self._leave_at_point, (key, point)))
        return plan

    def _reprint(self, key: str, language: str, quantity: int) -> None:
        edition = self.editions[key, language]
        self._print(self.materials[key], edition, self._day, quantity)

    def _leave_at_point(self, key: str, point: str) -> None:
        edition = self.editions[key, KAA]
        if edition.pk not in self.printed:
            return
        quantity = min(self.rng.randint(100, 300), edition.on_hand - self.materials[key].threshold)
        if quantity > 0:
            self._move(edition, MovementKind.TO_POINT, quantity, self._day, distribution_point=point)

    def _write_off(self, key: str, language: str, quantity: int, note: str) -> None:
        edition = self.editions[key, language]
        if edition.pk in self.printed and edition.on_hand > quantity:
            self._move(edition, MovementKind.WRITE_OFF, quantity, self._day, note=note)

    def _write_off_superseded(self) -> None:
        """The first Karakalpak flyer had a wrong Telegram address: what was left of it is written off."""
        old = self.superseded
        if old.on_hand:
            note = "1-нусқада Telegram мәнзили қәте: қалған нусқалар есаптан шығарылды."
            self._move(old, MovementKind.WRITE_OFF, old.on_hand, self._day, note=note)

    def _run_low(self) -> None:
        """The railway station's stand took most of the Russian flyers left: the edition is now low."""
        edition = self.editions[LOW_STOCK]
        keep = edition.low_stock_threshold * 2 // 5
        if edition.on_hand > keep:
            point = DISTRIBUTION_POINTS[4]
            self._move(
                edition, MovementKind.TO_POINT, edition.on_hand - keep, self._day, distribution_point=point
            )

    # --- media placements ---------------------------------------------------------------------------------
    def make_placements(self) -> None:
        awareness, season, grant = (self.campaigns[k] for k in ("awareness", "season", "grant"))
        spring_from, spring_to = _spring(self.today)
        video = self.editions.get(("video", KAA))
        poster = self.editions.get(("poster", KAA))
        nukus, moynaq = self.districts[NUKUS_CITY], self.districts[MOYNAQ]
        rows = [
            (awareness, PlacementKind.TV_SPOT, "Қарақалпақстан телерадиокомпаниясы", "«Ақшам» жаңалықлары",
             video, None, self.start + timedelta(days=30), self.start + timedelta(days=90), 60, None,
             18_000_000, 350_000),
            (awareness, PlacementKind.TV_SPOT, "Қарақалпақстан телерадиокомпаниясы", "«Жаслар» бағдарламасы",
             video, None, self.today - timedelta(days=75), self.today - timedelta(days=15), 40, None,
             12_000_000, 220_000),
            (awareness, PlacementKind.TRANSPORT_POSTER, "Нөкис қалалық автобус парки",
             "№ 1, 7, 15, 22 бағдарлары",
             poster, nukus, self.start + timedelta(days=40), self.start + timedelta(days=220), None, 40,
             6_400_000, 120_000),
            (season, PlacementKind.TRANSPORT_SCREEN, "«Nukus Trans Media»",
             "Нөкис–Хожели–Қоңырат автобуслары",
             video, None, spring_from + timedelta(days=5), spring_to, 900, 12, 4_800_000, 60_000),
            (season, PlacementKind.SOCIAL_MEDIA, "Telegram: «Nukus xabarlari» каналы", "",
             None, None, spring_from + timedelta(days=10), spring_from + timedelta(days=40), 6, None,
             1_500_000, 45_000),
            (grant, PlacementKind.RADIO_SPOT, "Мойнақ районлық радиосы", "Таңғы бағдарлама",
             self.editions.get(("video", UZ)), moynaq, grant.starts_on + timedelta(days=30),
             grant.starts_on + timedelta(days=120), 90, None, 2_700_000, 9_000),
            (grant, PlacementKind.BILLBOARD, "«Мойнақ реклама» ЖШЖ", "Мойнақ, орайлық көше",
             None, moynaq, grant.starts_on + timedelta(days=60), self.today + timedelta(days=30), None, 1,
             3_600_000, None),
        ]  # fmt: skip
        for (campaign, kind, operator, programme, edition, district, starts, ends, airings, vehicles, cost,
             reach) in rows:  # fmt: skip
            data = PlacementData(
                campaign=campaign,
                kind=kind,
                operator=operator,
                programme_or_route=programme,
                edition=edition,
                district=district,
                starts_on=starts,
                ends_on=ends,
                airings=airings,
                vehicles=vehicles,
                cost_uzs=cost,
                funding_source=self.grant if campaign == grant else None,
                stated_reach=reach,
            )
            self.placements.append(placement_save(actor=self.officer, data=data))

    # --- where appeals came from ---------------------------------------------------------------------------
    def attribute_demo_appeals(self) -> int:
        """The demo appeals whose person said they heard of the centre on TV, from a flyer, at an action or
        on social media, within the year: each linked to what fits its date."""
        made = 0
        heard = [HeardAbout.TV, HeardAbout.PRINTED, HeardAbout.OUTREACH_ACTION, HeardAbout.SOCIAL_MEDIA]
        appeals = Appeal.objects.filter(
            heard_about__in=heard, received_on__gte=self.start, prevention_source__isnull=True
        ).order_by("received_on", "pk")
        held = [a for a in self.actions if a.tally_entered_at]
        for appeal in appeals:
            day = appeal.received_on
            source = {}
            if appeal.heard_about == HeardAbout.OUTREACH_ACTION:
                before = [
                    a
                    for a in held
                    if day - timedelta(days=45) <= timezone.localtime(a.starts_at).date() <= day
                ]
                if before:
                    source["action"] = before[-1]
            elif appeal.heard_about in (HeardAbout.TV, HeardAbout.SOCIAL_MEDIA):
                kinds = (
                    (PlacementKind.TV_SPOT, PlacementKind.TRANSPORT_SCREEN)
                    if appeal.heard_about == HeardAbout.TV
                    else (PlacementKind.SOCIAL_MEDIA,)
                )
                on_air = [
                    p
                    for p in self.placements
                    if p.kind in kinds and p.starts_on <= day <= p.ends_on + timedelta(30)
                ]
                if on_air:
                    source["placement"] = on_air[0]
            else:
                edition = self.editions["flyer", KAA]
                source["edition"] = edition
            if not source:
                source["campaign"] = self.campaigns["awareness"]
            self._source(appeal, self.users["intake"], **source)
            made += 1
        return made

    def _source(self, appeal, actor, **thing) -> AppealSource:
        """What the appeal was heard of through (one thing), as the appeal form records it."""
        return set_appeal_source(actor=actor, appeal=appeal, **thing)

    def register_at_actions(self) -> int:
        """People who asked for help at an action: appeals with channel "outreach action", linked to it.
        The older ones were answered (advice given); the latest two wait for triage."""
        held = [a for a in self.actions if a.tally_entered_at]
        stories = [
            (Category.PRE_DEPARTURE, "Кореяға EPS бойынша кетпекши, шартнаманы көрсетип кеңес сорады."),
            (Category.MIGRANT_FAMILY, "Улы Қазақстанда, еки айдан бери хабар жоқ. Анасы акцияда жақынласты."),
            (Category.PRE_DEPARTURE, "Собирается в Россию через посредника, просит проверить его фирму."),
            (Category.DEPORTEE, "Россиядан шығарылған, жумыс излеп атыр; кәсип курслары ҳаққында сорады."),
            (
                Category.PRESUMED_VICTIM,
                "Қарындасының паспорты Түркияда жумыс бериўшиде, үйге қайта алмай атыр.",
            ),
            (Category.YOUNG_GRADUATE, "Колледжди питкерген, Мойнақта өз исин баслаўды ойлайды."),
        ]
        if not held:
            return 0
        picks = [held[int(i * (len(held) - 1) / (len(stories) - 1))] for i in range(len(stories))]
        manager = self.users["casemanager"]
        director = self.users["director"]
        made = 0
        for number, (action, (category, narrative)) in enumerate(zip(picks, stories, strict=True)):
            data = AppealData(
                received_on=timezone.localtime(action.starts_at).date(),
                channel=Channel.OUTREACH,
                category=category,
                home_district_id=action.district_id,
                home_assembly_id=action.assembly_id,
                heard_about=HeardAbout.OUTREACH_ACTION,
                narrative=narrative,
                answers={"ind_documents_withheld": True} if category == Category.PRESUMED_VICTIM else {},
            )
            appeal = appeal_register(actor=self.officer, data=data, anonymous=True)
            self._source(appeal, self.officer, action=action)
            made += 1
            if number < len(stories) - 2:
                appeal_assign(actor=director, appeal=appeal, assignee=manager)
                outcome = (
                    OutcomeData("advice_given", advice_kind=AdviceKind.MEMO)
                    if category == Category.PRE_DEPARTURE
                    else OutcomeData("advice_given", advice_kind=AdviceKind.ANSWER)
                )
                appeal_record_outcome(actor=manager, appeal=appeal, data=outcome)
        return made


@transaction.atomic
def ensure_demo_prevention() -> int:
    """Seed a year of prevention work unless a campaign exists; returns how many actions were made."""
    if Campaign.objects.exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_STAFF)}
    if len(users) < len(DEMO_STAFF) or not AdminUnit.objects.filter(code=MOYNAQ).exists():
        return 0  # the reference data and the demo accounts come first
    demo = _Demo(users, timezone.localdate())
    demo.make_campaigns()
    demo.make_materials()
    demo.make_actions()
    demo.make_placements()
    demo.attribute_demo_appeals()
    demo.register_at_actions()
    return len(demo.actions)
