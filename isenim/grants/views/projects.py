"""Grant projects: the list, the project's page (coverage with the missing assemblies named, meetings,
communities, budget lines, reporting calendar), the project form and its target communities. Thin: writes
go through services.projects, reads through selectors.projects."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.core.forms import parse_id
from isenim.geo.models import AdminUnit
from isenim.geo.places import assemblies_of
from isenim.grants.forms.projects import CommunitiesForm, ProjectForm
from isenim.grants.models import TargetCommunity
from isenim.grants.selectors import projects as selectors
from isenim.grants.selectors.youth import youth_and_families
from isenim.grants.services.projects import communities_set, project_create, project_update


@permission_required(Perm.VIEW_GRANTS)
@read_only
def project_list(request):
    context = {"projects": selectors.project_list(), "can_manage": can(request.user, Perm.MANAGE_GRANTS)}
    return render(request, "grants/projects/project_list.html", context)


@permission_required(Perm.VIEW_GRANTS)
@read_only
def project_detail(request, pk: int):
    project = selectors.project_get(pk)
    context = {
        "project": project,
        **selectors.project_page(project),
        "youth": youth_and_families(project, request.user),
        "can_manage": can(request.user, Perm.MANAGE_GRANTS),
        "can_record": can(request.user, Perm.RECORD_MEETINGS),
    }
    return render(request, "grants/projects/project_detail.html", context)


@permission_required(Perm.MANAGE_GRANTS)
def project_create_view(request):
    form = ProjectForm(request.POST or None, initial={"staff": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        try:
            project = project_create(actor=request.user, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Grant project added. Now choose its target communities."))
            return redirect("grants:communities_edit", pk=project.pk)
    return render(request, "grants/projects/project_form.html", {"form": form, "project": None})


@permission_required(Perm.MANAGE_GRANTS)
def project_edit(request, pk: int):
    project = selectors.project_get(pk)
    form = ProjectForm(request.POST or None, initial=ProjectForm.initial_from(project))
    if request.method == "POST" and form.is_valid():
        try:
            project_update(actor=request.user, project=project, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Grant project saved."))
            return redirect("grants:project_detail", pk=project.pk)
    return render(request, "grants/projects/project_form.html", {"form": form, "project": project})


@permission_required(Perm.MANAGE_GRANTS)
def communities_edit(request, pk: int):
    """The current targets and the assemblies of one district (``?district=``), each ticked or not."""
    project = selectors.project_get(pk)
    current = {
        row.assembly_id: row
        for row in TargetCommunity.objects.filter(project=project).select_related("assembly")
    }
    district_id = parse_id(request.GET.get("district"))
    offered = {unit.pk: unit for unit in AdminUnit.objects.filter(pk__in=current).order_by("code")}
    for unit in assemblies_of(district_id):
        offered.setdefault(unit.pk, unit)
    assemblies = sorted(offered.values(), key=lambda unit: (unit.parent_id or 0, unit.code))
    form = CommunitiesForm(
        request.POST or None,
        assemblies=assemblies,
        current=current,
        initial={"district": district_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            communities_set(actor=request.user, project=project, rows=form.to_rows())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Target communities saved."))
            return redirect("grants:project_detail", pk=project.pk)
    context = {"form": form, "project": project, "district_id": district_id or ""}
    return render(request, "grants/projects/communities_form.html", context)
