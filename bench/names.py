"""Synthetic people for benchmarks: Karakalpak, Uzbek and Russian names, written the ways people write them.

Each person has a canonical name (Karakalpak people in Karakalpak Cyrillic, Uzbek people in Uzbek Cyrillic,
Russian and Korean people in Russian), and is *stored* in one script, drawn as records really arrive:
Karakalpak Cyrillic most often, then Russian spellings (қ → к, ң → нг, ө/ү/ў → у, Айсулыў → Айсулу),
Uzbek Latin (through ``uz_to_latin`` of an Uzbek Cyrillic spelling), Karakalpak Latin 2016, and passport
Latin in capitals (ICAO 9303 or the older MVD-310 scheme, from the Russian spelling).

A *query* is the same person written differently: always another script than the stored one, and on top
of that sometimes the other word order, a dropped patronymic, or the Uzbek form of a name (Бахтияр →
Бахтиёр, Сапарбаев → Сапарбоев); half the queries carry the birth date.

Names are drawn with Zipf-like weights (a few very common names, a long tail), so hit lists for common
names are as large as they are in real registers. Everything is seeded: the same seed gives the same
people and the same queries. No Django here; only ``isenim.core.translit``.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path

from isenim.core.translit import kaa_to_latin, uz_to_latin


def _names(text: str) -> list[str]:
    return text.split()


# --- Name pools (canonical spellings) -------------------------------------------------------------
# Most common first in each list: the weights fall off with the rank.
KAA_MALE = _names(
    """
Ерлан Бахтияр Нурлан Мақсет Ерназар Азамат Жасур Даўлет Айбек Бекзат Абат Айдос Асқар Алишер Санжар
Мурат Қайрат Руслан Тимур Әлибек Абдулла Адилбек Аллаяр Арзымбет Атабек Әмир Байрам Бекназар Бердақ
Болат Ғайрат Дилшод Есбосын Есен Жамшид Жандос Жаңабай Исмайыл Қалбай Қуўаныш Қудайберген Мадияр
Мухаммед Нажимаддин Нурбек Нурсултан Нурымбет Оразбай Өтемурат Пирназар Рустам Сапарбай Сарсенбай Сейтбай
Тажибай Темирбек Төремурат Улуғбек Фаррух Хожаназар Шерзод Шухрат Ислам Ильяс Марат Ринат Қаҳраман
Әжинияз Мадрейим Кеңесбай Жумабай Досымбет Пердебай Ҳасан Ҳусан Отабек Сардор Бобур Данияр Әмет Ғани
Жалғас Өтеш Есемурат Ибрайым Камал Полат Ерасыл Бегис Айдын Жеңис
"""
)
KAA_FEMALE = _names(
    """
Гүлнара Айжан Айсулыў Дилноза Зарина Гүлшат Назира Малика Камила Алтынай Айгүл Арзыгүл Әсем Бибисара
Гүлбахар Гүлзира Гүлмира Гүлнур Гөззал Динара Жупар Зияда Зулфия Индира Лола Мадина Мехрибан Мөлдир
Нафиса Нилуфар Нурсулыў Перизат Рахима Салтанат Сәўле Тамара Феруза Хурлиман Шахзода Шырын Эльмира Юлдуз
Әйгерим Алия Бағдагүл Жанагүл Гүлистан Айнура Айымхан Шолпан Сайёра Дилбар Гүлжахан Раўшан Сәбийра
Әсемгүл Гүлпари Ақмарал Замира Нургүл Сабина Сәрбиназ Мийрайым Бийбигүл Айсара Ақбийке Гүлайым Маржан
"""
)
KAA_SURNAME_ROOTS = _names(
    """
