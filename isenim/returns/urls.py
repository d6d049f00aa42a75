"""Return home and document restoration, each under a case number."""

from django.urls import path

from isenim.returns.views import documents, returns

app_name = "returns"
urlpatterns = [
    # Return home
    path("cases/<str:number>/return/", returns.return_plan, name="return_plan"),
    path("cases/<str:number>/return/steps/add/", returns.return_step_add, name="return_step_add"),
    # Document restoration
    path("cases/<str:number>/documents/add/", documents.application_add, name="application_add"),
    path(
        "cases/<str:number>/documents/<int:pk>/status/", documents.application_move, name="application_move"
    ),
    path(
        "cases/<str:number>/documents/<int:pk>/hand-over/",
        documents.application_hand_over,
        name="application_hand_over",
    ),
]
