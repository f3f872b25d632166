"""Who did it: the acting person behind every historical row.

django-simple-history asks `HistoricalRecords(get_user=...)` for the user of each
new history row when the instance carries no `_history_user`. Its own default reads
the request that `HistoryRequestMiddleware` stores, so a change made by a Celery
task, an Excel import run outside a request, a management command or the demo
loader would be written with no user. Here every service receives `actor` and runs
inside `acting_as(actor)` (through the `@records_actor` decorator), and
`history_user` prefers that actor to the request user:

1. the instance's own `_history_user` (simple-history reads it before calling us);
2. the actor of the innermost service running now;
3. the signed-in user of the current request (admin paths that save without a service).

Two inactive accounts stand for the callers that are not a person with an account,
so a service never writes a history row without a user:

- `system_actor()` ("he-thong"): scheduled runs (reminders, sweeps, the monthly report);
- `public_actor()` ("cong-khai"): a visitor on a public form or a private link (event
  registration, a job seeker, an employer's link), who has no account.

Neither can sign in: they are inactive and have no usable password.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    # settings.AUTH_USER_MODEL's base: `common` imports nothing from `accounts`.
    from django.contrib.auth.models import AbstractUser as User

P = ParamSpec("P")
R = TypeVar("R")

SYSTEM_USERNAME = "he-thong"
PUBLIC_USERNAME = "cong-khai"

_ACCOUNTS = {
    SYSTEM_USERNAME: _("Hệ thống (tác vụ tự động)"),
    PUBLIC_USERNAME: _("Người dùng công khai (biểu mẫu không đăng nhập)"),
}

_current_actor: ContextVar[User | None] = ContextVar("history_actor", default=None)


def current_actor() -> User | None:
    """The actor of the innermost service running in this thread or task, if any."""
    return _current_actor.get()


@contextlib.contextmanager
def acting_as(actor: User | None) -> Iterator[None]:
    """Attribute every history row written inside the block to `actor`.

    A `None` actor leaves an outer actor in place (a nested helper called without one).
    """
    if actor is None:
        yield
        return
    token = _current_actor.set(actor)
    try:
        yield
    finally:
        _current_actor.reset(token)


def records_actor(func: Callable[P, R]) -> Callable[P, R]:
    """Run a service inside `acting_as(actor)`, `actor` being its keyword argument."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with acting_as(kwargs.get("actor")):  # type: ignore[arg-type]
            return func(*args, **kwargs)

    wrapper.records_actor = True  # type: ignore[attr-defined]
    return wrapper


def records_public_actor(func: Callable[P, R]) -> Callable[P, R]:
    """Like `records_actor`, for a service a visitor with no account may call.

    Called with `actor=None` (or an anonymous user) from a public form, a ticket link
    or an employer's private link, it acts as `public_actor()`; called by a signed-in
    person (staff registering someone at the door), it acts as that person.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        actor = kwargs.get("actor")
        if actor is None or not actor.is_authenticated:
            actor = public_actor()
        with acting_as(actor):
            return func(*args, **kwargs)

    wrapper.records_actor = True  # type: ignore[attr-defined]
    wrapper.public_entry_point = True  # type: ignore[attr-defined]
    return wrapper


def history_user(*, instance: Any = None, request: Any = None, **kwargs: Any) -> User | None:
    """The `get_user` hook of every `HistoricalRecords`: the service's actor, then the request's user."""
    actor = _current_actor.get()
    if actor is not None:
        return actor
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def record_update(instance: Any, *, actor: User, when: datetime.datetime | None = None) -> None:
    """Write the "changed" history row for a row a conditional UPDATE has just claimed.

    A claim (`filter(..., state=old).update(state=new) == 1`) keeps a periodic job or a
    double click from acting twice, but `QuerySet.update()` skips `save()` and with it
    simple-history. Call this with the re-read instance after a successful claim.
    """
    record_updates([instance], actor=actor, when=when)


def record_updates(
    instances: list[Any], *, actor: User, when: datetime.datetime | None = None, reason: str = ""
) -> None:
    """`record_update` for several re-read rows of one model, in one INSERT (`reason`: the
    rows' change reason)."""
    if not instances:
        return
    model = type(instances[0])
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    manager.bulk_history_create(
        instances, update=True, default_user=actor, default_date=when, default_change_reason=reason
    )


def _service_account(username: str) -> User:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    # Stored once, in the site's language, whatever language the first caller uses.
    with translation.override(settings.LANGUAGE_CODE):
        full_name = str(_ACCOUNTS[username])
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "is_active": False, "password": make_password(None)},
    )
    return user


def system_actor() -> User:
    """The inactive account "he-thong" that scheduled jobs act as (created on first use)."""
    return _service_account(SYSTEM_USERNAME)


def public_actor() -> User:
    """The inactive account "cong-khai" for visitors on public forms and private links."""
    return _service_account(PUBLIC_USERNAME)


def actor_or_public(actor: User | None) -> User:
    """The signed-in actor, or the public account when a visitor with no account acts."""
    if actor is None or not actor.is_authenticated:
        return public_actor()
    return actor
