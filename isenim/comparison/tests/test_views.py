"""The comparison pages: who sees them, the import form (keeps what was typed when the file is refused),
a dataset's page with its rejection report and analysis links, deletion."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from isenim.comparison.models import ComparisonDataset
from isenim.comparison.services import import_dataset
from isenim.comparison.tests.helpers import ctdc_rows, write_csv
from isenim.core.access import Role


@pytest.fixture(autouse=True)
def _in_english():
    """The messages asserted here are the English ones; services answer in the active language."""
    from django.utils import translation

    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def _url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def _dataset(tmp_path, name="ctdc", bad=0):
    data = ctdc_rows(60)
    for row in data[:bad]:
        row["gender"] = "F"
    return import_dataset(actor=None, path=write_csv(tmp_path / f"{name}.csv", data), name=name).dataset


@pytest.mark.parametrize(
    "role,status",
    [
        (Role.DIRECTOR, 200),
        (Role.ME_OFFICER, 200),
        (Role.ADMINISTRATOR, 404),
        (Role.CASE_MANAGER, 404),
        (Role.PREVENTION_OFFICER, 404),
    ],
)
def test_who_sees_the_pages(tmp_path, staff, client_as, role, status):
    _dataset(tmp_path)
    client = client_as(staff[role])
    assert client.get(_url("comparison:dataset_list")).status_code == status
    assert client.get(_url("comparison:dataset_detail", "ctdc")).status_code == status


def test_the_list_and_a_datasets_page(tmp_path, staff, client_as):
    _dataset(tmp_path, bad=2)
    client = client_as(staff[Role.ME_OFFICER])
    page = client.get(_url("comparison:dataset_list")).content.decode()
    assert "ctdc" in page and 'data-testid="comparison-import"' in page
    detail = client.get(_url("comparison:dataset_detail", "ctdc")).content.decode()
    assert "gender is “F”" in detail and 'data-testid="rejections"' in detail
    assert "source=comparison%3Actdc&amp;rows=citizenship&amp;cols=CountryOfExploitation" in detail
    assert client.get(_url("comparison:dataset_detail", "nothing")).status_code == 404


def test_importing_through_the_page(tmp_path, staff, client_as):
    client = client_as(staff[Role.ME_OFFICER])
    path = write_csv(tmp_path / "ctdc.csv", ctdc_rows(40))
    upload = SimpleUploadedFile("ctdc-2021.csv", path.read_bytes(), content_type="text/csv")
    response = client.post(
        _url("comparison:dataset_import"),
        {"file": upload, "name": "ctdc-2021", "title": "CTDC 2021", "source": "ctdc.org"},
    )
    assert response.status_code == 302
    dataset = ComparisonDataset.objects.get(name="ctdc-2021")
    assert (dataset.rows_imported, dataset.imported_by, dataset.file_name) == (
        40,
        staff[Role.ME_OFFICER],
        "ctdc-2021.csv",
    )


def test_a_refused_file_keeps_what_was_typed(tmp_path, staff, client_as):
    client = client_as(staff[Role.ME_OFFICER])
    upload = SimpleUploadedFile("people.csv", b"name,phone\nA,1\n", content_type="text/csv")
    response = client.post(
        _url("comparison:dataset_import"),
        {"file": upload, "name": "mine", "title": "A title typed", "source": "somewhere"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "none of CTDC&#x27;s key columns" in page or "none of CTDC's key columns" in page
    assert 'value="A title typed"' in page and 'value="mine"' in page
    assert not ComparisonDataset.objects.exists()


def test_only_managers_import_and_delete(tmp_path, staff, client_as):
    _dataset(tmp_path)
    client = client_as(staff[Role.ADMINISTRATOR])
    assert client.post(_url("comparison:dataset_delete", "ctdc")).status_code == 404
    assert client.get(_url("comparison:dataset_delete", "ctdc")).status_code == 404
    client = client_as(staff[Role.DIRECTOR])
    page = client.get(_url("comparison:dataset_delete", "ctdc"))  # what will be deleted, and the box
    assert page.status_code == 200
    assert "comparison:ctdc" in page.text and 'name="confirm"' in page.text
    assert ComparisonDataset.objects.filter(name="ctdc").exists()
    unconfirmed = client.post(_url("comparison:dataset_delete", "ctdc"))
    assert unconfirmed.status_code == 200 and "Nothing was deleted" in unconfirmed.text
    assert ComparisonDataset.objects.get(name="ctdc").records.count() == 60
    confirmed = client.post(_url("comparison:dataset_delete", "ctdc"), {"confirm": "on"})
    assert confirmed.status_code == 302
    assert not ComparisonDataset.objects.exists()
