from django.urls import path

from isenim.appeals import views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_list, name="appeal_list"),
    path("new/", views.appeal_create, name="appeal_create"),
    path("new/candidates/", views.person_candidates, name="person_candidates"),
    path("assign/", views.appeals_assign, name="appeals_assign"),
    path("settings/", views.appeal_settings, name="appeal_settings"),
    path("<str:code>/", views.appeal_detail, name="appeal_detail"),
    path("<str:code>/edit/", views.appeal_edit, name="appeal_edit"),
    path("<str:code>/assign/", views.appeal_assign, name="appeal_assign"),
    path("<str:code>/outcome/", views.appeal_outcome, name="appeal_outcome"),
]
