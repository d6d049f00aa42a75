from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponsePermanentRedirect
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from isenim.accounts.views import use_code
from isenim.core.health import healthz


def default_language_prefix(request, rest: str):
    """/kaa/guide/kz/ → /guide/kz/: Karakalpak is the default language and has no prefix, but people
    (and printed links) write it. The target is always a path on this site ("//host" cannot arise)."""
    target = "/" + rest.lstrip("/")
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


urlpatterns = [
    re_path(r"^kaa/(?P<rest>.*)$", default_language_prefix),
    # For monitoring: no sign-in, no language, no personal data (core/health.py).
    path("healthz", healthz, name="healthz"),
]
urlpatterns += i18n_patterns(
    path("", include("isenim.portal.urls")),
    path("staff/accounts/", include("isenim.accounts.urls")),
    path("staff/reference/", include("isenim.geo.urls")),
    path("staff/people/", include("isenim.people.urls")),
    path("staff/appeals/", include("isenim.appeals.urls")),
    path("staff/cases/", include("isenim.cases.urls")),
    path("staff/guide/", include("isenim.guide.urls")),
    path("staff/support/", include("isenim.returns.urls")),
    path("staff/reintegration/", include("isenim.reintegration.urls")),
    path("staff/prevention/", include("isenim.prevention.urls")),
    path("staff/grants/", include("isenim.grants.urls")),
    path("staff/insights/", include("isenim.insights.urls")),
    path("staff/retention/", include("isenim.retention.urls")),
    path("staff/comparison/", include("isenim.comparison.urls")),
    path("staff/exchange/", include("isenim.exchange.urls")),
    path("", include("isenim.guide.public_urls")),
    # Staff have no email reset: this page says whom to ask, and a POST cannot try to send mail.
    path(
        "accounts/password/reset/",
        TemplateView.as_view(template_name="account/password_reset.html"),
        name="account_reset_password",
    ),
    # Public like the sign-in page: a member of staff sets their own password with a one-time code.
    path("accounts/code/", use_code, name="account_use_code"),
    path("accounts/", include("allauth.account.urls")),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    prefix_default_language=False,
)
