from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "isenim.insights"
    label = "insights"

    def ready(self):
        # AppealFact kept current: receivers on the appeals, their attribution and the people (apps below
        # never import insights).
        from isenim.insights import facts

        facts.connect()
        # The pivot's sources: appeals (over AppealFact) and cases.
        from isenim.core.pivot import register_source
        from isenim.insights.sources import AppealsSource, CasesSource

        register_source("appeals", AppealsSource)
        register_source("cases", CasesSource)
        # The demo's appeals, attributions and people written, every fact afresh (seeders may write in bulk).
        from isenim.core import registry

        registry.register_demo_seeder("insights-facts", facts.ensure_demo_facts, order=80)
