"""The action sheet stays on one page when materials have been drawn (QA: two editions listed pushed the
last signature line onto a second page)."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from isenim.core.access import Role
from isenim.prevention.services.actions import materials_draw
from isenim.prevention.tests.action_helpers import edition_in_stock, sample_action

pytestmark = pytest.mark.django_db

# A title that wraps in the table's first column, as the demo's do.
LONG = "Жәрдем керек пе? Бизге қоңыраў етиң: жумысқа кетиўден алдын кеңес"


@pytest.mark.parametrize("editions", [0, 2, 3])
def test_the_sheet_is_one_page_with_the_materials_drawn(client, staff, editions):
    officer = staff[Role.PREVENTION_OFFICER]
    action = sample_action(staff)
    lines = [
        (edition_in_stock(staff, title=f"{LONG} {number}", language=language), 100 + number)
        for number, language in zip(range(editions), ["kaa", "ru", "uz"], strict=False)
    ]
    if lines:
        materials_draw(actor=officer, action=action, lines=lines, moved_on=timezone.localdate())
    client.force_login(officer)
    with translation.override("kaa"):
        response = client.get(reverse("prevention:action_sheet", kwargs={"pk": action.pk}))
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = pages[0].extract_text()
    assert len(pages) == 1
    assert all(str(quantity) in text for _edition, quantity in lines)
