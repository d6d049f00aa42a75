"""Every logframe and results URL as every role, against the access table (the same rule as
tests/test_url_policy.py, for this part's pages alone): 200 (405 for a button) with the permission, 404
without it, sign-in for anonymous visitors."""

import pytest
from django.urls import reverse
from django.utils import translation

from isenim.core.access import ROLE_PERMISSIONS, Role
from isenim.grants.tests.url_samples import _logframe_samples
from isenim.grants.urls import urlpatterns

pytestmark = pytest.mark.django_db

NAMES = {
    f"grants:{pattern.name}": pattern
    for pattern in urlpatterns
    if pattern.name
    in {
        "logframe",
        "node_create",
        "node_edit",
        "indicator_create",
        "indicator_detail",
        "indicator_edit",
        "indicator_targets",
        "value_create",
        "value_approve",
        "value_evidence",
        "results",
        "actuals_refresh",
    }
}


@pytest.fixture(autouse=True)
def default_language():
    with translation.override(None):  # URLs without a language prefix, whatever an earlier test left
        yield


def test_every_role_as_the_policy_says(client, staff, settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    samples = _logframe_samples(staff)
    assert set(samples) == set(NAMES)
    urls = {name: reverse(name, kwargs=samples[name]) for name in NAMES}  # before a request activates one
    for name in NAMES:
        client.logout()
        assert client.get(urls[name]).status_code == 302, name
    for role in Role:
        client.force_login(staff[role])
        for name, pattern in NAMES.items():
            perm = pattern.callback.required_permission
            status = client.get(urls[name]).status_code
            if role in ROLE_PERMISSIONS[perm]:
                assert status == (405 if getattr(pattern.callback, "post_only", False) else 200), (role, name)
            else:
                assert status == 404, (role, name)
