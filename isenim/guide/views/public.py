"""Public pages (no sign-in): the destination guides, hotlines, the centre's contacts and the
"ask us before you go" form. Light: own small stylesheet, no script. Only published AND verified guide
items, verified missions and verified hotlines are shown here."""

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from isenim.geo.models import Country
from isenim.guide import selectors, services
from isenim.guide.forms import AskForm, new_timestamp
from isenim.portal.selectors import public_contacts

# At most this many questions per client address per hour, and this many attempts (typos included).
ASK_LIMIT = 5
ATTEMPT_LIMIT = 30
WINDOW_SECONDS = 60 * 60


def guide_index(request):
    context = {
        "countries": list(selectors.destination_countries()),
        "hotlines": list(selectors.hotlines()),
        "contacts": public_contacts(),
    }
    return render(request, "guide/public/guide_index.html", context)


def guide_country(request, iso2: str):
    if iso2 != iso2.lower():
        raise Http404
    country = Country.objects.filter(iso2=iso2.upper(), destination__active=True).first()
    if country is None:
        raise Http404
    context = {
        "country": country,
        "items": selectors.published_items(country, get_language()),
        "missions": list(selectors.missions_of(country, verified_only=True)),
        "hotlines": list(selectors.hotlines(country=country)),
        "contacts": public_contacts(),
    }
    return render(request, "guide/public/guide_country.html", context)


def _client_key(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _count(prefix: str, request) -> int:
    key = f"ask:{prefix}:{_client_key(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def _over_limit(request) -> bool:
    key = f"ask:sent:{_client_key(request)}"
    return (cache.get(key) or 0) >= ASK_LIMIT


@never_cache
def ask(request):
    status = 200
    limited = False
    if request.method == "POST":
        form = AskForm(request.POST)
        attempts = _count("attempt", request)
        if attempts > ATTEMPT_LIMIT or _over_limit(request):
            limited = True
            status = 429
            form.is_valid()  # errors of the fields still show; nothing is saved
        elif form.is_valid():
            services.ask_register(
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                telegram=form.cleaned_data["telegram"],
                destination=form.cleaned_data["destination"],
                question=form.cleaned_data["question"],
            )
            _count("sent", request)
            return redirect("public_guide:ask_thanks")
        else:
            status = 400 if form.spam else 200
        if form.expired:
            # The errors stay as found; what was typed is shown again with a new stamp to send it with.
            data = request.POST.copy()
            data["started"] = new_timestamp()
            form.data = data
    else:
        initial = {"started": new_timestamp()}
        iso2 = request.GET.get("to", "")
        if len(iso2) == 2 and iso2.isalpha():
            initial["destination"] = Country.objects.filter(
                iso2=iso2.upper(), destination__active=True
            ).first()
        form = AskForm(initial=initial)
    context = {"form": form, "limited": limited, "contacts": public_contacts()}
    if limited:
        context["limit_message"] = _(
            "You have sent several questions in the last hour. Please wait an hour and try again, "
            "or call the centre. What you wrote is still in the form."
        )
    return render(request, "guide/public/ask.html", context, status=status)


def ask_thanks(request):
    return render(request, "guide/public/ask_thanks.html", {"contacts": public_contacts()})
