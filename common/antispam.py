"""Flood protection for public forms (job-seeker and event registration, employers),
and the one place that says who the visitor is.

Two layers that need no internet (no reCAPTCHA): a honeypot field that people never
see and bots fill in, and a rate limit per visitor address (django-ratelimit) counted
in the cache (Redis in production, so every web worker shares the count).

The visitor's address comes from `client_address`, which axes (the sign-in lock-out)
reads too. Behind the load balancer `REMOTE_ADDR` is the balancer's own address for
everyone; `settings.TRUSTED_PROXY_COUNT` says how many proxies stand in front of the
portal, and so which `X-Forwarded-For` entry was written by a proxy rather than by the
visitor.
"""

from __future__ import annotations

import ipaddress

from django import forms
from django.conf import settings
from django.core import checks
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

HONEYPOT_FIELD = "website"

# An IPv6 subscriber gets a whole /64 and may pick any address in it: count the network.
IPV6_RATE_LIMIT_PREFIX = 64


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


def _valid_address(value: str | None) -> str | None:
    """The address in its canonical spelling (an IPv4-mapped IPv6 one as IPv4), or None."""
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def _entry_address(entry: str) -> str | None:
    """An address as a proxy writes it: bare, `1.2.3.4:port` or `[v6]:port`."""
    entry = entry.strip()
    if entry.startswith("["):
        entry = entry[1 : entry.find("]")] if "]" in entry else ""
    elif entry.count(":") == 1:
        entry = entry.split(":", 1)[0]
    return _valid_address(entry)


def client_address(request: HttpRequest) -> str | None:
    """The address of the visitor's machine, as far as the portal can trust it.

    With `TRUSTED_PROXY_COUNT = 0` (the portal answers visitors directly) it is
    `REMOTE_ADDR`, and any `X-Forwarded-For` is ignored: a visitor can write anything
    there. Behind N proxies, each appending the address it was reached from, the visitor
    is the N-th entry from the right; entries to its left came with the request and are
    ignored, so a forged header neither changes nor resets anyone's count. A header with
    fewer entries than there are proxies did not pass through them all (a health check,
    a request that reached the portal directly): `REMOTE_ADDR` then. None when no valid
    address is known (e.g. a Unix socket with no proxy configured).

    Axes calls this (`AXES_CLIENT_IP_CALLABLE`) and the public forms' rate limit keys
    on it, so a lock-out and a rate limit always mean the same visitor.

    Written here rather than taken from django-ipware: its parser reads quoted
    RFC 7239 values inside X-Forwarded-For, so a visitor who sends an unclosed quote
    swallows the entry the proxy appends, and the entry before it (the visitor's
    choice) becomes "the client"; strict mode instead drops every request that came
    through a visitor's own proxy. Counting plain comma-separated entries from the
    right has neither fault.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        entries = forwarded.split(",")
        if len(entries) >= proxies:
            address = _entry_address(entries[-proxies])
            if address:
                return address
    return _valid_address(request.META.get("REMOTE_ADDR"))


@checks.register(checks.Tags.security, deploy=True)
def check_trusted_proxies(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`check --deploy`: production stands behind a proxy, so TRUSTED_PROXIES must say so."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies < 0:
        return [checks.Error("TRUSTED_PROXIES must be 0 or more.", id="common.E001")]
    if proxies == 0:
        return [
            checks.Warning(
                "TRUSTED_PROXIES is 0: behind a load balancer or reverse proxy every visitor has the "
                "proxy's address, so one visitor's flood closes the public forms for everyone and wrong "
                "passwords from anyone lock a username for everyone.",
                hint="Set TRUSTED_PROXIES to the number of proxies in front of the portal (1 for one load "
                "balancer), each appending to X-Forwarded-For (README, Production).",
                id="common.W001",
            )
        ]
    return []


def rate_limit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key: the visitor's address (an IPv6 visitor's /64 network)."""
    address = client_address(request)
    if address is None:
        return "unknown"
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/{IPV6_RATE_LIMIT_PREFIX}", strict=False).network_address)
    return address


def rate_limit_hit(request: HttpRequest, scope: str, *, limit: int | None = None, window: int | None = None) -> bool:
    """Count one submission of `scope` from this visitor; True once over the limit."""
    rate = (limit or settings.PUBLIC_FORM_RATE_LIMIT, window or settings.PUBLIC_FORM_RATE_WINDOW)
    return is_ratelimited(request, group=f"antispam:{scope}", key=rate_limit_key, rate=rate, increment=True)


class PublicFormThrottleMixin:
    """For public form views: a POST beyond the rate limit gets a 429 page, nothing saved."""

    throttle_scope = "public-form"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and rate_limit_hit(request, self.throttle_scope):
            html = render_to_string("common/too_many_requests.html", request=request)
            return HttpResponse(html, status=429)
        return super().dispatch(request, *args, **kwargs)
