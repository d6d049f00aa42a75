from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "centre_contacts.update": _("Centre contacts changed"),
}


class PortalConfig(AppConfig):
    name = "isenim.portal"
    label = "portal"
    verbose_name = "Public pages and staff home"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        from isenim.core.access import Perm

        registry.register_menu_item("portal:dashboard", _("Dashboard"), Perm.STAFF_AREA, order=10)
        registry.register_menu_item(
            "portal:contacts_edit", _("Centre contacts"), Perm.EDIT_CENTRE_CONTACTS, order=100
        )
        registry.register_menu_item("portal:audit_log", _("Audit log"), Perm.VIEW_AUDIT, order=120)
