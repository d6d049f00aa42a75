"""Return home, document restoration and pre-departure consultations, each under a case number."""

from isenim.support.views import consultations, documents, returns

app_name = "support"
urlpatterns = [*returns.urlpatterns, *documents.urlpatterns, *consultations.urlpatterns]
