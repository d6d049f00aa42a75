"""The tool kit chain through HTTP: profile, request, the director's decision, purchase with an invoice,
handover act PDF, handover with its follow-up tasks; steps out of order refused, nothing half-saved, other
teams get 404."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from conftest import make_staff
from isenim.cases.models import Task
from isenim.cases.selectors.my_work import my_work
from isenim.cases.services.cases import CaseData, case_open
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent
from isenim.core.vault_files import vault_dir
from isenim.people.services import PersonData, person_create
from isenim.reintegration.choices import AidState
from isenim.reintegration.models import AidRequest, Handover, Purchase, PurchaseItem, VocationalProfile
from isenim.reintegration.pdf import TEXTS
from isenim.reintegration.selectors import aid_requests_waiting
from isenim.reintegration.services import ReintegrationError
from isenim.reintegration.services.aid import add_months, handover_record, purchase_record
from isenim.reintegration.tests.helpers import (
    SAMPLE_PDF,
    approved,
    carpenter,
    funding,
    handed_over,
    purchased,
    requested,
)

PERSON_LAST, PERSON_FIRST = "Қуўанышбаев", "Ғайрат Әмиўлы"
EVERY_LETTER = "Ә ә Ғ ғ Қ қ Ң ң Ө ө Ү ү Ў ў Ҳ ҳ Ы ы"


@pytest.fixture(autouse=True)
def english():
    """Messages raised by services are read in English here (pages are requested under /en/)."""
    with translation.override("en"):
        yield


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")


@pytest.fixture
def case(staff):
    return sample_case(staff)


@pytest.fixture
def manager(staff):
    return staff[Role.CASE_MANAGER]


def request_post(trade, source, **overrides):
    data = {"funding_source": source.pk}
    for item in trade.kit_items.order_by("id"):
        data[f"qty_{item.pk}"] = item.quantity
        data[f"price_{item.pk}"] = item.estimated_price_uzs
    data.update(overrides)
    return data


def purchase_post(aid, *, invoice=SAMPLE_PDF, **overrides):
    data = {
        "supplier": "Nukus tools bazaar",
        "purchased_on": timezone.localdate().isoformat(),
        "funding_source": aid.funding_source_id,
        "invoice": SimpleUploadedFile("invoice.pdf", invoice, content_type="application/pdf"),
    }
    for item in aid.items.all():
        data[f"qty_{item.kit_item_id}"] = item.quantity
        data[f"price_{item.kit_item_id}"] = item.unit_price_uzs
    data.update(overrides)
    return data


# --- The vocational profile -----------------------------------------------------------------------------


def test_it_saves_the_profile_sealed_and_the_education_on_the_person(client_as, case, manager):
    trade = carpenter()
    response = client_as(manager).post(
        en("reintegration:profile_edit", number=case.number),
        {
            "education_level": "secondary_specialised",
            "education_speciality": "Joiner (Nukus college)",
            "skills": "Makes doors and window frames",
            "work_history": "Building sites in Kazakhstan, 2022–2025",
            "trade_wanted": "Carpentry at home in Moynaq",
            "trade": trade.pk,
            "trade_reason": "Has the skills; furniture repair is wanted in his village",
        },
    )
    assert response.status_code == 302
    case.person.refresh_from_db()
    assert case.person.education_level == "secondary_specialised"
    assert case.person.education_speciality == "Joiner (Nukus college)"
    profile = VocationalProfile.objects.get(case=case)
    assert profile.trade == trade and profile.skills == "Makes doors and window frames"
    assert "doors" not in profile.sealed_skills and "Kazakhstan" not in profile.sealed_work_history
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"person.update", "vocational_profile.update", "trade.choose"} <= actions
    event = AuditEvent.objects.get(action="vocational_profile.update")
    assert event.after["skills"] == "sealed"
    page = client_as(manager).get(en("cases:case_detail", number=case.number)).content.decode()
    assert "Makes doors and window frames" in page and "furniture repair" in page


def test_it_keeps_what_was_typed_when_the_reason_is_missing(client_as, case, manager):
    response = client_as(manager).post(
        en("reintegration:profile_edit", number=case.number),
        {"skills": "Sews clothes", "trade": carpenter().pk, "trade_reason": ""},
    )
    assert response.status_code == 200
    assert "Sews clothes" in response.content.decode()
    assert "Say why this trade was chosen." in response.content.decode()
    assert not VocationalProfile.objects.exists()


# --- Request, decision, purchase, handover ------------------------------------------------------------


def test_it_walks_the_whole_chain_through_the_pages(client_as, case, staff, manager, director):
    source = funding(director)
    trade = carpenter()
    client = client_as(manager)
    response = client.post(
        en("reintegration:request_create", number=case.number) + f"?trade={trade.pk}",
        request_post(trade, source),
    )
    aid = AidRequest.objects.get()
    assert response.status_code == 302 and aid.state == AidState.REQUESTED
    expected_total = sum(item.quantity * item.estimated_price_uzs for item in trade.kit_items.all())
    assert aid.total_uzs == expected_total and aid.requested_by == manager

    assert list(aid_requests_waiting(director)) == [aid]
    client = client_as(director)
    waiting = client.get(en("reintegration:waiting_list")).content.decode()
    assert case.number in waiting
    my_work = client.get(en("cases:my_work")).content.decode()
    assert (
        'data-testid="my-aid-requests"' in my_work
        and en("reintegration:request_decide", pk=aid.pk) in my_work
    )
    response = client.post(
        en("reintegration:request_decide", pk=aid.pk), {"decision": "approve", "comment": ""}
    )
    assert response.status_code == 302
    aid.refresh_from_db()
    assert aid.state == AidState.APPROVED and aid.decided_by == director
    assert AuditEvent.objects.filter(action="aid_request.decide", after__decision="approve").exists()

    client = client_as(manager)
    response = client.post(
        en("reintegration:purchase_create", number=case.number, pk=aid.pk), purchase_post(aid)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    purchase = Purchase.objects.get()
    assert purchase.total_uzs == expected_total and purchase.invoice_content_type == "application/pdf"
    assert SAMPLE_PDF not in (vault_dir() / purchase.invoice_vault_name).read_bytes()
    download = client.get(en("reintegration:invoice_download", number=case.number, pk=aid.pk))
    assert download.content == SAMPLE_PDF and download["Cache-Control"] == "no-store"
    assert AccessEvent.objects.filter(kind="download", target_type="reintegration.purchase").exists()

    act = client.get(en("reintegration:handover_act", number=case.number, pk=aid.pk) + "?language=ru")
    assert act["Content-Type"] == "application/pdf"
    assert AccessEvent.objects.filter(kind="download", target_type="reintegration.aidrequest").exists()

    response = client.post(
        en("reintegration:handover_create", number=case.number, pk=aid.pk),
        {"handed_over_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    aid.refresh_from_db()
    assert aid.state == AidState.HANDED_OVER
    assert PurchaseItem.objects.filter(handed_over=False).count() == 0
    assert AuditEvent.objects.filter(action="handover.record").exists()
    assert AuditEvent.objects.filter(action="purchase.record").exists()
    detail = client.get(en("reintegration:request_detail", number=case.number, pk=aid.pk)).content.decode()
    assert "Handed over on" in detail


def test_it_creates_follow_up_tasks_at_3_6_and_12_months_for_the_case_manager(case, staff, manager):
    aid = handed_over(case, staff)
    handover_day = aid.handover.handed_over_on
    tasks = Task.objects.filter(case=case, kind="follow_up").order_by("due_on")
    assert [task.due_on for task in tasks] == [add_months(handover_day, m) for m in (3, 6, 12)]
    assert {task.assignee for task in tasks} == {manager}
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_the_three_month_follow_up_appears_in_my_work(case, staff, manager):
    handover_day = timezone.localdate() - timedelta(days=90)
    aid = handed_over(case, staff, on=timezone.localdate())
    # Move the handover back three months, as if it were then: the first follow-up falls due this week.
    Handover.objects.filter(request=aid).update(handed_over_on=handover_day)
    first = aid.follow_up_tasks.get(months=3).task
    Task.objects.filter(pk=first.pk).update(due_on=add_months(handover_day, 3))
    work = my_work(manager)
    assert first.pk in [task.pk for task in work.follow_ups + work.overdue]


def test_steps_out_of_order_are_refused_with_clear_messages(client_as, case, staff, manager):
    aid = requested(case, staff)
    page = client_as(manager).get(en("reintegration:purchase_create", number=case.number, pk=aid.pk))
    assert (
        page.status_code == 200
        and "The director has not decided on this request yet." in page.content.decode()
    )
    response = client_as(manager).post(
        en("reintegration:purchase_create", number=case.number, pk=aid.pk), purchase_post(aid)
    )
    assert "The director has not decided" in response.content.decode()
    assert not Purchase.objects.exists()
    with pytest.raises(ReintegrationError, match="not decided"):
        handover_record(actor=manager, request=aid, handed_over_on=timezone.localdate())
    page = client_as(manager).get(en("reintegration:handover_create", number=case.number, pk=aid.pk))
    assert "The director has not decided on this request yet." in page.content.decode()
    # A decided request is not decided again.
    director = staff[Role.DIRECTOR]
    client_as(director).post(en("reintegration:request_decide", pk=aid.pk), {"decision": "approve"})
    assert client_as(director).get(en("reintegration:request_decide", pk=aid.pk)).status_code == 404
    aid.refresh_from_db()
    page = client_as(manager).get(en("reintegration:handover_create", number=case.number, pk=aid.pk))
    assert "nothing has been bought yet" in page.content.decode()


def test_a_rejection_needs_a_reason_and_ends_the_request(client_as, case, staff):
    aid = requested(case, staff)
    client = client_as(staff[Role.DIRECTOR])
    response = client.post(
        en("reintegration:request_decide", pk=aid.pk), {"decision": "reject", "comment": ""}
    )
    assert response.status_code == 200 and "Say why the request is rejected." in response.content.decode()
    aid.refresh_from_db()
    assert aid.state == AidState.REQUESTED
    client.post(
        en("reintegration:request_decide", pk=aid.pk),
        {"decision": "reject", "comment": "Ask the family first"},
    )
    aid.refresh_from_db()
    assert aid.state == AidState.REJECTED and "family" not in aid.sealed_comment
    page = client_as(staff[Role.CASE_MANAGER]).get(
        en("reintegration:purchase_create", number=case.number, pk=aid.pk)
    )
    assert "This request was rejected" in page.content.decode()


def test_a_bad_invoice_saves_nothing_and_keeps_what_was_typed(client_as, case, staff, manager):
    aid = approved(case, staff)
    response = client_as(manager).post(
        en("reintegration:purchase_create", number=case.number, pk=aid.pk),
        purchase_post(aid, invoice=b"MZ\x90\x00 not an invoice", supplier="Bazaar stall 7"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "not one of the accepted types" in body and "Bazaar stall 7" in body
    aid.refresh_from_db()
    assert aid.state == AidState.APPROVED and not Purchase.objects.exists()


def test_a_purchase_keeps_only_the_items_of_the_request(case, staff, manager):
    from isenim.reintegration.services.aid import ItemLine, PurchaseData

    aid = approved(case, staff)
    other = carpenter().kit_items.order_by("-id").first()
    with pytest.raises(ReintegrationError, match="Only the items of the approved request"):
        purchase_record(
            actor=manager,
            request=aid,
            data=PurchaseData(
                supplier="Shop",
                purchased_on=timezone.localdate(),
                funding_source=aid.funding_source,
                lines=[ItemLine(other, 1, 100)],
                invoice=SAMPLE_PDF,
            ),
        )
    assert not Purchase.objects.exists()


def test_a_closed_case_cannot_request_tools(client_as, case, staff, manager):
    case.status = "closed"
    case.save()
    page = client_as(manager).get(en("reintegration:request_create", number=case.number))
    assert "The case is closed" in page.content.decode()


# --- The handover act -----------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def karakalpak_case(staff):
    director = staff[Role.DIRECTOR]
    person = person_create(
        actor=director, data=PersonData(identity={"last_name": PERSON_LAST, "first_name": PERSON_FIRST})
    )
    team = [staff[Role.CASE_MANAGER], staff[Role.PSYCHOLOGIST]]
    data = CaseData(
        priority="normal", risk="medium", manager=staff[Role.CASE_MANAGER], opened_on=timezone.localdate()
    )
    return case_open(actor=director, person=person, data=data, team=team)


@pytest.mark.parametrize("language", ["kaa", "ru", "kaa-latn", "uz", "uz-cyrl", "en"])
def test_the_act_prints_in_the_persons_language_with_the_no_payment_statement(
    client_as, karakalpak_case, staff, language
):
    aid = purchased(karakalpak_case, staff)
    url = en("reintegration:handover_act", number=karakalpak_case.number, pk=aid.pk)
    response = client_as(staff[Role.CASE_MANAGER]).get(url, {"language": language})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    statement = " ".join(TEXTS[language]["statement"].split())
    assert statement in text
    assert karakalpak_case.person.code in text
    for item in aid.purchase.items.select_related("kit_item"):
        assert " ".join(item.kit_item.name(language.replace("-", "_")).split()) in text
    if language in ("kaa", "ru", "uz-cyrl"):
        assert f"{PERSON_LAST} {PERSON_FIRST}" in text


def test_the_kaa_act_carries_every_karakalpak_letter(client_as, karakalpak_case, staff):
    first = carpenter().kit_items.order_by("id").first()
    first.name_kaa = f"Қурал {EVERY_LETTER}"
    first.save()
    aid = purchased(karakalpak_case, staff)
    url = en("reintegration:handover_act", number=karakalpak_case.number, pk=aid.pk)
    text = _pdf_text(client_as(staff[Role.CASE_MANAGER]).get(url, {"language": "kaa"}).content)
    assert "ҳеш қандай төлем" in text and "бийпул" in text
    for letter in EVERY_LETTER.split():
        assert letter in text, letter
    assert f"{PERSON_LAST} {PERSON_FIRST}" in text
    ru = _pdf_text(client_as(staff[Role.CASE_MANAGER]).get(url, {"language": "ru"}).content)
    assert "Никакой платы" in ru and "безвозмездно" in ru
    events = AccessEvent.objects.filter(kind="download", target_type="people.person")
    assert events.count() == 2


def test_the_act_is_not_printed_before_the_purchase(client_as, case, staff):
    aid = approved(case, staff)
    url = en("reintegration:handover_act", number=case.number, pk=aid.pk)
    assert client_as(staff[Role.CASE_MANAGER]).get(url).status_code == 404


# --- Who sees what -----------------------------------------------------------------------------------


def test_another_teams_caseworker_gets_404_everywhere(client_as, case, staff):
    aid = purchased(case, staff)
    outsider = make_staff(Role.CASE_MANAGER, "outsider")
    client = client_as(outsider)
    number = case.number
    for name, kwargs in [
        ("reintegration:profile_edit", {"number": number}),
        ("reintegration:request_create", {"number": number}),
        ("reintegration:request_detail", {"number": number, "pk": aid.pk}),
        ("reintegration:purchase_create", {"number": number, "pk": aid.pk}),
        ("reintegration:handover_create", {"number": number, "pk": aid.pk}),
        ("reintegration:handover_act", {"number": number, "pk": aid.pk}),
        ("reintegration:invoice_download", {"number": number, "pk": aid.pk}),
        ("reintegration:follow_up_list", {"number": number}),
        ("reintegration:follow_up_create", {"number": number}),
    ]:
        assert client.get(en(name, **kwargs)).status_code == 404, name
    response = client.post(
        en("reintegration:handover_create", number=number, pk=aid.pk), {"handed_over_on": "2026-01-01"}
    )
    assert response.status_code == 404
    aid.refresh_from_db()
    assert aid.state == AidState.PURCHASED


def test_a_request_under_another_case_number_is_404(client_as, case, staff):
    aid = requested(case, staff)
    other = sample_case(staff)
    url = en("reintegration:request_detail", number=other.number, pk=aid.pk)
    assert client_as(staff[Role.CASE_MANAGER]).get(url).status_code == 404
