"""URL arguments of the insights pages for the generated URL test (tests/test_url_policy.py): the campaign
comparison and official figures (figure_samples) and the saved analyses' buttons (saved_samples)."""

from isenim.insights.tests import figure_samples, saved_samples


def samples(staff) -> dict:
    return {**figure_samples.samples(staff), **saved_samples.samples(staff)}
