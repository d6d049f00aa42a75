"""The audit log reads in the reader's language: recorded keys and codes get labels, and the name of a thing
(a campaign) is kept while a name that could be a person's stays masked."""

import pytest
from django.utils import translation

from isenim.core.audit import MASK, describe_changes, mask


def test_a_campaigns_name_is_kept_a_persons_name_is_masked():
    assert mask({"name": "Spring season"}, "prevention.campaign") == {"name": "Spring season"}
    assert mask({"name": "Aygul"}, "people.person") == {"name": MASK}
    assert mask({"name": "Aygul"}) == {"name": MASK}


@pytest.mark.django_db
def test_codes_inside_recorded_values_and_extra_keys_have_labels():
    with translation.override("en"):
        rows = describe_changes(
            "grants.indicator",
            {},
            {"measure_params": {"category": "young_graduate", "cumulative": True}, "period": "2026-Q1"},
        )
    text = {row["field"]: row["after"] for row in rows}
    assert text["period"] == "2026-Q1"
    params = next(value for field, value in text.items() if "young" in value.lower())
    assert "Young graduate: employment or business" in params
    assert "✓" in params
    assert "young_graduate" not in params
