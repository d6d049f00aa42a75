"""Every URL of the case file, by part of the file."""

from django.urls import path

from isenim.cases.views import (
    assessment,
    cases,
    catalogue,
    documents,
    my_work,
    notes,
    plan,
    referrals,
    services_delivered,
    timeline,
)

app_name = "cases"
urlpatterns = [
    # The catalogue's pages are not under a case number, so they come first.
    path("catalogue/", catalogue.service_type_list, name="service_type_list"),
    path("catalogue/new/", catalogue.service_type_create, name="service_type_create"),
    path("catalogue/<int:pk>/", catalogue.service_type_edit, name="service_type_edit"),
    path("partners/", catalogue.partner_list, name="partner_list"),
    path("partners/new/", catalogue.partner_create, name="partner_create"),
    path("partners/<int:pk>/", catalogue.partner_edit, name="partner_edit"),
    # My work
    path("my-work/", my_work.my_work, name="my_work"),
    path("my-work/tasks/<int:pk>/done/", my_work.my_task_done, name="my_task_done"),
    # The case itself: list, opening, approvals, settings, team and status
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
    path("<str:number>/reopen/", cases.case_reopen, name="case_reopen"),
    path("<str:number>/plan-approval/", cases.plan_approval_request, name="plan_approval_request"),
    # Needs assessment
    path("<str:number>/assessment/", assessment.assessment_list, name="assessment_list"),
    path("<str:number>/assessment/new/", assessment.assessment_add, name="assessment_add"),
    # Assistance plan
    path("<str:number>/plan/goals/new/", plan.goal_add, name="plan_goal_add"),
    path("<str:number>/plan/goals/<int:goal_id>/edit/", plan.goal_edit, name="plan_goal_edit"),
    path("<str:number>/plan/goals/<int:goal_id>/achieved/", plan.goal_achieved, name="plan_goal_achieved"),
    path("<str:number>/plan/goals/<int:goal_id>/actions/new/", plan.action_add, name="plan_action_add"),
    path("<str:number>/plan/actions/<int:task_id>/edit/", plan.action_edit, name="plan_action_edit"),
    path("<str:number>/plan/actions/<int:task_id>/done/", plan.action_done, name="plan_action_done"),
    # Notes
    path("<str:number>/notes/", notes.note_list, name="note_list"),
    path("<str:number>/notes/new/", notes.note_add, name="note_add"),
    path("<str:number>/notes/<int:pk>/", notes.note_detail, name="note_detail"),
    # Documents
    path("<str:number>/documents/new/", documents.document_upload, name="document_upload"),
    path("<str:number>/documents/<int:pk>/download/", documents.document_download, name="document_download"),
    path("<str:number>/documents/identity/", documents.identity_document_set, name="identity_document_set"),
    # Timeline
    path("<str:number>/timeline/", timeline.timeline, name="case_timeline"),
    path("<str:number>/all/<slug:key>/", cases.case_section, name="case_section"),
    path("<str:number>/summary.pdf", timeline.summary_pdf, name="case_pdf"),
    # Services delivered
    path("<str:number>/services/add/", services_delivered.service_add, name="service_add"),
    path("<str:number>/services/<int:pk>/result/", services_delivered.service_result, name="service_result"),
    # Referrals
    path("<str:number>/referrals/send/", referrals.referral_send, name="referral_send"),
    path("<str:number>/referrals/receive/", referrals.referral_receive, name="referral_receive"),
    path("<str:number>/referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("<str:number>/referrals/<int:pk>/status/", referrals.referral_status, name="referral_status"),
]
