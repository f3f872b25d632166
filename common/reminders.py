"""Reminders ahead of a deadline, as every programme sends them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable


def reminder_stage(deadline: datetime.datetime, now: datetime.datetime, days: Iterable[int] = (7, 3, 1)) -> int | None:
    """The reminder stage (by default 7, 3 or 1 days ahead) the moment falls in, if any.

    The stage is the fewest days ahead that still reach the deadline, so a job run daily
    finds each stage on more than one day and a reminder keyed by it is sent once.
    """
    left = deadline - now
    if left <= datetime.timedelta(0):
        return None
    for stage in sorted(days):
        if left <= datetime.timedelta(days=stage):
            return stage
    return None
