"""What hangs off a person's record: family links and consents with their signed forms."""

from django.contrib import messages
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.people import selectors, services
from isenim.people.forms import MAX_FORM_BYTES, ConsentForm, FamilyLinkForm, WithdrawConsentForm

FILE_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


@permission_required(Perm.VIEW_PEOPLE)
def family_link_add(request, code: str):
    person = selectors.person_get(request.user, code)
    form = FamilyLinkForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.family_link_add(
            actor=request.user,
            person=person,
            relative=data["relative"],
            relation=data["relation"],
            relative_is_migrant_abroad=data["relative_is_migrant_abroad"],
        )
        messages.success(request, _("Relative %(code)s linked.") % {"code": data["relative"].code})
        return redirect("people:person_detail", code=person.code)
    return render(request, "people/family_link_form.html", {"form": form, "person": person})


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps an upload in memory, never in a temporary file: a signed form must not touch the disk
    unencrypted. Bytes past the size limit are counted but not kept, so the form can refuse the file."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True

    def receive_data_chunk(self, raw_data, start):
        if self.file.tell() <= MAX_FORM_BYTES:
            self.file.write(raw_data)


@permission_required(Perm.VIEW_PEOPLE)
@csrf_exempt  # only so the upload handlers can be set before the body is read; checked just below
def consent_add(request, code: str):
    request.upload_handlers = [InMemoryUploadHandler(request)]
    return _consent_add(request, code)


@csrf_protect
def _consent_add(request, code: str):
    person = selectors.person_get(request.user, code)
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content, content_type = data["signed_form"] or (None, "")
        services.consent_record(
            actor=request.user,
            person=person,
            purpose=data["purpose"],
            partner=data["partner"].strip(),
            given_on=data["given_on"],
            signed_form=content,
            signed_form_type=content_type,
        )
        messages.success(request, _("Consent recorded."))
        return redirect("people:person_detail", code=person.code)
    return render(request, "people/consent_form.html", {"form": form, "person": person})


@permission_required(Perm.VIEW_PEOPLE)
def consent_withdraw(request, code: str, pk: int):
    """GET asks for the date and a confirmation; POST records the withdrawal."""
    person = selectors.person_get(request.user, code)
    consent = selectors.consent_get(request.user, person, pk)
    if not consent.active:
        messages.info(request, _("This consent was already withdrawn."))
        return redirect("people:person_detail", code=person.code)
    form = WithdrawConsentForm(request.POST or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user, consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"]
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Consent withdrawn."))
            return redirect("people:person_detail", code=person.code)
    context = {"form": form, "person": person, "consent": consent}
    return render(request, "people/consent_withdraw.html", context)


@permission_required(Perm.VIEW_PEOPLE)
@read_only
def consent_form_download(request, code: str, pk: int):
    """The signed form, decrypted for this download only (an access event); never cached."""
    person = selectors.person_get(request.user, code)
    consent, content = selectors.consent_form_file(request.user, person, pk)
    content_type = consent.signed_form_type if consent.signed_form_type in FILE_EXTENSIONS else ""
    response = HttpResponse(content, content_type=content_type or "application/octet-stream")
    extension = FILE_EXTENSIONS.get(content_type, "bin")
    response["Content-Disposition"] = f'attachment; filename="consent-{person.code}-{consent.pk}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response
