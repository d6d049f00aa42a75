"""Pre-departure consultations: recorded with their service delivery in one transaction; the memo PDF in
the person's language with the published and verified rules, verified missions only, the centre's contacts
and a QR code to the public guide page."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import resolve
from django.utils import translation
from pypdf import PdfReader

from conftest import make_staff
from isenim.cases.models import ServiceDelivery
from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent, CentreContacts
from isenim.core.translit import uz_to_latin
from isenim.guide.memo import guide_url
from isenim.guide.models import Consultation
from isenim.guide.services.consultations import ConsultationData, consultation_record
from isenim.returns.tests.helpers import (
    GUIDE_BODY,
    UNVERIFIED_ADDRESS,
    VERIFIED_ADDRESS,
    case_of,
    guide_for,
    kazakhstan,
    url,
)

JOB = "Construction site in Astana, 600 USD a month"
OFFERED_BY = "Agency Sapar Tour, +998 90 000 00 00"
KAA_LETTERS = "Ә ә Ғ ғ Қ қ Ң ң Ө ө Ү ү Ў ў Ҳ ҳ"


def _form(country, user, **extra):
    return {
        "destination": country.pk,
        "consulted_on": "2026-01-15",
        "consulted_by": user.pk,
        "duration_minutes": "45",
        "offer_source": "agency",
        "job_offered": JOB,
        "offered_by": OFFERED_BY,
        "contract_seen": "on",
        "registration_explained": "on",
        "topics": ["registration", "deceptions"],
        **extra,
    }


def test_it_records_a_consultation_and_its_service_delivery(client_as, staff):
    case = case_of(staff)
    country = kazakhstan()
    guide_for(country)
    manager = staff[Role.CASE_MANAGER]
    response = client_as(manager).post(
        url("guide:consultation_add", number=case.number), _form(country, manager)
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.destination == country and consultation.topics == ["registration", "deceptions"]
    assert (
        consultation.contract_seen and consultation.registration_explained and not consultation.contacts_saved
    )
    assert consultation.job_offered == JOB and JOB not in consultation.sealed_job_offered
    assert consultation.offered_by == OFFERED_BY and OFFERED_BY not in consultation.sealed_offered_by
    service = ServiceDelivery.objects.get()
    assert consultation.service == service and service.service_type.code == "pre-departure-consultation"
    assert service.provider_user == manager and service.duration_minutes == 45
    event = AuditEvent.objects.get(action="consultation.record")
    assert event.after["job_offered"] == "sealed" and JOB not in str(event.after)
    assert AuditEvent.objects.filter(action="service.record").count() == 1
    page = client_as(manager).get(url("cases:case_detail", number=case.number)).content.decode()
    assert "Pre-departure consultation" in page and "Registration deadlines" in page and JOB in page


def test_a_bad_consultation_saves_nothing_and_keeps_what_was_typed(client_as, staff):
    case = case_of(staff)
    country = kazakhstan()
    guide_for(country)
    manager = staff[Role.CASE_MANAGER]
    client = client_as(manager)
    response = client.post(
        url("guide:consultation_add", number=case.number), _form(country, manager, topics=["nonsense"])
    )
    assert response.status_code == 200 and JOB in response.content.decode()
    response = client.post(
        url("guide:consultation_add", number=case.number),
        _form(country, manager, consulted_on="2999-01-01"),
    )
    assert "The date cannot be in the future." in response.content.decode()
    assert not Consultation.objects.exists() and not ServiceDelivery.objects.exists()


def _memo(client, case, consultation, lang):
    return client.get(
        url("guide:consultation_memo", number=case.number, pk=consultation.pk) + f"?lang={lang}"
    )


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _images(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def consulted(staff):
    case = case_of(staff)
    country = kazakhstan()
    guide = guide_for(country)
    CentreContacts.objects.create(
        phone="+998 61 222 00 00",
        hotline="1146",
        address_kaa="Нөкис қ., Ғарезсизлик 12",
        address_ru="г. Нукус, ул. Независимости 12",
    )
    manager = staff[Role.CASE_MANAGER]
    consultation = consultation_record(
        actor=manager,
        case=case,
        data=ConsultationData(
            destination=country,
            consulted_on=__import__("datetime").date(2026, 1, 15),
            consulted_by=manager,
            topics=["registration"],
        ),
    )
    return case, consultation, guide


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("kaa", ["Қазақстан", GUIDE_BODY["kaa"], "Нөкис"]),
        ("ru", ["Казахстан", GUIDE_BODY["ru"], "Нукус"]),
        ("en", ["Kazakhstan", GUIDE_BODY["en"], "Whom to call"]),
        ("kaa-latn", ["Qazaqstan", "Nókis"]),
        ("uz", ["Qozogʻiston"]),
        ("uz-cyrl", ["Қозоғистон"]),
    ],
)
def test_the_memo_is_in_the_persons_language(client_as, staff, consulted, lang, expected):
    case, consultation, _guide = consulted
    response = _memo(client_as(staff[Role.CASE_MANAGER]), case, consultation, lang)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = _text(response.content)
    for fragment in expected:
        assert " ".join(fragment.split()) in text, fragment
    # The person's name in the script read (ui_script: Karakalpak or Uzbek Latin rules).
    name = {"uz": uz_to_latin("Жумабаева"), "kaa-latn": "Jumabaeva", "en": "Jumabaeva"}.get(lang, "Жумабаева")
    assert name in text
    assert VERIFIED_ADDRESS in text and "1170" in text
    assert UNVERIFIED_ADDRESS not in text and "Almaty" not in text and "Алматы" not in text
    assert "DRAFT-SECRET-TEXT" not in text
    assert _images(response.content) == 1  # the QR code
    assert "Жумабаева" not in (PdfReader(io.BytesIO(response.content)).metadata.title or "")
    event = AccessEvent.objects.filter(kind="download", target_type="people.person").get()
    assert event.detail.startswith("consultation memo") and event.actor == staff[Role.CASE_MANAGER]


def test_every_karakalpak_letter_is_in_the_memo(client_as, staff, consulted):
    case, consultation, _guide = consulted
    text = _text(_memo(client_as(staff[Role.CASE_MANAGER]), case, consultation, "kaa").content)
    for letter in KAA_LETTERS.split():
        assert letter in text, letter


def test_the_qr_code_points_to_the_public_guide_page_in_that_language(settings):
    settings.ISENIM_SITE_URL = "https://isenim.example.uz/"
    assert guide_url("KZ", "ru") == "https://isenim.example.uz/ru/guide/kz/"
    assert guide_url("KZ", "kaa") == "https://isenim.example.uz/guide/kz/"
    with translation.override("ru"):  # i18n_patterns resolve the prefix of the active language
        assert resolve("/ru/guide/kz/").view_name == "public_guide:guide_country"


def test_the_memo_language_defaults_to_the_ui_language_and_ignores_nonsense(client_as, staff, consulted):
    case, consultation, _guide = consulted
    client = client_as(staff[Role.CASE_MANAGER])
    response = client.get(url("guide:consultation_memo", number=case.number, pk=consultation.pk) + "?lang=xx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-en.pdf"')
    assert "Whom to call" in _text(response.content)


def test_another_team_gets_404_on_the_memo(client_as, staff, consulted):
    case, consultation, _guide = consulted
    for user in (make_staff(Role.CASE_MANAGER, "outsider"), staff[Role.INTAKE_OPERATOR]):
        assert _memo(client_as(user), case, consultation, "en").status_code == 404
    assert not AccessEvent.objects.filter(kind="download").exists()


# poppler-utils' pdftoppm renders page 1 to an image; without it the test says so and skips.
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")
@pytest.mark.parametrize("lang", ["kaa", "ru"])
def test_page_one_renders_to_an_image(client_as, staff, consulted, screenshot_dir, tmp_path, lang):
    case, consultation, _guide = consulted
    content = _memo(client_as(staff[Role.CASE_MANAGER]), case, consultation, lang).content
    pdf = tmp_path / "memo.pdf"
    pdf.write_bytes(content)
    target = Path(screenshot_dir) / f"memo-{lang}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
        check=True,
    )
    image = target.with_suffix(".png")
    assert image.exists() and image.stat().st_size > 5000
