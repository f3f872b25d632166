"""What to watch in production: the health endpoint, beat's heartbeats, slow pages, the status.

- `health()` answers `GET /healthz` for the load balancer: the database and the cache answer
  (200, else 503), the broker is reachable, beat's sweeps ran lately. A handful of ms: one
  `SELECT 1`, two cache round trips, one broker PING; no table is read.
- `heartbeat(task)` is written by each periodic sweep when it runs; beat is "late" when a
  sweep's last run is older than BEAT_LATE_FACTOR times its period in CELERY_BEAT_SCHEDULE.
- `record_slow_page()` keeps the slowest pages of the day (`common.middleware.SlowPageMiddleware`
  logs them) in the cache, for `manage.py portal_status` to show.
- `portal_status()` gathers what an operator checks (`manage.py portal_status`): the above,
  the Celery queue's length, emails waiting, and what the apps register with
  `register_status_source` (reports: failed and stuck reports and exports).

`common` knows nothing of roles or reports: `reports` registers its status lines here
(`register_status_source`), `accounts` the kind of role in the slow-page log
(`common.middleware.register_role_kind`).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "portal:heartbeat:{task}"
SLOW_PAGES_KEY = "portal:slow-pages"
HEALTH_KEY = "portal:healthz"
# A sweep is late when its last run is older than this many of its periods.
BEAT_LATE_FACTOR = 3
# The slow pages kept for portal_status (the slowest), and how far back it looks.
SLOW_PAGES_KEPT = 50
SLOW_PAGES_WINDOW = datetime.timedelta(hours=24)
# Failed reports and exports are counted over this window.
FAILED_WINDOW = datetime.timedelta(hours=24)
BROKER_TIMEOUT_SECONDS = 2

OK = "ok"
ATTENTION = "attention"  # something to look at: a threshold passed, beat late
ERROR = "error"  # the database, the cache or the broker does not answer


# Beat's heartbeats -------------------------------------------------------------------


def heartbeat(task: str) -> None:
    """Note that the periodic task `task` (its Celery name) runs now. Never fails the task:
    a cache that does not answer is logged and the sweep goes on."""
    try:
        cache.set(HEARTBEAT_KEY.format(task=task), timezone.now().timestamp(), timeout=None)
    except Exception:
        logger.warning("Could not write the heartbeat of %s", task, exc_info=True)


def beat_periods() -> dict[str, float]:
    """The tasks beat runs every so many seconds (CELERY_BEAT_SCHEDULE's intervals), by
    task name: the sweeps, each of which writes a heartbeat. Crontab entries (daily, monthly)
    are not watched this way."""
    periods = {}
    for entry in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).values():
        schedule = entry["schedule"]
        if isinstance(schedule, datetime.timedelta):
            periods[entry["task"]] = schedule.total_seconds()
        elif isinstance(schedule, int | float):
            periods[entry["task"]] = float(schedule)
    return periods


@dataclass(frozen=True)
class Heartbeat:
    task: str
    period: float  # seconds
    last: datetime.datetime | None  # None: never seen (or the cache was emptied)
    age: float | None  # seconds

    @property
    def state(self) -> str:
        if self.age is None:
            return "unknown"
        return "late" if self.age > BEAT_LATE_FACTOR * self.period else OK


def heartbeats(*, now: datetime.datetime | None = None) -> list[Heartbeat]:
    """Each watched sweep's last run, read in one cache round trip."""
    now = now or timezone.now()
    periods = beat_periods()
    keys = {task: HEARTBEAT_KEY.format(task=task) for task in periods}
    stamps = cache.get_many(list(keys.values()))
    found = []
    for task, period in sorted(periods.items()):
        stamp = stamps.get(keys[task])
        last = datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC) if stamp is not None else None
        found.append(Heartbeat(task, period, last, None if last is None else max((now - last).total_seconds(), 0)))
    return found


def beat_state(beats: list[Heartbeat]) -> str:
    """Beat's state: "late" when a sweep is late, "ok" when every sweep ran lately, else "unknown"."""
    states = {beat.state for beat in beats}
    if "late" in states:
        return "late"
    return OK if states == {OK} else "unknown"


# Database, cache, broker --------------------------------------------------------------


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("The database does not answer: %s", error)
        return False
    return True


