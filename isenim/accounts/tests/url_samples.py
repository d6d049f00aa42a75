"""URL arguments for tests/test_url_policy.py (it reads every app's ``tests/url_samples.py``)."""

from isenim.core.access import Role


def samples(staff) -> dict:
    from isenim.accounts.services import user_propose_reset

    member = staff[Role.LAWYER]
    change = user_propose_reset(actor=staff[Role.ADMINISTRATOR], user=member)
    return {
        "accounts:staff_edit": {"pk": member.pk},
        "accounts:staff_reset": {"pk": member.pk},
        "accounts:staff_end_sessions": {"pk": member.pk},
        "accounts:change_confirm": {"pk": change.pk},
        "accounts:change_refuse": {"pk": change.pk},
    }
