from django.urls import path

from isenim.appeals import views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_list, name="appeal_list"),
    path("new/", views.appeal_create, name="appeal_create"),
    path("new/candidates/", views.person_candidates, name="person_candidates"),
    path("<str:code>/", views.appeal_detail, name="appeal_detail"),
    path("<str:code>/edit/", views.appeal_edit, name="appeal_edit"),
]
