"""Importing files in CTDC's format, and the pivot over them compared number by number with counts taken
from the file itself; every kind of bad input of issue 17."""

import csv
import json
import os
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from isenim.comparison import reader, services
from isenim.comparison.models import ComparisonDataset, ComparisonRecord
from isenim.comparison.services import ComparisonRefusal, delete_dataset, import_dataset
from isenim.comparison.tests.helpers import COLUMNS, ctdc_rows, file_counts, write_csv, write_xlsx
from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.core.pivot import PivotRequest, UnknownDimension, source_named

pytestmark = pytest.mark.django_db

PIVOTS = [
    ("yearOfRegistration", None),
    ("citizenship", "CountryOfExploitation"),
    ("gender", "ageBroad"),
    ("typeOfExploitation", None),
    ("typeOfExploitation", "gender"),
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _import(path, name="ctdc", **options):
    return import_dataset(actor=None, path=path, name=name, **options)


def _counts(name, rows, cols=None, **filters):
    source = source_named(f"comparison:{name}")
    return source.count(PivotRequest(rows=rows, cols=cols, filters={k: tuple(v) for k, v in filters.items()}))


@pytest.mark.parametrize("rows,cols", PIVOTS)
def test_csv_pivots_equal_the_files_own_counts(tmp_path, rows, cols):
    path = write_csv(tmp_path / "ctdc.csv", ctdc_rows())
    report = _import(path)
    assert (report.rows_imported, report.rows_rejected) == (600, 0)
    expected = file_counts(path, rows, cols)
    assert _counts("ctdc", rows, cols) == dict(expected)


def test_xlsx_gives_the_same_numbers_as_the_csv(tmp_path):
    data = ctdc_rows()
    csv_path = write_csv(tmp_path / "ctdc.csv", data)
    _import(write_xlsx(tmp_path / "ctdc.xlsx", data), name="book")
    dataset = ComparisonDataset.objects.get(name="book")
    assert (dataset.file_format, dataset.rows_imported, dataset.rows_rejected) == ("xlsx", 600, 0)
    for rows, cols in PIVOTS:
        assert _counts("book", rows, cols) == dict(file_counts(csv_path, rows, cols)), (rows, cols)


def test_columns_in_any_order_any_case_and_the_three_missing_markers(tmp_path):
    data = ctdc_rows(200)
    shuffled = list(reversed(COLUMNS))
    header = [name.upper() if i % 2 else name.lower() for i, name in enumerate(shuffled)]
    path = write_csv(tmp_path / "odd.csv", data, shuffled, header=header, delimiter=";")
    report = _import(path)
    assert report.rows_rejected == 0 and report.ignored_columns == []
    assert set(report.dataset.columns) == set(COLUMNS)
    plain = write_csv(tmp_path / "plain.csv", data)
    assert _counts("ctdc", "gender", "ageBroad") == dict(file_counts(plain, "gender", "ageBroad"))
    # "", -99 and Unknown are one "not recorded" value
    records = ComparisonRecord.objects.filter(dataset=report.dataset)
    assert not records.filter(gender__in=["Unknown", "-99"]).exists()
    assert not records.filter(country_of_exploitation="-9").exists()
    assert records.filter(year__isnull=True).count() == 4


def test_flag_dimensions_and_filters(tmp_path):
    data = ctdc_rows()
    path = write_csv(tmp_path / "ctdc.csv", data)
    _import(path)
    threats = _counts("ctdc", "meansOfControlThreats")
    expected = {
        ("1", None): sum(1 for r in data if r["meansOfControlThreats"] == "1"),
        ("0", None): sum(1 for r in data if r["meansOfControlThreats"] == "0"),
        ("", None): sum(1 for r in data if r["meansOfControlThreats"] == "-99"),
    }
    assert threats == expected
    # filters: OR within a dimension, AND across; a family filter keeps records with any of the flags set
    uz_forced = _counts("ctdc", "gender", citizenship=["UZ"], typeOfExploitation=["isForcedLabour"])
    direct = {}
    for r in data:
        if r["citizenship"] == "UZ" and r["isForcedLabour"] == "1":
            key = ("" if r["gender"] in ("", "Unknown") else r["gender"], None)
            direct[key] = direct.get(key, 0) + 1
    assert uz_forced == direct
    regions = _counts("ctdc", "citizenshipRegion")
    assert regions[("Central Asia", None)] == sum(1 for r in data if r["citizenship"] in ("UZ", "KG", "TJ"))
    assert regions[("Southern Asia", None)] == sum(1 for r in data if r["citizenship"] == "NP")


def test_the_insights_pivot_suppresses_small_cells_and_no_hidden_cell_follows_from_the_totals(tmp_path):
    from isenim.core.disclosure import FILE_K
    from isenim.insights.pivot import PivotSpec, run_pivot

    path = write_csv(tmp_path / "ctdc.csv", ctdc_rows())
    _import(path)
    expected = file_counts(path, "citizenship", "CountryOfExploitation")
    spec = PivotSpec(rows="citizenship", cols="CountryOfExploitation", source="comparison:ctdc", period="all")
    result = run_pivot(spec, user=None, k=FILE_K)
    table = result.table
    hidden_rows: dict = {}
    hidden_cols: dict = {}
    published = 0
    for r in table.row_keys:
        for c in table.col_keys:
            entry = table.cell(r, c)
            true = expected.get((r, c), 0)
            if 0 < true < FILE_K:
                assert entry.value is None, (r, c, true)
            if entry.value is None:
                hidden_rows[r] = hidden_rows.get(r, 0) + 1
                hidden_cols[c] = hidden_cols.get(c, 0) + 1
            else:
                assert entry.value == true
                published += 1
    assert published and hidden_rows
    for r in table.row_keys:  # a line with exactly one hidden entry (its total included) gives it away
        hidden = hidden_rows.get(r, 0) + (table.row_total(r).value is None)
        assert hidden != 1, r
    for c in table.col_keys:
        hidden = hidden_cols.get(c, 0) + (table.col_total(c).value is None)
        assert hidden != 1, c
    data = result.as_json()
    assert {cell["count"] for cell in data["cells"]} & {None}
    assert all(
        cell["count"] is None or cell["count"] >= FILE_K or cell["count"] == 0 for cell in data["cells"]
    )


def test_unknown_columns_are_reported_and_ignored(tmp_path):
    data = ctdc_rows(50)
    for row in data:
        row["victimName"] = "x"
        row["caseNotes"] = "y"
    path = write_csv(tmp_path / "extra.csv", data, [*COLUMNS, "victimName", "caseNotes"])
    report = _import(path)
    assert report.ignored_columns == ["victimName", "caseNotes"]
    assert report.dataset.ignored_columns == ["victimName", "caseNotes"]
    assert report.rows_imported == 50
    assert "victimName" not in json.dumps(list(ComparisonRecord.objects.values_list("values", flat=True)))


def test_a_file_with_none_of_ctdcs_key_columns_is_refused_whole(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,phone,district\nA,1,2\n", encoding="utf-8")
    with pytest.raises(ComparisonRefusal, match="none of CTDC's key columns"):
        _import(path)
    assert not ComparisonDataset.objects.exists()


def test_wrong_codes_reject_their_rows_with_the_reason_and_the_good_rows_are_imported(tmp_path):
    data = ctdc_rows(40)
    data[3]["gender"] = "F"
    data[7]["ageBroad"] = "17--20"
    data[9]["citizenship"] = "UZB"
    data[11]["CountryOfExploitation"] = "QQ"
    data[13]["isForcedLabour"] = "yes"
    data[15]["yearOfRegistration"] = "20x9"
    path = write_csv(tmp_path / "codes.csv", data)
    report = _import(path)
    assert (report.rows_imported, report.rows_rejected) == (34, 6)
    reasons = {item["row"]: item["reason"] for item in report.dataset.rejections}
    assert set(reasons) == {5, 9, 11, 13, 15, 17}  # the header is row 1
    assert "gender" in reasons[5] and "“F”" in reasons[5]
    assert "ageBroad" in reasons[9]
    assert "citizenship" in reasons[11] and "UZB" in reasons[11]
    assert "CountryOfExploitation" in reasons[13]
    assert "flag is 0 or 1" in reasons[15]
    assert "not a year" in reasons[17]
    assert not ComparisonRecord.objects.filter(row_number__in=list(reasons)).exists()


def test_another_missing_marker_is_reported_not_read_as_a_value(tmp_path):
    data = ctdc_rows(20)
    data[0]["gender"] = "NA"
    data[1]["typeOfExploitConcatenated"] = "n/a"
    path = write_csv(tmp_path / "na.csv", data)
    report = _import(path)
    assert report.rows_rejected == 2
    reasons = [item["reason"] for item in report.dataset.rejections]
    assert "marks a missing value with “NA”" in reasons[0]
    assert "“n/a”" in reasons[1]
    assert not ComparisonRecord.objects.filter(values__typeOfExploitConcatenated="n/a").exists()


def test_a_formula_is_rejected_never_evaluated_in_csv_and_xlsx(tmp_path):
    data = ctdc_rows(20)
    data[2]["typeOfExploitConcatenated"] = '=HYPERLINK("http://example.org","x")'
    report = _import(write_csv(tmp_path / "f.csv", data))
    assert report.rows_rejected == 1 and "formula" in report.dataset.rejections[0]["reason"]
    path = write_xlsx(tmp_path / "f.xlsx", ctdc_rows(20))
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active["A4"] = "=2000+19"  # yearOfRegistration of row 4, a real formula cell
    book.save(path)
    report = _import(path, name="book")
    assert report.rows_rejected == 1
    assert report.dataset.rejections[0]["row"] == 4 and "formula" in report.dataset.rejections[0]["reason"]
    assert not ComparisonRecord.objects.filter(dataset=report.dataset, year=2019, row_number=4).exists()


@pytest.mark.parametrize(
    "content,message",
    [
        (os.urandom(2_000_000), "neither CSV nor XLSX"),
        (b"yearOfRegistration,gender\n" + "2019,Женщина\n".encode("cp1251"), "not UTF-8"),
        ("yearOfRegistration,gender\n2019,Female\n".encode("utf-16"), "neither CSV nor XLSX"),
        (b"x" * 200_000, "no header line"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 1000, "old Excel"),
        (b"", "empty"),
    ],
    ids=["noise", "cp1251", "utf16", "one-long-line", "xls", "empty"],
)
def test_files_that_are_not_ctdc_csv_or_xlsx_are_refused_whole(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ComparisonRefusal, match=message):
        _import(path)
    assert not ComparisonDataset.objects.exists() and not ComparisonRecord.objects.exists()


def test_text_noise_of_the_largest_size_is_refused_quickly(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 1_000_000)
    path = tmp_path / "big.csv"
    path.write_bytes(b"yearOfRegistration,gender\n" + b"2019,Female\n" * 100_000)
    with pytest.raises(ComparisonRefusal, match="larger than"):
        _import(path)


def test_a_file_broken_partway_is_refused_whole_and_a_replaced_dataset_is_kept(tmp_path):
    good = write_csv(tmp_path / "good.csv", ctdc_rows(100))
    _import(good)
    broken = tmp_path / "broken.csv"
    broken.write_bytes(good.read_bytes() + "2019,Hotline,Женщина\n".encode("cp1251"))
    with pytest.raises(ComparisonRefusal, match="not UTF-8"):
        _import(broken, replace=True)
    dataset = ComparisonDataset.objects.get(name="ctdc")
    assert dataset.rows_imported == 100 and dataset.records.count() == 100
    damaged = tmp_path / "damaged.xlsx"
    write_xlsx(damaged, ctdc_rows(100))
    with zipfile.ZipFile(damaged) as source, zipfile.ZipFile(tmp_path / "cut.xlsx", "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(ComparisonRefusal, match="damaged"):
        _import(tmp_path / "cut.xlsx", replace=True)
    assert ComparisonDataset.objects.get(name="ctdc").records.count() == 100


def test_rows_with_too_few_cells_and_files_without_good_rows(tmp_path):
    path = write_csv(tmp_path / "short.csv", ctdc_rows(5))
    with path.open("a", encoding="utf-8") as handle:
        handle.write("2019,Hotline\n")
    report = _import(path)
    assert report.rows_rejected == 1 and "cells" in report.dataset.rejections[0]["reason"]
    bad = ctdc_rows(5)
    for row in bad:
        row["gender"] = "X"
    with pytest.raises(ComparisonRefusal, match="No row of the file could be read"):
        _import(write_csv(tmp_path / "all-bad.csv", bad), name="bad")
    header_only = tmp_path / "header.csv"
    header_only.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(ComparisonRefusal, match="no rows"):
        _import(header_only, name="empty")
    assert list(ComparisonDataset.objects.values_list("name", flat=True)) == ["ctdc"]


def test_the_stored_report_is_capped_but_counts_every_rejected_row(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "MAX_REJECTIONS_KEPT", 3)
    data = ctdc_rows(30)
    for row in data[:10]:
        row["gender"] = "?x"
    report = _import(write_csv(tmp_path / "many.csv", data))
    assert report.rows_rejected == 10 and len(report.dataset.rejections) == 3


def test_names_duplicates_replace_delete_and_the_audit(tmp_path, staff):
    path = write_csv(tmp_path / "ctdc.csv", ctdc_rows(30))
    me = staff[Role.ME_OFFICER]
    first = import_dataset(actor=me, path=path, name="ctdc", title="CTDC 2021", source="ctdc.org")
    with pytest.raises(ComparisonRefusal, match="exists already"):
        import_dataset(actor=me, path=path, name="ctdc")
    with pytest.raises(ComparisonRefusal, match="Name the dataset"):
        import_dataset(actor=me, path=path, name="Bad Name!")
    again = import_dataset(
        actor=me, path=write_csv(tmp_path / "b.csv", ctdc_rows(10)), name="ctdc", replace=True
    )
    assert again.replaced and again.dataset.pk == first.dataset.pk
    assert again.dataset.title == "CTDC 2021" and again.dataset.records.count() == 10
    assert list(
        AuditEvent.objects.filter(target_type="comparison.comparisondataset")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "comparison.import",
        "comparison.replace",
    ]
    from django.http import Http404

    with pytest.raises(Http404):
        import_dataset(actor=staff[Role.ADMINISTRATOR], path=path, name="other")
    delete_dataset(actor=me, dataset=again.dataset)
    assert not ComparisonRecord.objects.exists()
    assert AuditEvent.objects.filter(action="comparison.delete").exists()
    assert source_named("comparison:ctdc") is None


def test_an_unknown_dimension_or_value_has_a_clear_message(tmp_path):
    _import(write_csv(tmp_path / "ctdc.csv", ctdc_rows(30)))
    source = source_named("comparison:ctdc")
    with pytest.raises(UnknownDimension, match="no dimension cause"):
        source.count(PivotRequest(rows="cause"))
    with pytest.raises(UnknownDimension, match="cannot be"):
        source.check_values("gender", ["Femme"])
    source.check_values("citizenship", ["UZ", "RU", ""])


def test_the_console_imports_and_reports(tmp_path, capsys):
    data = ctdc_rows(50)
    data[4]["gender"] = "F"
    path = write_csv(tmp_path / "ctdc.csv", [*data], [*COLUMNS, "extra"])
    call_command("import-comparison", str(path), "--name", "ctdc", "--title", "CTDC")
    out = capsys.readouterr().out
    assert "imported 49 rows, rejected 1" in out and "row 6:" in out and "extra" in out
    call_command("import-comparison", str(path), "--name", "ctdc", "--replace", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["rows_imported"] == 49 and report["rejections"][0]["row"] == 6
    assert report["ignored_columns"] == ["extra"] and report["replaced"] is True
    with pytest.raises(CommandError, match="exists already"):
        call_command("import-comparison", str(path), "--name", "ctdc")
    with pytest.raises(CommandError, match="no such file"):
        call_command("import-comparison", str(tmp_path / "none.csv"), "--name", "x")


def test_the_stats_console_over_a_comparison_dataset(tmp_path, capsys):
    path = write_csv(tmp_path / "ctdc.csv", ctdc_rows())
    _import(path)
    call_command("stats", "--source", "comparison:ctdc", "--rows", "yearOfRegistration", "--json")
    data = json.loads(capsys.readouterr().out)
    expected = file_counts(path, "yearOfRegistration")
    for cell in data["cells"]:
        true = expected[(cell["row"], None)]
        assert cell["count"] == (true if true >= 11 else None)


def test_the_demo_dataset_is_synthetic_and_idempotent():
    from isenim.comparison.demo import DEMO_NAME, ensure_demo_comparison

    ensure_demo_comparison()
    ensure_demo_comparison()
    dataset = ComparisonDataset.objects.get(name=DEMO_NAME)
    assert dataset.synthetic and dataset.rows_rejected == 0 and dataset.rows_imported == 3000
    assert "Synthetic" in dataset.title


def test_records_give_back_their_row(tmp_path):
    data = ctdc_rows(10)
    path = write_csv(tmp_path / "ctdc.csv", data)
    report = _import(path)
    with path.open(encoding="utf-8", newline="") as handle:
        original = list(csv.DictReader(handle))
    from isenim.comparison.tests.helpers import value

    for record, row in zip(report.dataset.records.order_by("row_number"), original, strict=True):
        assert record.row(report.dataset.columns) == {name: value(row[name]) for name in COLUMNS}


def test_a_workbook_declaring_entities_is_refused_before_it_is_parsed(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", ctdc_rows(10))
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                declaration = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                data = data.replace(b"<worksheet", declaration + b"<worksheet", 1)
            target.writestr(item, data)
    with pytest.raises(ComparisonRefusal, match="damaged"):
        _import(bomb)
    assert not ComparisonDataset.objects.exists()


def test_a_ctdc_header_over_text_noise_imports_nothing(tmp_path):
    import random

    rng = random.Random(3)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789,;=-?! "
    lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300))) for _ in range(2000)]
    path = tmp_path / "noise.csv"
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ComparisonRefusal, match="No row of the file could be read"):
        _import(path)
    assert not ComparisonDataset.objects.exists() and not ComparisonRecord.objects.exists()


