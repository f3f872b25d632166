"""The portal's own middleware: slow pages are logged."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection

from .monitoring import loggable_path, record_slow_page, role_kind_of

slow_logger = logging.getLogger("portal.slow")


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
