"""A young person's commendation nominations, for their profile's journey."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from common.registry import JourneyStep

from .models import Nomination


def nomination_steps(*, entrepreneur=None, venture=None) -> list[JourneyStep]:
    nominations = Nomination.objects.exclude(status=Nomination.Status.DRAFT)
    if entrepreneur is not None:
        nominations = nominations.filter(entrepreneur=entrepreneur)
    elif venture is not None:
        nominations = nominations.filter(venture=venture)
    else:
        return []
    return [
        JourneyStep(
            programme=_("Tuyên dương thanh niên làm kinh tế giỏi"),
            title=nomination.programme.name,
            date=timezone.localtime(nomination.submitted_at or nomination.created_at).date(),
            status=nomination.get_status_display(),
            url=nomination.get_absolute_url(),
            record=nomination,
        )
        for nomination in nominations.select_related("programme")
    ]
