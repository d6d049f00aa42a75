"""Case documents and the identity-document checklist, read through the case access rule."""

from django.db.models import QuerySet
from django.http import Http404

from isenim.cases.choices import IdentityDocumentType
from isenim.cases.models import Case, CaseDocument, IdentityDocument
from isenim.cases.services.documents import ALLOWED_TYPES, DOCUMENT_FILE_CONTEXT
from isenim.core.access import Perm, cases_for
from isenim.core.audit import record_access
from isenim.core.vault_files import load

DOWNLOAD_KIND = "download"


def _visible_case(user, case: Case) -> Case:
    if not cases_for(user, Perm.VIEW_CASES).filter(pk=case.pk).exists():
        raise Http404
    return case


def documents_of(user, case: Case) -> QuerySet[CaseDocument]:
    """The documents of one of the user's cases, newest first (titles are sealed: the caller that shows
    them records the view)."""
    _visible_case(user, case)
    return (
        CaseDocument.objects.filter(case=case).select_related("uploaded_by").order_by("-uploaded_at", "-id")
    )


def documents_shown(user, case: Case, *, limit: int | None = None) -> list[CaseDocument]:
    """The newest ``limit`` documents (every one with None), their view recorded."""
    rows = documents_of(user, case)
    documents = list(rows[:limit] if limit is not None else rows)
    if documents:
        ids = ",".join(str(document.pk) for document in documents)
        record_access(actor=user, kind="view", target=case, detail=f"documents of {case.number}: {ids}")
    return documents


def document_file(user, case: Case, pk: int) -> tuple[CaseDocument, bytes]:
    """The decrypted file of one document; every download is an access event."""
    document = documents_of(user, case).filter(pk=pk).first()
    if document is None or document.content_type not in ALLOWED_TYPES:
        raise Http404
    content = load(document.vault_name, context=DOCUMENT_FILE_CONTEXT)
    record_access(
        actor=user, kind=DOWNLOAD_KIND, target=document, detail=f"download of a document of {case.number}"
    )
    return document, content


def download_name(case: Case, document: CaseDocument) -> str:
    """A safe ASCII file name that says nothing about the content: CASE-2026-00001-doc-12.pdf."""
    number = "".join(ch for ch in case.number if ch.isascii() and (ch.isalnum() or ch == "-"))
    extension = ALLOWED_TYPES[document.content_type]
    return f"{number}-doc-{document.pk}.{extension}"


def identity_checklist(user, case: Case) -> list[dict]:
    """One row per identity-document type for the case's person: its status, or none recorded yet."""
    _visible_case(user, case)
    rows = {
        row.doc_type: row
        for row in IdentityDocument.objects.filter(person_id=case.person_id).select_related("updated_by")
    }
    return [
        {"doc_type": value, "label": label, "row": rows.get(value)}
        for value, label in IdentityDocumentType.choices
    ]
