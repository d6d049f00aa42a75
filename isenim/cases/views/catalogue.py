"""The managed lists of the case file: the service catalogue and the partner organisations."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isenim.cases.choices import PartnerKind, ServiceGroup
from isenim.cases.forms.services import PartnerForm, ServiceTypeForm
from isenim.cases.selectors import catalogue as selectors
from isenim.cases.services import catalogue as services
from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form


@permission_required(Perm.EDIT_CATALOGUES)
@read_only
def service_type_list(request):
    groups = selectors.grouped(selectors.service_types(request.user), ServiceGroup.choices, "group")
    return render(request, "cases/catalogue/service_type_list.html", {"groups": groups})


def _service_type_form(request, service_type=None):
    form = ServiceTypeForm(request.POST or None, instance=service_type)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.service_type_save(
                actor=request.user,
                service_type=service_type,
                code=data["code"],
                group=data["group"],
                result_kind=data["result_kind"],
                names=form.names(),
                source=data["source"],
                verified=data["verified"],
                active=data["active"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(
                request, _("“%(name)s” saved in the service catalogue.") % {"name": saved.name()}
            )
            return redirect("cases:service_type_list")
    context = {"form": form, "record": service_type}
    return render(request, "cases/catalogue/service_type_form.html", context)


@permission_required(Perm.EDIT_CATALOGUES)
def service_type_create(request):
    return _service_type_form(request)


@permission_required(Perm.EDIT_CATALOGUES)
def service_type_edit(request, pk: int):
    return _service_type_form(request, selectors.service_type_get(request.user, pk))


@permission_required(Perm.EDIT_CATALOGUES)
@read_only
def partner_list(request):
    groups = selectors.grouped(selectors.partners(request.user), PartnerKind.choices, "kind")
    return render(request, "cases/catalogue/partner_list.html", {"groups": groups})


def _partner_form(request, partner=None):
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.partner_save(
                actor=request.user,
                partner=partner,
                kind=data["kind"],
                names=form.names(),
                country=data["country"],
                contact=data["contact"],
                source=data["source"],
                verified=data["verified"],
                active=data["active"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("“%(name)s” saved in the list of partners.") % {"name": saved.name()})
            return redirect("cases:partner_list")
    return render(request, "cases/catalogue/partner_form.html", {"form": form, "record": partner})


@permission_required(Perm.EDIT_CATALOGUES)
def partner_create(request):
    return _partner_form(request)


@permission_required(Perm.EDIT_CATALOGUES)
def partner_edit(request, pk: int):
    return _partner_form(request, selectors.partner_get(request.user, pk))
