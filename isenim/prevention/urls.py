"""Every URL of the prevention app (views by subject in views/: campaigns, materials, stock, actions,
placements, dashboard)."""

app_name = "prevention"
urlpatterns: list = []
