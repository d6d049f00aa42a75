from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from isenim.core.access import Perm, require

User = get_user_model()


def staff_list(user) -> QuerySet:
    require(user, Perm.MANAGE_ACCOUNTS)
    return User.objects.order_by("username")


def staff_get(user, pk: int):
    require(user, Perm.MANAGE_ACCOUNTS)
    return get_object_or_404(User, pk=pk)
