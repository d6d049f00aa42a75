from django.urls import path

from isenim.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("countries/", views.country_list, name="country_list"),
    path("assemblies/", views.assembly_options, name="assembly_options"),
    path("units/<int:pk>/edit/", views.record_edit, {"kind": "unit"}, name="unit_edit"),
    path("countries/<int:pk>/edit/", views.record_edit, {"kind": "country"}, name="country_edit"),
]
