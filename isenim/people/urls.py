from django.urls import path, register_converter

from isenim.people.views import export, merging, names, persons, records


class PersonCodeConverter:
    """A record code such as ISN-2026-00042 (so /staff/people/new/ is never taken for a code)."""

    regex = r"[A-Z]{2,5}-[0-9]{4}-[0-9]{1,8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PersonCodeConverter, "person_code")

app_name = "people"
urlpatterns = [
    path("", persons.person_list, name="person_list"),
    path("export/", export.people_export, name="people_export"),
    path("new/", persons.person_create, name="person_create"),
    path("new/candidates/", persons.person_candidates, name="person_candidates"),
    path("names/", names.name_equivalents, name="name_equivalents"),
    path("names/<int:pk>/withdraw/", names.name_equivalent_withdraw, name="name_equivalent_withdraw"),
    path("<person_code:code>/", persons.person_detail, name="person_detail"),
    path("<person_code:code>/edit/", persons.person_edit, name="person_edit"),
    path("<person_code:code>/relatives/add/", records.family_link_add, name="family_link_add"),
    path("<person_code:code>/consents/add/", records.consent_add, name="consent_add"),
    path("<person_code:code>/consents/<int:pk>/withdraw/", records.consent_withdraw, name="consent_withdraw"),
    path(
        "<person_code:code>/consents/<int:pk>/form/",
        records.consent_form_download,
        name="consent_form_download",
    ),
    path("<person_code:code>/merge/", merging.person_merge, name="person_merge"),
    path("<person_code:code>/unmerge/", merging.person_unmerge, name="person_unmerge"),
]
