"""The analysis page (``insights:analysis``): a pivot over the appeals, the cases or a comparison dataset,
chosen by a GET form whose address is the analysis (shareable, no JavaScript), its chart, the same period a
year earlier, and the same analysis as an XLSX or PDF file counted at FILE_K.

Who: the director and the M&E officer (every record), caseworkers (their own appeals and cases), the
prevention officer (appeals attributed to campaigns) — the sources narrow what each counts. The
administrator has none of these permissions: a 404.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from isenim.core.access import Perm, can
from isenim.core.decorators import read_only
from isenim.core.pivot import UnknownDimension, source_named, source_names
from isenim.insights import exports
from isenim.insights.forms import AnalysisForm, SavedViewNameForm
from isenim.insights.pivot import PivotError, PivotSpec, dimensions_for, pivot_k, run_pivot
from isenim.insights.services.saved_views import may_save_views

ANALYSIS_PERMS = (Perm.VIEW_INSIGHTS, Perm.VIEW_OWN_FIGURES, Perm.VIEW_PREVENTION_FIGURES)


def may_analyse(user) -> bool:
    return any(can(user, perm) for perm in ANALYSIS_PERMS)


def analysis_required(view):
    """Signed in, and one of the analysis permissions; anyone else gets the plain 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_analyse(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.required_permission = ANALYSIS_PERMS[0]
    return wrapper


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


def analysis_context(user, query: QueryDict, *, save_form=None) -> dict:
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


@analysis_required
@read_only
def analysis(request):
    return render(request, "insights/analysis.html", analysis_context(request.user, request.GET))


@analysis_required
@read_only
def analysis_export(request, fmt: str):
    """The analysis of the query string as a file at FILE_K (audited); a bad query goes back to the page,
    which says what is wrong."""
    user = request.user
    names = dict(sources_for(user))
    back = reverse("insights:analysis") + ("?" + request.GET.urlencode() if request.GET else "")
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
    except (PivotError, UnknownDimension):
        return redirect(back)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
