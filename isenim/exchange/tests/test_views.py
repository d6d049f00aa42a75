"""The releases page: the director and the M&E officer make a release and read its risk report; every
other role gets a 404."""

import csv
import hashlib
import io
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import translation

from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent
from isenim.exchange.models import Release
from isenim.exchange.tests.world import make_cases

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")


def urls():
    with translation.override("en"):
        return reverse("exchange:release_list")


def test_the_director_makes_a_release_downloads_it_and_reads_its_risk_report(
    client, staff, recently_authenticated
):
    make_cases(staff, [(2025, "F", 2000, "UZ", "RU", {"ind_debt_control": True}) for _ in range(14)])
    make_cases(staff, [(2025, "M", 1980, "UZ", "KZ", {}) for _ in range(3)])
    director = staff[Role.DIRECTOR]
    client.force_login(director)
    recently_authenticated(director)
    url = urls()
    page = client.get(url)
    assert page.status_code == 200 and b'data-testid="release-form"' in page.content

    made = client.post(url, {"recipient": "IOM CTDC", "purpose": "yearly", "k": "11", "file_type": "csv"})
    release = Release.objects.get()
    assert made.status_code == 302 and made["Location"].endswith(f"/{release.pk}/?made=1")
    detail = client.get(made["Location"])
    text = detail.content.decode()
    assert 'data-testid="risk-report"' in text and release.sha256 in text
    assert 'http-equiv="refresh"' in text  # the download starts by itself
    assert release.created_by == director and release.row_count == 14 and release.risk["records"] == 17

    download = client.get(reverse("exchange:release_download", args=[release.pk]))
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == release.sha256
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert Counter(row["gender"] for row in rows) == {"Female": 14}
    report = client.get(reverse("exchange:release_report", args=[release.pk]))
    assert report.json()["smallest_class"] == 14

    assert AuditEvent.objects.filter(action="release.make", actor=director).count() == 1
    assert AccessEvent.objects.filter(kind="export", actor=director).count() == 2  # made, downloaded
    listing = client.get(url).content.decode()
    assert "IOM CTDC" in listing and 'data-testid="releases"' in listing


def test_a_k_under_eleven_is_refused_with_what_was_typed_kept(client, staff, recently_authenticated):
    officer = staff[Role.ME_OFFICER]
    client.force_login(officer)
    recently_authenticated(officer)
    page = client.post(urls(), {"recipient": "Partner X", "purpose": "study", "k": "5", "file_type": "csv"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "at least 11" in text and 'value="Partner X"' in text
    assert not Release.objects.exists()


def test_every_other_role_gets_a_404(client, staff, recently_authenticated):
    release = Release.objects.create(recipient="IOM", k=11, sha256="0" * 64)
    pages = [
        urls(),
        reverse("exchange:release_detail", args=[release.pk]),
        reverse("exchange:release_download", args=[release.pk]),
        reverse("exchange:release_report", args=[release.pk]),
    ]
    for role, user in staff.items():
        if role in (Role.DIRECTOR, Role.ME_OFFICER):
            continue
        client.force_login(user)
        recently_authenticated(user)
        for page in pages:
            assert client.get(page).status_code == 404, (role, page)
        assert client.post(urls(), {"recipient": "x", "purpose": "y", "k": "11"}).status_code == 404
    assert Release.objects.count() == 1


def test_the_demo_seeder_makes_one_release_once(staff):
    from conftest import make_staff
    from isenim.exchange.demo import ensure_demo_release

    assert ensure_demo_release() == 0  # no demo director yet
    make_staff(Role.DIRECTOR, "director")
    make_cases(staff, [(2025, "F", 2000, "UZ", "RU", {}) for _ in range(12)])
    assert ensure_demo_release() == 1 and ensure_demo_release() == 0
    release = Release.objects.get()
    assert release.row_count == 12 and release.vault_name
