import gzip
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.translation import override

from isenim.core.translit import script_of
from isenim.guide import selectors
from isenim.guide.models import GuideStatus, Hotline, Mission
from isenim.guide.tests.helpers import kazakhstan, public_item
from tests.test_page_script import CYRILLIC_UI, foreign_words

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _url(name, language="en", **kwargs):
    with override(language):
        return reverse(f"public_guide:{name}", kwargs=kwargs)


def test_unverified_items_drafts_and_unverified_missions_never_show(client):
    destination = kazakhstan()
    public_item(destination, title_en="Checked rule")
    public_item(destination, verified=False, title_en="Published but unchecked")
    public_item(destination, status=GuideStatus.DRAFT, title_en="A draft")
    public_item(destination, status=GuideStatus.IN_REVIEW, title_en="In review")
    Mission.objects.create(
        country=destination.country, kind="embassy", name_en="Astana", address="Unchecked 1"
    )
    Mission.objects.create(
        country=destination.country,
        kind="consulate_general",
        name_en="Almaty",
        address="Checked 2",
        verified_on="2025-01-01",
    )
    Hotline.objects.create(name_en="Unchecked line", phone="111")
    Hotline.objects.create(name_en="Checked line", phone="102", verified_on="2025-01-01")
    page = client.get(_url("guide_country", iso2="kz")).content.decode()
    assert "Checked rule" in page
    for hidden in ("Published but unchecked", "A draft", "In review", "Unchecked 1", "Unchecked line"):
        assert hidden not in page
    assert "Checked 2" in page and "Checked line" in page
    assert [t.title for t in selectors.published_items("KZ", "en")] == ["Checked rule"]
    index = client.get(_url("guide_index")).content.decode()
    assert "Unchecked line" not in index and "Checked line" in index


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_is_served_in_its_script(client, language):
    destination = kazakhstan()
    public_item(destination)
    for url in (
        _url("guide_index", language),
        _url("guide_country", language, iso2="kz"),
        _url("ask", language),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert f'<html lang="{language}">' in page
    # The guide text itself is in the language's script (kaa-latn and uz-cyrl transliterated).
    text = selectors.published_items("KZ", language)[0]
    expected = "cyrl" if language in CYRILLIC_UI else "latn"
    assert script_of(text.body) == expected
    assert text.body in client.get(_url("guide_country", language, iso2="kz")).content.decode()


@pytest.mark.parametrize("language", ["kaa", "ru", "uz-cyrl", "kaa-latn"])
def test_the_whole_page_is_in_the_script_of_its_language(client, language):
    public_item(kazakhstan())
    page = client.get(_url("guide_country", language, iso2="kz")).content.decode()
    assert foreign_words(page, language) == []


def test_the_karakalpak_url_has_no_prefix_and_unknown_countries_are_404(client):
    kazakhstan()
    assert _url("guide_country", "kaa", iso2="kz") == "/guide/kz/"
    assert client.get("/guide/kz/").status_code == 200
    # The default language has no prefix; written with one, it leads to the same page.
    response = client.get("/kaa/guide/kz/?x=1")
    assert (response.status_code, response["Location"]) == (301, "/guide/kz/?x=1")
    assert client.get("/kaa//evil.example/")["Location"] == "/evil.example/"  # never to another host
    assert client.get("/guide/xx/").status_code == 404
    assert client.get("/guide/KZ/").status_code == 404


def _asset_size(url: str) -> int:
    path = finders.find(urlparse(url).path.removeprefix(settings.STATIC_URL))
    assert path, url
    return len(gzip.compress(Path(path).read_bytes()))


@pytest.mark.parametrize("name,kwargs", [("guide_index", {}), ("guide_country", {"iso2": "kz"}), ("ask", {})])
def test_public_pages_are_light_and_use_no_external_host(client, name, kwargs):
    destination = kazakhstan()
    for _ in range(7):
        public_item(destination)
    html = client.get(_url(name, "kaa", **kwargs)).content
    assert b"<script" not in html
    assets = re.findall(rb'<(?:link|script|img)[^>]+(?:href|src)="([^"]+)"', html)
    total = len(gzip.compress(html))
    for raw in assets:
        url = raw.decode()
        assert not urlparse(url).netloc, f"external host: {url}"
        total += _asset_size(url)
    assert {a.rsplit(b"/", 1)[-1] for a in assets} == {b"public.css", b"favicon.svg"}
    assert total < 100 * 1024, total
