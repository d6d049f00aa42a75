"""Reading the services delivered on a case.

The outcome of a psychological service is read like a psychologist's note, and the outcome of a legal
service like a lawyer's note (core.access.readable_disciplines): others on the team see that the service
was given, by whom and when, but not what came of it."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from isenim.cases.choices import ServiceGroup
from isenim.cases.models import Case, ServiceDelivery
from isenim.core.access import Perm, cases_for, readable_disciplines

# A service group whose outcome only the readers of that discipline's notes may read.
OUTCOME_DISCIPLINE = {ServiceGroup.PSYCHOLOGICAL: "psychological", ServiceGroup.LEGAL: "legal"}
SECTION_ROWS = 20  # the latest services on the case page; its services page shows every one


@dataclass(frozen=True)
class ServiceRow:
    delivery: ServiceDelivery
    outcome_readable: bool

    @property
    def outcome(self) -> str:
        return self.delivery.outcome if self.outcome_readable else ""


@dataclass(frozen=True)
class ServiceTotals:
    count: int
    cost_uzs: Decimal


def outcome_readable(group: str, readable: frozenset[str]) -> bool:
    discipline = OUTCOME_DISCIPLINE.get(group)
    return discipline is None or discipline in readable


def visible_outcome(service: ServiceDelivery, readable: frozenset[str]) -> str:
    """The service's outcome if the reader may read its discipline, else "" (for the timeline and PDF)."""
    return service.outcome if outcome_readable(service.service_type.group, readable) else ""


def _deliveries(user, case: Case):
    return ServiceDelivery.objects.filter(case=case, case__in=cases_for(user, Perm.VIEW_CASES))


def delivery_of(user, case: Case, pk: int) -> ServiceDelivery | None:
    """One service of the case, if ``user`` may see the case."""
    return _deliveries(user, case).select_related("service_type").filter(pk=pk).first()


def services_of(user, case: Case, *, limit: int | None = SECTION_ROWS) -> list[ServiceRow]:
    """The case's services, newest first, each with whether ``user`` may read its outcome."""
    readable = readable_disciplines(user, case)
    rows = _deliveries(user, case).select_related("service_type", "provider_user", "provider_partner")
    if limit is not None:
        rows = rows[:limit]
    return [ServiceRow(row, outcome_readable(row.service_type.group, readable)) for row in rows]


def totals_of(user, case: Case) -> ServiceTotals:
    found = _deliveries(user, case).aggregate(count=Count("id"), cost=Sum("cost_uzs"))
    return ServiceTotals(found["count"], found["cost"] or Decimal(0))