Сапарбай Ерназар Өтепберген Жумабай Тажибай Алланазар Досназар Қудайберген Қаллыбай Мадрейим Реймбай
Бекмурат Нурымбет Оразымбет Есенбай Пирназар Арзымбет Қурбанбай Тилеўмурат Бердақ Қалмурат Жиемурат
Айтмурат Сейтмурат Хожаназар Нурлыбай Абдуллай Турдымурат Әлламурат Ембергенов Утемис Жаксымурат
Қалбай Исмайыл Давлетмурат Бектурсун Палўан Пердебай Кеңесбай Оразбай Сарсенбай Тажимурат Жалғас
Ержан Даўлет Әметбай Байжан Нурман Аймурат Кутлымурат Матназар Ибрайым Аўезмурат Бегжан Камал Полат
Шамшет Жолдас Қошмурат Аллаберген Бабажан Юсуп Отеген Жанабай Ағымбет Ешмурат Сәтбай Нурмахан Қурбан
Исмаил Абат Әбдиреймбай Торебай Дәўлетбай Нажим Қарлыбай Утебай Жуманияз Мамбет Бекберген Султан
Алпысбай Қуатбай Төрениязов Орынбай Жақсылық Қазақбай Жумагелди Бердимурат Режеп Садық Нуратдин
"""
)
# Compound names as Karakalpak families are named (grandfather's name + suffix), for a long tail.
KAA_PREFIXES = _names(
    "Сапар Ер Алла Дос Жума Тажи Өтеп Қудай Бек Нур Ораз Есен Қаллы Ай Бай Жол Сейт Абды Тур Жан Әлим "
    "Қурбан Пирим Бегим Ақ Қара Әли Мәмбет Нияз Ел Кун Мад Пал Тиле Сары Шам Жиен Айт Өтеш Бахыт Ҳаким "
    "Қутлы Темир Орын Кул Ерен Мурат Ибрай"
)
KAA_SUFFIXES = _names("бай берген назар мурат нияз бек жан гелди қул")

UZ_MALE = _names(
    """
Жасур Бахтиёр Улуғбек Отабек Сардор Дилшод Шерзод Фаррух Жамшид Шуҳрат Ўктам Тўлқин Ғайрат Анвар
Баҳодир Ботир Шавкат Равшан Азиз Абдулазиз Фарҳод Рустам Умид Искандар Нодир Ёрқин Баҳром Алишер Санжар
Жавлон Темур Ҳусниддин Зафар Акмал Ислом Бекзод Дониёр Журабек Абдулла Муҳаммад Камол Неъмат
"""
)
UZ_FEMALE = _names(
    """
Дилноза Шаҳноза Нодира Мохира Феруза Гулнора Зарина Севара Малика Камола Мадина Нилуфар Дилфуза Муниса
Юлдуз Гулчеҳра Барно Ойгул Лобар Ситора Мавжуда Зулфия Ҳилола Муҳаббат Нигора Гулноза Сайёра Дилором
Умида Гўзал Насиба Шоира Мунира Раъно
"""
)
UZ_SURNAME_ROOTS = _names(
    """
Юсуп Рашид Карим Тошмат Эргаш Раҳим Султон Қодир Ҳамид Абдулла Турсун Жўра Нормат Назар Мирза Исмоил
Холмат Усмон Азим Бозор Саид Аҳмад Маҳмуд Ражаб Ҳасан Шукур Тўхта Умар Ёқуб Носир Қурбон Мамат Ортиқ
"""
)

RU_MALE = _names(
    """
Сергей Александр Андрей Дмитрий Владимир Алексей Николай Игорь Евгений Олег Виктор Павел Юрий Михаил
Константин Вадим Артём Денис Роман Максим
"""
)
RU_FEMALE = _names(
    """
Ольга Наталья Елена Ирина Светлана Татьяна Юлия Анна Мария Людмила Галина Оксана Марина Валентина Надежда
Екатерина Вера Любовь Алёна Дарья
"""
)
RU_SURNAMES = _names(
    """
