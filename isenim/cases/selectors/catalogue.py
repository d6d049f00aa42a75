"""Reading the managed lists: the service catalogue and the partner organisations.

These lists hold no personal data; the pages that edit them need ``Perm.EDIT_CATALOGUES``."""

from django.db.models import QuerySet
from django.http import Http404

from isenim.cases.choices import PartnerKind, ServiceGroup
from isenim.cases.models import Partner, ServiceType
from isenim.core.access import Perm, require


def service_types(user) -> QuerySet[ServiceType]:
    require(user, Perm.EDIT_CATALOGUES)
    return ServiceType.objects.order_by("group", "name_kaa", "pk")


def service_type_get(user, pk: int) -> ServiceType:
    found = service_types(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def partners(user) -> QuerySet[Partner]:
    require(user, Perm.EDIT_CATALOGUES)
    return Partner.objects.select_related("country").order_by("kind", "name_kaa", "pk")


def partner_get(user, pk: int) -> Partner:
    found = partners(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def grouped(rows, choices, attribute: str) -> list[dict]:
    """Rows grouped by ``attribute`` (group, kind), in the order of the choices:
    [{"key", "label", "rows"}]."""
    by_key: dict[str, list] = {}
    for row in rows:
        by_key.setdefault(getattr(row, attribute), []).append(row)
    return [{"key": key, "label": label, "rows": by_key[key]} for key, label in choices if key in by_key]


def service_type_choices() -> list:
    """The service types in use as grouped choices for a form: [(group label, [(pk, name), ...])]."""
    rows = ServiceType.objects.filter(active=True).order_by("group", "name_kaa", "pk")
    return [
        (str(group["label"]), [(row.pk, row.name()) for row in group["rows"]])
        for group in grouped(rows, ServiceGroup.choices, "group")
    ]


def partner_choices() -> list:
    """The partners in use as grouped choices for a form."""
    rows = Partner.objects.filter(active=True).order_by("kind", "name_kaa", "pk")
    return [
        (str(group["label"]), [(row.pk, row.name()) for row in group["rows"]])
        for group in grouped(rows, PartnerKind.choices, "kind")
    ]
