"""The prevention dashboard (Perm.VIEW_PREVENTION)."""

from django.shortcuts import render
from django.utils import timezone

from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.prevention.selectors.dashboard import dashboard_figures


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def dashboard(request):
    figures = dashboard_figures(request.user, timezone.localdate())
    return render(
        request,
        "prevention/dashboard.html",
        {"figures": figures, "can_edit": can(request.user, Perm.EDIT_PREVENTION)},
    )
