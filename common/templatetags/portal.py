from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from common import layout
from common.formatting import format_date, format_vnd

register = template.Library()


@register.filter
def vnd(value):
    """{{ venture.annual_revenue|vnd }} -> 1.500.000 ₫"""
    return format_vnd(value)


@register.filter
def ddmmyyyy(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return format_date(value)


@register.simple_tag(takes_context=True)
def querystring_replace(context, **kwargs):
    """The current query string with some parameters replaced (for paging and sorting)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def portal_navbar(context):
    """The top navigation bar (see `common.layout`)."""
    return mark_safe(layout.navbar_html(context["request"], str(context["csrf_token"])))  # noqa: S308


@register.simple_tag(takes_context=True)
def portal_footer(context):
    """The footer with the language form (see `common.layout`)."""
    return mark_safe(layout.footer_html(context["request"], str(context["csrf_token"])))  # noqa: S308


@register.simple_tag
def portal_assets():
    """The stylesheet and script links of every page."""
    return mark_safe(layout.assets_html())  # noqa: S308
