"""Comparison datasets: the list with the import form, a dataset with its rejection report and links to
the analysis page, deletion (a page to confirm it). Reading: Perm.VIEW_INSIGHTS; importing and deleting:
Perm.MANAGE_COMPARISON; everyone else gets a 404."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isenim.comparison import selectors, services
from isenim.comparison.forms import DeleteForm, ImportForm
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form, refusal_message


def _list(request, form):
    context = {
        "datasets": selectors.datasets(request.user),
        "form": form,
        "can_manage": can(request.user, Perm.MANAGE_COMPARISON),
    }
    return render(request, "comparison/dataset_list.html", context)


@permission_required(Perm.VIEW_INSIGHTS)
@read_only
def dataset_list(request):
    return _list(request, ImportForm() if can(request.user, Perm.MANAGE_COMPARISON) else None)


def _import(request, form) -> services.ImportReport:
    upload = form.cleaned_data["file"]
    data = form.cleaned_data
    options = {
        "actor": request.user,
        "name": data["name"],
        "file_name": upload.name,
        "title": data["title"],
        "source": data["source"],
        "replace": data["replace"],
    }
    if isinstance(upload, TemporaryUploadedFile):
        return services.import_dataset(path=upload.temporary_file_path(), **options)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return services.import_dataset(path=path, **options)


@permission_required(Perm.MANAGE_COMPARISON)
def dataset_import(request):
    if request.method != "POST":  # the list page, with the form empty (as the list shows it)
        return _list(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report = _import(request, form)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(
                request,
                _("%(name)s imported: %(imported)s rows, %(rejected)s rejected.")
                % {
                    "name": report.dataset.name,
                    "imported": report.rows_imported,
                    "rejected": report.rows_rejected,
                },
            )
            return redirect("comparison:dataset_detail", name=report.dataset.name)
    return _list(request, form)


@permission_required(Perm.VIEW_INSIGHTS)
@read_only
def dataset_detail(request, name: str):
    dataset = selectors.dataset_get(request.user, name)
    context = {
        "dataset": dataset,
        "links": selectors.analysis_links(dataset),
        "rejections_not_listed": max(0, dataset.rows_rejected - len(dataset.rejections)),
        "can_manage": can(request.user, Perm.MANAGE_COMPARISON),
    }
    return render(request, "comparison/dataset_detail.html", context)


@permission_required(Perm.MANAGE_COMPARISON)
def dataset_delete(request, name: str):
    """GET: what will be deleted and the box to tick; POST with the box ticked deletes, without it the page
    comes back saying nothing was deleted."""
    dataset = selectors.dataset_get(request.user, name)
    form = DeleteForm(request.POST if request.method == "POST" else None)  # an empty POST is bound too
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_dataset(actor=request.user, dataset=dataset)
        except Refusal as error:
            refusal_message(request, error)
            return redirect("comparison:dataset_detail", name=name)
        messages.success(request, _("%(name)s deleted.") % {"name": name})
        return redirect("comparison:dataset_list")
    return render(request, "comparison/dataset_delete.html", {"dataset": dataset, "form": form})
