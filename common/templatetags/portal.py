from django import template
from django.utils import timezone

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
def querystring_page(context, number, param="page"):
    """The current query string on page `number`, its number in `param` (a page with two
    paginated tables gives the second its own)."""
    return querystring_replace(context, **{param or "page": number})


@register.filter
def qr_png(value):
    """The QR code of a text (a certificate's verification address) as a PNG data URI, for PDFs."""
    from common.qr import qr_png_data_uri

    return qr_png_data_uri(str(value)) if value else ""
