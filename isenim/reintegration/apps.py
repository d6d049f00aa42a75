from django.apps import AppConfig


class ReintegrationConfig(AppConfig):
    name = "isenim.reintegration"
    label = "reintegration"
    verbose_name = "Reintegration: a trade, tools, follow-up"

    def ready(self):
        from isenim.core.rotation import register_vault_file_field
        from isenim.core.sealed import register_sealed_texts
        from isenim.reintegration.services.files import ACT_CONTEXT, INVOICE_CONTEXT

        # Key rotation re-seals the free texts and the files (invoices, signed acts) of this app.
        register_sealed_texts(self)
        register_vault_file_field("reintegration.Purchase", "invoice_vault_name", INVOICE_CONTEXT)
        register_vault_file_field("reintegration.Handover", "act_vault_name", ACT_CONTEXT)
        # "My work" shows this app's list too.
        from isenim.cases.selectors.my_work import register_panel
        from isenim.reintegration.my_work import aid_requests_panel

        register_panel(aid_requests_panel)
