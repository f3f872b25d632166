"""The daily reminder run: every deadline of every app, to those who still owe the work.

For each deadline × debtor × offset where today == due + offset, the run inserts the
`ReminderLog` row (unique on deadline, person and offset, held by the database) and
creates the notification (itself unique by recipient and key; the batch's emails are
queued on commit); reminders are committed in batches of `BATCH`, each one insert of
logs and one of notifications, in one fixed order (so two workers wait on each other
instead of deadlocking). So:

- running the task twice, or on two workers at once, sends each reminder once: the
  second run's insert waits for the first transaction and then fails on the constraint,
  and that batch claims what is left one reminder at a time (`_log`);
- a worker killed halfway rolls back the batch it was on (logs and notifications
  together); the retried task skips the reminders already logged and sends the rest.
"""

from __future__ import annotations

import datetime
import functools
import inspect
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from common.deadlines import Deadline
from common.history import system_actor
from common.i18n import in_language_of, language_of
from common.models import Notification
from common.services import notifications_create

from .. import sources
from ..models import DEFAULT_OFFSETS, ReminderLog, ReminderOffset, describe_offset
from . import deadlines as own_deadlines
from .services import periods_ensure_all

logger = logging.getLogger(__name__)

# Reminders committed together: one insert of logs and one of notifications each.
BATCH = 1000


def active_offsets() -> tuple[int, ...]:
    """The offsets staff configured, or 7, 3, 1 days before and the day after."""
    rows = list(ReminderOffset.objects.filter(is_active=True).values_list("days", flat=True))
    if rows:
        return tuple(sorted(rows))
    if ReminderOffset.objects.exists():  # every offset switched off: staff want no reminders
        return ()
    return DEFAULT_OFFSETS


def providers() -> list:
    """Every app's `deadlines` function, and the unit reports' own.

    `sources` finds modules by name, `common.deadlines` (the dataclasses) among them,
    so only modules with a `deadlines` function count.
    """
    found = [m.deadlines for m in sources._modules("deadlines") if callable(getattr(m, "deadlines", None))]
    return [*found, own_deadlines.deadlines]


def gather(
    *,
    start: datetime.date,
    end: datetime.date,
    errors: list[str] | None = None,
    debtor=None,
    viewer=None,
    summary: bool = False,
) -> list[Deadline]:
    """Every deadline due in [start, end]: the apps' ones and the unit reports'.

    With `debtor` (or `viewer`), providers that can narrow their work to what that user
    may owe (or see on the staff pages) do so (see `common.deadlines`). With `summary`, providers
    that can fold many items of one unit into one deadline do (the staff pages). One app failing
    does not stop the others' reminders: it is logged (and listed in `errors` when given).
    """
    found: list[Deadline] = []
    for provider in providers():
        parameters = inspect.signature(provider).parameters
        narrowing = {"debtor": debtor, "viewer": viewer}
        kwargs = {name: user for name, user in narrowing.items() if user is not None and name in parameters}
        if summary and "summary" in parameters:
            kwargs["summary"] = True
        try:
            found.extend(provider(start=start, end=end, **kwargs))
        except Exception:  # noqa: BLE001 - one broken app must not silence every other
            logger.exception("Deadlines of %s failed", provider.__module__)
            if errors is not None:
                errors.append(provider.__module__)
    return sorted(found, key=lambda d: (d.due, d.key))


@dataclass
class RunResult:
    deadlines: int = 0
    sent: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def reminders_send(*, actor: User | None = None, today: datetime.date | None = None) -> RunResult:
    """Send today's reminders; safe to repeat and to run concurrently.

    The daily run acts as the system account (`common.history.system_actor()`) unless
    a person is given (a command run by hand). Each reminder is written in its recipient's
    language (`common.i18n`): the deadlines are gathered in Vietnamese, and once more in
    each other language a recipient chose.
    """
    actor = actor or system_actor()
    today = today or timezone.localdate()
    offsets = active_offsets()
    result = RunResult()
    if not offsets:
        return result
    # Deadlines today may remind about: due = today - offset.
    start = today - datetime.timedelta(days=max(offsets))
    end = today - datetime.timedelta(days=min(offsets))
    periods_ensure_all(until=max(end, today), actor=actor)
    wanted: list[tuple[Deadline, int]] = []
    with translation.override(settings.LANGUAGE_CODE):  # the log's titles, whoever runs it
        gathered = gather(start=start, end=end, errors=result.errors)
    for deadline in gathered:
        offset = (today - deadline.due).days
        if offset in offsets and deadline.owed_by:
            wanted.append((deadline, offset))
    result.deadlines = len(wanted)
    if not wanted:
        return result
    done = _done_due_between(start, end)
    user_ids = {debtor.user_id for d, _o in wanted for debtor in d.owed_by}
    users = User.objects.filter(is_active=True).in_bulk(user_ids)
    todo = []
    for deadline, offset in wanted:
        for debtor in deadline.owed_by:
            user = users.get(debtor.user_id)
            if user is None or (deadline.key, debtor.user_id, offset) in done:
                result.skipped += 1
            else:
                todo.append((deadline, user, debtor.detail, offset))
    todo.sort(key=lambda item: (item[0].key, item[1].pk, item[3]))
    worded = _worded_in_languages(todo, start=start, end=end)
    # Reminders are committed in batches, one insert of logs and one of notifications each;
    # a crash loses only the open batch — its logs and notifications together.
    for start_at in range(0, len(todo), BATCH):
        batch = todo[start_at : start_at + BATCH]
        with transaction.atomic():
            fresh = _log(batch, today=today)
            notifications_create(notifications=[_notification(*item, worded=worded) for item in fresh])
        result.sent += len(fresh)
        result.skipped += len(batch) - len(fresh)
    return result


