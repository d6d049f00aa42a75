"""Every URL of the grants app (views by subject in views/)."""

from django.urls import path

from isenim.grants.views import meetings, projects

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
    path("meetings/<int:pk>/sheet/", meetings.meeting_sheet, name="meeting_sheet"),
]
