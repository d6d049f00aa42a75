from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "person.create": _("Person registered"),
    "person.update": _("Person changed"),
    "person.import": _("Person imported"),
    "person.merge": _("Two records of a person merged"),
    "person.unmerge": _("Merge undone"),
    "person.family_link": _("Family link added"),
    "consent.record": _("Consent recorded"),
    "consent.withdraw": _("Consent withdrawn"),
    "name_equivalent.add": _("Name spelling added as the same name"),
    "name_equivalent.withdraw": _("Name spelling withdrawn"),
    "name_equivalent.load": _("Name equivalents loaded"),
}


class PeopleConfig(AppConfig):
    name = "isenim.people"
    label = "people"
    verbose_name = "People registry"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        registry.register_case_content("people")
        from isenim.core.access import Perm

        registry.register_menu_item("people:person_list", _("People"), Perm.VIEW_PEOPLE, order=40)
        registry.register_dashboard_link(
            "people:name_equivalents", _("Names written differently"), Perm.EDIT_NAME_EQUIVALENTS, order=45
        )
        from isenim.core.rotation import register_sealed_field, register_vault_file_field
        from isenim.people.models import IDENTITY_CONTEXT
        from isenim.people.services import CONSENT_FORM_CONTEXT, reindex

        register_sealed_field("people.Person", "sealed_identity", IDENTITY_CONTEXT, after_reseal=reindex)
        # Signed consent forms are files in the vault: rotation re-seals them too.
        register_vault_file_field("people.Consent", "signed_form", CONSENT_FORM_CONTEXT)
        from isenim.people.equivalents import load_equivalents

        registry.register_reference_loader(
            "people",
            load_equivalents,
            order=50,
            report="Name equivalents loaded: {added} new, {reindexed} people keyed again.",
        )
