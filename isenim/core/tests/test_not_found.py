"""A page a role may not open looks like the site's own 404 in the reader's language, also with DEBUG on."""

import pytest
from django.urls import reverse
from django.utils import translation

from isenim.core.access import Role


@pytest.mark.parametrize("debug", [True, False])
def test_a_forbidden_page_is_the_sites_404_in_the_readers_language(client_as, staff, settings, debug):
    settings.DEBUG = debug
    client = client_as(staff[Role.ADMINISTRATOR])  # sees no case content
    with translation.override("ru"):
        address = reverse("cases:case_list")
    response = client.get(address)
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ru">' in page and 'site-header"' in page
    assert "Raised by" not in page and "URLconf" not in page
