"""The k-anonymised CTDC export, checked independently: the written file is grouped by its quasi-identifier
columns with collections.Counter, never through the code under test."""

import csv
import hashlib
import io
import json
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from isenim.core.errors import Refusal
from isenim.exchange import anonymise, ctdc
from isenim.exchange.export import export_ctdc
from isenim.exchange.models import Release
from isenim.exchange.tests.world import make_cases

pytestmark = pytest.mark.django_db
QI_COLUMNS = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
]
MISSING = {"-99", "Unknown", ""}


def read(content: bytes) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(content.decode("utf-8")))
    return reader.fieldnames, list(reader)


def varied_specs(n: int, seed: int = 7) -> list[tuple]:
    """n cases, every QI known: a few big groups and a tail of rare combinations and countries."""
    rng = random.Random(seed)
    specs = []
    for _ in range(n):
        year = rng.choice([2023, 2024, 2025])
        sex = rng.choice("FM")
        birth = year - rng.choice([16, 19, 22, 25, 28, 35, 44, 52])
        citizenship = rng.choices(["UZ", "KZ", "TJ", "KG"], [90, 6, 3, 1])[0]
        destination = rng.choices(["RU", "KZ", "TR"], [70, 20, 10])[0]
        answers = {"ind_debt_control": rng.random() < 0.3, "ind_wages_withheld": rng.random() < 0.4}
        answers["presumed"] = rng.random() < 0.5
        specs.append((year, sex, birth, citizenship, destination, answers))
    return specs


def test_it_writes_a_k_anonymous_file_whose_risk_report_is_true(staff):
    cases = make_cases(staff, varied_specs(300))
    out = io.BytesIO()
    report = export_ctdc(out, k=11, actor=staff["director"], recipient="IOM CTDC", purpose="test")
    content = out.getvalue()
    header, rows = read(content)

    # Exactly CTDC's columns, in the dictionary's order: no code, name, date or district column.
    assert header == list(ctdc.column_names())
    # Every class of the quasi-identifiers holds at least k rows.
    classes = Counter(tuple(row[c] for c in QI_COLUMNS) for row in rows)
    assert classes and min(classes.values()) >= 11
    # No identifier anywhere: no case number, no person code, no date finer than a year.
    text = content.decode()
    assert not any(case.number in text or case.person.code in text for case in cases[:50])
    assert "CASE-T" not in text and "ISN-T" not in text and "-04-" not in text
    # The report says what the file shows.
    assert report.rows == len(rows) == Release.objects.get().row_count
    assert report.classes == len(classes) and report.smallest_class == min(classes.values())
    assert report.records == 300 and report.records_dropped == 300 - len(rows)
    # Every QI was known for every case: each empty QI cell in the file was suppressed by the export.
    suppressed = sum(row[c] in MISSING for row in rows for c in anonymise.QI_NAMES)
    assert report.cells_suppressed == suppressed
    assert report.sha256 == hashlib.sha256(content).hexdigest() == Release.objects.get().sha256
    # The rare citizenships went up to their region rather than out of the file.
    assert report.generalisations["citizenship"].get("KG") in ("Central Asia", "")
    changed = report.cells_generalised + report.cells_suppressed + 5 * report.records_dropped
    assert report.information_lost == pytest.approx(changed / 1500, abs=1e-6)

    release = Release.objects.get()
    stored = Counter(
        "|".join("" if row[c] in MISSING else row[c] for c in anonymise.QI_NAMES) for row in rows
    )
    assert release.classes == dict(stored)
    assert len(release.case_ids) == len(rows) and set(release.case_ids) <= {case.pk for case in cases}


def test_it_codes_the_flags_from_the_appeals_screening_answers(staff):
    answers = {"ind_debt_control": True, "ind_excessive_hours": True, "presumed": True}
    make_cases(staff, [(2025, "F", 2000, "UZ", "RU", dict(answers)) for _ in range(12)])
    make_cases(staff, [(2025, "F", 2000, "UZ", "RU", None) for _ in range(11)])
    out = io.BytesIO()
    export_ctdc(out, k=11, actor=None, recipient="IOM", record=False)
    _header, rows = read(out.getvalue())
    assert len(rows) == 23
    screened = [row for row in rows if row["meansOfControlDebtBondage"] == "1"]
    assert len(screened) == 12
    row = screened[0]
    assert (
        row["yearOfRegistration"] == "2025"
        and row["ageBroad"] == "24--26"
        and row["majorityStatus"] == "Adult"
    )
    assert row["citizenship"] == "UZ" and row["CountryOfExploitation"] == "RU" and row["gender"] == "Female"
    assert row["meansOfControlExcessiveWorkingHours"] == "1" and row["meansOfControlThreats"] == "0"
    assert row["isForcedLabour"] == "1" and row["typeOfExploitConcatenated"] == "Forced labour"
    assert row["meansOfControlConcatenated"] == "Debt bondage;Excessive working hours"
    assert row["isSexualExploit"] == "-99" and row["typeOfLabourAgriculture"] == "-99"
    unscreened = [row for row in rows if row["meansOfControlDebtBondage"] == "-99"]
    assert len(unscreened) == 11 and unscreened[0]["CountryOfExploitation"] == "-99"
    assert not Release.objects.exists()


