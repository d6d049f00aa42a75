"""Every URL of the grants app (views by subject in views/)."""

app_name = "grants"
urlpatterns: list = []
