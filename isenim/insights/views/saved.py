"""Saved analyses (Perm.VIEW_INSIGHTS): name the analysis on screen, list one's own, open, rename, delete.

Saving posts the analysis' query string with the name; a refused name (empty, too long, already used)
shows the analysis page again with the message and the name as typed."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from isenim.core.access import Perm
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.insights.forms import SavedViewNameForm
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
    return render(request, "insights/analysis.html", context, status=200)


@permission_required(Perm.VIEW_INSIGHTS)
@read_only
def saved_list(request):
    rows = []
    for view in service.saved_views_of(request.user):
        try:
            spec = service.spec_of(view)
        except PivotError as error:
            rows.append({"view": view, "url": "", "problem": str(error)})
        else:
            rows.append({"view": view, "url": _analysis_url(spec), "problem": ""})
    return render(request, "insights/saved_list.html", {"rows": rows})


@permission_required(Perm.VIEW_INSIGHTS)
@read_only
def saved_open(request, pk: int):
    view = service.saved_view_get(request.user, pk)
    try:
        spec = service.spec_of(view)
    except PivotError as error:
        messages.error(request, str(error))
        return redirect("insights:saved_list")
    return redirect(_analysis_url(spec))


@permission_required(Perm.VIEW_INSIGHTS)
def saved_rename(request, pk: int):
    view = service.saved_view_get(request.user, pk)
    form = SavedViewNameForm(request.POST or None, initial={"name": view.name})
    if request.method == "POST" and form.is_valid():
        old = view.name
        try:
            service.saved_view_rename(actor=request.user, view=view, name=form.cleaned_data["name"])
        except Refusal as error:
            view.name = old
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Analysis renamed “%(name)s”.") % {"name": view.name})
            return redirect("insights:saved_list")
    return render(request, "insights/saved_rename.html", {"form": form, "view": view})


@permission_required(Perm.VIEW_INSIGHTS)
def saved_delete(request, pk: int):
    view = service.saved_view_get(request.user, pk)
    if request.method == "POST":
        name = view.name
        service.saved_view_delete(actor=request.user, view=view)
        messages.success(request, _("Analysis “%(name)s” deleted.") % {"name": name})
        return redirect("insights:saved_list")
    return render(request, "insights/saved_delete.html", {"view": view})
