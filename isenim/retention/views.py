from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from isenim.core.access import Perm
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.retention import backups, selectors, services
from isenim.retention.forms import ConfirmForm, DecideForm, PeriodsForm, RequestForm
from isenim.retention.models import ErasureRequest, Kind

# The list of records due shows this many at a time; confirming them brings the next ones.
DUE_PAGE = 200


@permission_required(Perm.MANAGE_RETENTION)
@read_only
def overview(request):
    periods = services.periods()
    counts = services.due_counts()
    kinds = [
        {"kind": kind, "label": label, "months": periods[kind], "due": counts[kind]}
        for kind, label in Kind.choices
    ]
    found = backups.archives()
    return render(
        request,
        "retention/overview.html",
        {
            "kinds": kinds,
            "waiting": services.waiting().count(),
            "requests": ErasureRequest.objects.select_related("person", "decided_by")[:50],
            "archives": found,
            "backup_folder": backups.backup_folder(),
            "too_old": [archive for archive in found or [] if archive.too_old],
            "before_erasure": sum(1 for archive in found or [] if archive.before_erasure),
            "longest": max(periods.values()),
        },
    )


@permission_required(Perm.MANAGE_RETENTION)
def periods_edit(request):
    form = PeriodsForm(request.POST or None, current=services.periods())
    if request.method == "POST" and form.is_valid():
        services.periods_update(actor=request.user, months=form.cleaned_data)
        messages.success(request, _("Retention periods saved."))
        return redirect("retention:overview")
    return render(request, "retention/periods.html", {"form": form})


@permission_required(Perm.MANAGE_RETENTION)
def due_list(request, kind: str):
    if kind not in Kind.values:
        raise Http404
    rows = selectors.due_rows(kind, limit=DUE_PAGE)
    form = ConfirmForm(request.POST or None, choices=[row["pk"] for row in rows])
    if request.method == "POST" and form.is_valid():
        count = services.confirm(actor=request.user, kind=kind, ids=form.cleaned_data["records"])
        messages.success(
            request,
            ngettext(
                "%(count)d record confirmed: the next run anonymises it, or the button below now.",
                "%(count)d records confirmed: the next run anonymises them, or the button below now.",
                count,
            )
            % {"count": count},
        )
        return redirect("retention:overview")
    return render(
        request,
        "retention/due.html",
        {
            "kind": kind,
            "label": Kind(kind).label,
            "months": services.periods()[kind],
            "cutoff": services.cutoff(kind),
            "rows": rows,
            "form": form,
            "ticked": {int(value) for value in request.POST.getlist("records") if value.isdigit()},
            "total": services.due(kind).count(),
        },
    )


@permission_required(Perm.MANAGE_RETENTION)
@post_only
def apply_now(request):
    done = services.apply_confirmed(limit=DUE_PAGE)
    messages.success(
        request,
        _("Anonymised: %(done)d. Cancelled, no longer due: %(cancelled)d.") % done,
    )
    return redirect("retention:overview")


@permission_required(Perm.MANAGE_RETENTION)
def request_new(request):
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure = services.request_record(
                actor=request.user, person=form.person, received_on=form.cleaned_data["received_on"]
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Request recorded. Decide it below."))
            return redirect("retention:request_detail", pk=erasure.pk)
    return render(request, "retention/request_new.html", {"form": form})


@permission_required(Perm.MANAGE_RETENTION)
@reauthentication_required
def request_detail(request, pk: int):
    erasure = get_object_or_404(
        ErasureRequest.objects.select_related("person", "recorded_by", "decided_by"), pk=pk
    )
    form = DecideForm(request.POST or None) if erasure.state == ErasureRequest.State.PENDING else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_decide(
                actor=request.user,
                request=erasure,
                grant=data["decision"] == "grant",
                ground=data["ground"],
                reason=data["reason"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("retention:request_detail", pk=erasure.pk)
    return render(
        request,
        "retention/request_detail.html",
        {
            "erasure": erasure,
            "form": form,
            "open_records": services.open_records(erasure.person) if form is not None else None,
        },
    )
