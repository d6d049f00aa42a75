"""The logframe: its tree, a row, an indicator's sheet with its values by period, targets, values entered by
hand (and corrections of frozen computed values), approval by a second person, the evidence. Thin: writes
through services.logframe and services.values, reads through selectors.logframe."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_in_form, refusal_message
from isenim.core.forms import parse_id
from isenim.core.measures import measure_named
from isenim.grants.choices import NodeLevel
from isenim.grants.forms.logframe import CorrectionForm, IndicatorForm, NodeForm, TargetsForm, ValueForm
from isenim.grants.models import LogframeNode
from isenim.grants.selectors import logframe as selectors
from isenim.grants.selectors.projects import project_get
from isenim.grants.services.logframe import (
    indicator_create,
    indicator_update,
    node_create,
    node_update,
    targets_set,
)
from isenim.grants.services.values import evidence_bytes, value_approve, value_correct, value_record


@permission_required(Perm.VIEW_GRANTS)
@read_only
def logframe(request, pk: int):
    project = project_get(pk)
    return render(
        request,
        "grants/logframe/logframe.html",
        {
            "project": project,
            "rows": selectors.tree(project),
            "can_manage": can(request.user, Perm.MANAGE_GRANTS),
        },
    )


@permission_required(Perm.MANAGE_GRANTS)
def node_create_view(request, pk: int):
    project = project_get(pk)
    parent_id = parse_id(request.GET.get("parent") or request.POST.get("parent"))
    parent = LogframeNode.objects.filter(project=project, pk=parent_id).first() if parent_id else None
    level = selectors.child_level(parent.level) if parent else NodeLevel.GOAL.value
    if level is None:
        raise Http404
    form = NodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            node = node_create(
                actor=request.user,
                project=project,
                level=level,
                parent=parent,
                code=form.cleaned_data["code"],
                text=form.cleaned_data["text"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Row %(code)s added to the logframe.") % {"code": node.code})
            return redirect("grants:logframe", pk=project.pk)
    return render(
        request,
        "grants/logframe/node_form.html",
        {"project": project, "form": form, "parent": parent, "level": NodeLevel(level).label, "node": None},
    )


@permission_required(Perm.MANAGE_GRANTS)
def node_edit(request, pk: int):
    node = selectors.node_get(pk)
    form = NodeForm(request.POST or None, initial={"code": node.code, "text": node.text})
    if request.method == "POST" and form.is_valid():
        try:
            node_update(
                actor=request.user, node=node, code=form.cleaned_data["code"], text=form.cleaned_data["text"]
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(
                request, _("Row %(code)s saved.") % {"code": form.cleaned_data["code"] or node.code}
            )
            return redirect("grants:logframe", pk=node.project_id)
    return render(
        request,
        "grants/logframe/node_form.html",
        {
            "project": node.project,
            "form": form,
            "parent": node.parent,
            "level": node.get_level_display(),
            "node": node,
        },
    )


@permission_required(Perm.MANAGE_GRANTS)
def indicator_create_view(request, pk: int):
    node = selectors.node_get(pk)
    form = IndicatorForm(request.POST or None, initial={"code": f"{node.code}.{node.indicators.count() + 1}"})
    if request.method == "POST" and form.is_valid():
        try:
            indicator = indicator_create(actor=request.user, node=node, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Indicator added. Now set its targets per period."))
            return redirect("grants:indicator_targets", pk=indicator.pk)
    return render(
        request,
        "grants/logframe/indicator_form.html",
        {"project": node.project, "node": node, "form": form, "indicator": None},
    )


@permission_required(Perm.MANAGE_GRANTS)
def indicator_edit(request, pk: int):
    indicator = selectors.indicator_get(pk)
    form = IndicatorForm(request.POST or None, initial=IndicatorForm.initial_from(indicator))
    if request.method == "POST" and form.is_valid():
        try:
            indicator_update(actor=request.user, indicator=indicator, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("grants:indicator_detail", pk=indicator.pk)
    return render(
        request,
        "grants/logframe/indicator_form.html",
        {
            "project": indicator.node.project,
            "node": indicator.node,
            "form": form,
            "indicator": indicator,
            "measure_missing": bool(indicator.measure) and measure_named(indicator.measure) is None,
        },
    )


@permission_required(Perm.VIEW_GRANTS)
@read_only
def indicator_detail(request, pk: int):
    indicator = selectors.indicator_get(pk)
    measure = measure_named(indicator.measure) if indicator.measure else None
    return render(
        request,
        "grants/logframe/indicator_detail.html",
        {
            "project": indicator.node.project,
            "indicator": indicator,
            "measure": measure,
            "measure_missing": bool(indicator.measure) and measure is None,
            "periods": selectors.indicator_periods(indicator, request.user),
            "can_manage": can(request.user, Perm.MANAGE_GRANTS),
            "hides_counts": bool(measure and measure.counts_case_data),
        },
    )


@permission_required(Perm.MANAGE_GRANTS)
def indicator_targets(request, pk: int):
    indicator = selectors.indicator_get(pk)
    periods = list(selectors.open_periods(indicator.node.project))
    initial = {t.period_id: t.target for t in indicator.targets.all()}
    form = TargetsForm(request.POST or None, periods=periods, initial_targets=initial)
    if request.method == "POST" and form.is_valid():
        try:
            targets_set(actor=request.user, indicator=indicator, targets=form.targets())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Targets saved."))
            return redirect("grants:indicator_detail", pk=indicator.pk)
    return render(
        request,
        "grants/logframe/targets_form.html",
        {"project": indicator.node.project, "indicator": indicator, "form": form},
    )


@permission_required(Perm.MANAGE_GRANTS)
def value_create(request, pk: int):
    """A value by hand with its evidence; for a computed indicator, the correction of a frozen period."""
    indicator = selectors.indicator_get(pk)
    project = indicator.node.project
    periods = selectors.open_periods(project)
    computed = bool(indicator.measure) and measure_named(indicator.measure) is not None
    if computed:
        form = CorrectionForm(request.POST or None, periods=periods)
    else:
        form = ValueForm(request.POST or None, request.FILES or None, periods=periods)
    if request.GET.get("period") and request.method != "POST":
        form.initial["period"] = parse_id(request.GET["period"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if computed:
                value_correct(
                    actor=request.user, indicator=indicator, period=data["period"], reason=data["reason"]
                )
                messages.success(request, _("The corrected value is kept as a new revision."))
            else:
                upload = data["evidence"]
                value_record(
                    actor=request.user,
                    indicator=indicator,
                    period=data["period"],
                    value=data["value"],
                    evidence=upload.read(),
                    file_name=upload.name,
                    reason=data["reason"],
                )
                messages.success(request, _("Value recorded. It counts once a second person approves it."))
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            return redirect("grants:indicator_detail", pk=indicator.pk)
    return render(
        request,
        "grants/logframe/value_form.html",
        {
            "project": project,
            "indicator": indicator,
            "form": form,
            "computed": computed,
            "measure_missing": bool(indicator.measure) and not computed,
        },
    )


@permission_required(Perm.MANAGE_GRANTS)
@post_only
def value_approve_view(request, pk: int):
    value = selectors.value_get(pk)
    try:
        value_approve(actor=request.user, value=value)
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(
            request, _("Value for %(period)s approved: it now counts.") % {"period": value.period.label}
        )
    return redirect("grants:indicator_detail", pk=value.indicator_id)


@permission_required(Perm.VIEW_GRANTS)
@read_only
def value_evidence(request, pk: int):
    value = selectors.value_get(pk)
    if not value.evidence_vault_name:
        raise Http404
    response = HttpResponse(
        evidence_bytes(value), content_type=value.evidence_content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + _quote(
        value.evidence_file_name or "evidence"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name.replace("/", "_").replace("\\", "_"))
