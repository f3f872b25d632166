"""What the journeys need on top of the demo province, made through the apps' services.

The demo is left as `load_demo` makes it; these helpers only read it, or move it on the
way staff would (screen entries, open a round, assign a judge, open the council).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone


def user(username: str):
    return get_user_model().objects.get(username=username)


def a_certificate_code() -> str:
    from awards.models import Nomination

    return (
        Nomination.objects.exclude(verification_code="")
        .order_by("pk")
        .values_list("verification_code", flat=True)
        .first()
    )
