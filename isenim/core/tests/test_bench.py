"""The benchmark's name generator, a tiny ``isenim bench dedup`` run, and the search changes it led to."""

import json
import random
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from bench import dedup, names
from bench.names import KEY_SPLITS, SCRIPTS, Generator, spell, written_parts
from isenim.core.translit import name_key
from isenim.people import search
from isenim.people.matching import (
    MISSING_WORD,
    Probe,
    fields_hash_inputs,
    full_name,
    name_hash_inputs,
    name_similarity,
)
from isenim.people.search import search_people
from isenim.people.services import PersonData, people_import

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҮүЎўҲҳ]")
LATIN = re.compile(r"[A-Za-z]")


def split_on_purpose(word: str) -> bool:
    return any(part in word for part in KEY_SPLITS)


def all_words():
    """Every first name, surname and patronymic the generator can write, with its people group."""
    for group, pools in names.POOLS.items():
        for sex in "MF":
            yield from ((group, w) for w in pools[sex].items)
            yield from ((group, names.surname(stem, sex)) for stem in pools["surname"].items)
            for father in pools["M"].items[:15]:
                for style in ("russian", "turkic", "uzbek"):
                    yield group, names.patronymic(father, sex, style)


# --- Generator -----------------------------------------------------------------------------------------


def test_it_gives_every_word_one_name_key_in_every_script():
    checked = 0
    for group, word in set(all_words()):
        if split_on_purpose(word):
            continue
        spellings = [spell_all(word, group, script) for script in ("kaa", "kaa_latn", "uz_latn", "ru")]
        spellings += [spell_all(word, group, "passport", scheme) for scheme in ("icao", "mvd")]
        assert len({name_key(s) for s in spellings}) == 1, (word, spellings)
        checked += 1
    assert checked > 1500


def spell_all(text: str, group: str, script: str, scheme: str = "icao") -> str:
    return " ".join(spell(w, group, script, scheme) for w in text.split())


def test_it_writes_each_script_in_its_own_letters():
    name = names.Name("kaa", "M", "Сапарбаев", "Ерлан", "Бахтиярович")
    assert written_parts(name, "kaa") == ("Сапарбаев", "Ерлан", "Бахтиярович")
    assert written_parts(name, "kaa_latn") == ("Saparbaev", "Erlan", "Baxtiyarovich")
    assert written_parts(name, "uz_latn") == ("Saparbayev", "Yerlan", "Baxtiyarovich")
    assert written_parts(name, "passport", "icao") == ("SAPARBAEV", "ERLAN", "BAKHTIIAROVICH")
    assert written_parts(name, "passport", "mvd") == ("SAPARBAEV", "ERLAN", "BAKHTIYAROVICH")
    kaa = names.Name("kaa", "F", "Өтепбергенова", "Гүлнара", "Жаңабай қызы")
    assert written_parts(kaa, "ru") == ("Утепбергенова", "Гулнара", "Жангабай кызы")
    assert names.uz_form(name).middle == "Бахтиёрович"
    assert names.uz_form(name).last == "Сапарбоев"


def test_it_makes_valid_varied_reproducible_people():
    people = list(Generator(7).people(3000))
    assert people[:50] == list(Generator(7).people(50))
    assert {p.script for p in people} == set(SCRIPTS)
    assert {p.name.group for p in people} == {"kaa", "uz", "ru"}
    assert len({p.name.first for p in people}) > 120
    assert len({p.name.last for p in people}) > 600
    for person in people:
        identity = person.identity()
        assert identity["last_name"] and identity["first_name"]
        assert "1955-01-01" <= identity["birth_date"] <= "2008-12-31"
        text = " ".join(v for k, v in identity.items() if k != "birth_date")
        if person.script in ("kaa", "ru"):
            assert CYRILLIC.search(text) and not LATIN.search(text), text
        elif person.script == "passport":
            assert text.isupper() and text.replace(" ", "").isascii(), text
        else:
            assert LATIN.search(text) and not CYRILLIC.search(text), text


