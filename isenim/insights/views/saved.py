"""Saved analyses (Perm.VIEW_INSIGHTS): name the analysis on screen, list one's own, open, rename, delete.

Saving posts the analysis' query string with the name; a refused name (empty, too long, already used)
shows the analysis page again with the message and the name as typed. A saved view opens as the analysis
page's address (the list links to it); renaming and deleting are buttons on the list (a refused name shows
the list again with the message beside that view, the name as typed; deleting asks to confirm first)."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from isenim.core.access import Perm
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.insights.forms import DeleteConfirmForm, SavedViewNameForm
from isenim.insights.pivot import PivotError, PivotSpec
from isenim.insights.services import saved_views as service
from isenim.insights.views.analysis import analysis_context


def _analysis_url(spec: PivotSpec) -> str:
    return f"{reverse('insights:analysis')}?{spec.to_query()}"


@permission_required(Perm.VIEW_INSIGHTS)
@post_only
def saved_create(request):
    query = QueryDict(request.POST.get("query", ""))
    form = SavedViewNameForm(request.POST)
    if form.is_valid():
        try:
            spec = PivotSpec.from_query(query)
            view = service.saved_view_create(actor=request.user, name=form.cleaned_data["name"], spec=spec)
        except PivotError as error:
            refusal_in_form(form, Refusal(str(error)))
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Analysis “%(name)s” saved.") % {"name": view.name})
            return redirect(_analysis_url(spec))
    context = analysis_context(request.user, query, save_form=form)
    return render(request, "insights/analysis.html", context)


def _list(request, *, failed=None, failed_form=None):
    rows = []
    for view in service.saved_views_of(request.user):
        row = {"view": view, "url": "", "problem": "", "form": None}
        if failed is not None and view.pk == failed.pk:
            row["form"] = failed_form
        try:
            row["url"] = _analysis_url(service.spec_of(view))
        except PivotError as error:
            row["problem"] = str(error)
        rows.append(row)
    return render(request, "insights/saved_list.html", {"rows": rows})


@permission_required(Perm.VIEW_INSIGHTS)
@read_only
def saved_list(request):
    return _list(request)


@permission_required(Perm.VIEW_INSIGHTS)
@post_only
def saved_rename(request, pk: int):
    view = service.saved_view_get(request.user, pk)
    form = SavedViewNameForm(request.POST)
    if form.is_valid():
        old = view.name
        try:
            service.saved_view_rename(actor=request.user, view=view, name=form.cleaned_data["name"])
        except Refusal as error:
            view.name = old
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Analysis renamed “%(name)s”.") % {"name": view.name})
            return redirect("insights:saved_list")
    return _list(request, failed=view, failed_form=form)


@permission_required(Perm.VIEW_INSIGHTS)
@post_only
def saved_delete(request, pk: int):
    """The list's Delete button posts here and gets the page asking to confirm; that page posts again with
    the box ticked, which deletes (without it the page comes back saying nothing was deleted). A button, not
    a page to open (GET 405): a saved analysis is its owner's alone, so it has no address others could
    reach."""
    view = service.saved_view_get(request.user, pk)
    form = DeleteConfirmForm(request.POST if request.POST.get("asked") else None)
    if form.is_valid():
        name = view.name
        service.saved_view_delete(actor=request.user, view=view)
        messages.success(request, _("Analysis “%(name)s” deleted.") % {"name": name})
        return redirect("insights:saved_list")
    context = {
        "form": form,
        "heading": _("Delete a saved analysis"),
        "facts": [(_("Name"), view.name), (_("Saved"), date_format(view.updated_at, "SHORT_DATE_FORMAT"))],
        "action_url": reverse("insights:saved_delete", args=[view.pk]),
        "back_url": reverse("insights:saved_list"),
        "back_label": _("My saved analyses"),
    }
    return render(request, "insights/confirm_delete.html", context)
