"""The materials catalogue: list, a material and its editions, drafting and changing an edition with its
design file, the review (Perm.APPROVE_MATERIALS, never by whoever drafted), the design file download."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from isenim.cases.views.documents import LimitedMemoryUploadHandler
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form, refusal_message
from isenim.prevention.choices import PRINTED_KINDS, ReviewState
from isenim.prevention.forms.materials import EditionEditForm, EditionForm, MaterialFilterForm, MaterialForm
from isenim.prevention.selectors import materials as selectors
from isenim.prevention.selectors import stock as stock_selectors
from isenim.prevention.services import materials as services
from isenim.prevention.services.materials import VIDEO_MAX_MB


class DesignUploadHandler(LimitedMemoryUploadHandler):
    """In memory only, never a temporary file; bytes past the largest design (a video spot) are counted,
    not kept, so the service refuses the file by its size without holding more than that."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True
        self.limit = VIDEO_MAX_MB * 1024 * 1024


def _design_response(edition) -> HttpResponse:
    content, content_type, name = selectors.design_download(edition)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _upload(form) -> tuple[str, bytes | None]:
    upload = form.cleaned_data.get("design")
    if not upload:
        return "", None
    upload.seek(0)
    return upload.name, upload.read()


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def material_list(request):
    form = MaterialFilterForm(request.GET or None)
    filters = selectors.MaterialFilter()
    if request.GET and form.is_valid():
        data = form.cleaned_data
        filters = selectors.MaterialFilter(
            kind=data["kind"], campaign=data["campaign"], language=data["language"], state=data["state"]
        )
    context = {
        "form": form,
        "materials": selectors.materials(request.user, filters),
        "can_edit": can(request.user, Perm.EDIT_PREVENTION),
        "filtered": bool(request.GET),
    }
    return render(request, "prevention/materials/material_list.html", context)


def _material_form(request, material=None):
    initial = None
    if material is not None:
        initial = {
            "kind": material.kind,
            "title": material.title,
            "description": material.description,
            "campaign": material.campaign_id,
        }
    form = MaterialForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.material_save(actor=request.user, material=material, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("“%(title)s” saved.") % {"title": saved.title})
            return redirect("prevention:material_detail", pk=saved.pk)
    return render(request, "prevention/materials/material_form.html", {"form": form, "material": material})


@permission_required(Perm.EDIT_PREVENTION)
def material_create(request):
    return _material_form(request)


@permission_required(Perm.EDIT_PREVENTION)
def material_edit(request, pk: int):
    return _material_form(request, selectors.material_get(request.user, pk))


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def material_detail(request, pk: int):
    material = selectors.material_get(request.user, pk)
    printed = material.kind in PRINTED_KINDS
    context = {
        "material": material,
        "printed": printed,
        "languages": selectors.editions_by_language(material),
        "costs": stock_selectors.cost_per_handed_out(request.user, by="material", material=material)
        if printed
        else [],
        "can_edit": can(request.user, Perm.EDIT_PREVENTION),
    }
    return render(request, "prevention/materials/material_detail.html", context)


@permission_required(Perm.EDIT_PREVENTION)
@csrf_exempt  # only so the upload handlers can be set before the body is read; checked just below
def edition_create(request, pk: int):
    request.upload_handlers = [DesignUploadHandler(request)]
    return _edition_create(request, pk)


