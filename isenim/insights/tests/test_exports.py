"""The analysis as XLSX and PDF: counted at FILE_K (11) whatever the screen showed, the numbers equal the
engine's cell for cell, suppressed counts as text, the description (source, period, filters, k), the
disclosure note and the chart in the file, Karakalpak letters in the PDF; every export audited."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from isenim.core.access import Role
from isenim.core.audit import AuditEvent
from isenim.core.disclosure import FILE_K
from isenim.insights.pivot import PivotSpec, run_pivot
from isenim.insights.tests.test_analysis_fakes import (  # noqa: F401
    KARAKALPAK_LETTERS,
    NAME,
    fake_source,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_source")]

SPEC = PivotSpec(rows="cause", cols="district", source=NAME, period="all", filters={"sex": ("f", "m")})


def export(client, fmt: str, spec: PivotSpec = SPEC):
    with translation.override("en"):
        url = reverse(f"insights:analysis_{fmt}")
    return client.get(f"{url}?{spec.to_query()}")


def sheet_grid(sheet, heading: str):
    """The rows of the table whose header row starts with ``heading``, up to and with its Total row."""
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r and r[0] == heading)
    header = rows[start]
    body = []
    for r in rows[start + 1 :]:
        body.append(r)
        if r[0] == "Total":
            break
    return header, body


def test_xlsx_holds_the_engines_numbers_at_k_11(client, staff):
    officer = staff[Role.ME_OFFICER]
    client.force_login(officer)
    response = export(client, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    with translation.override("en"):
        engine = run_pivot(SPEC, user=officer, k=FILE_K)
    header, body = sheet_grid(sheet, "Main cause")
    assert header[1:4] == ["Мойнақ", "Нөкис", "Қоңырат"] and header[4] == "Total"
    table = engine.table
    for row_key, line in zip(table.row_keys, body, strict=False):
        assert line[0] == engine.row_labels[row_key]
        for col_key, value in zip(table.col_keys, line[1:4], strict=True):
            published = table.cell(row_key, col_key)
            if published.value is None:
                assert value in ("fewer than 11", "hidden")
            else:
                assert value == published.value
        assert line[4] == (
            table.row_total(row_key).value if table.row_total(row_key).value is not None else line[4]
        )
    total_line = body[-1]
    assert total_line[0] == "Total"
    assert total_line[4] == table.total.value == 111
    # Нөкис's legal count 17 is shown; on screen at k=5 the 9 of ("legal", "nukus", "f") would be shown as
    # well, in the file Қоңырат's small counts are "fewer than 11"
    assert "fewer than 11" in [v for line in body for v in line]
    texts = [str(c) for r in sheet.iter_rows(values_only=True) for c in r if c is not None]
    assert "Fake appeals" in texts
    assert "Smallest count shown (k)" in texts and "11" in texts
    assert "Filter: Sex" in texts and "Ҳаял, Еркек" in texts
    assert "All time" in texts
    assert any(t.startswith("Numbers from 1 to 10 are not shown") for t in texts)
    assert workbook.worksheets[1]._images  # the chart as a picture
    event = AuditEvent.objects.get(action="analysis.export")
    assert event.actor == officer
    assert event.after["format"] == "xlsx" and event.after["k"] == FILE_K
    assert event.after["spec"] == SPEC.as_dict()


def test_pdf_holds_the_numbers_the_note_the_chart_and_every_karakalpak_letter(client, staff):
    client.force_login(staff[Role.DIRECTOR])
    response = export(client, "pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for letter in KARAKALPAK_LETTERS:
        assert letter in text
    assert "fewer than 11" in text
    assert "111" in text  # the grand total
    assert "Numbers from 1 to 10 are not shown" in " ".join(text.split())
    assert any(page.images for page in reader.pages)  # the chart
    assert AuditEvent.objects.filter(action="analysis.export", after__format="pdf").count() == 1


def test_files_never_show_what_k_11_hides(client, staff):
    """A count from 5 to 10 is on screen (k=5) but not in the file."""
    spec = PivotSpec(rows="sex", cols="district", source=NAME, period="all")
    client.force_login(staff[Role.ME_OFFICER])
    with translation.override("en"):
        screen = client.get(reverse("insights:analysis") + "?" + spec.to_query()).context["grid"]
    assert any(5 <= (c.count.value or 0) < 11 for r in screen.rows for c in r.cells)
    workbook = load_workbook(io.BytesIO(export(client, "xlsx", spec).content))
    _header, body = sheet_grid(workbook.worksheets[0], "Sex")
    numbers = [v for line in body for v in line[1:] if isinstance(v, int)]
    assert numbers and all(v == 0 or v >= FILE_K for v in numbers)


def test_a_bad_export_address_shows_the_page_and_records_nothing(client, staff):
    client.force_login(staff[Role.ME_OFFICER])
    with translation.override("en"):
        url = reverse("insights:analysis_xlsx")
    response = client.get(f"{url}?source={NAME}&rows=nonsense")
    assert response.status_code == 200 and "Unknown dimension: nonsense" in response.content.decode()
    assert "Choose the dimension of the rows." in client.get(url).content.decode()
    assert not AuditEvent.objects.filter(action="analysis.export").exists()
    client.force_login(staff[Role.ADMINISTRATOR])
    assert export(client, "xlsx").status_code == 404
