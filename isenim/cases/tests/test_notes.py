"""Notes by discipline: who writes which kind, who reads it, and that nothing else leaks (through HTTP)."""

import re

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils.translation import override

from conftest import make_staff
from isenim.cases.models import Note
from isenim.cases.selectors.notes import hidden_note_counts, readable_notes, writable_disciplines
from isenim.cases.services import CaseRuleError
from isenim.cases.services.notes import note_add
from isenim.cases.tests.samples import sample_case
from isenim.core import access
from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent

PSY_TEXT = "Panic attacks at night since the return from Kazan"
LEGAL_TEXT = "Employer in Kazan kept the passport; claim under article 135"
SHARED_TEXT = "Visited the family at home; the mother is supportive"


def en(name, **kwargs):
    with override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def case(staff):
    return sample_case(staff)


@pytest.fixture
def notes(case, staff):
    """One note of each kind, written by the team member of that discipline."""
    return {
        "psychological": note_add(
            actor=staff[Role.PSYCHOLOGIST], case=case, discipline="psychological", body=PSY_TEXT
        ),
        "legal": note_add(actor=staff[Role.LAWYER], case=case, discipline="legal", body=LEGAL_TEXT),
        "shared": note_add(actor=staff[Role.CASE_MANAGER], case=case, discipline="shared", body=SHARED_TEXT),
    }


def case_page(user, client_as, case) -> str:
    return client_as(user).get(en("cases:case_detail", number=case.number)).content.decode()


def section_html(response, key: str) -> str:
    return next(part["html"] for part in response.context["sections"] if part["key"] == key)


@pytest.mark.parametrize(("role", "own"), [(Role.PSYCHOLOGIST, "psychological"), (Role.LAWYER, "legal")])
def test_a_discipline_note_form_starts_on_the_writers_own_discipline(client_as, staff, case, role, own):
    page = client_as(staff[role]).get(en("cases:note_add", number=case.number)).content.decode()
    selected = re.findall(r'<option value="(\w+)"[^>]*selected', page)
    assert selected == [own]  # never "shared" by default: a confidential note stays confidential


def test_a_psychologist_on_the_team_writes_a_sealed_note(client_as, staff, case):
    client = client_as(staff[Role.PSYCHOLOGIST])
    response = client.post(
        en("cases:note_add", number=case.number), {"discipline": "psychological", "body": PSY_TEXT}
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.discipline, note.author, note.body) == ("psychological", staff[Role.PSYCHOLOGIST], PSY_TEXT)
    # The database row holds no plaintext.
    assert not any("Panic" in sealed for sealed in Note.objects.values_list("sealed_body", flat=True))
    event = AuditEvent.objects.get(action="note.add")
    assert event.target_id == str(note.pk)
    assert event.after == {"case": case.number, "body": "sealed"}  # neither the text nor the kind
    assert "Panic" not in str(event.before) + str(event.after)


def test_a_lawyer_on_the_team_sees_only_a_count_of_psychological_notes(client_as, staff, case, notes):
    psy = notes["psychological"]
    client = client_as(staff[Role.LAWYER])
    page = client.get(en("cases:case_detail", number=case.number))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Psychologist&#x27;s notes: 1 (only the case&#x27;s psychologists read them)" in html
    assert PSY_TEXT not in html
    assert LEGAL_TEXT in html and SHARED_TEXT in html
    # No date, author, id or link of the psychological note anywhere on the page.
    assert psy.created_at.isoformat() not in html
    assert en("cases:note_detail", number=case.number, pk=psy.pk) not in html
    notes_html = section_html(page, "notes")
    assert staff[Role.PSYCHOLOGIST].display_name() not in notes_html
    assert notes_html.count("<time") == 2  # the legal and the shared note, nothing more
    # Nor through the notes' own pages.
    listing = client.get(en("cases:note_list", number=case.number)).content.decode()
    assert PSY_TEXT not in listing and "Psychologist&#x27;s notes: 1" in listing
    assert staff[Role.PSYCHOLOGIST].display_name() not in listing
    assert client.get(en("cases:note_detail", number=case.number, pk=psy.pk)).status_code == 404
    assert client.get(en("cases:note_detail", number=case.number, pk=notes["legal"].pk)).status_code == 200


