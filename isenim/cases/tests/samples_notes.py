"""URL arguments of the notes and documents pages for the generated URL test.

The sample note is a shared one, so every caseworker role on the team may open it; the notes of a
discipline answer 404 to the others (test_notes.py)."""

from isenim.core.access import Role

# The smallest PDF the type sniffer accepts.
SAMPLE_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def samples(case, staff) -> dict:
    from isenim.cases.services.documents import document_upload
    from isenim.cases.services.notes import note_add

    manager = staff[Role.CASE_MANAGER]
    note = note_add(actor=manager, case=case, discipline="shared", body="Улыўма жазба.")
    document = document_upload(actor=manager, case=case, title="Хат", content=SAMPLE_PDF)
    number = {"number": case.number}
    return {
        "cases:note_list": number,
        "cases:note_add": number,
        "cases:note_detail": {**number, "pk": note.pk},
        "cases:document_upload": number,
        "cases:document_download": {**number, "pk": document.pk},
        "cases:identity_document_set": number,
    }
