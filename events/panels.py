"""The events block on staff's and officers' home pages: what is coming and what is owed."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Event


def events_home_panel(request) -> str | None:
    user = request.user
    now = timezone.now()
    upcoming = list(
        Event.objects.visible_to(user)
        .filter(status=Event.Status.PUBLISHED, ends_at__gte=now)
        .select_related("unit")
        .order_by("starts_at")[:5]
    )
    owed = list(
        Event.objects.managed_by(user)
        .filter(status=Event.Status.PUBLISHED, ends_at__lt=now, attendance_closed_at__isnull=True)
        .order_by("-ends_at")[:5]
    )
    if not upcoming and not owed:
        return None
    return render_to_string(
        "events/_home_panel.html", {"upcoming": upcoming, "owed": owed, "now": now}, request=request
    )
