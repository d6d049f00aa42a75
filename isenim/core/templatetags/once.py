"""``{% csrf_token %}`` with a one-time form token (core.once): a template builtin (settings.TEMPLATES),
so every POST form of the site carries both. ``{% once_query %}`` gives ``_once=…`` for the action of an
upload form whose view reads its body itself."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html

from isenim.core.once import FIELD, new_token

register = template.Library()


class CsrfAndOnceNode(template.Node):
    def render(self, context):
        csrf = CsrfTokenNode().render(context)
        if not csrf:
            return csrf  # no CSRF token in this context (an e-mail): no form either
        return csrf + format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.tag(name="csrf_token")
def csrf_token(parser, token):
    return CsrfAndOnceNode()


@register.simple_tag
def once_query() -> str:
    return f"{FIELD}={new_token()}"
