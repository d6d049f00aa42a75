"""Walk every URL pattern of the project as every role and as an anonymous visitor.

Each view that needs a permission carries it (``required_permission``); the answer must match the policy
table in core/access.py: 200 with it, 404 without it, and a sign-in redirect for anonymous visitors.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from isenim.cases.tests.samples import case_samples
from isenim.core.access import ROLE_PERMISSIONS, Role


def _is_own(resolver: URLResolver) -> bool:
    """A resolver of one of Isenim's apps (allauth's and Django's own pages are not in the policy)."""
    module = resolver.urlconf_module
    return getattr(module, "__name__", "").startswith("isenim.")


def own_patterns(resolver=None, namespace="", own=False):
    """Every URL pattern of an Isenim app, named "namespace:name": a new app is walked without listing it."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from own_patterns(pattern, pattern.namespace or namespace, own or _is_own(pattern))
        elif isinstance(pattern, URLPattern) and own and namespace:
            yield f"{namespace}:{pattern.name}", pattern


ALL_PATTERNS = dict(own_patterns())


@pytest.fixture
def sample_kwargs(staff, settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")  # signed consent forms of the sample person
    from isenim.geo.models import AdminUnit, Country

    unit = AdminUnit.objects.create(code="1735", level="region", name_kaa="Қарақалпақстан")
    country = Country.objects.create(iso2="KZ", iso3="KAZ", name_kaa="Қазақстан")
    member = staff[Role.LAWYER]
    people = people_samples(staff[Role.DIRECTOR])
    return {
        **people,
        "accounts:staff_edit": {"pk": member.pk},
        "geo:unit_edit": {"pk": unit.pk},
        "geo:country_edit": {"pk": country.pk},
        **appeals_samples(staff[Role.INTAKE_OPERATOR]),
        **case_samples(staff),
        **other_app_samples(staff),
    }


def other_app_samples(staff) -> dict:
    """URL arguments from each later app's ``tests/url_samples.py`` (``def samples(staff) -> dict``)."""
    import importlib

    from django.apps import apps

    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("isenim."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.url_samples")
        except ModuleNotFoundError:
            continue
        found.update(module.samples(staff))
    return found


def appeals_samples(operator) -> dict:
    """An anonymous appeal, for the pages of one appeal."""
    from django.utils import timezone

    from isenim.appeals.services import AppealData, appeal_register

    data = AppealData(received_on=timezone.localdate(), channel="phone", category="other")
    code = {"code": appeal_register(actor=operator, data=data, anonymous=True).code}
    return {"appeals:appeal_detail": code, "appeals:appeal_edit": code}


def people_samples(director) -> dict:
    """A person with a consent (and its signed form), and a record merged into them (for the undo)."""
    from django.utils import timezone

    from isenim.people.services import PersonData, consent_record, person_create, person_merge

    person = person_create(actor=director, data=PersonData(identity={"last_name": "Сапарбаев"}))
    merged = person_create(actor=director, data=PersonData(identity={"last_name": "Saparbaev"}))
    person_merge(actor=director, keep=person, duplicate=merged)
    consent = consent_record(
        actor=director,
        person=person,
        purpose="services",
        given_on=timezone.localdate(),
        signed_form=b"%PDF-1.4 sample",
        signed_form_type="application/pdf",
    )
    code = {"code": person.code}
    return {
        "people:person_detail": code,
        "people:person_edit": code,
        "people:family_link_add": code,
        "people:consent_add": code,
        "people:consent_withdraw": {**code, "pk": consent.pk},
        "people:consent_form_download": {**code, "pk": consent.pk},
        "people:person_merge": code,
        "people:person_unmerge": {"code": merged.code},
    }


def url_for(name, sample_kwargs):
    return reverse(name, kwargs=sample_kwargs.get(name, {}))


def test_it_knows_the_permission_of_every_own_view():
    public = {"portal:home"}
    for name, pattern in ALL_PATTERNS.items():
        if name in public or name.startswith("public_guide:"):  # the public guide pages need no sign-in
            continue
        assert getattr(pattern.callback, "required_permission", None) in ROLE_PERMISSIONS, name


@pytest.mark.parametrize("role", list(Role))
def test_it_answers_every_role_as_the_policy_says(client, staff, sample_kwargs, recently_authenticated, role):
    user = staff[role]
    client.force_login(user)
    recently_authenticated(user)
    for name, pattern in ALL_PATTERNS.items():
        perm = getattr(pattern.callback, "required_permission", None)
        url = url_for(name, sample_kwargs)
        status = client.get(url).status_code
        if perm is None or role in ROLE_PERMISSIONS[perm]:
            # A button's view (post_only) answers a GET with 405 once the permission check has passed.
            expected = 405 if getattr(pattern.callback, "post_only", False) else 200
            assert status == expected, f"{role} should reach {name}, got {status}"
        else:
            assert status == 404, f"{role} must get 404 on {name}, got {status}"


def test_it_sends_anonymous_visitors_to_sign_in(client, staff, sample_kwargs):
    for name, pattern in ALL_PATTERNS.items():
        url = url_for(name, sample_kwargs)
        response = client.get(url)
        if getattr(pattern.callback, "required_permission", None) is None:
            assert response.status_code == 200, name
        else:
            assert response.status_code == 302, name
            assert reverse("account_login") in response["Location"], name