Иванов Петров Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Волков Соловьёв Васильев
Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров Михайлов Беляев Тарасов Белов Комаров
Орлов Киселёв Макаров Андреев
"""
)
KOREAN_SURNAMES = _names("Ким Пак Цой Ли Хан Тен Югай")  # the same for men and women

# How names change when written the Uzbek way (a different name form, not a transliteration): the
# name key keeps them apart (a ≠ o), only the "loose" hashes can bring them together.
UZ_FORMS = {
    "Бахтияр": "Бахтиёр", "Гүлнара": "Гулнора", "Камила": "Камола", "Мадияр": "Мадиёр",
    "Данияр": "Дониёр", "Аллаяр": "Оллоёр", "Ислам": "Ислом",
    "Нурлан": "Нурлон",
}  # fmt: skip
# Russian spellings of Karakalpak names that are not letter-for-letter (final -ыў is written -у).
RU_FORMS = {"Айсулыў": "Айсулу", "Нурсулыў": "Нурсулу"}
# Names whose spellings ``name_key`` does not bring together (found by this generator; see
# docs/performance.md), left out of the "one key in every script" test. The five found before (final -ыў
# written -у, ў between vowels written у, MVD's SAYERA) are brought together since 2026-11-30: none left.
KEY_SPLITS: tuple[str, ...] = ()

# --- Scripts ---------------------------------------------------------------------------------------
SCRIPTS = ("kaa", "kaa_latn", "uz_latn", "ru", "passport")
STORED_SCRIPT_WEIGHTS = {  # per people group: how their records are written
    "kaa": {"kaa": 60, "ru": 15, "uz_latn": 10, "kaa_latn": 5, "passport": 10},
    "uz": {"kaa": 30, "ru": 15, "uz_latn": 45, "kaa_latn": 0, "passport": 10},
    "ru": {"kaa": 0, "ru": 85, "uz_latn": 5, "kaa_latn": 0, "passport": 10},
}
GROUP_WEIGHTS = {"kaa": 76, "uz": 14, "ru": 10}

_KAA_VOWELS = set("аәеёиыоөуүэюяАӘЕЁИЫОӨУҮЭЮЯ")
_KAA_TO_RU = str.maketrans("әөүғқңҳӘӨҮҒҚҢҲ", "аууг\u043aнхАУУГКНХ")
_UZ_TO_RU = str.maketrans("ўғқҳЎҒҚҲ", "угкхУГКХ")
_KAA_TO_UZ = str.maketrans("әөүыӘӨҮЫ", "аўуиАЎУИ")


def _glide(text: str, after_vowel: str, otherwise: str) -> str:
    """Karakalpak ў: a consonant w after a vowel (Даўлет), a vowel elsewhere."""
    out = []
    for i, c in enumerate(text):
        if c in "ўЎ":
            rep = after_vowel if i and text[i - 1] in _KAA_VOWELS else otherwise
            out.append(rep.upper() if c == "Ў" else rep)
        else:
            out.append(c)
    return "".join(out)


def to_russian(word: str, group: str) -> str:
    """How a Russian-language clerk writes the name: Мақсет → Максет, Жаңабай → Жангабай, Даўлет → Даулет."""
    if group == "kaa":
        word = RU_FORMS.get(word, word).replace("уў", "у")  # Қуўаныш → Куаныш
        return _glide(word, "у", "у").replace("ң", "нг").replace("Ң", "НГ").translate(_KAA_TO_RU)
    if group == "uz":  # Неъмат → Немат
        return word.translate(_UZ_TO_RU).replace("ъ", "")
    return word


def to_uzbek_cyrillic(word: str, group: str) -> str:
    """Karakalpak letters the Uzbek way: ә → а, ө → ў, ү → у, ы → и, ң → нг, glide ў → в."""
    if group != "kaa":
        return word
    word = _glide(word, "в", "у").replace("ң", "нг").replace("Ң", "НГ")
    return word.translate(_KAA_TO_UZ)


@cache
def _passport_tables() -> tuple[dict[str, str], dict[str, str]]:
    path = Path(__file__).resolve().parent.parent / "isenim" / "core" / "data" / "translit_tables.json"
    passport = json.loads(path.read_text(encoding="utf-8"))["passport"]
    icao = dict(passport["icao_doc_9303"])
    mvd = icao | {k: v for k, v in passport["mvd_310_differences"].items() if len(k) == 1}
    return icao, mvd


def to_passport(word: str, group: str, scheme: str = "icao") -> str:
    """Passport Latin in capitals from the Russian spelling: ICAO 9303 (Я → IA) or MVD-310 (Я → YA)."""
    icao, mvd = _passport_tables()
    table = icao if scheme == "icao" else mvd
    text = to_russian(word, group).upper()
    if scheme == "mvd":  # ье/ъе → YE
        text = text.replace("ЬЕ", "\x00").replace("ЪЕ", "\x00")
    return "".join(table.get(c, c) for c in text).replace("\x00", "YE")


def spell(word: str, group: str, script: str, scheme: str = "icao") -> str:
    """One name word in one script."""
    if not word:
        return ""
    if script == "kaa":
        # Russians' and Uzbeks' canonical Cyrillic is what a Karakalpak clerk types too.
        return word
    if script == "kaa_latn":
        return kaa_to_latin(word)
    if script == "uz_latn":
        return uz_to_latin(to_uzbek_cyrillic(word, group))
    if script == "ru":
        return to_russian(word, group)
    if script == "passport":
        return to_passport(word, group, scheme)
    raise ValueError(script)


# --- Word formation --------------------------------------------------------------------------------
def surname(stem: str, sex: str) -> str:
    """Сапарбай → Сапарбаев/Сапарбаева, Ерназар → Ерназаров; Korean surnames do not change."""
    if stem in KOREAN_SURNAMES:
        return stem
    if stem.endswith(("ов", "ев", "ёв")):  # already a Russian surname
        male = stem
    elif stem[-1] in "йь":
        male = stem[:-1] + "ев"
    elif stem[-1] in "жшчщцаяиеу" or stem[-1] in "ЖШЧЩЦ":
        male = stem + "ев"
    else:
        male = stem + "ов"
    return male + "а" if sex == "F" else male


def patronymic(father: str, sex: str, style: str) -> str:
    """Бахтияр → Бахтиярович/Бахтияровна (Russian style) or Бахтияр улы/Бахтияр қызы (Turkic style)."""
    if style == "turkic":
        return f"{father} {'қызы' if sex == 'F' else 'улы'}"
    if style == "uzbek":
        return f"{father} {'қизи' if sex == 'F' else 'ўғли'}"
    if father.endswith("ий"):
        stem, soft = father[:-1] + "е", True
    elif father[-1] in "йь":
        stem, soft = father[:-1], True
    elif father[-1] in "аяжшчщц":
        stem, soft = father, True
    else:
        stem, soft = father, False
    if sex == "F":
        return stem + ("евна" if soft else "овна")
    return stem + ("евич" if soft else "ович")


def _compounds() -> list[str]:
    out = []
    for prefix in KAA_PREFIXES:
        for suffix in KAA_SUFFIXES:
            name = prefix + suffix
            if name not in out:
                out.append(name)
    return out


class _Pool:
    """Items with Zipf-like weights: item k (from 1) has weight 1 / k**s."""

    def __init__(self, items: list[str], s: float):
        self.items = list(dict.fromkeys(items))
        self.cum = list(accumulate(1 / (k**s) for k in range(1, len(self.items) + 1)))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.items, cum_weights=self.cum)[0]


FIRST_NAME_SKEW = 0.7  # Zipf exponents: the top first name is ~8% of its sex, the top surname ~1.6% of all
SURNAME_SKEW = 0.5
POOLS = {
    "kaa": {
        "M": _Pool(KAA_MALE, FIRST_NAME_SKEW),
        "F": _Pool(KAA_FEMALE, FIRST_NAME_SKEW),
        # Common family roots first, then the long tail of compounds and of first names used as roots.
        "surname": _Pool(KAA_SURNAME_ROOTS + _compounds() + KAA_MALE, SURNAME_SKEW),
    },
    "uz": {
        "M": _Pool(UZ_MALE, FIRST_NAME_SKEW),
        "F": _Pool(UZ_FEMALE, FIRST_NAME_SKEW),
        "surname": _Pool(UZ_SURNAME_ROOTS + UZ_MALE, SURNAME_SKEW),
    },
    "ru": {
        "M": _Pool(RU_MALE, FIRST_NAME_SKEW),
        "F": _Pool(RU_FEMALE, FIRST_NAME_SKEW),
        "surname": _Pool(RU_SURNAMES + KOREAN_SURNAMES, SURNAME_SKEW),
    },
}
PATRONYMIC_STYLES = {  # (style, weight); None: no patronymic recorded
    "kaa": [("russian", 70), ("turkic", 20), (None, 10)],
    "uz": [("russian", 70), ("uzbek", 20), (None, 10)],
    "ru": [("russian", 90), (None, 10)],
}
FIRST_BIRTH = date(1955, 1, 1)
BIRTH_DAYS = (date(2008, 12, 31) - FIRST_BIRTH).days + 1


@dataclass(frozen=True)
class Name:
    """A canonical name: words in the group's own Cyrillic."""

    group: str
    sex: str
    last: str
    first: str
    middle: str  # "" when no patronymic is recorded