def cache_answers() -> bool:
    """The cache stores and returns a value (sessions, rate counters and heartbeats live there)."""
    try:
        stamp = timezone.now().timestamp()
        cache.set(HEALTH_KEY, stamp, timeout=60)
        return cache.get(HEALTH_KEY) == stamp
    except Exception as error:
        logger.warning("The cache does not answer: %s", error)
        return False


def broker_kind() -> str:
    """ "eager" (tasks run in the process that queues them: no broker), "redis", "filesystem"
    (`make run`'s folders under var/celery) or "other"."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return "eager"
    scheme = settings.CELERY_BROKER_URL.split(":", 1)[0]
    if scheme in {"redis", "rediss"}:
        return "redis"
    return "filesystem" if scheme == "filesystem" else "other"


def default_queue() -> str:
    return getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", None) or "celery"


_redis_clients: dict[str, Any] = {}


def _redis():
    """One client (and its connection pool) per broker URL, with short time-outs."""
    import redis

    url = settings.CELERY_BROKER_URL
    if url not in _redis_clients:
        _redis_clients[url] = redis.Redis.from_url(
            url, socket_timeout=BROKER_TIMEOUT_SECONDS, socket_connect_timeout=BROKER_TIMEOUT_SECONDS
        )
    return _redis_clients[url]


def _queue_folder() -> Path:
    return Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])


def broker_state() -> str:
    """ "ok", "error" or "n/a" (no broker: tasks run eagerly, or a broker this does not know)."""
    kind = broker_kind()
    try:
        if kind == "redis":
            _redis().ping()
        elif kind == "filesystem":
            if not _queue_folder().is_dir():
                return ERROR
        else:
            return "n/a"
    except Exception as error:
        logger.warning("The Celery broker does not answer: %s", error)
        return ERROR
    return OK


@dataclass(frozen=True)
class QueueLength:
    waiting: int  # messages no worker has taken yet
    running: int | None  # taken by a worker, not yet acknowledged (Redis only)


def queue_length() -> QueueLength | None:
    """The default queue's length, or None where there is no broker to ask.

    On Redis a queue is a list per priority step (kombu's "celery", "celery\\x06\\x163"…),
    read with LLEN, and the messages workers hold are the "unacked" hash; the file broker
    keeps one file per waiting message in its queue folder.
    """
    kind = broker_kind()
    queue = default_queue()
    if kind == "redis":
        from kombu.transport.redis import PRIORITY_STEPS, Channel

        names = [queue] + [f"{queue}{Channel.sep}{step}" for step in PRIORITY_STEPS if step]
        pipe = _redis().pipeline(transaction=False)
        for name in names:
            pipe.llen(name)
        pipe.hlen(Channel.unacked_key)
        *lengths, unacked = pipe.execute()
        return QueueLength(waiting=sum(lengths), running=unacked)
    if kind == "filesystem":
        suffix = f"{queue}.msg"
        waiting = sum(1 for path in _queue_folder().iterdir() if path.name.partition(".")[2] == suffix)
        return QueueLength(waiting=waiting, running=None)
    return None


def health(*, now: datetime.datetime | None = None) -> tuple[dict[str, str], bool]:
    """What `/healthz` answers, and whether this web process can serve (database and cache)."""
    database = database_answers()
    cache_ok = cache_answers()
    try:
        beat = beat_state(heartbeats(now=now)) if cache_ok else "unknown"
    except Exception:
        beat = "unknown"
    body = {
        "database": OK if database else ERROR,
        "cache": OK if cache_ok else ERROR,
        "broker": broker_state(),
        "beat": beat,
    }
    return body, database and cache_ok


# Slow pages -----------------------------------------------------------------------------


def record_slow_page(page: dict[str, Any]) -> None:
    """Keep a slow page (method, path, status, ms, sql, role) for portal_status: the
    SLOW_PAGES_KEPT slowest of the last 24 hours.

    A read and a write of one cache entry; two processes writing at once may lose one of
    the two, which a list of the slowest pages can afford. Never fails the request.
    """
    try:
        now = timezone.now()
        since = (now - SLOW_PAGES_WINDOW).timestamp()
        recent = [old for old in cache.get(SLOW_PAGES_KEY) or [] if old.get("at", 0) >= since]
        pages = sorted([{**page, "at": now.timestamp()}, *recent], key=lambda one: one["ms"], reverse=True)
        pages = pages[:SLOW_PAGES_KEPT]
        cache.set(SLOW_PAGES_KEY, pages, timeout=int(SLOW_PAGES_WINDOW.total_seconds()))
    except Exception:
        logger.warning("Could not keep a slow page", exc_info=True)


def slowest_pages(*, now: datetime.datetime | None = None, limit: int = 5) -> list[dict[str, Any]]:
    """The slowest pages kept from the last 24 hours, slowest first."""
    since = ((now or timezone.now()) - SLOW_PAGES_WINDOW).timestamp()
    pages = [page for page in cache.get(SLOW_PAGES_KEY) or [] if page.get("at", 0) >= since]
    return sorted(pages, key=lambda page: page["ms"], reverse=True)[:limit]


# The operator's status ------------------------------------------------------------------


@dataclass(frozen=True)
class StatusLine:
    """One line of `manage.py portal_status`: `state` is "ok", "attention" or "error";
    `value` is what a machine reads (a count, seconds), `text` what the operator reads."""

    key: str
    state: str
    text: str
    value: Any = None
    details: list[str] = field(default_factory=list)


_status_sources: dict[str, Callable] = {}


def register_status_source(key: str, source: Callable) -> None:
    """An app adds lines to the status: `source(*, now) -> list[StatusLine]` (reports does
    for its failed and stuck outputs)."""
    _status_sources[key] = source


def status_setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _age(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 120:
        return _("%(n)d giây") % {"n": seconds}
    if seconds < 2 * 3600:
        return _("%(n)d phút") % {"n": seconds // 60}
    if seconds < 2 * 86400:
        return _("%(n)d giờ") % {"n": seconds // 3600}
    return _("%(n)d ngày") % {"n": seconds // 86400}


def _reachable_lines() -> tuple[list[StatusLine], bool, bool, str]:
    database = database_answers()
    cache_ok = cache_answers()
    broker = broker_state()
    lines = [
        StatusLine(
            "database",
            OK if database else ERROR,
            _("Cơ sở dữ liệu (%(vendor)s): trả lời") % {"vendor": connection.vendor}
            if database
            else _("Cơ sở dữ liệu (%(vendor)s): KHÔNG trả lời") % {"vendor": connection.vendor},
            value=database,
        ),
        StatusLine(
            "cache",
            OK if cache_ok else ERROR,
            _("Bộ nhớ đệm: trả lời") if cache_ok else _("Bộ nhớ đệm: KHÔNG trả lời"),
            value=cache_ok,
        ),
    ]
    kind = broker_kind()
    if broker == "n/a":
        text = _("Hàng đợi Celery: không dùng (tác vụ chạy ngay trong tiến trình gọi)")
    elif broker == OK:
        text = _("Hàng đợi Celery (%(kind)s): trả lời") % {"kind": kind}
    else:
        text = _("Hàng đợi Celery (%(kind)s): KHÔNG trả lời") % {"kind": kind}
    lines.append(StatusLine("broker", ERROR if broker == ERROR else OK, text, value=broker))
    return lines, database, cache_ok, broker


def _queue_line() -> StatusLine:
    length = queue_length()
    limit = status_setting("STATUS_QUEUE_MAX", 100)
    text = _("Tác vụ chờ trong hàng đợi “%(queue)s”: %(n)d (ngưỡng %(limit)d)") % {
        "queue": default_queue(),
        "n": length.waiting,
        "limit": limit,
    }
    if length.running is not None:
        text += _("; đang chạy: %(n)d") % {"n": length.running}
    return StatusLine(
        "queue",
        ATTENTION if length.waiting > limit else OK,
        text,
        value={"waiting": length.waiting, "running": length.running, "limit": limit},
    )


def _beat_line(now: datetime.datetime) -> StatusLine:
    beats = heartbeats(now=now)
    state = beat_state(beats)
    details = []
    for beat in beats:
        if beat.age is None:
            details.append(_("%(task)s: chưa thấy chạy lần nào") % {"task": beat.task})
        else:
            details.append(
                _("%(task)s: chạy cách đây %(age)s (mỗi %(period)s, trễ khi quá %(late)s)")
                % {
                    "task": beat.task,
                    "age": _age(beat.age),
                    "period": _age(beat.period),
                    "late": _age(BEAT_LATE_FACTOR * beat.period),
                }
            )
    texts = {
        OK: _("Celery beat: các tác vụ định kỳ chạy đúng nhịp"),
        "late": _("Celery beat: TRỄ, tác vụ định kỳ không chạy (beat hoặc worker đã dừng?)"),
        "unknown": _("Celery beat: chưa thấy nhịp (beat chưa chạy, hoặc bộ nhớ đệm vừa bị xoá)"),
    }
    return StatusLine(
        "beat",
        OK if state == OK else ATTENTION,
        texts[state],
        value={beat.task: None if beat.age is None else round(beat.age) for beat in beats} | {"state": state},
        details=details,
    )


def _email_line(now: datetime.datetime) -> StatusLine:
    from .models import Notification

    waiting = Notification.objects.filter(send_email=True, emailed_at__isnull=True).aggregate(
        n=Count("pk"), oldest=Min("created_at")
    )
    limit = status_setting("STATUS_EMAIL_MAX_AGE_SECONDS", 900)
    age = max((now - waiting["oldest"]).total_seconds(), 0) if waiting["oldest"] else None
    if age is None:
        text = _("Email chờ gửi: 0")
    else:
        text = _("Email chờ gửi: %(n)d, lâu nhất %(age)s (ngưỡng %(limit)s)") % {
            "n": waiting["n"],
            "age": _age(age),
            "limit": _age(limit),
        }
    return StatusLine(
        "emails",
        ATTENTION if age is not None and age > limit else OK,
        text,
        value={"waiting": waiting["n"], "oldest_seconds": None if age is None else round(age), "limit": limit},
    )


def _slow_pages_line(now: datetime.datetime) -> StatusLine:
    pages = slowest_pages(now=now)
    threshold = status_setting("SLOW_PAGE_MS", 1000)
    details = [
        _("%(method)s %(path)s: %(ms)d ms, %(sql)d truy vấn SQL, %(role)s, mã %(status)d") % page for page in pages
    ]
    text = _("Trang chậm (quá %(ms)d ms) trong 24 giờ qua, chậm nhất: %(n)d") % {"ms": threshold, "n": len(pages)}
    if not pages:
        text = _("Trang chậm (quá %(ms)d ms) trong 24 giờ qua: không có") % {"ms": threshold}
    return StatusLine("slow_pages", OK, text, value=pages, details=details)


@dataclass(frozen=True)
class PortalStatus:
    at: datetime.datetime
    lines: list[StatusLine]

    @property
    def exit_code(self) -> int:
        """0: all well; 1: something to look at; 2: the database, cache or broker is down."""
        states = {line.state for line in self.lines}
        if ERROR in states:
            return 2
        return 1 if ATTENTION in states else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": timezone.localtime(self.at).isoformat(),
            "exit_code": self.exit_code,
            "checks": {line.key: asdict(line) for line in self.lines},
        }


def _read(key: str, read: Callable[[], list[StatusLine]]) -> list[StatusLine]:
    """The lines `read` returns, or one line saying they could not be read (an error)."""
    try:
        return read()
    except Exception as error:
        logger.warning("portal_status could not read %s: %s", key, error)
        return [StatusLine(key, ERROR, _("Không đọc được %(key)s: %(error)s") % {"key": key, "error": error})]


def portal_status(*, now: datetime.datetime | None = None) -> PortalStatus:
    """Everything `manage.py portal_status` shows. What lives in a store that does not answer
    (the database, the cache, the broker) is left out: the line saying it is down stands for it."""
    now = now or timezone.now()
    lines, database, cache_ok, broker = _reachable_lines()
    if broker == OK:
        lines += _read("queue", lambda: [_queue_line()])
    if cache_ok:
        lines += _read("beat", lambda: [_beat_line(now)])
    if database:
        lines += _read("emails", lambda: [_email_line(now)])
        for key, source in sorted(_status_sources.items()):
            lines += _read(key, lambda source=source: source(now=now))
    if cache_ok:
        lines += _read("slow_pages", lambda: [_slow_pages_line(now)])
    return PortalStatus(at=now, lines=lines)
