"""A young person's or venture's loan referrals, for their profile's journey."""

from __future__ import annotations

from django.utils.translation import gettext as _

from common.formatting import format_vnd
from common.registry import JourneyStep

from .models import Referral


def referral_steps(*, entrepreneur=None, venture=None) -> list[JourneyStep]:
    referrals = Referral.objects.select_related("programme")
    if entrepreneur is not None:
        referrals = referrals.filter(entrepreneur=entrepreneur)
    elif venture is not None:
        referrals = referrals.filter(venture=venture)
    else:
        return []
    return [
        JourneyStep(
            programme=_("Giới thiệu vay vốn"),
            title=f"{referral.programme.name} · {format_vnd(referral.disbursed_amount or referral.amount)}",
            date=referral.submitted_on,
            status=referral.get_status_display(),
            url=referral.get_absolute_url(),
            record=referral,
        )
        for referral in referrals
    ]
