import json
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from isenim.core.access import Role
from isenim.geo.models import AdminUnit


@pytest.fixture
def demo_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


# First: the tests below share one seeded demo (conftest's ``seeded_demo``, seeded once for this module).
def test_it_refuses_to_seed_known_passwords_with_debug_off(db, demo_var):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed-demo")
    assert not get_user_model().objects.exists()


def test_it_creates_one_enrolled_account_per_role_and_prints_them(seeded_demo):
    demo_var = seeded_demo.var_dir
    users = get_user_model().objects.exclude(username="newworker")  # proposed, not yet confirmed
    assert sorted(u.role for u in users) == sorted(role.value for role in Role)
    for user in users:
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    credentials = json.loads((demo_var / "demo-accounts.json").read_text())
    assert oct((demo_var / "demo-accounts.json").stat().st_mode)[-3:] == "600"
    printed = seeded_demo.output
    for username, entry in credentials.items():
        assert username in printed and entry["password"] in printed
        assert get_user_model().objects.get(username=username).check_password(entry["password"])
    assert AdminUnit.objects.filter(level="region").count() == 14


def test_it_keeps_the_same_accounts_when_run_again(seeded_demo):
    first = (seeded_demo.var_dir / "demo-accounts.json").read_text()
    call_command("seed-demo", "--force", "--quiet")
    assert (seeded_demo.var_dir / "demo-accounts.json").read_text() == first
    assert get_user_model().objects.count() == len(Role) + 1  # and the one account waiting for a director


def test_the_demo_has_an_account_waiting_for_the_directors_confirmation(seeded_demo):
    from isenim.accounts.models import AccountChange

    waiting = AccountChange.objects.get(user__username="newworker")
    assert waiting.state == AccountChange.State.PENDING and waiting.role == Role.CASE_MANAGER
    assert not get_user_model().objects.get(username="newworker").role  # no way in until confirmed


def test_it_prints_a_valid_code_for_a_demo_account_only(seeded_demo):
    out = StringIO()
    call_command("demo-totp", "lawyer", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    authenticator = Authenticator.objects.get(user__username="lawyer", type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)
    with pytest.raises(CommandError):
        call_command("demo-totp", "somebody-else")
