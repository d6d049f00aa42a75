"""Every page of the case file, return and documents, reintegration and the staff guide pages, opened by the
director (on the sample case's team) in each Cyrillic interface: no Latin word, so no English text that never
went through gettext. (Latin interfaces are not checked here: these pages show what staff typed, in
Karakalpak Cyrillic, as they typed it.) The sample objects are those of the generated URL test."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from isenim.core.access import ROLE_PERMISSIONS, Role
from tests.test_page_script import foreign_words
from tests.test_url_policy import ALL_PATTERNS, sample_kwargs  # noqa: F401  (the fixture)

NAMESPACES = ("cases", "support", "reintegration", "migration")
# Lists of multilingual reference rows show each name in its own language's column on purpose.
SHOWS_EVERY_LANGUAGE = {
    "guide:item_detail",
    "cases:service_type_edit",
    "cases:partner_edit",
    "reintegration:trade_edit",
    "reintegration:kit_item_edit",
    "guide:mission_edit",
    "guide:hotline_edit",
    "guide:item_edit",
    # The shipped trades' source note (where the prices come from) is data, written once in English.
    "reintegration:trade_detail",
}


def pages_for(role):
    for name, pattern in ALL_PATTERNS.items():
        perm = getattr(pattern.callback, "required_permission", None)
        if not name.startswith(NAMESPACES) or getattr(pattern.callback, "post_only", False):
            continue
        if perm is not None and role in ROLE_PERMISSIONS[perm] and name not in SHOWS_EVERY_LANGUAGE:
            yield name


@pytest.mark.parametrize("language", ["kaa", "ru", "uz-cyrl"])
def test_every_case_file_page_speaks_the_script_of_its_language(client, staff, sample_kwargs, language):  # noqa: F811
    director = staff[Role.DIRECTOR]
    client.force_login(director)
    checked, wrong = 0, {}
    for name in pages_for(Role.DIRECTOR):
        with override(language):
            url = reverse(name, kwargs=sample_kwargs.get(name, {}))
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        if not response["Content-Type"].startswith("text/html"):
            continue
        words = foreign_words(response.content.decode(), language)
        if words:
            wrong[name] = words
        checked += 1
    assert wrong == {}, "\n".join(f"{name}: {words}" for name, words in wrong.items())
    assert checked >= 40