def _done_due_between(start: datetime.date, end: datetime.date) -> set[tuple[str, int, int]]:
    """(deadline key, user, offset) of the reminders logged for deadlines due in [start, end]:
    what this run must not send again.

    Read by due day, not by a list of keys: a national run asks about a quarter of a million
    keys, and with prepared statements PostgreSQL plans an IN list of 2,000 parameters once,
    generically, then checks every row of the log against each of them. A reminder of a
    deadline whose due day moved is still sent once: the log's unique key refuses a second
    row (`_log`).
    """
    return set(ReminderLog.objects.filter(due__range=(start, end)).values_list("deadline_key", "user_id", "offset"))


def _done_for(keys: set[str]) -> set[tuple[str, int, int]]:
    done: set[tuple[str, int, int]] = set()
    ordered = sorted(keys)
    for i in range(0, len(ordered), 2000):
        done.update(
            ReminderLog.objects.filter(deadline_key__in=ordered[i : i + 2000]).values_list(
                "deadline_key", "user_id", "offset"
            )
        )
    return done


def _log_row(deadline: Deadline, user, detail: str, offset: int, *, today: datetime.date, now) -> ReminderLog:
    return ReminderLog(
        deadline_key=deadline.key,
        user=user,
        offset=offset,
        programme=deadline.programme[:100],
        title=str(deadline.title)[:255],
        detail=str(detail)[:255],
        due=deadline.due,
        sent_on=today,
        notified_at=now,  # with the notification, in this transaction
    )


def _log(batch: list[tuple], *, today: datetime.date) -> list[tuple]:
    """Log a batch of reminders; returns those this run logged (and so must send).

    One insert for the batch. If another run logged one of them since the log was read,
    the unique key refuses the insert (having waited for that run's commit): the batch
    then reads the log again and claims what is left one by one, each in its savepoint.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            ReminderLog.objects.bulk_create([_log_row(*item, today=today, now=now) for item in batch])
    except IntegrityError:
        pass
    else:
        return batch
    done = _done_for({item[0].key for item in batch})
    fresh = []
    for item in batch:
        if (item[0].key, item[1].pk, item[3]) in done:
            continue
        try:
            with transaction.atomic():
                _log_row(*item, today=today, now=now).save()
        except IntegrityError:
            continue
        fresh.append(item)
    return fresh


def _worded_in_languages(todo: list[tuple], *, start: datetime.date, end: datetime.date) -> dict:
    """{(language, deadline key): the deadline as worded in that language} for every language
    other than Vietnamese that a recipient in `todo` chose (gathered again in it)."""
    worded = {}
    for language in sorted({language_of(item[1]) for item in todo} - {settings.LANGUAGE_CODE}):
        with translation.override(language):
            worded.update({(language, deadline.key): deadline for deadline in gather(start=start, end=end)})
    return worded


def _notification(deadline: Deadline, user, detail: str, offset: int, *, worded: dict | None = None) -> Notification:
    """The reminder `user` reads, in their language (`deadline` and `detail` are in Vietnamese)."""
    with in_language_of(user) as language:
        if (language, deadline.key) in (worded or {}):
            deadline = worded[language, deadline.key]
            detail = next((debtor.detail for debtor in deadline.owed_by if debtor.user_id == user.pk), detail)
        return _reminder(deadline, user, detail, offset)


@functools.lru_cache(maxsize=64)
def _when(language: str, offset: int) -> str:
    """ "còn 3 ngày", "hạn là hôm nay", "đã quá hạn 1 ngày" in `language` (the active one):
    worded once per run and offset, not once per reminder (a quarter of a million)."""
    if offset < 0:
        return _("còn %(n)d ngày") % {"n": -offset}
    if offset == 0:
        return _("hạn là hôm nay")
    return _("đã quá hạn %(n)d ngày") % {"n": offset}


@functools.lru_cache(maxsize=8)
def _body(language: str) -> str:
    """The reminder's body in `language` (the active one), worded once per run."""
    return _("%(detail)sHạn: %(due)s.")


def _reminder(deadline: Deadline, user, detail: str, offset: int) -> Notification:
    when = _when(translation.get_language(), offset)
    return Notification(
        recipient=user,
        key=f"reminder:{deadline.key}:{offset}"[:200],
        title=f"{deadline.title} ({when})",
        body=_body(translation.get_language())
        % {"detail": f"{detail}. " if detail else "", "due": deadline.due.strftime("%d/%m/%Y")},
        url=deadline.url,
        level=Notification.Level.WARNING if offset > 0 else Notification.Level.TODO,
        due_on=deadline.due,
        send_email=True,
    )


__all__ = ["RunResult", "active_offsets", "describe_offset", "gather", "reminders_send"]
