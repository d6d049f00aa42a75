from django.urls import path

from isenim.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("new/", views.staff_create, name="staff_create"),
    path("<int:pk>/", views.staff_edit, name="staff_edit"),
    path("<int:pk>/reset/", views.staff_reset, name="staff_reset"),
    path("<int:pk>/end-sessions/", views.staff_end_sessions, name="staff_end_sessions"),
    path("changes/", views.change_list, name="change_list"),
    path("changes/<int:pk>/confirm/", views.change_confirm, name="change_confirm"),
    path("changes/<int:pk>/refuse/", views.change_refuse, name="change_refuse"),
    path("sessions/", views.my_sessions, name="my_sessions"),
    path("sessions/end/", views.session_end, name="session_end"),
]
