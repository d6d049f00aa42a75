from django.urls import path  # noqa: F401

# Public pages (no sign-in): the destination guides and the "ask us before you go" form.
app_name = "public_guide"
urlpatterns: list = []
