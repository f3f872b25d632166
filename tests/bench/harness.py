"""Shared set-up of the benchmarks: Django on a throw-away database, and a timer.

Benchmarks print figures and assert nothing. Each figure is the median of several
runs, with the query count of one run and the peak memory of one traced run.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='portal-bench-')}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# Production keeps figures in Redis or a 5,000-entry file cache; the tests' in-memory cache
# would cull them at 300 entries, between two reads of one page.
settings.CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 100_000

settings.ALLOWED_HOSTS = ["testserver"]
# Keep the connection between requests, as the portal does in production (and so its
# prepared statements, on PostgreSQL).
connection.settings_dict["CONN_MAX_AGE"] = 60
# The portal's URLs plus a plain 50-row page, the reference every figure is read against.
settings.ROOT_URLCONF = "tests.bench.urls"
# Benchmarks time slow pages on purpose: their figures are the report, not the slow-page log.
logging.getLogger("portal.slow").setLevel(logging.ERROR)

REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))


def migrate() -> None:
    call_command("migrate", verbosity=0)


def measure(label: str, func: Callable[[], object], *, repeat: int = REPEAT) -> float:
    """Print and return the median milliseconds of `func`."""
    with CaptureQueriesContext(connection) as queries:
        func()
    query_count = len(queries)  # now: the next request resets the connection's query log
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    func()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median = statistics.median(timings)
    print(f"{label:<52} median {median:9.1f} ms   queries {query_count:5d}   peak {peak / 1024 / 1024:6.1f} MiB")
    return median


def interleaved(pages: dict[str, Callable[[], object]], *, rounds: int = REPEAT * 3) -> dict[str, float]:
    """Median milliseconds of each page, timed in turns (a, b, c, a, b, c…), so a burst
    of noise on a shared machine falls on every page alike and the ratios hold."""
    for func in pages.values():
        func()
    timings: dict[str, list[float]] = {label: [] for label in pages}
    for _ in range(rounds):
        for label, func in pages.items():
            start = time.perf_counter()
            func()
            timings[label].append((time.perf_counter() - start) * 1000)
    return {label: statistics.median(values) for label, values in timings.items()}


def getter(client, url: str) -> Callable[[], None]:
    """A page read through Django's test client that must answer 200."""

    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    return get


def query_count(func: Callable[[], object]) -> int:
    """How many queries one run of `func` asks."""
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as autovacuum (PostgreSQL) or
    a routine ANALYZE would have done on a database in use: plans made from stale
    statistics measure the load, not the page."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def database() -> str:
    return f"{connection.vendor} ({settings.DATABASES['default']['NAME']})"


def measure_reference(client) -> float:
    """The plain 50-row page, with 50 units to show."""
    from accounts.models import Unit
    from accounts.services import unit_create
    from common.history import system_actor

    actor = system_actor()
    root = Unit.objects.filter(code="bench-ref").first() or unit_create(
        actor=actor, code="bench-ref", name="Tham chiếu", kind="other"
    )
    if Unit.objects.count() < 51:
        for n in range(50):
            if not Unit.objects.filter(code=f"bench-ref-{n}").exists():
                unit_create(
                    actor=actor, code=f"bench-ref-{n}", name=f"Đoàn xã tham chiếu {n}", kind="commune", parent=root
                )
    measure("reference: layout page, 50 rows (signed in)", lambda: client.get("/bench/layout/"))
    measure("reference: plain 50-row page, everyday way", lambda: client.get("/bench/everyday/"))
    return measure("reference: plain 50-row page, 1 query", lambda: client.get("/bench/plain/"))