def test_every_dimensions_values_in_a_few_queries(tmp_path, django_assert_max_num_queries):
    _import(write_csv(tmp_path / "ctdc.csv", ctdc_rows(300)))
    source = source_named("comparison:ctdc")
    names = [dimension.name for dimension in source.dimensions()]
    with django_assert_max_num_queries(12):
        values = {name: source.distinct_values(name) for name in names}
    for name in names:
        counted = {row for row, _col in source.count(PivotRequest(rows=name))}
        assert set(values[name]) == counted, name
    assert values["ageBroad"][:3] == ["0--8", "9--17", "18--20"] and values["ageBroad"][-1] == ""
    assert values["typeOfExploitation"] == [
        "isForcedLabour",
        "isSexualExploit",
        "isOtherExploit",
        "isForcedMarriage",
    ]
    labels = source.dimension("citizenship").values()
    assert labels["UZ"] == "Uzbekistan (UZ)" or labels["UZ"].endswith("(UZ)")


def test_workbook_cells_read_as_the_csv_path_expects(tmp_path):
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["yearOfRegistration", "isForcedLabour", "note", "when"])
    sheet.append([2019.0, True, None, datetime.datetime(2020, 3, 1)])
    sheet.append([2020, False, 1.5, datetime.datetime(2020, 3, 1, 14, 30)])
    sheet["A5"] = "=2000+21"  # row 4 is left out of the sheet
    path = tmp_path / "cells.xlsx"
    book.save(path)
    table = reader.open_table(path)
    assert table.file_format == "xlsx" and table.header == [
        "yearOfRegistration",
        "isForcedLabour",
        "note",
        "when",
    ]
    assert list(table.rows) == [
        ["2019", "1", "", "2020-03-01"],
        ["2020", "0", "1.5", "2020-03-01 14:30:00"],
        [],
        ["=2000+21"],
    ]