def test_it_refuses_k_below_eleven(staff, tmp_path):
    make_cases(staff, [(2025, "F", 2000, "UZ", "RU", None) for _ in range(12)])
    with pytest.raises(Refusal):
        export_ctdc(io.BytesIO(), k=10, actor=None, recipient="IOM")
    with pytest.raises(CommandError, match="at least 11"):
        call_command("export-anonymised", "--k", "5", "--output", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists() and not Release.objects.exists()


def test_a_second_release_cannot_be_subtracted_from_the_first_to_reveal_one_person(staff):
    # Release A: 11 women of 18--20 from Uzbekistan exploited in Russia, none of them in debt bondage.
    same = (2025, "F", 2006, "UZ", "RU")
    make_cases(staff, [(*same, {"ind_wages_withheld": True}) for _ in range(11)])
    make_cases(staff, [(2025, "M", 1990, "UZ", "KZ", {}) for _ in range(15)])
    first = io.BytesIO()
    export_ctdc(first, k=11, actor=None, recipient="A")
    _h, rows_a = read(first.getvalue())
    # One more such woman, the only one in debt bondage.
    make_cases(staff, [(*same, {"ind_debt_control": True})])
    # Without the check, B would hold 12 rows of that class: B − A = her, with her debt bondage flag.
    raw = Counter()
    for key in [(2025, "Female", "18--20", "UZ", "RU")] * 12 + [(2025, "Male", "30--38", "UZ", "KZ")] * 15:
        raw[key] += 1
    assert anonymise.plan(raw, 11).classes[("2025", "Female", "18--20", "UZ", "RU")] == 12

    second = io.BytesIO()
    report = export_ctdc(second, k=11, actor=None, recipient="B")
    _h, rows_b = read(second.getvalue())

    def table(rows):
        return Counter(tuple(row[c] for c in QI_COLUMNS) for row in rows)

    a, b = table(rows_a), table(rows_b)
    for key in a.keys() | b.keys():
        assert abs(a[key] - b[key]) == 0 or abs(a[key] - b[key]) >= 11, key
    # Subtracting the debt-bondage counts class by class reveals nobody.
    debt = Counter(
        tuple(row[c] for c in QI_COLUMNS) for row in rows_b if row["meansOfControlDebtBondage"] == "1"
    )
    debt_a = Counter(
        tuple(row[c] for c in QI_COLUMNS) for row in rows_a if row["meansOfControlDebtBondage"] == "1"
    )
    assert all(debt[key] - debt_a[key] <= 0 or b[key] - a[key] >= 11 for key in debt)
    assert report.records_dropped_for_earlier_releases == 12 and report.earlier_releases_checked == 1
    assert len(rows_b) == 15


def test_the_release_check_sees_a_country_released_as_its_region(staff):
    """A: 11 people from Kyrgyzstan shown as KG. B: the same 11 plus one, shown as "Central Asia" with a
    Tajik: the region in B minus the country in A would be one person."""
    old = {("2025", "Female", "18--20", "KG", "RU"): 11}
    new = {("2025", "Female", "18--20", "Central Asia", "RU"): 12}
    assert anonymise.risky_classes(new, old, 11) == set(new)
    assert not anonymise.risky_classes({("2025", "Female", "18--20", "Central Asia", "RU"): 22}, old, 11)


def test_the_command_writes_the_file_and_prints_the_risk_report(staff, tmp_path, capsys):
    make_cases(staff, varied_specs(120, seed=3))
    output, risk = tmp_path / "ctdc.csv", tmp_path / "risk.json"
    call_command(
        "export-anonymised",
        "--format",
        "ctdc",
        "--k",
        "11",
        "--output",
        str(output),
        "--recipient",
        "IOM CTDC",
        "--purpose",
        "annual",
        "--risk-report",
        str(risk),
        "--json",
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(risk.read_text())
    _header, rows = read(output.read_bytes())
    classes = Counter(tuple(row[c] for c in QI_COLUMNS) for row in rows)
    assert printed["rows"] == len(rows) and printed["classes"] == len(classes)
    assert min(classes.values()) >= 11 and printed["smallest_class"] == min(classes.values())
    assert printed["sha256"] == hashlib.sha256(output.read_bytes()).hexdigest()
    release = Release.objects.get()
    assert (release.recipient, release.purpose, release.k, release.vault_name) == (
        "IOM CTDC",
        "annual",
        11,
        "",
    )
    assert (output.stat().st_mode & 0o777) == 0o600


def test_the_xlsx_file_holds_the_same_rows(staff, tmp_path):
    from openpyxl import load_workbook

    make_cases(staff, [(2025, "F", 2000, "UZ", "RU", {}) for _ in range(12)])
    output = tmp_path / "ctdc.xlsx"
    call_command("export-anonymised", "--k", "11", "--output", str(output), "--no-record")
    sheet = load_workbook(output, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(ctdc.column_names()) and len(rows) == 13
    assert not Release.objects.exists()


def test_people_who_withdrew_consent_to_statistics_are_left_out(staff):
    from isenim.people.models import Consent

    cases = make_cases(staff, [(2025, "F", 2000, "UZ", "RU", {}) for _ in range(13)])
    Consent.objects.create(
        person=cases[0].person,
        purpose="statistics",
        given_on="2025-01-01",
        withdrawn_on="2025-02-01",
        taken_by=staff["director"],
    )
    report = export_ctdc(io.BytesIO(), k=11, actor=None, recipient="IOM", record=False)
    assert report.records == 12


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_both_passes_read_one_snapshot():
    """As the command runs it (no transaction around it): on PostgreSQL at REPEATABLE READ."""
    from conftest import make_staff
    from isenim.core.access import Role

    manager = make_staff(Role.CASE_MANAGER, "gulnara")
    make_cases({Role.CASE_MANAGER: manager}, [(2025, "M", 1990, "UZ", "RU", {}) for _ in range(12)])
    out = io.BytesIO()
    report = export_ctdc(out, k=11, actor=None, recipient="IOM")
    assert report.rows == 12 and len(read(out.getvalue())[1]) == 12
    assert Release.objects.get().row_count == 12
