"""Official figures: the form (bad input keeps what was typed, nothing saved), the service's audit, the
import (good rows in, every bad row reported with its reason; a file that is not a table refused as a
whole), and who may read or change them."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.core.audit import AuditEvent
from isenim.geo.models import AdminUnit
from isenim.insights.models import OfficialFigure
from isenim.insights.services.figures import (
    FigureData,
    FigureError,
    figure_delete,
    figure_save,
    figures_import,
)


@pytest.fixture(autouse=True)
def _in_english():
    """The messages asserted here are the English ones; services answer in the active language."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def regions(db):
    kk = AdminUnit.objects.create(
        code="1735",
        level="region",
        iso_3166_2="UZ-QR",
        name_kaa="Қарақалпақстан Республикасы",
        name_en="Republic of Karakalpakstan",
        name_ru="Республика Каракалпакстан",
    )
    khorezm = AdminUnit.objects.create(
        code="1733", level="region", iso_3166_2="UZ-XO", name_kaa="Хорезм ўәлаяты", name_en="Khorezm Region"
    )
    district = AdminUnit.objects.create(code="1735222", level="district", name_kaa="Мойнақ", parent=kk)
    return kk, khorezm, district


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def test_save_change_and_delete_are_audited(staff, regions):
    kk, _khorezm, _ = regions
    me = staff[Role.ME_OFFICER]
    data = FigureData(
        region=kk, year=2022, measure="victims_identified", value=93, source="US TIP report 2023"
    )
    figure = figure_save(actor=me, data=data)
    assert AuditEvent.objects.filter(action="official_figure.add", target_id=str(figure.pk)).exists()
    with pytest.raises(FigureError):
        figure_save(actor=me, data=data)  # the same region, year and figure twice
    data.value = 95
    figure_save(actor=me, figure=figure, data=data)
    change = AuditEvent.objects.get(action="official_figure.update")
    assert change.before == {"value": 93} and change.after == {"value": 95}
    figure_delete(actor=me, figure=figure)
    assert not OfficialFigure.objects.exists()
    assert AuditEvent.objects.get(action="official_figure.delete").before["value"] == 95


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"source": "  "}, "This field is required"),
        ({"year": "2999"}, "Ensure this value is less than or equal to"),
        ({"value": "-3"}, "Ensure this value is greater than or equal to 0"),
        ({"value": "many"}, "Enter a whole number"),
        ({"source_url": "not an address"}, "Enter a valid URL"),
        ({"measure": "happiness"}, "Select a valid choice"),
    ],
)
def test_the_form_refuses_bad_input_and_keeps_what_was_typed(client, staff, regions, changes, message):
    kk, _, _ = regions
    client.force_login(staff[Role.ME_OFFICER])
    post = {
        "region": kk.pk,
        "year": "2022",
        "measure": "victims_identified",
        "value": "93",
        "source": "US TIP report 2023",
        "source_url": "",
        "note": "kept note",
        **changes,
    }
    response = client.post(en("insights:figure_create"), post)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "kept note" in html
    assert not OfficialFigure.objects.exists()


def test_the_form_saves_and_refuses_a_duplicate(client, staff, regions):
    kk, _, _ = regions
    client.force_login(staff[Role.DIRECTOR])
    post = {"region": kk.pk, "year": "2022", "measure": "crimes_recorded", "value": "74", "source": "MVD"}
    assert client.post(en("insights:figure_create"), post).status_code == 302
    response = client.post(en("insights:figure_create"), post)
    assert response.status_code == 200
    assert "already entered" in response.content.decode()
    assert OfficialFigure.objects.count() == 1


CSV = (
    "region,year,measure,value,source,source_url\n"
    "1735,2021,victims_identified,40,Ministry report,https://example.org/a\n"  # 2: good, by code
    "Khorezm Region,2021,Victims of trafficking identified,12,Ministry report,\n"  # 3: good, by name, label
    "Atlantis,2021,victims_identified,3,Ministry report,\n"  # 4: no such region
    "UZ-QR,20x1,victims_identified,3,Ministry report,\n"  # 5: not a year
    "UZ-QR,2022,victims_identified,=1+1,Ministry report,\n"  # 6: a formula
    "UZ-QR,2022,victims_identified,5,,\n"  # 7: no source
    "республика каракалпакстан,2021,victims_identified,41,Ministry report,\n"  # 8: same as row 2
    "1735,2022,happiness,5,Ministry report,\n"  # 9: unknown figure
    "1735,2022,victims_identified,-5,Ministry report,\n"  # 10: negative
    "1735,2022,victims_identified,7,Ministry report,ftp://x\n"  # 11: bad address
    ",,,,,\n"  # blank: skipped
    "1735,2022,crimes_recorded,1 234,Ministry report,\n"  # 13: good
)


