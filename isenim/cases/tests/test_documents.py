"""Case documents (type sniffed from the bytes, encrypted, downloads recorded) and the identity checklist."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override

from conftest import make_staff
from isenim.cases.forms import notes_documents as forms_notes_documents
from isenim.cases.models import CaseDocument, IdentityDocument
from isenim.cases.services import CaseRuleError, documents
from isenim.cases.services.documents import UNPACKS_TOO_LARGE, document_upload, file_refusal, sniff
from isenim.cases.tests.samples import sample_case
from isenim.cases.tests.samples_notes import SAMPLE_PDF
from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent
from isenim.core.vault_files import vault_dir

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TITLE = "Police statement of Aygul about the employer"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types><Override ContentType="application/vnd.'
    b'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCX = zipped(
    {
        "[Content_Types].xml": DOCX_TYPES,
        "_rels/.rels": b"<Relationships/>",
        "word/document.xml": b"<w:document/>",
    }
)
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
DOCM = zipped(
    {
        "[Content_Types].xml": b"<Types><Override ContentType="
        b'"application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
        "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"\x00" * 10,
    }
)
PLAIN_ZIP = zipped({"readme.txt": b"hello", "payload.js": b"alert(1)"})


def en(name, **kwargs):
    with override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    return tmp_path / "vault"


@pytest.fixture
def case(staff):
    return sample_case(staff)


def upload(client, case, content: bytes, name="scan.pdf", content_type="application/pdf", title=TITLE):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(en("cases:document_upload", number=case.number), {"title": title, "file": file})


def test_it_uploads_a_pdf_encrypted_with_a_sealed_title(client_as, staff, case, vault):
    response = upload(client_as(staff[Role.CASE_MANAGER]), case, SAMPLE_PDF)
    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert (document.title, document.content_type, document.extension, document.size) == (
        TITLE,
        "application/pdf",
        "pdf",
        len(SAMPLE_PDF),
    )
    assert document.uploaded_by == staff[Role.CASE_MANAGER]
    assert not any(
        "Aygul" in sealed for sealed in CaseDocument.objects.values_list("sealed_title", flat=True)
    )
    stored = (vault / document.vault_name).read_bytes()
    assert b"%PDF" not in stored and b"Catalog" not in stored
    event = AuditEvent.objects.get(action="document.upload")
    assert event.target_id == str(document.pk)
    assert event.after["title"] == "sealed" and "Aygul" not in str(event.after)


def test_the_section_lists_documents_and_records_the_view(client_as, staff, case, vault):
    document = document_upload(actor=staff[Role.LAWYER], case=case, title=TITLE, content=SAMPLE_PDF)
    html = (
        client_as(staff[Role.PSYCHOLOGIST]).get(en("cases:case_detail", number=case.number)).content.decode()
    )
    assert TITLE in html
    assert en("cases:document_download", number=case.number, pk=document.pk) in html
    event = AccessEvent.objects.get(target_type="cases.case", detail__startswith="documents of")
    assert event.actor == staff[Role.PSYCHOLOGIST] and "Aygul" not in event.detail


def test_a_program_named_pdf_is_refused_and_the_title_kept(client_as, staff, case, vault):
    fake = b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode" + b"\x00" * 200
    response = upload(client_as(staff[Role.CASE_MANAGER]), case, fake)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This file is not one of the accepted types (PDF, JPEG, PNG, WEBP, DOCX, XLSX, ODT, ODS)" in html
    assert TITLE in html  # what was typed stays
    assert not CaseDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="document.upload").exists()
    assert not vault.exists() or not any(vault.iterdir())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (SAMPLE_PDF, ("application/pdf", "pdf")),
        (PNG, ("image/png", "png")),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, ("image/jpeg", "jpg")),
        (DOCX, ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")),
        (XLSX, ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")),
        (DOCM, None),
        (PLAIN_ZIP, None),
        (b"<html><script>alert(1)</script></html>", None),
        (b"", None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_the_type_comes_from_the_bytes(content, expected):
    assert sniff(content) == expected


def test_a_zip_named_docx_is_refused_and_a_real_docx_accepted(client_as, staff, case, vault):
    client = client_as(staff[Role.LAWYER])
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = upload(client, case, PLAIN_ZIP, name="contract.docx", content_type=docx_type)
    assert response.status_code == 200 and not CaseDocument.objects.exists()
    # A real DOCX sent with a wrong name and browser type is still stored as what it is.
    response = upload(client, case, DOCX, name="photo.jpg", content_type="image/jpeg")
    assert response.status_code == 302
    assert (CaseDocument.objects.get().content_type, CaseDocument.objects.get().extension) == (
        docx_type,
        "docx",
    )


def zip_bomb(unpacked_mb: int) -> bytes:
    """A DOCX in every respect but one: its document unpacks to ``unpacked_mb`` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", b"<Relationships/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _megabyte in range(unpacked_mb):
                member.write(bytes(1024 * 1024))
    return buffer.getvalue()


def test_a_zip_bomb_named_as_a_word_document_is_refused_with_the_reason(client_as, staff, case, vault):
    bomb = zip_bomb(150)
    assert len(bomb) < 1024 * 1024  # small on disk: under the upload limit, 150 MB unpacked
    assert sniff(bomb) is None
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = upload(client_as(staff[Role.LAWYER]), case, bomb, name="contract.docx", content_type=docx_type)
    assert response.status_code == 200
    with override("en"):
        assert str(UNPACKS_TOO_LARGE % {"size": 150}) in response.content.decode()
    assert not CaseDocument.objects.exists()
    # The service refuses it too, whoever calls it.
    with pytest.raises(CaseRuleError, match="unpacks to much more than it weighs"), override("en"):
        document_upload(actor=staff[Role.LAWYER], case=case, title=TITLE, content=bomb)


