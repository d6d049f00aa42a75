"""The releases page (/staff/exchange/): the list of releases and the form that makes one; a release's
risk report; its file and its report downloaded again."""

import io
import json

from allauth.account.decorators import reauthentication_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from isenim.core import vault_files
from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.exchange import selectors, services
from isenim.exchange.export import CONTENT_TYPES, export_ctdc
from isenim.exchange.forms import ReleaseForm


def file_name(release) -> str:
    return f"isenim-ctdc-{release.created_at:%Y%m%d}-{release.pk}.{release.file_type}"


@permission_required(Perm.EXPORT_ANONYMISED)
@reauthentication_required
@never_cache
@require_http_methods(["GET", "POST"])
def release_list(request):
    """GET: the releases and the form. POST: make a release, then its page (which downloads the file)."""
    releases = selectors.releases_for(request.user)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = export_ctdc(
                io.BytesIO(),
                k=data["k"],
                actor=request.user,
                recipient=data["recipient"],
                purpose=data["purpose"],
                file_format=data["file_type"],
                keep_file=True,
            )
        except Refusal as refusal:
            refusal_in_form(form, refusal)
        else:
            return redirect(reverse("exchange:release_detail", args=[report.release_id]) + "?made=1")
    return render(request, "exchange/release_list.html", {"form": form, "releases": releases[:200]})


@permission_required(Perm.EXPORT_ANONYMISED)
@read_only
def release_detail(request, pk: int):
    release = selectors.release_for(request.user, pk)
    return render(
        request,
        "exchange/release_detail.html",
        {"release": release, "risk": release.risk, "just_made": request.GET.get("made") == "1"},
    )


@permission_required(Perm.EXPORT_ANONYMISED)
@reauthentication_required
@never_cache
@read_only
def release_download(request, pk: int):
    release = selectors.release_for(request.user, pk)
    if not release.vault_name:
        return render(request, "exchange/release_no_file.html", {"release": release})
    try:
        content = vault_files.load(release.vault_name, context=services.FILE_CONTEXT)
    except vault_files.VaultFileMissing:
        return render(request, "exchange/release_no_file.html", {"release": release})
    services.record_download(actor=request.user, release=release)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=file_name(release),
        content_type=CONTENT_TYPES.get(release.file_type, "application/octet-stream"),
    )


@permission_required(Perm.EXPORT_ANONYMISED)
@read_only
def release_report(request, pk: int):
    """The risk report as JSON, to send with the file."""
    release = selectors.release_for(request.user, pk)
    response = HttpResponse(
        json.dumps(release.risk, indent=2, ensure_ascii=False), content_type="application/json"
    )
    name = file_name(release).rsplit(".", 1)[0] + "-risk.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
