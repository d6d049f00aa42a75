"""Name equivalents: the spellings the duplicate check reads as one name, and a form to add one."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from isenim.core.access import Perm
from isenim.core.decorators import permission_required, post_only
from isenim.core.errors import Refusal, refusal_in_form, refusal_message
from isenim.people import equivalents
from isenim.people.models import NameEquivalent


class EquivalentForm(forms.Form):
    canonical = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=NameEquivalent._meta.get_field("canonical").max_length,
        help_text=gettext_lazy("As the centre writes it, e.g. Ibrayım."),
    )
    form = forms.CharField(
        label=gettext_lazy("The same name written otherwise"),
        max_length=NameEquivalent._meta.get_field("form").max_length,
        help_text=gettext_lazy("e.g. Ibragim: the search will find one when the other is typed."),
    )
    source = forms.CharField(
        label=gettext_lazy("Where this spelling is used"),
        max_length=NameEquivalent._meta.get_field("source").max_length,
        help_text=gettext_lazy("A document, a list or a dictionary, so that others can check it."),
    )


@permission_required(Perm.EDIT_NAME_EQUIVALENTS)
@require_http_methods(["GET", "HEAD", "POST"])
def name_equivalents(request):
    form = EquivalentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = equivalents.equivalent_add(actor=request.user, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(
                request,
                _("“%(form)s” is now read as “%(name)s”.") % {"form": row.form, "name": row.canonical},
            )
            return redirect("people:name_equivalents")
    rows = NameEquivalent.objects.select_related("created_by")
    return render(request, "people/name_equivalents.html", {"form": form, "rows": rows})


@permission_required(Perm.EDIT_NAME_EQUIVALENTS)
@post_only
def name_equivalent_withdraw(request, pk: int):
    row = get_object_or_404(NameEquivalent, pk=pk)
    try:
        equivalents.equivalent_withdraw(actor=request.user, row=row)
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(request, _("“%(form)s” is read on its own again.") % {"form": row.form})
    return redirect("people:name_equivalents")