def test_its_queries_are_other_spellings_of_the_same_person():
    generator, rng = Generator(11), random.Random(1)
    kinds, birth_dates = set(), 0
    for person in generator.people(1500):
        query = generator.query(person, rng)
        stored = " ".join(written_parts(person.name, person.script, person.scheme, with_middle=True))
        assert query.script != person.script
        assert query.text != " ".join(filter(None, person.identity().values()))
        kinds.update(query.variant.split("+"))
        birth_dates += bool(query.birth_date)
        same_words = "uz_form" not in query.variant and "no_patronymic" not in query.variant
        if (
            same_words
            and person.has_middle_stored
            and not split_on_purpose(" ".join(written_parts(person.name, "kaa")))
        ):
            assert name_key(query.text) == name_key(stored), (query, stored)
    assert kinds == {"script", "order", "no_patronymic", "uz_form"}
    assert 600 < birth_dates < 900


# --- isenim bench dedup ----------------------------------------------------------------------------


def test_bench_dedup_runs_on_sqlite_and_prints_one_json_object(tmp_path):
    out, err = StringIO(), StringIO()
    call_command(
        "bench", "dedup", "--persons", "200", "--queries", "50", "--json", "--scratch-dir", str(tmp_path),
        stdout=out, stderr=err,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert list(result) == [
        "persons", "database", "p50_ms", "p95_ms", "recall_at_5", "import_per_s",
        "baseline_p95_ms", "speedup",
    ]  # fmt: skip
    assert result["persons"] == 200
    assert result["database"] == "sqlite"
    assert 0 < result["p50_ms"] <= result["p95_ms"] < 2000
    assert result["recall_at_5"] >= 0.9
    assert result["import_per_s"] > 10
    assert result["baseline_p95_ms"] > 0
    assert result["speedup"] == pytest.approx(result["baseline_p95_ms"] / result["p95_ms"], abs=0.01)
    assert "Duplicate check: 200 people on SQLite" in err.getvalue()  # the table goes to stderr
    assert "query mix        intake" in err.getvalue()  # the default: what the intake form asks
    assert "home_district" in err.getvalue() and "moved" in err.getvalue()
    assert list(tmp_path.iterdir()) == []  # the scratch database is gone


def test_bench_dedup_keeps_the_name_only_mix(tmp_path):
    out, err = StringIO(), StringIO()
    call_command(
        "bench", "dedup", "--persons", "200", "--queries", "50", "--json", "--baseline-queries", "0",
        "--mix", "name-only", "--scratch-dir", str(tmp_path), stdout=out, stderr=err,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert list(result) == list(dedup.RESULT_KEYS)
    assert result["recall_at_5"] >= 0.9
    assert "query mix        name-only" in err.getvalue()
    assert "moved" not in err.getvalue()


def test_bench_dedup_searches_again_the_people_a_kept_run_imported(tmp_path):
    def bench(*args) -> tuple[dict, str]:
        out, err = StringIO(), StringIO()
        call_command(
            "bench", "dedup", "--persons", "150", "--queries", "40", "--json", "--baseline-queries", "0",
            "--scratch-dir", str(tmp_path), *args, stdout=out, stderr=err,
        )  # fmt: skip
        return json.loads(out.getvalue()), err.getvalue()

    first, _ = bench("--keep")
    again, table = bench("--reuse")
    assert again["import_per_s"] is None and "Reusing the 150 people" in table
    assert again["recall_at_5"] == first["recall_at_5"]  # the same people, found by the same queries
    assert (tmp_path / "bench-150.sqlite3").exists()  # kept for the next --reuse


def test_the_intake_mix_gives_the_home_district_and_sometimes_another():
    generator = Generator(7)
    sampled = {index: (person, index, 1 + index % 17) for index, person in enumerate(generator.people(2000))}
    districts = list(range(1, 18))
    intake = dedup._queries(Generator(7), sampled, 7, mix="intake", districts=districts)
    plain = dedup._queries(Generator(7), sampled, 7, mix="name-only", districts=districts)
    # The same people and the same names whatever the mix: only the district differs.
    assert [(q["pk"], q["text"], q["birth_date"]) for q in intake] == [
        (q["pk"], q["text"], q["birth_date"]) for q in plain
    ]
    assert all(q["district"] is None for q in plain)
    moved = sum(q["district"] != q["home"] for q in intake)
    assert 120 < moved < 280  # about 10%
    assert all(q["district"] in districts for q in intake)
    # The intake asks the age when the date is not known; the mix of the intake form before does not.
    no_age = dedup._queries(Generator(7), sampled, 7, mix="intake-no-age", districts=districts)
    assert [(q["text"], q["district"]) for q in no_age] == [(q["text"], q["district"]) for q in intake]
    assert all(q["birth_year"] is None for q in no_age + plain)
    assert all((q["birth_year"] is None) == bool(q["birth_date"]) for q in intake)
    offs = Counter(q["birth_year"] - q["true_year"] for q in intake if q["birth_year"] is not None)
    assert set(offs) <= set(range(-3, 4)) and 0.45 < offs[0] / sum(offs.values()) < 0.65


def test_the_expected_best_counts_who_fits_in_the_querys_district():
    fits = Counter({(1, 1990): 12, (2, 1990): 3, (3, 1990): 5})  # fitting the name, by (district, year)

    def chance(district, home):
        return dedup._best_chance({"district": district, "home": home, "true_year": 1990}, fits)

    assert chance(None, 2) == (5 / 20, 20)
    assert chance(2, 2) == (1.0, 3)
    assert chance(1, 1) == (5 / 12, 12)
    # Moved from 3 to 2: the 3 people of district 2 come first, then 2 slots among the 17 elsewhere.
    assert chance(2, 3) == (2 / 17, 20)
    assert chance(1, 3) == (0.0, 20)


def test_the_expected_best_counts_who_fits_the_stated_age_too():
    # 30 namesakes in district 1: 4 born near 1990, the rest long before; 10 near 1990 elsewhere.
    fits = Counter({(1, 1989): 3, (1, 1991): 1, (1, 1960): 26, (2, 1990): 10})

    def chance(home, true_year, stated=1990, district=1):
        q = {"district": district, "home": home, "true_year": true_year, "birth_year": stated}
        return dedup._best_chance(q, fits)

    assert chance(1, 1989) == (1.0, 4)  # the 4 who fit name, district and age
    assert chance(1, 1960) == (1 / 26, 30)  # misstated by 30 years: after the 4, one slot among 26
    # Moved, the age right: the district counts more than the age, the 30 of district 1 come first.
    assert chance(2, 1990) == (0.0, 40)
    assert chance(2, 1990, district=3) == (5 / 14, 14)  # a district of no namesake: the 14 near in age


def test_bench_refuses_the_configured_database_and_leaves_it_alone(tmp_path, monkeypatch):
    from django.conf import settings
    from django.core.management.base import CommandError

    configured = tmp_path / "bench-50.sqlite3"
    configured.write_text("a real database")
    monkeypatch.setitem(
        settings.DATABASES, "default", {"ENGINE": "django.db.backends.sqlite3", "NAME": str(configured)}
    )
    with pytest.raises(CommandError, match="refusing"):
        call_command("bench", "dedup", "--persons", "50", "--scratch-dir", str(tmp_path))
    assert configured.read_text() == "a real database"


# --- What the benchmark changed in the search --------------------------------------------------------


def test_a_missing_patronymic_scores_above_a_different_one():
    query = "Тухтаева Дилноза Камоловна"
    missing = name_similarity(query, "TUKHTAEVA DILNOZA")
    different = name_similarity(query, "Тухтаева Дилноза Сардоровна")
    assert missing == pytest.approx((2 + MISSING_WORD) / 3)
    assert missing > different
    assert name_similarity(query, "Toʻxtayeva Dilnoza Kamolovna") == 1.0
    assert name_similarity(query, "Тухтаева") < 0.5  # only one word left without a partner is forgiven


def test_patronymic_markers_are_not_name_words():
    assert name_similarity("Нурлан Ерлан улы Туркулов", "Turkulov Nurlan Erlan uli") == 1.0
    inputs = Probe("Нурлан Ерлан улы Туркулов").hash_inputs()
    assert ("word", "oli") not in inputs
    assert not any("oli" in value.split() for kind, value in inputs if kind == "pair")
    # The word before the marker is the father's name, one token with the Russian form (people.names).
    assert ("name", "erlan~ norlan torkolov") in inputs
    assert Probe("Туркулов Нурлан Ерланович").hash_inputs() == inputs


def make_people(rows):
    fields = ("last_name", "first_name", "middle_name", "birth_date")
    return people_import(
        actor=None, rows=[PersonData(identity=dict(zip(fields, r, strict=True))) for r in rows]
    )


@pytest.mark.django_db
def test_common_hashes_only_rescore_the_best_candidates(monkeypatch):
    monkeypatch.setattr(search, "RARE_HITS", 2)  # so that "Ерлан" and "Сапарбаев" are common here
    people = make_people(
        [("Сапарбаев", "Ерлан", "Бахтиярович", "1990-04-12"),
         ("Сапарбаев", "Ерлан", "Маратович", "1985-01-01"),
         ("Сапарбаев", "Нурлан", "Бахтиярович", "1991-02-03"),
         ("Жумабаев", "Ерлан", "Бахтиярович", "1970-05-06"),
         ("Сапарбаев", "Ерлан", "", "1960-07-08")]
    )  # fmt: skip
    found = search_people(Probe("SAPARBAEV ERLAN BAKHTIIAROVICH", birth_date="1990-04-12"), limit=3)
    assert found[0].person == people[0]
    # Every hash of a surname alone is common: a bounded read of them still answers.
    assert {m.person for m in search_people(Probe("Сапарбаев"), limit=10)} == {
        people[0],
        people[1],
        people[2],
        people[4],
    }


def test_keying_name_fields_apart_gives_the_hashes_of_the_whole_name():
    generator = Generator(5)
    cases = [tuple(p.identity().get(f, "") for f in ("last_name", "first_name", "middle_name"))
             for p in generator.people(3000)]  # fmt: skip
    cases += [
        ("Ob\"edkov", "Il'ya", ""), ("O'rinboyev", "G‘ayrat", "Neʼmatovich"), ("Saparbaev-Erlan", "", ""),
        ("'Qaraqalpaq'", "Ámiwdárya", "Bakhtiyar oʻgʻli"), ("", "", ""), ("Ким", "Ли", ""),
        ("ЖАҢАБАЙ", "Һасан", "Кеңесбай улы"), ("Dárya", "Sırdárya", "x2 y_3 qizi"),
    ]  # fmt: skip
    for fields in cases:
        assert fields_hash_inputs(*fields) == name_hash_inputs(full_name(*fields)), fields


@pytest.mark.django_db
def test_a_record_without_the_patronymic_beats_namesakes_with_another_one():
    fathers = [name for name in names.KAA_MALE if name != "Шавкат"][:45]
    namesakes = [
        ("Искандаров", "Жасур", names.patronymic(father, "M", "russian"), "1980-01-01") for father in fathers
    ]
    people = make_people(
        [*namesakes, ("Искандаров", "Жасур", "", "1990-05-05")]
    )  # last: ties favour the first
    assert len(people) > search.SHORTLIST
    found = search_people(Probe("Iskandarov Jasur Shavkatovich"), limit=5)
    assert found[0].person == people[-1]


@pytest.mark.django_db
def test_someone_born_that_day_is_never_crowded_out_by_namesakes():
    namesakes = [("Смирнов", "Александр", "", f"19{50 + n // 12}-{n % 12 + 1:02d}-01") for n in range(50)]
    people = make_people([*namesakes, ("Смирнов", "Александр", "Сергеевич", "2004-07-18")])
    found = search_people(Probe("Smirnov Aleksandr", birth_date="2004-07-18"), limit=5)
    assert found[0].person == people[-1]


@pytest.mark.parametrize("which", ["dedup", "cases"])
def test_every_benchmark_prints_its_help(which, capsys):
    """argparse formats help texts with %: a share written as "10%" in a help text broke --help."""
    with pytest.raises(SystemExit) as stopped:
        call_command("bench", which, "--help")
    assert stopped.value.code == 0
    assert "--database" in capsys.readouterr().out