@dataclass(frozen=True)
class SyntheticPerson:
    name: Name
    birth_date: str
    script: str  # how the record is stored
    scheme: str  # passport scheme, for script == "passport"
    has_middle_stored: bool

    def identity(self) -> dict:
        """The identity as a record would hold it (the name in the stored script)."""
        parts = written_parts(self.name, self.script, self.scheme, with_middle=self.has_middle_stored)
        identity = {"last_name": parts[0], "first_name": parts[1], "birth_date": self.birth_date}
        if parts[2]:
            identity["middle_name"] = parts[2]
        return identity


@dataclass(frozen=True)
class Query:
    text: str
    birth_date: str  # "" for half the queries
    script: str
    variant: str  # "script", "order", "no_patronymic", "uz_form" (joined with "+" when several)


def uz_form(name: Name) -> Name:
    """The same name as Uzbek writes it: Бахтияр → Бахтиёр, Сапарбаев → Сапарбоев."""

    def word(w: str) -> str:
        for karakalpak, uzbek in UZ_FORMS.items():  # also inside patronymics and surnames: Бахтиярович
            if w.startswith(karakalpak):
                w = uzbek + w[len(karakalpak) :]
                break
        return w.replace("бай", "бой").replace("баев", "боев").replace("Бай", "Бой")

    middle = " ".join(word(w) for w in name.middle.split())
    return Name(name.group, name.sex, word(name.last), word(name.first), middle)


