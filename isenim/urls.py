from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = i18n_patterns(
    path("", include("isenim.portal.urls")),
    path("staff/accounts/", include("isenim.accounts.urls")),
    path("staff/reference/", include("isenim.geo.urls")),
    path("accounts/", include("allauth.account.urls")),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    prefix_default_language=False,
)
