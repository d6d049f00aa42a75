from django.urls import path

from isenim.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("new/", views.staff_create, name="staff_create"),
    path("<int:pk>/", views.staff_edit, name="staff_edit"),
    path("<int:pk>/reset-second-factor/", views.staff_reset_second_factor, name="staff_reset_second_factor"),
    path("<int:pk>/password/", views.staff_set_password, name="staff_set_password"),
]
