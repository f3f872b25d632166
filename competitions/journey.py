"""A young person's or venture's contest entries, for their profile's journey."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from common.registry import JourneyStep

from .models import Entry


def contest_steps(*, entrepreneur=None, venture=None) -> list[JourneyStep]:
    entries = Entry.objects.exclude(status=Entry.Status.DRAFT)
    if entrepreneur is not None:
        entries = entries.filter(team__entrepreneur=entrepreneur)
    elif venture is not None:
        entries = entries.filter(venture=venture)
    else:
        return []
    rows = entries.select_related("contest").only(
        "pk", "title", "status", "submitted_at", "created_at", "contest__name"
    )
    return [
        JourneyStep(
            programme=_("Cuộc thi ý tưởng khởi nghiệp"),
            title=f"{entry.title} · {entry.contest.name}",
            date=timezone.localtime(entry.submitted_at or entry.created_at).date(),
            status=entry.get_status_display(),
            url=entry.get_absolute_url(),
            record=entry,
        )
        for entry in rows.distinct()
    ]