def written_parts(name: Name, script: str, scheme: str = "icao", *, with_middle: bool = True):
    """(last, first, middle) in a script; multi-word patronymics are spelled word by word."""

    def one(text: str) -> str:
        return " ".join(spell(w, name.group, script, scheme) for w in text.split())

    return one(name.last), one(name.first), one(name.middle) if with_middle else ""


def render(parts: tuple[str, str, str], order: str) -> str:
    last, first, middle = parts
    words = [last, first, middle] if order == "last_first" else [first, middle, last]
    return " ".join(w for w in words if w)


class Generator:
    """Seeded synthetic people and duplicate-check queries."""

    def __init__(self, seed: int = 2026):
        self.seed = seed
        self.rng = random.Random(seed)
        self._groups = list(GROUP_WEIGHTS)
        self._group_cum = list(accumulate(GROUP_WEIGHTS.values()))

    def name(self, rng: random.Random | None = None) -> Name:
        rng = rng or self.rng
        group = rng.choices(self._groups, cum_weights=self._group_cum)[0]
        sex = "F" if rng.random() < 0.5 else "M"
        pools = POOLS[group]
        styles = PATRONYMIC_STYLES[group]
        style = rng.choices([s for s, _w in styles], weights=[w for _s, w in styles])[0]
        middle = patronymic(pools["M"].draw(rng), sex, style) if style else ""
        return Name(group, sex, surname(pools["surname"].draw(rng), sex), pools[sex].draw(rng), middle)

    def person(self) -> SyntheticPerson:
        rng = self.rng
        name = self.name(rng)
        weights = STORED_SCRIPT_WEIGHTS[name.group]
        script = rng.choices(list(weights), weights=list(weights.values()))[0]
        scheme = "icao" if rng.random() < 0.7 else "mvd"
        # Passports often carry no patronymic in Latin: half of the passport-style records lack it.
        has_middle = bool(name.middle) and not (script == "passport" and rng.random() < 0.5)
        birth = FIRST_BIRTH + timedelta(days=rng.randrange(BIRTH_DAYS))
        return SyntheticPerson(name, birth.isoformat(), script, scheme, has_middle)

    def people(self, count: int):
        for _ in range(count):
            yield self.person()

    def query(self, person: SyntheticPerson, rng: random.Random) -> Query:
        """Another spelling of ``person``: another script, plus maybe another order, no patronymic or the
        Uzbek form of the names; the birth date half of the time."""
        stored_text = render(
            written_parts(person.name, person.script, person.scheme, with_middle=person.has_middle_stored),
            "last_first",
        )
        name = person.name
        variants = ["script"]
        if name.group == "kaa" and rng.random() < 0.1:
            name = uz_form(name)
            variants.append("uz_form")
        with_middle = bool(name.middle)
        if with_middle and rng.random() < 0.3:
            with_middle = False
            variants.append("no_patronymic")
        order = "last_first"
        if rng.random() < 0.3:
            order = "first_last"
            variants.append("order")
        others = [s for s in SCRIPTS if s != person.script and (s != "kaa_latn" or name.group == "kaa")]
        for _attempt in range(10):
            script = rng.choice(others)
            scheme = rng.choice(("icao", "mvd"))
            text = render(written_parts(name, script, scheme, with_middle=with_middle), order)
            if text != stored_text:
                break
        birth = person.birth_date if rng.random() < 0.5 else ""
        return Query(text, birth, script, "+".join(variants))
