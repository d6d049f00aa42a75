"""Walk every URL pattern of the project as every role and as an anonymous visitor.

Each view that needs a permission carries it (``required_permission``); the answer must match the policy
table in core/access.py: 200 with it, 404 without it, and a sign-in redirect for anonymous visitors.

Need to know (docs/protection.md, "Who sees what"): the sample person and appeals of that walk are within
every caseworker's reach, so the role alone decides. A second walk takes every URL of one person, consent
or appeal through four other samples, each reached by some roles only (a case team, the appeal's registrar,
its owner, nobody but the director): 404 off the team or assignment, like a missing page.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from isenim.cases.tests.samples import case_samples
from isenim.core.access import CASE_TEAM_ROLES, CASEWORK, ROLE_PERMISSIONS, Role


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
    people, appeal = people_samples(staff)
    return {
        **people,
        "accounts:staff_edit": {"pk": member.pk},
        "geo:unit_edit": {"pk": unit.pk},
        "geo:country_edit": {"pk": country.pk},
        "appeals:appeal_detail": {"code": appeal.code},
        "appeals:appeal_edit": {"code": appeal.code},
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


def sample_person(director, last_name: str, person=None):
    """A person (``person``, or a new one) with a consent (and its signed form), and a record merged into
    them (for the undo)."""
    from django.utils import timezone

    from isenim.people.services import PersonData, consent_record, person_create, person_merge

    if person is None:
        person = person_create(actor=director, data=PersonData(identity={"last_name": last_name}))
    merged = person_create(actor=director, data=PersonData(identity={"last_name": f"{last_name}-2"}))
    person_merge(actor=director, keep=person, duplicate=merged)
    consent = consent_record(
        actor=director,
        person=person,
        purpose="services",
        given_on=timezone.localdate(),
        signed_form=b"%PDF-1.4 sample",
        signed_form_type="application/pdf",
    )
    return person, merged, consent


def person_kwargs(person, merged, consent) -> dict:
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


def people_samples(staff):
    """The sample person, within every caseworker's reach: on a case whose team holds every role that sits
    on one, with an open appeal the intake operator registered (the case managers triage it)."""
    from isenim.people.tests.reach_helpers import appeal_from, open_case

    person, merged, consent = sample_person(staff[Role.DIRECTOR], "Сапарбаев")
    open_case(staff, person, *[user for role, user in staff.items() if role in CASE_TEAM_ROLES])
    appeal = appeal_from(staff[Role.INTAKE_OPERATOR], person)
    return person_kwargs(person, merged, consent), appeal


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


# Need to know, on and off the team ---------------------------------------------------------------------

# Who reaches each sample of the second walk (besides needing the URL's permission).
REACH = {
    # On a case whose team is the case manager and the psychologist; its appeal closed when the case opened.
    "team": {Role.DIRECTOR, Role.CASE_MANAGER, Role.PSYCHOLOGIST},
    # Registered with her appeal by the intake operator; the director recorded the appeal's outcome.
    "registered": {Role.DIRECTOR, Role.INTAKE_OPERATOR},
    # An open appeal assigned to the lawyer: the case managers triage it until its outcome.
    "assigned": {Role.DIRECTOR, Role.LAWYER, Role.CASE_MANAGER},
    # A person and a closed appeal that nobody but the director handled.
    "off": {Role.DIRECTOR},
}


def reach_samples(staff) -> dict[str, dict]:
    """URL arguments of every page of one person, consent or appeal, for each sample of REACH."""
    from django.utils import timezone

    from isenim.appeals.services import AppealData, appeal_assign, appeal_register
    from isenim.people.services import PersonData
    from isenim.people.tests.reach_helpers import appeal_from, close_appeal, open_case

    director, operator = staff[Role.DIRECTOR], staff[Role.INTAKE_OPERATOR]
    found = {}
    for name in REACH:
        if name == "registered":  # the operator registers a new person with her appeal
            data = AppealData(received_on=timezone.localdate(), channel="walk_in", category="other")
            new = PersonData(identity={"last_name": "Ембергенова", "first_name": "Зийнат"})
            appeal = appeal_register(actor=operator, data=data, new_person=new)
            person, merged, consent = sample_person(director, "Ембергенова", person=appeal.person)
        else:
            person, merged, consent = sample_person(director, f"Жумабаев {name}")
            appeal = appeal_from(director, person)
        if name == "team":  # opened from the appeal, which closes it ("case opened")
            open_case(
                staff, person, staff[Role.PSYCHOLOGIST], manager=staff[Role.CASE_MANAGER], appeal=appeal
            )
        elif name == "assigned":
            appeal_assign(actor=director, appeal=appeal, assignee=staff[Role.LAWYER])
        else:
            close_appeal(director, appeal)
        found[name] = {**person_kwargs(person, merged, consent), **appeal_kwargs(appeal)}
    return found


def appeal_kwargs(appeal) -> dict:
    """Every URL of the appeals app that names one appeal, with this one's code."""
    return {
        name: {"code": appeal.code}
        for name, pattern in ALL_PATTERNS.items()
        if name.startswith("appeals:") and "code" in pattern.pattern.converters
    }


