from django.urls import path

from isenim.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.dashboard, name="dashboard"),
    path("staff/contacts/", views.contacts_edit, name="contacts_edit"),
    path("staff/audit/", views.audit_log, name="audit_log"),
    path("staff/audit/access/", views.access_log, name="access_log"),
]