def _workbook_of_values(path):
    """Values of every kind calamine and openpyxl must read alike, after an empty first row and column."""
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (
        ["yearOfRegistration", "isForcedLabour", "note", "when"],
        [2019.0, True, None, datetime.datetime(2020, 3, 1)],
        [2020, False, 1.5, datetime.datetime(2020, 3, 1, 14, 30)],
        [None, None, "Женщина", None],
    ):
        sheet.append([None, *row])
    sheet.insert_rows(1)
    sheet["B7"] = 2021  # rows 5 and 6 are left out of the sheet
    book.save(path)
    return path


def test_a_workbook_of_values_reads_the_same_through_calamine_and_openpyxl(tmp_path):
    path = _workbook_of_values(tmp_path / "values.xlsx")
    fast, streamed = reader._calamine_xlsx(path), reader._openpyxl_xlsx(path)
    assert fast.header == streamed.header == []  # the empty first row is the header, as openpyxl reads it
    fast_rows, streamed_rows = list(fast.rows), list(streamed.rows)
    assert fast_rows[0] == ["", "yearOfRegistration", "isForcedLabour", "note", "when"]
    assert fast_rows[1] == ["", "2019", "1", "", "2020-03-01"]
    assert fast_rows[3] == ["", "", "", "Женщина"]
    assert fast_rows[-1] == ["", "2021"]
    assert [row for row in fast_rows if any(row)] == [row for row in streamed_rows if any(row)]
    assert len(fast_rows) == len(streamed_rows) == 6  # row numbers stay the sheet's own


