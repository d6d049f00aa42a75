"""Every URL of the grants app (views by subject in views/)."""

from django.urls import path

from isenim.grants.views import logframe, meetings, projects, reports, results

app_name = "grants"
urlpatterns: list = [
    # Projects & meetings.
    path("", projects.project_list, name="project_list"),
    path("new/", projects.project_create_view, name="project_create"),
    path("<int:pk>/", projects.project_detail, name="project_detail"),
    path("<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("<int:pk>/communities/", projects.communities_edit, name="communities_edit"),
    path("<int:pk>/meetings/", meetings.meeting_list, name="meeting_list"),
    path("<int:pk>/meetings/new/", meetings.meeting_create_view, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/materials/", meetings.meeting_materials, name="meeting_materials"),
    path("meetings/<int:pk>/sheet.pdf", meetings.meeting_sheet, name="meeting_sheet"),
    # Logframe, indicators and targets against actuals.
    path("<int:pk>/logframe/", logframe.logframe, name="logframe"),
    path("<int:pk>/logframe/new/", logframe.node_create_view, name="node_create"),
    path("logframe/<int:pk>/edit/", logframe.node_edit, name="node_edit"),
    path("logframe/<int:pk>/indicators/new/", logframe.indicator_create_view, name="indicator_create"),
    path("indicators/<int:pk>/", logframe.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", logframe.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/targets/", logframe.indicator_targets, name="indicator_targets"),
    path("indicators/<int:pk>/values/new/", logframe.value_create, name="value_create"),
    path("values/<int:pk>/approve/", logframe.value_approve_view, name="value_approve"),
    path("values/<int:pk>/evidence/download/", logframe.value_evidence, name="value_evidence"),
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/results/refresh/", results.actuals_refresh, name="actuals_refresh"),
    # Donor reports.
    path("<int:pk>/reports/", reports.report_list_view, name="report_list"),
    path("<int:pk>/reports/new/", reports.report_create_view, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/build/", reports.report_build_view, name="report_build"),
    path("reports/<int:pk>/progress/", reports.report_progress, name="report_progress"),
    path("reports/<int:pk>/<str:kind>/download/", reports.report_download, name="report_download"),
    path("reports/<int:pk>/submit/", reports.report_submit_view, name="report_submit"),
]
