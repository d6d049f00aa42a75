from django.urls import path

from isenim.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.release_list, name="release_list"),
    path("<int:pk>/", views.release_detail, name="release_detail"),
    path("<int:pk>/file/", views.release_download, name="release_download"),
    path("<int:pk>/risk.json", views.release_report, name="release_report"),
]
