"""Every URL of the case file. Each part of the file keeps its patterns in its own views module."""

from django.urls import path

from isenim.cases.views import assessment as assessment_views
from isenim.cases.views import cases, catalogue, documents, my_work, notes, referrals, services_delivered
from isenim.cases.views import plan as plan_views
from isenim.cases.views import timeline as timeline_views

app_name = "cases"
urlpatterns = [
    *my_work.urlpatterns,
    path("", cases.case_list, name="case_list"),
    path("new/", cases.case_create, name="case_create"),
    path("approvals/", cases.approval_list, name="approval_list"),
    path("approvals/<int:pk>/", cases.approval_decide, name="approval_decide"),
    path("settings/", cases.casework_settings, name="casework_settings"),
    path("<str:number>/", cases.case_detail, name="case_detail"),
    path("<str:number>/edit/", cases.case_edit, name="case_edit"),
    path("<str:number>/team/", cases.team_add, name="team_add"),
    path("<str:number>/team/<int:user_id>/remove/", cases.team_remove, name="team_remove"),
    path("<str:number>/status/", cases.status_change, name="status_change"),
    path("<str:number>/close/", cases.closure_request, name="closure_request"),
    path("<str:number>/plan-approval/", cases.plan_approval_request, name="plan_approval_request"),
]
urlpatterns += assessment_views.urlpatterns + plan_views.urlpatterns
urlpatterns += notes.urlpatterns + documents.urlpatterns
urlpatterns += timeline_views.urlpatterns
# Services and referrals; the catalogue's pages are not under a case number, so they go first.
urlpatterns[0:0] = catalogue.urlpatterns
urlpatterns += services_delivered.urlpatterns + referrals.urlpatterns
