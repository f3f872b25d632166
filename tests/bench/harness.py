"""Shared set-up of the benchmarks: Django on a throw-away database, and a timer.

Benchmarks print figures and assert nothing. Each figure is the median of several
runs, with the query count of one run and the peak memory of one traced run.
"""

from __future__ import annotations

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

settings.ALLOWED_HOSTS = ["testserver"]
# The portal's URLs plus a plain 50-row page, the reference every figure is read against.
settings.ROOT_URLCONF = "tests.bench.urls"

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


def database() -> str:
    return f"{connection.vendor} ({settings.DATABASES['default']['NAME']})"


def measure_reference(client) -> float:
    """The plain 50-row page, with 50 units to show."""
    from accounts.models import Unit

    root, _created = Unit.objects.get_or_create(code="bench-ref", defaults={"name": "Tham chiếu", "kind": "other"})
    if Unit.objects.count() < 51:
        for n in range(50):
            Unit.objects.get_or_create(
                code=f"bench-ref-{n}", defaults={"name": f"Đoàn xã tham chiếu {n}", "kind": "commune", "parent": root}
            )
    measure("reference: layout page, 50 rows (signed in)", lambda: client.get("/bench/layout/"))
    return measure("reference: plain 50-row page, 1 query", lambda: client.get("/bench/plain/"))
