"""A page a role may not open answers like a missing page, in the reader's language: the site's own 404
(templates/404.html), also with DEBUG on, where Django would show its technical 404 page (with the
view's name, the URL patterns and the reason) instead. In production Django renders 404.html itself."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render


class SiteNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        return None
