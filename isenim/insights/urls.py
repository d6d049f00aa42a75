"""Every URL of the insights app (views by subject in views/). A plain list: each subject adds its lines."""

from django.urls import path

from isenim.insights.views import analysis, saved
from isenim.insights.views import dashboard as dashboards

app_name = "insights"
urlpatterns: list = []

# The analysis page, its files, and saved analyses (analysis & saved views)
urlpatterns += [
    path("analysis/", analysis.analysis, name="analysis"),
    path("analysis/export.xlsx", analysis.analysis_export, {"fmt": "xlsx"}, name="analysis_xlsx"),
    path("analysis/export.pdf", analysis.analysis_export, {"fmt": "pdf"}, name="analysis_pdf"),
    # The same page for those who see their own figures, and for the prevention officer (one address per
    # permission: a view needs exactly one, and the staff menu lists one entry per permission).
    path("analysis/own/", analysis.analysis_own, name="analysis_own"),
    path("analysis/own/export.xlsx", analysis.analysis_own_export, {"fmt": "xlsx"}, name="analysis_own_xlsx"),
    path("analysis/own/export.pdf", analysis.analysis_own_export, {"fmt": "pdf"}, name="analysis_own_pdf"),
    path("analysis/prevention/", analysis.analysis_prevention, name="analysis_prevention"),
    path(
        "analysis/prevention/export.xlsx",
        analysis.analysis_prevention_export,
        {"fmt": "xlsx"},
        name="analysis_prevention_xlsx",
    ),
    path(
        "analysis/prevention/export.pdf",
        analysis.analysis_prevention_export,
        {"fmt": "pdf"},
        name="analysis_prevention_pdf",
    ),
    path("saved/", saved.saved_list, name="saved_list"),
    path("saved/new/", saved.saved_create, name="saved_create"),
    path("saved/<int:pk>/rename/", saved.saved_rename, name="saved_rename"),
    path("saved/<int:pk>/delete/", saved.saved_delete, name="saved_delete"),
]

# The director's and the M&E officer's dashboard (dashboards)
urlpatterns += [
    path("", dashboards.dashboard, name="dashboard"),
]

# Campaigns compared and official figures by region (campaigns & official figures)
from isenim.insights.views import campaigns, figures  # noqa: E402

urlpatterns += [
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", campaigns.campaign_compare, name="campaign_compare"),
    path("figures/", figures.figure_list, name="figure_list"),
    path("figures/new/", figures.figure_create, name="figure_create"),
    path("figures/<int:pk>/edit/", figures.figure_edit, name="figure_edit"),
    path("figures/<int:pk>/delete/", figures.figure_delete, name="figure_delete"),
    path("figures/import/", figures.figure_import, name="figure_import"),
]
