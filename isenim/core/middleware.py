"""Response headers and methods that hold for every page (docs/protection.md)."""

from django.http import HttpResponseNotAllowed

# The methods Isenim's pages use. Anything else (TRACE, PUT, DELETE, …) is refused before any view runs.
ALLOWED_METHODS = ("GET", "HEAD", "POST")
# No page uses a camera, microphone, location, payment or USB device, and no other site may ask for them
# inside ours.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class SecurityHeadersMiddleware:
    """Refuse unknown methods with 405; send Permissions-Policy everywhere; and ``Cache-Control: no-store``
    on every page served to a signed-in member of staff, so no browser, proxy or shared computer keeps a
    copy of a page with a person's data on disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store, private"
            response.headers["Pragma"] = "no-cache"
        return response
