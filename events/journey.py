"""Events a young person attended, for their profile's journey."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from common.registry import JourneyStep

from .models import Registration


def event_steps(*, entrepreneur=None, venture=None) -> list[JourneyStep]:
    if entrepreneur is None:
        return []
    registrations = (
        Registration.objects.attended().filter(entrepreneur=entrepreneur).select_related("event").order_by("pk")
    )
    return [
        JourneyStep(
            programme=_("Sự kiện, tập huấn"),
            title=f"{r.event.get_kind_display()}: {r.event.title}",
            date=timezone.localtime(r.event.starts_at).date(),
            status=_("Đã tham dự"),
            url=r.event.get_absolute_url(),
            record=r.event,
        )
        for r in registrations
    ]
