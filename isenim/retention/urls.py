from django.urls import path

from isenim.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("periods/", views.periods_edit, name="periods"),
    path("due/<str:kind>/", views.due_list, name="due"),
    path("apply/", views.apply_now, name="apply"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
]
