"""The portal's own middleware: slow pages are logged."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection

from .monitoring import record_slow_page

slow_logger = logging.getLogger("portal.slow")

# A captured URL value shown as is in the log: ids and slugs. Anything else (the codes of
# tickets, an employer's private link, a password-reset token) is logged by its name only.
_SHOWN_CONVERTERS = {"int", "slug"}
_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def loggable_path(request) -> str:
    """The page's path for a log: ids and slugs kept, every other captured value replaced by
    its name (`/jobs/tickets/<code>/`), and of the query string only its names (`?page&q`)."""
    match = getattr(request, "resolver_match", None)
    route = getattr(match, "route", "") or ""
    if match is not None and route and "(?" not in route and "^" not in route:

        def shown(part: re.Match) -> str:
            name = part["name"]
            value = match.kwargs.get(name)
            return str(value) if part["converter"] in _SHOWN_CONVERTERS and value is not None else f"<{name}>"

        path = "/" + _ROUTE_PARAMETER.sub(shown, route)
    elif match is not None and match.kwargs:
        path = "/" + route  # a regular expression's groups: named, not shown
    else:
        path = request.path
    names = sorted({name[:40] for name in request.GET})[:10]
    return f"{path}?{'&'.join(names)}" if names else path


_role_kind: list[Callable] = []


def register_role_kind(role_kind: Callable) -> None:
    """`accounts` names a user's roles for logs (`role_kind(user) -> str`)."""
    _role_kind[:] = [role_kind]


def role_kind_of(user) -> str:
    """What kind of user asked ("staff", "officer+judge", "anonymous"), never who."""
    try:
        if user is None or not getattr(user, "is_authenticated", False):
            return "anonymous"
        if _role_kind:
            return _role_kind[0](user)
        return "superuser" if user.is_superuser else "user"
    except Exception:  # the database is down on this very request: the log line still goes out
        return "unknown"


class _QueryCounter:
    """Counts the SQL statements of a request (`connection.execute_wrapper`), with DEBUG off."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class SlowPageMiddleware:
    """A page that takes longer than SLOW_PAGE_MS (1000 by default) is logged at WARNING on
    "portal.slow": method, path (ids and slugs, no other captured value, no query values),
    status, milliseconds, SQL statements and the user's kind of role, never who.

    First in MIDDLEWARE, so the time is the whole request's. A fast page costs a clock read
    and a counter per SQL statement. The time ends when the response is returned: a streamed
    file's rows written afterwards are not in it.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        ms = (time.perf_counter() - started) * 1000
        if ms > settings.SLOW_PAGE_MS:
            page = {
                "method": request.method,
                "path": loggable_path(request),
                "status": response.status_code,
                "ms": round(ms),
                "sql": counter.count,
                "role": role_kind_of(getattr(request, "user", None)),
            }
            slow_logger.warning(
                "slow page: method=%(method)s path=%(path)s status=%(status)d ms=%(ms)d sql=%(sql)d role=%(role)s",
                page,
                extra={"slow_page": page},
            )
            record_slow_page(page)
        return response
