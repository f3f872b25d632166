"""The registry's block on the home page of provincial staff and unit officers."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .selectors import registry_summary


def registry_panel(request) -> str:
    today = timezone.localdate()
    context = {**registry_summary(user=request.user, today=today), "month": today}
    return render_to_string("ventures/_home_panel.html", context, request=request)
