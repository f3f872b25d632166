"""Wide-scope figures kept in the cache until the next write in their app.

A province's home page counts hundreds of thousands of rows (every young person and
venture of its communes), the Central Union's millions: counted live, such a page costs
seconds at national scale. These figures are computed once and kept in the cache under
the viewer's scope, the day and the app's *generation*, a number every save or delete of
the app's models moves on (`watch`), so the next read after any change counts again:
what a page shows is never older than the last change made through the portal. Changes
that bypass signals (a bulk update in a shell, a data migration) are caught by the time
limit, `FIGURES_TTL`; a page that shows cached figures says when they were counted.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

# Seconds a counted figure is kept at most (writes that bypass signals show after this).
FIGURES_TTL = 600


def _generation_key(app_label: str) -> str:
    return f"figures:generation:{app_label}"


def generation(app_label: str) -> int:
    """The app's current generation: moves on with every save or delete of its models."""
    value = cache.get(_generation_key(app_label))
    if value is None:
        # A fresh cache starts from the clock, so a generation never repeats one a figure
        # was stored under before the cache was flushed.
        value = int(timezone.now().timestamp() * 1000)
        cache.add(_generation_key(app_label), value, timeout=None)
        value = cache.get(_generation_key(app_label), value)
    return value


def bump(app_label: str) -> None:
    """Move the app's generation on: every figure counted before is read no more."""
    try:
        cache.incr(_generation_key(app_label))
    except ValueError:  # not there yet (or evicted): any fresh value differs from the old ones
        generation(app_label)
        cache.incr(_generation_key(app_label))


def watch(app_label: str, *models) -> None:
    """Call from the app's `AppConfig.ready()`: a save or delete of any of `models` bumps
    the app's generation. Several apps may watch one model (a venture counts for
    `ventures` and for `loans` figures)."""

    def changed(sender, **kwargs):
        bump(app_label)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(changed, sender=model, weak=False, dispatch_uid=f"figures:{app_label}:{model._meta.label}")


def watch_apps(app_label: str, *watched_apps: str) -> None:
    """Like `watch`, for every model of `watched_apps` (their many-to-many tables too): for
    figures that read across apps, such as the deadlines every app hands to `reports`."""
    watched = frozenset(watched_apps)

    def changed(sender, **kwargs):
        if sender._meta.app_label in watched:
            bump(app_label)

    uid = f"figures:{app_label}:apps"
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(changed, weak=False, dispatch_uid=f"{uid}:{id(signal)}")


def remembered(*, app_label: str, key: str, compute: Callable[[], object]) -> tuple[object, datetime.datetime]:
    """`compute()` under `key`, from the cache while nothing changed in `app_label`;
    returns the value and when it was computed. The value must pickle (plain values)."""
    full_key = f"figures:{app_label}:{generation(app_label)}:{key}"
    found = cache.get(full_key)
    if found is None:
        found = (compute(), timezone.now())
        cache.set(full_key, found, timeout=FIGURES_TTL)
    return found


def counted(
    *, app_label: str, name: str, scope: str, today: datetime.date, compute: Callable[[], dict]
) -> tuple[dict, datetime.datetime]:
    """`compute()` for a viewer's scope (`accounts.scoping.scope_key`) and day
    (`remembered`): the figures and when they were counted. `compute` returns plain values
    (numbers, lists of tuples)."""
    return remembered(app_label=app_label, key=f"{name}:{scope}:{today.isoformat()}", compute=compute)


class RememberedCountPaginator(Paginator):
    """A paginator whose row count (a COUNT over every row the user may see: half a
    million people for the Central Union) is kept like the figures above, keyed by the
    query itself, so its scope and filters are part of the key. Set `app_label` in a
    subclass (`remembered_count_paginator`)."""

    app_label = ""

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None or not self.app_label:
            return super().count
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:  # a filter no row can match (a unit outside the user's reach)
            return 0
        digest = hashlib.sha1(f"{sql}|{params!r}".encode(), usedforsecurity=False).hexdigest()
        value, _at = remembered(
            app_label=self.app_label, key=f"count:{digest}", compute=lambda: Paginator.count.func(self)
        )
        return value


def remembered_count_paginator(app_label: str) -> type[Paginator]:
    """A paginator class for a list view of `app_label`'s rows (`paginator_class`)."""
    return type(f"RememberedCountPaginator_{app_label}", (RememberedCountPaginator,), {"app_label": app_label})