def test_the_import_takes_the_good_rows_and_reports_each_bad_one(staff, regions):
    report = figures_import(actor=staff[Role.ME_OFFICER], name="figures.csv", content=CSV.encode())
    assert report.added == 3
    assert [number for number, _ in report.rejected] == [4, 5, 6, 7, 8, 9, 10, 11]
    reasons = dict(report.rejected)
    assert "Atlantis" in reasons[4] and "formula" in reasons[6] and "row 2" in reasons[8]
    assert OfficialFigure.objects.get(measure="crimes_recorded").value == 1234
    event = AuditEvent.objects.get(action="official_figure.import")
    assert event.after["added"] == 3 and event.after["rejected"] == 8
    # The same file again: nothing new; a corrected value replaces the kept one, audited as a change.
    again = figures_import(
        actor=staff[Role.ME_OFFICER],
        name="figures.csv",
        content=CSV.replace("1735,2021,victims_identified,40", "1735,2021,victims_identified,44").encode(),
    )
    assert (again.added, again.updated, again.unchanged) == (0, 1, 2)
    assert AuditEvent.objects.filter(action="official_figure.update").count() == 1


def test_the_import_reads_xlsx_and_refuses_a_formula_cell(staff, regions):
    book = Workbook()
    sheet = book.active
    sheet.append(["Region", "Year", "Measure", "Value", "Source", "Note"])
    sheet.append(["UZ-XO", 2020, "returned", 150, "Agency for External Labour Migration", ""])
    sheet.append(["UZ-XO", 2021, "returned", "=A2", "Agency", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    report = figures_import(actor=staff[Role.DIRECTOR], name="f.xlsx", content=buffer.getvalue())
    assert report.added == 1 and [n for n, _ in report.rejected] == [3]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("f.csv", b"region,year,measure,value\n1735,2020,returned,1\n", "no column source"),
        ("f.csv", b"region,year,measure,value,source,colour\n", "does not know: colour"),
        ("f.pdf", b"%PDF-1.4", "CSV or an XLSX"),
        ("f.xlsx", b"not a zip at all", "cannot be read as an XLSX"),
        ("f.csv", "регион".encode("utf-16"), "not UTF-8"),
        ("f.csv", b"", "empty"),
        ("f.csv", b"region," + b"x" * 200_000 + b"\n", "not a CSV table"),
        ("f.csv", b"region,year\n" + b"1,2\n" * 6000, "more than 5000 rows"),
    ],
)
def test_a_file_that_is_not_a_table_of_figures_is_refused_as_a_whole(staff, regions, name, content, message):
    with pytest.raises(FigureError, match=message):
        figures_import(actor=staff[Role.DIRECTOR], name=name, content=content)
    assert not OfficialFigure.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="official_figure").exists()


def test_the_import_page_lists_the_rejected_rows(client, staff, regions):
    client.force_login(staff[Role.ME_OFFICER])
    upload = SimpleUploadedFile("figures.csv", CSV.encode(), content_type="text/csv")
    response = client.post(en("insights:figure_import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="rejected-rows"' in html and "Atlantis" in html
    assert "3 added" in html
    bad = SimpleUploadedFile("figures.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = client.post(en("insights:figure_import"), {"file": bad})
    assert "does not know" in response.content.decode()


def test_the_list_shows_the_figures_beside_the_centres_series(client, staff, regions):
    kk, khorezm, moynaq = regions
    year = timezone.localdate().year - 1
    for region, value in ((kk, 40), (khorezm, 12)):
        OfficialFigure.objects.create(
            region=region,
            year=year,
            measure="victims_identified",
            value=value,
            source="S",
            entered_by=staff[Role.DIRECTOR],
        )
    Appeal.objects.bulk_create(
        Appeal(
            code=f"F-{n}",
            received_on=date(year, 3, 1),
            channel="phone",
            category="other",
            anonymous=True,
            home_district=moynaq,
            presumed_victim=n < 7,
        )
        for n in range(9)
    )
    client.force_login(staff[Role.ME_OFFICER])
    response = client.get(en("insights:figure_list") + "?measure=victims_identified")
    assert response.status_code == 200
    centre = response.context["centre"]
    assert centre.row_total(year).value == 7
    assert centre.row_total(year - 1).value == 0
    html = response.content.decode()
    assert 'data-testid="centre-series"' in html and "Khorezm Region" in html
    assert "Enter a figure" in html


@pytest.mark.parametrize(
    "role, reads, manages",
    [
        (Role.DIRECTOR, 200, 200),
        (Role.ME_OFFICER, 200, 200),
        (Role.PREVENTION_OFFICER, 404, 404),
        (Role.CASE_MANAGER, 404, 404),
        (Role.ADMINISTRATOR, 404, 404),
    ],
)
def test_who_reads_and_who_changes(client, staff, regions, role, reads, manages):
    kk, _, _ = regions
    figure = OfficialFigure.objects.create(
        region=kk, year=2020, measure="returned", value=5, source="S", entered_by=staff[Role.DIRECTOR]
    )
    client.force_login(staff[role])
    assert client.get(en("insights:figure_list")).status_code == reads
    assert client.get(en("insights:figure_create")).status_code == manages
    assert client.get(en("insights:figure_edit", figure.pk)).status_code == manages
    assert client.get(en("insights:figure_import")).status_code == manages
    assert client.get(en("insights:figure_delete", figure.pk)).status_code == manages
    response = client.post(en("insights:figure_delete", figure.pk))  # the box not ticked
    assert response.status_code == manages
    assert OfficialFigure.objects.filter(pk=figure.pk).exists()
    if manages == 200:
        assert "Nothing was deleted" in response.content.decode()
    response = client.post(en("insights:figure_delete", figure.pk), {"confirm": "on"})
    assert response.status_code == (302 if manages == 200 else 404)
    assert OfficialFigure.objects.filter(pk=figure.pk).exists() == (manages != 200)
