from django import template

from isenim.core.access import Perm, can, cases_for

register = template.Library()


@register.simple_tag
def visible_cases(user, person):
    """The person's cases this user may see (none for roles without case access), newest first."""
    if not can(user, Perm.VIEW_CASES):
        return []
    return list(cases_for(user).filter(person=person).order_by("-opened_on", "-id")[:20])
