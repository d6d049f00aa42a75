"""The case summary PDF: in the reader's language, fonts that carry every Karakalpak letter, only the notes
the reader may read, recorded in the access log, never cached."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from conftest import make_staff
from isenim.appeals.services import AppealData, appeal_register
from isenim.cases.services.cases import CaseData, approval_decide, approval_request, case_open
from isenim.cases.tests.casefile_rows import (
    ACTION_TEXT,
    GOAL_TEXT,
    LEGAL_TEXT,
    PARTNER_NAME,
    PSY_TEXT,
    SERVICE_NAME,
    SHARED_TEXT,
    fill_case,
)
from isenim.core.access import CASE_TEAM_ROLES, Role
from isenim.core.models import AccessEvent
from isenim.core.pdf import PdfDocument
from isenim.people.services import PersonData

PERSON = "Қуўанышбаева Әсем"
EVERY_LETTER = "Ә ә Ғ ғ Қ қ Ң ң Ө ө Ү ү Ў ў Ҳ ҳ · á ǵ ı ń ó ú Á Ǵ Ń Ó Ú"


@pytest.fixture
def case(staff):
    """A case from an appeal of Қуўанышбаева Әсем, its team every caseworker, something in every part."""
    data = AppealData(received_on=timezone.localdate(), channel="walk_in", category="presumed_victim")
    person = PersonData(identity={"last_name": "Қуўанышбаева", "first_name": "Әсем"})
    appeal = appeal_register(actor=staff[Role.INTAKE_OPERATOR], data=data, new_person=person)
    team = [user for role, user in staff.items() if role in CASE_TEAM_ROLES]
    case_data = CaseData(priority="high", risk="high", manager=staff[Role.CASE_MANAGER])
    case = case_open(
        actor=staff[Role.DIRECTOR], person=appeal.person, appeal=appeal, data=case_data, team=team
    )
    fill_case(case, staff)
    return case


def _download(client, number, language="en"):
    with translation.override(language):
        return client.get(reverse("cases:case_pdf", kwargs={"number": number}))


def _text(response) -> str:
    """The PDF's text with every run of white space as one space (table cells wrap their lines)."""
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _fonts(content: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def test_it_downloads_the_summary_as_an_uncached_attachment(client_as, staff, case):
    response = _download(client_as(staff[Role.PSYCHOLOGIST]), case.number)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="case-{case.number}-summary.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF-")


def test_it_prints_the_case_with_every_part(client_as, staff, case):
    text = _text(_download(client_as(staff[Role.PSYCHOLOGIST]), case.number))
    for expected in (
        "Isenim",
        "Case summary",
        case.number,
        case.person.code,
        PERSON,
        case.appeal.code,
        "High risk",
        "Gulnara",
        "Bakhtiyar",
        "Safety",
        "2 · serious",
        GOAL_TEXT,
        ACTION_TEXT,
        SERVICE_NAME,
        "150,000 UZS",
        PARTNER_NAME,
        SHARED_TEXT,
        PSY_TEXT,
        "CONFIDENTIAL",
        "Page 1 of",
    ):
        assert expected in text, f"{expected!r} not in {text}"
    assert LEGAL_TEXT not in text  # the psychologist reads no lawyer's note


def test_it_prints_a_lawyer_no_psychological_note_at_all(client_as, staff, case):
    text = _text(_download(client_as(staff[Role.LAWYER]), case.number))
    assert LEGAL_TEXT in text and SHARED_TEXT in text
    assert PSY_TEXT not in text
    assert "Psychologist's note" not in text
    assert "Жағдайы жақсыланды" not in text  # a psychological service's outcome is the psychologists' too
    assert SERVICE_NAME in text  # while the service itself shows


def test_it_prints_the_director_only_the_shared_notes(client_as, staff, case):
    text = _text(_download(client_as(staff[Role.DIRECTOR]), case.number))
    assert SHARED_TEXT in text and PSY_TEXT not in text and LEGAL_TEXT not in text


def test_it_answers_404_to_a_caseworker_of_another_team(client_as, staff, case):
    outsider = make_staff(Role.LAWYER, "other_lawyer")
    assert _download(client_as(outsider), case.number).status_code == 404
    for role in (Role.INTAKE_OPERATOR, Role.ADMINISTRATOR, Role.PREVENTION_OFFICER):
        assert _download(client_as(staff[role]), case.number).status_code == 404
    assert not AccessEvent.objects.filter(kind="download").exists()


def test_it_records_the_download_of_the_case_and_its_person(client_as, staff, case):
    lawyer = staff[Role.LAWYER]
    _download(client_as(lawyer), case.number)
    events = AccessEvent.objects.filter(actor=lawyer)
    assert {(e.kind, e.target_type, e.target_id) for e in events} == {
        ("download", "cases.case", str(case.pk)),
        ("download", "people.person", str(case.person.pk)),
    }
    assert all(e.detail.startswith("case summary PDF") for e in events)
    assert not any(PERSON.split()[0] in e.detail for e in events)


def test_it_prints_in_the_readers_language_with_karakalpak_letters(client_as, staff, case):
    text = _text(_download(client_as(staff[Role.CASE_MANAGER]), case.number, language="kaa"))
    assert PERSON in text
    with translation.override("kaa"):
        for label in ("Status", "Appeal", "Partner"):  # labels the Karakalpak catalog already has
            translated = translation.gettext(label)
            assert translated != label and translated in text, label
    assert "Ҳалаты" in text and "Мүрәжат" in text


def test_it_embeds_dejavu_sans_and_not_a_core_font(client_as, staff, case):
    content = _download(client_as(staff[Role.CASE_MANAGER]), case.number).content
    fonts = _fonts(content)
    assert fonts and all("DejaVuSans" in name for name in fonts), fonts
    assert any(name.endswith("DejaVuSansBold") for name in fonts)


def test_every_karakalpak_letter_survives_the_round_trip():
    doc = PdfDocument(title="Қарақалпақ ҳәриплери", subtitle="Qaraqalpaq háripleri")
    doc.key_values([("Кирилл", EVERY_LETTER)])
    doc.section("Ǵárezsizlik")
    doc.paragraph(EVERY_LETTER)
    content = doc.output_bytes()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for letter in EVERY_LETTER.replace(" ", "").replace("·", ""):
        assert letter in text, letter
    assert all("DejaVuSans" in name for name in _fonts(content))


def test_it_prints_the_closure_of_a_closed_case(client_as, staff, case):
    approval = approval_request(
        actor=staff[Role.CASE_MANAGER],
        case=case,
        kind="closure",
        closure_reason="reintegrated",
        summary="Өз аўылына қайтты, жумысқа орналасты.",
    )
    approval_decide(actor=staff[Role.DIRECTOR], approval=approval, approve=True)
    text = _text(_download(client_as(staff[Role.CASE_MANAGER]), case.number))
    assert "Closed" in text and "Person reintegrated" in text
    assert "Өз аўылына қайтты, жумысқа орналасты." in text


def test_it_prints_a_text_too_long_for_a_table_row_in_full_after_the_table(client_as, staff, case):
    service = case.services.get()
    service.outcome = " ".join(f"сөз{i}" for i in range(3000))  # would make a row taller than a page
    # read by the psychologist: the outcome of a psychological service is theirs
    service.save()
    text = _text(_download(client_as(staff[Role.PSYCHOLOGIST]), case.number))
    assert "сөз0" in text and "сөз2999" in text and "[…]" in text
