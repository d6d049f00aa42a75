"""Case documents (upload, download) and the identity-document checklist of the case's person."""

from django.contrib import messages
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from isenim.cases.forms.notes_documents import DocumentUploadForm, IdentityDocumentForm
from isenim.cases.guards import open_for_work
from isenim.cases.sections import section
from isenim.cases.selectors import cases as case_selectors
from isenim.cases.selectors import documents as selectors
from isenim.cases.services import documents as services
from isenim.core.access import Perm
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_in_form, refusal_message


def _back(case):
    return redirect(reverse("cases:case_detail", kwargs={"number": case.number}) + "#documents")


DOCUMENT_ROWS = 20  # the newest documents on the case page; its documents page shows every one


@section("documents", gettext_lazy("Documents"), "cases/sections/documents.html", order=60, paged=True)
def documents_section(request, case, limit: int | None = DOCUMENT_ROWS) -> dict:
    can_work = open_for_work(request.user, case)
    documents = selectors.documents_shown(request.user, case, limit=limit)
    full = limit is None or len(documents) < limit
    return {
        "documents": documents,
        "document_count": len(documents) if full else selectors.documents_of(request.user, case).count(),
        "checklist": selectors.identity_checklist(request.user, case),
        "status_choices": IdentityDocumentForm.base_fields["status"].choices,
        "upload_form": DocumentUploadForm() if can_work else None,
        "can_work": can_work,
    }


class LimitedMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps an upload in memory, never in a temporary file (a document must not touch the disk
    unencrypted). Bytes past the size limit are counted but not kept, so the form refuses the file
    without ever holding more than the limit."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True
        self.limit = services.max_upload_bytes()

    def receive_data_chunk(self, raw_data, start):
        if self.file.tell() <= self.limit:
            self.file.write(raw_data)


@permission_required(Perm.WORK_ON_CASES)
@csrf_exempt  # only so the upload handlers can be set before the body is read; checked just below
def document_upload(request, number: str):
    request.upload_handlers = [LimitedMemoryUploadHandler(request)]
    return _document_upload(request, number)


@csrf_protect
def _document_upload(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                actor=request.user,
                case=case,
                title=form.cleaned_data["title"],
                content=form.cleaned_data["file"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Document uploaded."))
            return _back(case)
    return render(request, "cases/documents/document_form.html", {"case": case, "form": form})


@permission_required(Perm.VIEW_CASES)
@read_only
def document_download(request, number: str, pk: int):
    """The file, decrypted for this download only (an access event); never cached, never shown inline."""
    case = case_selectors.case_for_work(request.user, number, Perm.VIEW_CASES)
    document, content = selectors.document_file(request.user, case, pk)
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{selectors.download_name(case, document)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@permission_required(Perm.WORK_ON_CASES)
@post_only
def identity_document_set(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    form = IdentityDocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a document and a status from the lists."))
        return _back(case)
    try:
        services.identity_document_set(actor=request.user, case=case, **form.cleaned_data)
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("Identity document status saved."))
    return _back(case)
