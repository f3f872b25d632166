"""What the user still owes, from every app's deadlines: lines of the home page's one
"Việc cần làm" list (`accounts` lays it out, with the user's unread notifications)."""

from __future__ import annotations

import datetime

from django.utils import translation

from common.figures import remembered
from common.registry import TodoItem

from .reminders import gather
from .selectors import DEADLINE_FIGURES, owed_by_user

# What the user owes from this many days back (overdue work) to this many days ahead.
HOME_BACK_DAYS = 60
HOME_AHEAD_DAYS = 30


def owed_todo_items(*, user, today: datetime.date) -> list[TodoItem]:
    """Every deadline due within the home page's window that `user` still owes, soonest first,
    each with what exactly ("Đoàn phường Tô Hiệu: 2/5 ý tưởng")."""
    start = today - datetime.timedelta(days=HOME_BACK_DAYS)
    end = today + datetime.timedelta(days=HOME_AHEAD_DAYS)

    def compute() -> list[TodoItem]:
        deadlines = gather(start=start, end=end, debtor=user)
        return [
            TodoItem(
                key=deadline.key,
                title=str(deadline.title),
                programme=str(deadline.programme),
                due=deadline.due,
                url=deadline.url,
                detail=str(detail),
            )
            for deadline, detail in owed_by_user(deadlines, user.pk)
        ]

    # Every app is asked on each home page (a few hundred ms for a province's staff): kept
    # per person, day and language until anything the deadlines read from changes.
    key = f"owed:{user.pk}:{translation.get_language()}:{start.isoformat()}:{end.isoformat()}"
    items, _counted_at = remembered(app_label=DEADLINE_FIGURES, key=key, compute=compute)
    return items
