"""The director's and the M&E officer's dashboard (Perm.VIEW_INSIGHTS): figures with charts, each with the
list behind it (for roles that may open it) and the analysis page for the same numbers."""

from django.shortcuts import render
from django.utils import timezone

from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only
from isenim.insights.dashboards import dashboard as dashboard_figures


@permission_required(Perm.VIEW_INSIGHTS)
@read_only
def dashboard(request):
    board = dashboard_figures(request.user, timezone.localdate())
    return render(request, "insights/dashboard.html", {"board": board})
