"""The model programmes' lines in an entrepreneur's or a venture's journey."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from common.registry import JourneyStep

from .models import ProgrammeParticipant


def programme_steps(*, entrepreneur=None, venture=None) -> list[JourneyStep]:
    """A venture's (or its owners') places in model programmes, for the profile's journey."""
    participants = ProgrammeParticipant.objects.select_related("programme")
    if venture is not None:
        participants = participants.filter(venture=venture)
    elif entrepreneur is not None:
        participants = participants.filter(venture__owners=entrepreneur)
    else:
        return []
    return [
        JourneyStep(
            programme=_("Chương trình mô hình kinh tế"),
            title=p.programme.name,
            date=timezone.localtime(p.created_at).date(),
            status=p.get_status_display(),
            url=p.get_absolute_url(),
            record=p,
        )
        for p in participants.distinct()
    ]
