from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "vocational_profile.update": _("Vocational profile changed"),
    "trade.choose": _("Trade chosen"),
    "toolkit.add": _("Tool kit added"),
    "toolkit.update": _("Tool kit changed"),
    "aid_request.add": _("Tool kit requested"),
    "aid_request.decide": _("Tool kit request decided"),
    "purchase.record": _("Purchase recorded"),
    "handover.record": _("Tools handed over"),
    "funding_source.add": _("Funding source added"),
    "funding_source.update": _("Funding source changed"),
    "followup.record": _("Reintegration follow-up recorded"),
}


class ReintegrationConfig(AppConfig):
    name = "isenim.reintegration"
    label = "reintegration"
    verbose_name = "Reintegration: a trade, tools, follow-up"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        registry.register_case_content("reintegration")
        # Its numbers for grant indicators (core.measures).
        from isenim.reintegration.measures import register_measures

        register_measures()
        registry.register_target_labels({"reintegration": _("Trades and tool kits")})
        from isenim.core.access import Perm

        registry.register_dashboard_link(
            "reintegration:trade_list", _("Trades and tool kits"), Perm.EDIT_CATALOGUES, order=30
        )
        registry.register_dashboard_link(
            "reintegration:funding_list", _("Funding sources and budgets"), Perm.MANAGE_BUDGETS, order=40
        )
        registry.register_dashboard_link(
            "reintegration:waiting_list", _("Tool kits waiting for approval"), Perm.APPROVE_AID, order=50
        )
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
        from isenim.reintegration.services.catalogue import load_trades

        registry.register_reference_loader(
            "reintegration",
            load_trades,
            order=40,
            report="Trades loaded: {trades} new trades, {items} new kit items, {updated} refreshed.",
        )
        from isenim.reintegration.demo import ensure_demo_funding

        registry.register_demo_seeder("reintegration", ensure_demo_funding, order=50)
