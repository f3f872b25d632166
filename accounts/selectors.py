from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse

from common.models import Notification
from common.registry import PROGRAMME_LABELS, TodoItem, programme_label, todo_sources_for
from common.search import search

from .models import Unit


def unit_tree_for(*, user, q: str = ""):
    """Units the user reaches, in tree order, with how many children each has; `q` keeps
    those whose name (whatever the diacritics), code or administrative code has it."""
    units = units_matching(user=user, text=q).select_related("successor").order_by("path")
    return units.annotate(child_count=Count("children"))


def units_matching(*, user, text: str):
    """Units the user may see whose name (whatever the diacritics and case), code or
    administrative code has `text`: the choices of a unit picker, in tree order."""
    return search(Unit.objects.visible_to(user), text, plain=["code", "official_code"], rank=False)


def todo_notifications_for(*, user, limit: int = 10):
    return Notification.objects.visible_to(user).unread()[:limit]


# The home page's "Việc cần làm": this many lines, then "và N việc khác".
TODO_ROWS = 15
# Unread notifications read for the list (the notification page has them all).
TODO_NOTIFICATIONS = 100
REMINDER_PREFIX = "reminder:"


@dataclass
class TodoRow:
    """One line of the home page's "Việc cần làm", laid out alike whatever it came from:
    what, for which programme, due date, status, link.

    A line is opened through `notification_id` when it has one (opening marks that
    notification read, then follows its link), else through `url`.
    """

    kind: str  # "deadline" (a source's TodoItem) or "notification"
    key: str
    title: str
    programme: str
    due: datetime.date | None
    url: str = ""
    detail: str = ""
    level: str = ""  # a notification's level, for a line with no due date
    days: int | None = None  # days left until `due`; negative when overdue
    notification_ids: list[int] = field(default_factory=list)  # unread ones on this line

    @property
    def notification_id(self) -> int | None:
        """The newest unread notification of the line, the one its link opens."""
        return max(self.notification_ids) if self.notification_ids else None

    @property
    def overdue(self) -> bool:
        return self.days is not None and self.days < 0


@dataclass
class TodoList:
    rows: list[TodoRow]
    more: int  # lines past the first TODO_ROWS
    links: list[tuple[str, str]]  # (label, url) of the sources' own lists the user may open


def _notification_programme(key: str) -> str:
    """A notification's programme from its key: "competitions.assigned:3:5" → "Cuộc thi";
    a reminder's from its deadline's key; "" when the key names no programme."""
    code = key.removeprefix(REMINDER_PREFIX).split(":", 1)[0].split(".", 1)[0]
    return programme_label(code) if code in PROGRAMME_LABELS else ""


def _reminded_deadline(key: str) -> str | None:
    """The deadline key a reminder notification is about ("reminder:<deadline key>:<offset>")."""
    if not key.startswith(REMINDER_PREFIX):
        return None
    deadline_key, _sep, offset = key.removeprefix(REMINDER_PREFIX).rpartition(":")
    return deadline_key if deadline_key and offset.lstrip("-").isdigit() else None


def todo_for(*, user, roles: set[str], today: datetime.date) -> TodoList:
    """The user's one "Việc cần làm" list: what every source of their roles says they still
    owe (`common.registry.TodoSource`) and their unread notifications, by due date (overdue
    first), then the lines with no due date, newest first.

    Nothing is left out: a reminder about a deadline on the list joins that deadline's line
    (its link opens and marks the reminder read); any other notification has its own line.
    """
    rows: list[TodoRow] = []
    by_key: dict[str, TodoRow] = {}
    links = []
    for source in todo_sources_for(roles):
        items: list[TodoItem] = source.collect(user=user, today=today)
        for item in items:
            row = TodoRow(
                kind="deadline",
                key=item.key,
                title=item.title,
                programme=programme_label(item.programme),
                due=item.due,
                url=item.url,
                detail=item.detail,
            )
            rows.append(row)
            by_key.setdefault(item.key, row)
        if source.list_url_name and (not source.list_permission or user.has_perm(source.list_permission)):
            links.append((str(source.list_label), reverse(source.list_url_name)))
    for notification in todo_notifications_for(user=user, limit=TODO_NOTIFICATIONS):
        folded = by_key.get(_reminded_deadline(notification.key) or "")
        if folded is not None:
            folded.notification_ids.append(notification.pk)
            continue
        rows.append(
            TodoRow(
                kind="notification",
                key=notification.key,
                title=notification.title,
                programme=_notification_programme(notification.key),
                due=notification.due_on,
                url=notification.url,
                level=notification.level,
                notification_ids=[notification.pk],
            )
        )
    for row in rows:
        row.days = (row.due - today).days if row.due is not None else None
    # Stable: lines of one due date keep their source's order; undated ones stay newest first.
    rows.sort(key=lambda row: (row.due is None, row.due or datetime.date.max))
    return TodoList(rows=rows[:TODO_ROWS], more=max(0, len(rows) - TODO_ROWS), links=links)


def officer_ids_by_unit(unit_ids) -> dict[int, list[int]]:
    """Active unit officers' user ids for each of these units (the unit itself, not above)."""
    from .models import Membership

    rows = Membership.objects.filter(
        unit_id__in=list(unit_ids), role=Membership.Role.OFFICER, user__is_active=True
    ).values_list("unit_id", "user_id")
    result: dict[int, list[int]] = {}
    for unit_id, user_id in rows:
        result.setdefault(unit_id, []).append(user_id)
    return result


def units_run_by(*, user):
    """Units whose programmes the user runs (staff role there), the choices of a form's
    `owner` field. Superusers may place a programme at any unit."""
    from .scoping import access_of

    access = access_of(user)
    if access.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(path__in=access.staff_paths)