def test_a_workbook_is_read_by_calamine_unless_it_holds_a_formula_or_a_huge_sheet(tmp_path, monkeypatch):
    used = []
    monkeypatch.setattr(
        reader, "_calamine_xlsx", lambda path, real=reader._calamine_xlsx: used.append("c") or real(path)
    )
    monkeypatch.setattr(
        reader, "_openpyxl_xlsx", lambda path, real=reader._openpyxl_xlsx: used.append("o") or real(path)
    )
    values = write_xlsx(tmp_path / "values.xlsx", ctdc_rows(30))
    assert _import(values).rows_imported == 30 and used == ["c"]
    from openpyxl import load_workbook

    book = load_workbook(values)
    book.active["A40"] = "=1+1"
    book.save(tmp_path / "formula.xlsx")
    _import(tmp_path / "formula.xlsx", name="formula")
    monkeypatch.setattr(reader, "CALAMINE_MAX_XML", 1000)
    assert _import(values, name="huge").rows_imported == 30
    assert used == ["c", "o", "o"]


def test_a_workbook_that_unpacks_to_too_much_xml_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_XML", 50_000)
    with pytest.raises(ComparisonRefusal, match="unpacks to far more data"):
        _import(write_xlsx(tmp_path / "big.xlsx", ctdc_rows(300)))
    assert not ComparisonDataset.objects.exists()
