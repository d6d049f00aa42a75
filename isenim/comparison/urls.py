from django.urls import path

from isenim.comparison import views

app_name = "comparison"
urlpatterns = [
    path("", views.dataset_list, name="dataset_list"),
    path("import/", views.dataset_import, name="dataset_import"),
    path("<slug:name>/", views.dataset_detail, name="dataset_detail"),
    path("<slug:name>/delete/", views.dataset_delete, name="dataset_delete"),
]
