"""Official figures by region and year (``insights:figure_*``): the table of a figure by region and year
beside the centre's own series — appeals of presumed victims from Karakalpakstan per year, at the reader's
screen k — and the forms to enter, change, delete and import figures.

Who: Perm.VIEW_INSIGHTS reads (the director, the M&E officer); Perm.MANAGE_COMPARISON enters, changes,
deletes and imports (the same roles today, but the rule is the permission). Anyone else: the plain 404.
"""

from datetime import date

from django.contrib import messages
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.appeals.models import Appeal
from isenim.core.access import Perm, can
from isenim.core.charts import Chart, Series
from isenim.core.decorators import permission_required, read_only
from isenim.core.disclosure import safe_counts, screen_k
from isenim.core.errors import Refusal, refusal_in_form, refusal_message
from isenim.geo.models import AdminUnit
from isenim.insights.figure_forms import FigureForm, FigureImportForm
from isenim.insights.forms import DeleteConfirmForm
from isenim.insights.models import OfficialFigure
from isenim.insights.services import figures as services

CENTRE_REGION_CODE = "1735"  # the Republic of Karakalpakstan (SOATO): the centre's region
MOST_YEARS = 12


def centre_series(years: list[int], k: int | None):
    """Appeals of presumed victims from the centre's region per year (duplicates not counted), as a
    one-way table under disclosure control."""
    counts = dict(
        Appeal.objects.filter(
            presumed_victim=True,
            duplicate_of__isnull=True,
            home_district__parent__code=CENTRE_REGION_CODE,
            received_on__gte=date(years[0], 1, 1),
            received_on__lte=date(years[-1], 12, 31),
        )
        .order_by()
        .annotate(year=ExtractYear("received_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    return safe_counts(counts, k, keys=years)


@permission_required(Perm.VIEW_INSIGHTS)
@read_only
def figure_list(request):
    measure = request.GET.get("measure") or OfficialFigure.Measure.VICTIMS_IDENTIFIED
    if measure not in OfficialFigure.Measure.values:
        measure = OfficialFigure.Measure.VICTIMS_IDENTIFIED
    chosen = list(OfficialFigure.objects.filter(measure=measure).select_related("region"))
    this_year = timezone.localdate().year
    first = min([f.year for f in chosen] + [this_year - 4])
    years = list(range(max(first, this_year - MOST_YEARS + 1), this_year + 1))
    regions = sorted({f.region for f in chosen if f.year in years}, key=lambda unit: unit.code)
    by_cell = {(f.region_id, f.year): f for f in chosen}
    grid = [
        {"region": region, "cells": [by_cell.get((region.pk, year)) for year in years]} for region in regions
    ]
    k = screen_k(request.user)
    centre = centre_series(years, k)
    chart = Chart(
        title=OfficialFigure.Measure(measure).label,
        labels=[str(year) for year in years],
        series=[
            Series(_("The centre: appeals of presumed victims from Karakalpakstan"), centre.column(None)),
            *[
                Series(row["region"].name(), [cell.value if cell else None for cell in row["cells"]])
                for row in grid
            ],
        ],
        kind="line",
        note=_("Appeals measure help-seeking, not how many people are harmed."),
    )
    figures = OfficialFigure.objects.select_related("region", "entered_by").order_by(
        "-year", "measure", "region__code"
    )
    return render(
        request,
        "insights/figures_list.html",
        {
            "measure": measure,
            "measures": OfficialFigure.Measure.choices,
            "measure_label": OfficialFigure.Measure(measure).label,
            "years": years,
            "grid": grid,
            "centre": centre,
            "centre_region": AdminUnit.objects.filter(code=CENTRE_REGION_CODE).first(),
            "chart": chart,
            "figures": figures,
            "can_manage": can(request.user, Perm.MANAGE_COMPARISON),
        },
    )


def _figure_form(request, figure=None):
    form = FigureForm(request.POST or None, figure=figure)
    if request.method == "POST" and form.is_valid():
        try:
            services.figure_save(actor=request.user, figure=figure, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Official figure saved."))
            return redirect("insights:figure_list")
    return render(request, "insights/figures_form.html", {"form": form, "figure": figure})


@permission_required(Perm.MANAGE_COMPARISON)
def figure_create(request):
    return _figure_form(request)


@permission_required(Perm.MANAGE_COMPARISON)
def figure_edit(request, pk: int):
    return _figure_form(request, get_object_or_404(OfficialFigure, pk=pk))


@permission_required(Perm.MANAGE_COMPARISON)
def figure_delete(request, pk: int):
    """GET: the figure and the box to tick; a POST with it ticked deletes, without it the page comes back
    saying nothing was deleted."""
    figure = get_object_or_404(OfficialFigure.objects.select_related("region"), pk=pk)
    form = DeleteConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.figure_delete(actor=request.user, figure=figure)
        except Refusal as error:
            refusal_message(request, error)
        else:
            messages.success(request, _("Official figure deleted."))
        return redirect("insights:figure_list")
    context = {
        "form": form,
        "heading": _("Delete an official figure"),
        "facts": [
            (_("Figure"), figure.get_measure_display()),
            (_("Region"), figure.region.name),
            (_("Year"), str(figure.year)),
            (_("Value"), figure.value),
            (_("Source"), figure.source),
        ],
        "action_url": reverse("insights:figure_delete", args=[figure.pk]),
        "back_url": reverse("insights:figure_list"),
        "back_label": _("Official figures"),
    }
    return render(request, "insights/confirm_delete.html", context)


@permission_required(Perm.MANAGE_COMPARISON)
def figure_import(request):
    form = FigureImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.figures_import(actor=request.user, name=upload.name, content=upload.read())
        except Refusal as error:
            refusal_in_form(form, error)
    return render(request, "insights/figures_import.html", {"form": form, "report": report})
