"""The analysis page (``insights:analysis``): a pivot over the appeals, the cases or a comparison dataset,
chosen by a GET form whose address is the analysis (shareable, no JavaScript), its chart, the same period a
year earlier, and the same analysis as an XLSX or PDF file counted at FILE_K.

Who: the director and the M&E officer (every record; ``analysis``), caseworkers (their own appeals and
cases; ``analysis_own``), the prevention officer (appeals attributed to campaigns; ``analysis_prevention``)
— one address per permission, the same page; the sources narrow what each counts. The administrator has
none of these permissions: a 404.
"""

from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only
from isenim.core.pivot import UnknownDimension, source_named, source_names
from isenim.insights import exports
from isenim.insights.forms import AnalysisForm, SavedViewNameForm
from isenim.insights.pivot import PivotError, PivotSpec, dimensions_for, pivot_k, run_pivot
from isenim.insights.services.saved_views import may_save_views

# The page under one address per permission that opens it (each view needs exactly one permission, and
# the staff menu has one entry per permission): the same page, the same counts for the same person.
SCOPES = {
    "analysis": Perm.VIEW_INSIGHTS,
    "analysis_own": Perm.VIEW_OWN_FIGURES,
    "analysis_prevention": Perm.VIEW_PREVENTION_FIGURES,
}


def _comparison_names() -> list[str]:
    from isenim.comparison.models import ComparisonDataset

    return [f"comparison:{name}" for name in ComparisonDataset.objects.values_list("name", flat=True)]


def sources_for(user) -> list[tuple[str, str]]:
    """(name, label) of every source ``user`` may pivot: those the registry knows, and each comparison
    dataset once its source is registered; a source that offers the user no dimension is left out."""
    found = []
    for name in [*source_names(), *_comparison_names()]:
        source = source_named(name)
        if source is None:
            continue
        try:
            dimensions = dimensions_for(name, user)
        except (PivotError, UnknownDimension):
            continue
        if dimensions:
            found.append((name, str(source.label or name)))
    return found


def _run(spec: PivotSpec, user, k: int):
    return run_pivot(spec, user=user, k=k)


def analysis_context(user, query: QueryDict, *, scope: str = "analysis", save_form=None) -> dict:
    """Everything the page shows for the analysis ``query`` asks; a bad request is ``error`` (a
    translated message) beside the form, never an exception."""
    sources = sources_for(user)
    if not sources:
        raise Http404
    names = [name for name, _label in sources]
    labels = dict(sources)
    asked = query.get("source") or names[0]
    error = ""
    if asked not in names:
        error = str(PivotError(_unknown_source(asked)))
        asked = names[0]
    dimensions = dimensions_for(asked, user)
    form = AnalysisForm(query or None, sources=sources, dimensions=dimensions)
    form.initial = {"source": asked, "period": "last_12_months"}
    result = spec = None
    if query.get("rows") and not error:
        try:
            spec = PivotSpec.from_query(query)
            result = _run(spec, user, pivot_k(user))
        except PivotError as problem:
            error, result = str(problem), None
        except UnknownDimension as problem:
            error, result = _unknown_dimension(problem), None
    context = {
        "urls": {
            "page": reverse(f"insights:{scope}"),
            "xlsx": reverse(f"insights:{scope}_xlsx"),
            "pdf": reverse(f"insights:{scope}_pdf"),
        },
        "form": form,
        "error": error,
        "result": result,
        "may_save": may_save_views(user),
        "save_form": save_form,
    }
    if result is not None:
        context.update(
            {
                "spec_query": spec.to_query(),
                "title": exports.title_of(result),
                "source_label": labels[spec.source],
                "period_text": exports.period_text(result),
                "filters": exports.filter_lines(result, dimensions),
                "grid": exports.grid_of(result),
                "chart": result.chart(),
                "comparison": result.comparison,
                "comparison_grid": exports.grid_of(result.comparison) if result.comparison else None,
                "comparison_period": exports.period_text(result.comparison) if result.comparison else "",
                "save_form": save_form or SavedViewNameForm(),
            }
        )
    return context


def _unknown_source(name: str) -> str:
    from django.utils.translation import gettext

    return gettext("Unknown data source: %(source)s.") % {"source": name}


def _unknown_dimension(problem) -> str:
    from django.utils.translation import gettext

    return gettext("Unknown dimension: %(name)s.") % {"name": problem}


def _page(scope: str):
    @permission_required(SCOPES[scope])
    @read_only
    def page(request):
        context = analysis_context(request.user, request.GET, scope=scope)
        return render(request, "insights/analysis.html", context)

    page.__name__ = page.__qualname__ = scope
    return page


def _export(scope: str):
    @permission_required(SCOPES[scope])
    @read_only
    def export(request, fmt: str):
        """The analysis of the query string as a file at FILE_K (audited); a bad query string shows the
        page with what is wrong, and records nothing."""
        user = request.user
        names = dict(sources_for(user))
        try:
            spec = PivotSpec.from_query(request.GET)
            if spec.source not in names:
                raise PivotError(_unknown_source(spec.source))
            content, content_type, name = exports.export_analysis(
                actor=user,
                spec=spec,
                fmt=fmt,
                dimensions=dimensions_for(spec.source, user),
                source_label=names[spec.source],
                run=lambda s, k: _run(s, user, k),
            )
        except (PivotError, UnknownDimension) as problem:
            context = analysis_context(user, request.GET, scope=scope)
            if not context["error"]:
                message = str(problem) if isinstance(problem, PivotError) else _unknown_dimension(problem)
                context.update(error=message, result=None)
            return render(request, "insights/analysis.html", context)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    export.__name__ = export.__qualname__ = f"{scope}_export"
    return export


analysis = _page("analysis")
analysis_own = _page("analysis_own")
analysis_prevention = _page("analysis_prevention")
analysis_export = _export("analysis")
analysis_own_export = _export("analysis_own")
analysis_prevention_export = _export("analysis_prevention")
