from django import template

from ocop_portal.core.formats import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """{{ 30000000|vnd }} → "30.000.000 ₫"."""
    return "" if amount is None else format_vnd(amount)
