from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.geo import selectors, services
from isenim.geo.forms import CorrectionForm
from isenim.geo.places import assemblies_of
from isenim.geo.services import NAME_FIELDS


@permission_required(Perm.STAFF_AREA)
@read_only
def unit_list(request):
    context = {
        "regions": selectors.unit_tree(request.user),
        "can_edit": can(request.user, Perm.EDIT_REFERENCE),
    }
    return render(request, "geo/unit_list.html", context)


@permission_required(Perm.STAFF_AREA)
@read_only
def country_list(request):
    query = request.GET.get("q", "")
    context = {
        "countries": selectors.country_list(request.user, query),
        "query": query,
        "can_edit": can(request.user, Perm.EDIT_REFERENCE),
    }
    return render(request, "geo/country_list.html", context)


@permission_required(Perm.STAFF_AREA)
@read_only
def assembly_options(request):
    """htmx partial: the <option>s of the citizens' assemblies of the district just chosen on a form."""
    # A person's home district on the intake form; a place's district on other forms (an outreach action).
    units = assemblies_of(request.GET.get("home_district") or request.GET.get("district"))
    return render(request, "geo/_assembly_options.html", {"units": units})


@permission_required(Perm.EDIT_REFERENCE)
def record_edit(request, kind: str, pk: int):
    record = selectors.record_for_edit(request.user, kind, pk)
    form = CorrectionForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        names = {field: form.cleaned_data[field] for field in NAME_FIELDS}
        services.reference_correct(
            actor=request.user, record=record, names=names, verified=form.cleaned_data["verified"]
        )
        messages.success(request, _("Saved: %(name)s") % {"name": record.name()})
        return redirect("geo:unit_list" if kind == "unit" else "geo:country_list")
    return render(request, "geo/record_form.html", {"form": form, "record": record, "kind": kind})
