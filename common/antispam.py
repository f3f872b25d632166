"""Flood protection for public forms (job-seeker and event registration, employers).

Two layers that need no internet (no reCAPTCHA): a honeypot field that people never
see and bots fill in, and a per-address rate limit counted in the cache (Redis in
production, so every web worker shares the count).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


class HoneypotFormMixin(forms.Form):
    """Adds a hidden-from-people field; a filled one means a bot, and the form is refused."""

    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "portal-honeypot"}),
    )

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("Biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại."))
        return ""


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_hit(request, scope: str, *, limit: int | None = None, window: int | None = None) -> bool:
    """Count one submission of `scope` from this address; True once over the limit."""
    limit = limit or settings.PUBLIC_FORM_RATE_LIMIT
    window = window or settings.PUBLIC_FORM_RATE_WINDOW
    key = f"antispam:{scope}:{client_address(request)}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


class PublicFormThrottleMixin:
    """For public form views: a POST beyond the rate limit gets a 429 page, nothing saved."""

    throttle_scope = "public-form"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and rate_limit_hit(request, self.throttle_scope):
            html = render_to_string("common/too_many_requests.html", request=request)
            return HttpResponse(html, status=429)
        return super().dispatch(request, *args, **kwargs)
