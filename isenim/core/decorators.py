from functools import wraps

from django.contrib.auth.decorators import login_required

from isenim.core.access import Perm, require


def permission_required(perm: Perm):
    """Anonymous visitors go to sign-in; signed-in staff without the permission get a plain 404."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require(request.user, perm)
            return view(request, *args, **kwargs)

        wrapper.required_permission = perm
        return wrapper

    return decorator


def post_only(view):
    """A view that only changes something (a button): GET answers 405. Put it *under*
    ``permission_required`` so that a role without the permission still gets the plain 404."""
    from django.views.decorators.http import require_POST

    wrapped = require_POST(view)
    wrapped.post_only = True
    return wrapped


def read_only(view):
    """A page that only shows something (a list, a record, a download): POST answers 405, as every method
    the page does not handle. Put it *under* ``permission_required``, like ``post_only``."""
    from django.views.decorators.http import require_safe

    wrapped = require_safe(view)
    wrapped.read_only = True
    return wrapped
