from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can, permissions_of
from isenim.core.context_processors import dashboard_links
from isenim.core.decorators import permission_required, read_only
from isenim.core.models import CentreContacts
from isenim.core.registry import dashboard_panels
from isenim.portal import selectors, services
from isenim.portal.forms import AccessFilterForm, AuditFilterForm, ContactsForm


def home(request):
    return render(request, "portal/home.html", {"contacts": selectors.public_contacts()})


@permission_required(Perm.STAFF_AREA)
@read_only
def dashboard(request):
    permissions = sorted(permissions_of(request.user), key=lambda perm: perm.label)
    links = dashboard_links(request.user)
    context = {"permissions": permissions, "links": links, "panels": dashboard_panels(request.user)}
    return render(request, "portal/dashboard.html", context)


@permission_required(Perm.EDIT_CENTRE_CONTACTS)
def contacts_edit(request):
    form = ContactsForm(request.POST or None, instance=CentreContacts.current())
    if request.method == "POST" and form.is_valid():
        services.contacts_update(actor=request.user, values=form.cleaned_data)
        messages.success(request, _("Contact details saved."))
        return redirect("portal:contacts_edit")
    return render(request, "portal/contacts_form.html", {"form": form})


@permission_required(Perm.VIEW_AUDIT)
@read_only
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.audit_events(request.user, filters), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "query": _query_without_page(request),
        "sees_case_content": can(request.user, Perm.VIEW_PEOPLE),
    }
    return render(request, "portal/audit_log.html", context)


@permission_required(Perm.VIEW_AUDIT)
@read_only
def access_log(request):
    form = AccessFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.access_events(request.user, filters), 50).get_page(request.GET.get("page"))
    return render(
        request, "portal/access_log.html", {"page": page, "form": form, "query": _query_without_page(request)}
    )


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