def test_a_document_that_unpacks_beyond_the_limits_is_refused(monkeypatch):
    # Under the total but far beyond the ratio: 20 MB of zeros in a file of a few kilobytes.
    assert sniff(zip_bomb(20)) is None
    # A ratio any document has, but more unpacked than the total allowed.
    random_docx = zipped(
        {
            "[Content_Types].xml": DOCX_TYPES,
            "word/document.xml": b"<w:document/>",
            "word/media/a.png": PNG * 400,
        }
    )
    assert sniff(random_docx) is not None
    monkeypatch.setattr(documents, "MAX_UNPACKED_BYTES", 1000)
    assert sniff(random_docx) is None
    with override("en"):
        assert file_refusal(random_docx).startswith("This file unpacks to much more than it weighs")


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    client_as, staff, case, vault, settings, monkeypatch
):
    settings.ISENIM_MAX_UPLOAD_MB = 1

    def not_read(content):
        raise AssertionError("the content was sniffed although the file is too big")

    monkeypatch.setattr(forms_notes_documents, "file_refusal", not_read)
    big = SAMPLE_PDF + b"\x00" * (1024 * 1024)
    response = upload(client_as(staff[Role.CASE_MANAGER]), case, big)
    assert response.status_code == 200
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_a_team_member_downloads_and_the_download_is_recorded(client_as, staff, case, vault):
    document = document_upload(actor=staff[Role.CASE_MANAGER], case=case, title=TITLE, content=SAMPLE_PDF)
    response = client_as(staff[Role.LAWYER]).get(
        en("cases:document_download", number=case.number, pk=document.pk)
    )
    assert response.status_code == 200
    assert response.content == SAMPLE_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{case.number}-doc-{document.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    event = AccessEvent.objects.get(target_type="cases.casedocument", target_id=str(document.pk))
    assert (event.kind, event.actor) == ("download", staff[Role.LAWYER])
    assert "Aygul" not in event.detail


def test_another_teams_lawyer_gets_404_for_documents(client_as, staff, case, vault):
    document = document_upload(actor=staff[Role.CASE_MANAGER], case=case, title=TITLE, content=SAMPLE_PDF)
    client = client_as(make_staff(Role.LAWYER, "other_lawyer"))
    assert client.get(en("cases:document_download", number=case.number, pk=document.pk)).status_code == 404
    assert client.get(en("cases:document_upload", number=case.number)).status_code == 404
    assert upload(client, case, SAMPLE_PDF).status_code == 404
    url = en("cases:identity_document_set", number=case.number)
    assert client.post(url, {"doc_type": "passport", "status": "lost"}).status_code == 404
    assert CaseDocument.objects.count() == 1 and not IdentityDocument.objects.exists()
    assert not AccessEvent.objects.filter(target_type="cases.casedocument").exists()


def test_a_document_of_another_case_is_not_found_through_this_case(client_as, staff, case, vault):
    other = sample_case(staff)
    document = document_upload(actor=staff[Role.CASE_MANAGER], case=other, title=TITLE, content=SAMPLE_PDF)
    url = en("cases:document_download", number=case.number, pk=document.pk)
    assert client_as(staff[Role.CASE_MANAGER]).get(url).status_code == 404


def test_the_identity_checklist_sets_one_row_per_document(client_as, staff, case):
    client = client_as(staff[Role.CASE_MANAGER])
    url = en("cases:identity_document_set", number=case.number)
    assert client.post(url, {"doc_type": "passport", "status": "lost"}).status_code == 302
    row = IdentityDocument.objects.get()
    assert (row.person, row.doc_type, row.status, row.updated_by) == (
        case.person,
        "passport",
        "lost",
        staff[Role.CASE_MANAGER],
    )
    client.post(url, {"doc_type": "passport", "status": "restored"})
    assert IdentityDocument.objects.get().status == "restored"
    events = list(AuditEvent.objects.filter(action="identity_document.set").order_by("id"))
    assert [event.after["status"] for event in events] == ["lost", "restored"]
    assert events[1].before == {"doc_type": "passport", "status": "lost"}
    client.post(url, {"doc_type": "passport", "status": "restored"})  # no change, no new event
    assert AuditEvent.objects.filter(action="identity_document.set").count() == 2

    html = client.get(en("cases:case_detail", number=case.number)).content.decode()
    assert 'data-testid="identity-passport"' in html and 'data-testid="identity-id_card"' in html
    assert "Restored" in html and "Not recorded" in html


def test_the_identity_checklist_refuses_unknown_values(client_as, staff, case):
    client = client_as(staff[Role.CASE_MANAGER])
    url = en("cases:identity_document_set", number=case.number)
    response = client.post(url, {"doc_type": "passport", "status": "stolen"}, follow=True)
    assert "Choose a document and a status from the lists." in response.content.decode()
    client.post(url, {"doc_type": "driving_licence", "status": "held"})
    assert not IdentityDocument.objects.exists()
    assert client.get(url).status_code == 405


def test_a_document_whose_file_is_missing_from_the_vault_says_what_to_do(client_as, staff, case, vault):
    """A database restored without its vault folder: the download answers 404 with the way out, not 500."""
    document = document_upload(actor=staff[Role.CASE_MANAGER], case=case, title=TITLE, content=SAMPLE_PDF)
    (vault_dir() / document.vault_name).unlink()
    with override("en"):
        response = client_as(staff[Role.LAWYER]).get(
            en("cases:document_download", number=case.number, pk=document.pk)
        )
    assert response.status_code == 404
    assert b"vault-check" in response.content and b"The file is missing" in response.content
