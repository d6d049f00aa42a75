"""Every URL of the reintegration app; each part keeps its patterns in its views module."""

from isenim.reintegration.views import aid, catalogue, followup, profile

app_name = "reintegration"
urlpatterns = [*catalogue.urlpatterns, *aid.urlpatterns, *profile.urlpatterns, *followup.urlpatterns]