def object_patterns() -> dict[str, URLPattern]:
    """The URLs of one person (and their consents) or one appeal: those the second walk takes."""
    found = {}
    for name, pattern in ALL_PATTERNS.items():
        if name.split(":")[0] not in ("people", "appeals"):
            continue
        arguments = set(pattern.pattern.converters)
        # A new kind of argument must be added to the walk, not left out of it.
        assert arguments <= {"code", "pk"}, f"{name}: teach the need-to-know walk its arguments"
        if "code" in arguments:
            found[name] = pattern
    return found


def test_the_need_to_know_walk_covers_every_page_of_a_person_or_an_appeal(staff):
    samples = reach_samples(staff)
    for name in object_patterns():
        assert all(name in kwargs for kwargs in samples.values()), name


@pytest.mark.parametrize("role", sorted(CASEWORK))
def test_it_answers_404_off_the_team_or_assignment(
    client, staff, settings, tmp_path, recently_authenticated, role
):
    """Each person, consent form and appeal page, for each sample: what the role reaches answers (200, or a
    redirect where the page has nothing to do: an appeal already closed); anything else 404."""
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    samples = reach_samples(staff)
    user = staff[role]
    client.force_login(user)
    recently_authenticated(user)
    for sample, kwargs in samples.items():
        for name, pattern in object_patterns().items():
            url = reverse(name, kwargs=kwargs[name])
            # A button's view answers a GET with 405 before it looks the appeal up: it is posted to, empty
            # (the form then says what is missing and nothing changes).
            post_only = getattr(pattern.callback, "post_only", False)
            status = (client.post(url) if post_only else client.get(url)).status_code
            allowed = role in ROLE_PERMISSIONS[pattern.callback.required_permission]
            if allowed and role in REACH[sample]:
                assert status in (200, 302), (
                    f"{role} should reach {name} of the {sample} sample, got {status}"
                )
            else:
                assert status == 404, f"{role} must get 404 on {name} of the {sample} sample, got {status}"


def test_pages_answer_only_the_methods_they_handle(client, staff, sample_kwargs, recently_authenticated):
    """A page that only shows something answers POST with 405, a button's view GET with 405, and no page
    answers TRACE or PUT; every view is marked as one or the other or handles a form (GET and POST)."""
    checked = 0
    for name, pattern in ALL_PATTERNS.items():
        perm = getattr(pattern.callback, "required_permission", None)
        read_only = getattr(pattern.callback, "read_only", False)
        if perm is None or not read_only:
            continue
        user = staff[sorted(ROLE_PERMISSIONS[perm])[0]]
        client.force_login(user)
        recently_authenticated(user)
        url = url_for(name, sample_kwargs)
        assert client.post(url).status_code == 405, name
        assert client.generic("TRACE", url).status_code == 405, name
        checked += 1
    assert checked >= 40  # the lists, records and downloads
