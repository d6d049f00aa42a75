"""What the apps register at start-up reaches the ground floor without core importing them."""

from django.urls import reverse

from isenim.core.audit import action_label
from isenim.core.registry import DASHBOARD_LINKS, STAFF_MENU, is_case_content


def test_it_knows_every_apps_case_content_and_nothing_more():
    for target in (
        "people.person",
        "appeals.appeal",
        "cases.case",
        "returns.returnstep",
        "guide.consultation",
    ):
        assert is_case_content(target), target
    # audit rows written before the rename keep their old label and stay hidden from the administrator
    assert is_case_content("support.documentapplication")
    for target in ("guide.guideitem", "geo.country", "accounts.user", "core"):
        assert not is_case_content(target), target


def test_it_labels_the_actions_of_every_app():
    for action in ("user.create", "person.merge", "appeal.create", "case.close", "consultation.record"):
        assert action_label(action) != action, action


def test_the_menu_and_dashboard_links_are_in_their_order_and_resolve():
    assert [entry.order for entry in STAFF_MENU] == sorted(entry.order for entry in STAFF_MENU)
    assert STAFF_MENU[0].url_name == "portal:dashboard"
    for entry in [*STAFF_MENU, *DASHBOARD_LINKS]:
        assert reverse(entry.url_name)
