"""Reads of the exchange app: the releases, for those who may release (Perm.EXPORT_ANONYMISED)."""

from django.http import Http404

from isenim.core.access import Perm, require
from isenim.exchange.models import Release


def releases_for(user):
    require(user, Perm.EXPORT_ANONYMISED)
    # The case ids and class tables stay in the database: a list never loads them.
    return Release.objects.select_related("created_by").defer("case_ids", "classes")


def release_for(user, pk: int) -> Release:
    try:
        return releases_for(user).get(pk=pk)
    except Release.DoesNotExist:
        raise Http404 from None
