import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ImproperlyConfigured

from isenim.core import crypto
from isenim.core.access import ROLE_PERMISSIONS, Perm, Role, can
from isenim.core.audit import record_event
from isenim.core.models import AuditEvent


@pytest.fixture
def two_keys(settings):
    old, new = crypto.new_key_entry("old"), crypto.new_key_entry("new")
    settings.ISENIM_DATA_KEYS = f"{old}"
    crypto.key_ring.cache_clear()
    yield old, new
    crypto.key_ring.cache_clear()


def test_it_encrypts_with_a_random_nonce_and_decrypts(two_keys):
    first = crypto.encrypt_text("Сапарбаев Ерлан", context="person.name")
    second = crypto.encrypt_text("Сапарбаев Ерлан", context="person.name")
    assert first != second and "Сапарбаев" not in first
    assert crypto.decrypt_text(first, context="person.name") == "Сапарбаев Ерлан"


def test_it_refuses_a_ciphertext_moved_to_another_field(two_keys):
    token = crypto.encrypt_text("+998 90 123 45 67", context="person.phone")
    with pytest.raises(InvalidTag):
        crypto.decrypt_text(token, context="person.name")


def test_it_decrypts_old_data_after_a_new_key_is_put_first(two_keys, settings):
    old, new = two_keys
    token = crypto.encrypt_text("Нөкис", context="x")
    settings.ISENIM_DATA_KEYS = f"{new},{old}"
    crypto.key_ring.cache_clear()
    assert crypto.decrypt_text(token, context="x") == "Нөкис"
    assert crypto.encrypt_text("Нөкис", context="x").startswith("v1:new:")


@pytest.mark.parametrize(
    "ring,message", [("", "no key"), ("k1", "id:base64key"), ("k1:!!", "base64"), ("k1:c2hvcnQ=", "32 bytes")]
)
def test_it_explains_a_bad_key_ring(ring, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        crypto.parse_key_ring(ring)


def test_it_keeps_audit_events_append_only(db):
    event = record_event(actor=None, action="test.write", target_type="test", after={"phone": "+998", "n": 1})
    assert event.after == {"phone": "•••", "n": 1}
    event.action = "changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="x")
    assert AuditEvent.objects.get().action == "test.write"


def test_it_lets_the_administrator_manage_accounts_but_see_no_case_content():
    assert ROLE_PERMISSIONS[Perm.MANAGE_ACCOUNTS] == {Role.ADMINISTRATOR}
    assert all(perm in ROLE_PERMISSIONS for perm in Perm)


def test_it_refuses_everything_to_an_inactive_or_roleless_user(django_user_model, db):
    inactive = django_user_model.objects.create_user("gone", role=Role.DIRECTOR, is_active=False)
    roleless = django_user_model.objects.create_user("nobody")
    for perm in Perm:
        assert not can(inactive, perm) and not can(roleless, perm)
