from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "isenim.people"
    label = "people"
    verbose_name = "People registry"

    def ready(self):
        from isenim.core.rotation import register_sealed_field, register_vault_file_field
        from isenim.people.models import IDENTITY_CONTEXT
        from isenim.people.services import CONSENT_FORM_CONTEXT, reindex

        register_sealed_field("people.Person", "sealed_identity", IDENTITY_CONTEXT, after_reseal=reindex)
        # Signed consent forms are files in the vault: rotation re-seals them too.
        register_vault_file_field("people.Consent", "signed_form", CONSENT_FORM_CONTEXT)