@csrf_protect
def _edition_create(request, pk: int):
    material = selectors.material_get(request.user, pk)
    printed = material.kind in PRINTED_KINDS
    form = EditionForm(request.POST or None, request.FILES or None, printed=printed)
    if request.method == "POST" and form.is_valid():
        name, content = _upload(form)
        try:
            edition = services.edition_draft(
                actor=request.user,
                material=material,
                language=form.cleaned_data["language"],
                low_stock_threshold=form.cleaned_data.get("low_stock_threshold") or 0,
                file_name=name,
                content=content or b"",
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s drafted: another person approves it.") % {"version": edition.version},
            )
            return redirect("prevention:edition_detail", pk=edition.pk)
    return render(
        request,
        "prevention/materials/edition_form.html",
        {"form": form, "material": material, "edition": None},
    )


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def edition_detail(request, pk: int):
    edition = selectors.edition_get(request.user, pk)
    printed = edition.material.kind in PRINTED_KINDS
    context = {
        "edition": edition,
        "material": edition.material,
        "printed": printed,
        "movements": stock_selectors.movements_of(request.user, edition) if printed else [],
        "costs": stock_selectors.cost_per_handed_out(request.user, material=edition.material)
        if printed
        else [],
        "can_edit": can(request.user, Perm.EDIT_PREVENTION),
        "may_approve": services.may_approve(request.user, edition),
        "may_print": printed and edition.state == ReviewState.APPROVED,
        "may_move": printed and edition.state != ReviewState.DRAFT,
    }
    context["cost"] = next((row for row in context["costs"] if row.edition.pk == edition.pk), None)
    return render(request, "prevention/materials/edition_detail.html", context)


@permission_required(Perm.EDIT_PREVENTION)
@csrf_exempt  # as edition_create
def edition_edit(request, pk: int):
    request.upload_handlers = [DesignUploadHandler(request)]
    return _edition_edit(request, pk)


@csrf_protect
def _edition_edit(request, pk: int):
    edition = selectors.edition_get(request.user, pk)
    form = EditionEditForm(
        request.POST or None,
        request.FILES or None,
        edition=edition,
        initial={"low_stock_threshold": edition.low_stock_threshold},
    )
    if request.method == "POST" and form.is_valid():
        name, content = _upload(form)
        try:
            services.edition_edit(
                actor=request.user,
                edition=edition,
                low_stock_threshold=form.cleaned_data.get("low_stock_threshold") or 0,
                file_name=name,
                content=content,
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Edition saved."))
            return redirect("prevention:edition_detail", pk=edition.pk)
    return render(
        request,
        "prevention/materials/edition_form.html",
        {"form": form, "material": edition.material, "edition": edition},
    )


@permission_required(Perm.APPROVE_MATERIALS)
def edition_approve(request, pk: int):
    """The review page of one edition (GET) and its approval (POST). A lawyer approves without reading the
    rest of prevention (Perm.APPROVE_MATERIALS only): the page and its design download are theirs."""
    edition = selectors.edition_get(request.user, pk, Perm.APPROVE_MATERIALS)
    if request.method == "POST":
        try:
            services.edition_approve(actor=request.user, edition=edition)
        except Refusal as error:
            refusal_message(request, error)
        else:
            messages.success(request, _("Version %(version)s approved.") % {"version": edition.version})
            if can(request.user, Perm.VIEW_PREVENTION):
                return redirect("prevention:edition_detail", pk=edition.pk)
        return redirect("prevention:edition_approve", pk=edition.pk)
    context = {
        "edition": edition,
        "material": edition.material,
        "may_approve": services.may_approve(request.user, edition),
        "own_draft": edition.state == ReviewState.DRAFT and edition.drafted_by_id == request.user.pk,
        "can_view": can(request.user, Perm.VIEW_PREVENTION),
    }
    return render(request, "prevention/materials/edition_approve.html", context)


@permission_required(Perm.APPROVE_MATERIALS)
@read_only
def edition_review_design(request, pk: int):
    """The design file for those who review it (a lawyer reads no other prevention page)."""
    return _design_response(selectors.edition_get(request.user, pk, Perm.APPROVE_MATERIALS))


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def edition_design(request, pk: int):
    """The design file, decrypted for this download only; never cached, never shown inline."""
    return _design_response(selectors.edition_get(request.user, pk))


@permission_required(Perm.APPROVE_MATERIALS)
@read_only
def edition_waiting(request):
    """Drafts waiting for approval (the director's and the lawyers' list)."""
    return render(
        request,
        "prevention/materials/edition_waiting.html",
        {
            "waiting": selectors.editions_waiting(request.user),
            "can_view": can(request.user, Perm.VIEW_PREVENTION),
        },
    )
