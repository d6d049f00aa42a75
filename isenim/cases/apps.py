from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "isenim.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self):
        from isenim.cases.models import Case
        from isenim.cases.services.documents import DOCUMENT_FILE_CONTEXT
        from isenim.core.rotation import register_vault_file_field
        from isenim.core.sealed import register_sealed_texts
        from isenim.people.services import register_home_district_copy, register_merge_hook

        # Key rotation re-seals every encrypted text of the case file.
        register_sealed_texts(self)
        register_vault_file_field("cases.CaseDocument", "vault_name", DOCUMENT_FILE_CONTEXT)
        # A merge of two records of a person moves their cases to the record that is kept.
        register_merge_hook("cases", Case, "person")
        # The case list filters by the person's district on the case itself (an index, not a join).
        register_home_district_copy(Case, "person", "home_district")
