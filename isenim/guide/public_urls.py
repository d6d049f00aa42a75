from django.urls import path

from isenim.guide.views import public as public_views

# Public pages (no sign-in): the destination guides and the "ask us before you go" form.
app_name = "public_guide"
urlpatterns = [
    path("guide/", public_views.guide_index, name="guide_index"),
    path("guide/<str:iso2>/", public_views.guide_country, name="guide_country"),
    path("ask/", public_views.ask, name="ask"),
    path("ask/thanks/", public_views.ask_thanks, name="ask_thanks"),
]