def test_a_lawyer_cannot_write_a_psychological_note(client_as, staff, case):
    client = client_as(staff[Role.LAWYER])
    form = client.get(en("cases:note_add", number=case.number)).content.decode()
    assert 'value="legal"' in form and 'value="shared"' in form
    assert 'value="psychological"' not in form
    response = client.post(
        en("cases:note_add", number=case.number), {"discipline": "psychological", "body": "Anything"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Note.objects.exists()
    with pytest.raises(CaseRuleError):
        note_add(actor=staff[Role.LAWYER], case=case, discipline="psychological", body="Anything")
    assert not AuditEvent.objects.filter(action="note.add").exists()


def test_the_psychologist_sees_a_count_of_legal_notes_only(client_as, staff, case, notes):
    html = (
        client_as(staff[Role.PSYCHOLOGIST]).get(en("cases:case_detail", number=case.number)).content.decode()
    )
    assert PSY_TEXT in html and SHARED_TEXT in html
    assert LEGAL_TEXT not in html
    assert "Lawyer&#x27;s notes: 1 (only the case&#x27;s lawyers read them)" in html


def test_a_psychologist_not_on_the_team_gets_404(client_as, case, notes):
    outsider = make_staff(Role.PSYCHOLOGIST, "other_psychologist")
    client = client_as(outsider)
    for url in [
        en("cases:case_detail", number=case.number),
        en("cases:note_list", number=case.number),
        en("cases:note_add", number=case.number),
        en("cases:note_detail", number=case.number, pk=notes["psychological"].pk),
        en("cases:note_detail", number=case.number, pk=notes["shared"].pk),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(en("cases:note_add", number=case.number), {"discipline": "shared", "body": "x"})
    assert response.status_code == 404
    assert Note.objects.count() == 3
    with pytest.raises(Http404):
        readable_notes(outsider, case)
    with pytest.raises(Http404):
        hidden_note_counts(outsider, case)


def test_another_teams_lawyer_gets_404(client_as, case, notes):
    client = client_as(make_staff(Role.LAWYER, "other_lawyer"))
    assert client.get(en("cases:note_list", number=case.number)).status_code == 404
    assert client.get(en("cases:note_detail", number=case.number, pk=notes["legal"].pk)).status_code == 404


def test_the_director_sees_counts_only_by_default(client_as, staff, case, notes):
    director = staff[Role.DIRECTOR]
    client = client_as(director)
    html = client.get(en("cases:case_detail", number=case.number)).content.decode()
    assert PSY_TEXT not in html and LEGAL_TEXT not in html
    assert SHARED_TEXT in html
    assert "Psychologist&#x27;s notes: 1" in html and "Lawyer&#x27;s notes: 1" in html
    for kind in ("psychological", "legal"):
        url = en("cases:note_detail", number=case.number, pk=notes[kind].pk)
        assert client.get(url).status_code == 404
    assert writable_disciplines(director, case) == ["shared"]


def test_the_director_reads_psychological_notes_when_the_policy_says_so(
    client_as, staff, case, notes, monkeypatch
):
    monkeypatch.setattr(access, "DIRECTOR_READS_NOTES_OF", frozenset({"psychological"}))
    client = client_as(staff[Role.DIRECTOR])
    html = client.get(en("cases:case_detail", number=case.number)).content.decode()
    assert PSY_TEXT in html
    assert LEGAL_TEXT not in html and "Lawyer&#x27;s notes: 1" in html
    assert "Psychologist&#x27;s notes:" not in html
    url = en("cases:note_detail", number=case.number, pk=notes["psychological"].pk)
    assert client.get(url).status_code == 200
    # Reading is not writing: a psychologist's note is written by the case's psychologists only.
    assert writable_disciplines(staff[Role.DIRECTOR], case) == ["shared"]


def test_the_case_manager_reads_shared_notes_and_counts(client_as, staff, case, notes):
    html = (
        client_as(staff[Role.CASE_MANAGER]).get(en("cases:case_detail", number=case.number)).content.decode()
    )
    assert SHARED_TEXT in html and PSY_TEXT not in html and LEGAL_TEXT not in html
    assert "Psychologist&#x27;s notes: 1" in html and "Lawyer&#x27;s notes: 1" in html


def test_the_selector_is_the_only_reading_path(staff, case, notes):
    lawyer = staff[Role.LAWYER]
    assert {note.discipline for note in readable_notes(lawyer, case)} == {"shared", "legal"}
    assert hidden_note_counts(lawyer, case) == [("psychological", 1)]
    assert {note.discipline for note in readable_notes(staff[Role.PSYCHOLOGIST], case)} == {
        "shared",
        "psychological",
    }
    # A lawyer taken off the team no longer reads the legal notes (nor the case).
    from isenim.cases.services.cases import team_remove

    team_remove(actor=staff[Role.DIRECTOR], case=case, user=lawyer)
    with pytest.raises(Http404):
        readable_notes(lawyer, case)


def test_a_view_of_notes_is_an_access_event_without_the_text(client_as, staff, case, notes):
    client_as(staff[Role.LAWYER]).get(en("cases:note_list", number=case.number))
    event = AccessEvent.objects.get(target_type="cases.case", detail__startswith="notes of")
    assert event.actor == staff[Role.LAWYER]
    shown = set(event.detail.split(": ")[1].split(","))
    assert shown == {str(notes["legal"].pk), str(notes["shared"].pk)}
    for text in (PSY_TEXT, LEGAL_TEXT, SHARED_TEXT):
        assert not AccessEvent.objects.filter(detail__contains=text[:10]).exists()
    client_as(staff[Role.LAWYER]).get(en("cases:note_detail", number=case.number, pk=notes["legal"].pk))
    assert AccessEvent.objects.filter(target_type="cases.note", target_id=str(notes["legal"].pk)).exists()


def test_an_empty_note_is_refused_and_the_choice_kept(client_as, staff, case):
    client = client_as(staff[Role.PSYCHOLOGIST])
    response = client.post(
        en("cases:note_add", number=case.number), {"discipline": "psychological", "body": " "}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert re.search(r'<option value="psychological"[^>]*selected', html)
    assert not Note.objects.exists()


def test_the_section_form_offers_only_writable_kinds(client_as, staff, case):
    html = section_html(
        client_as(staff[Role.CASE_MANAGER]).get(en("cases:case_detail", number=case.number)), "notes"
    )
    assert 'value="shared"' in html
    assert 'value="psychological"' not in html and 'value="legal"' not in html
