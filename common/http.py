"""Redirects that follow a `next` the browser sent only when it stays on this site."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_redirect(request, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def redirect_next(request, fallback):
    """Back to the POSTed `next` (a list the action was taken from), else to `fallback`."""
    target = request.POST.get("next", "")
    return redirect(target if is_safe_redirect(request, target) else fallback)
