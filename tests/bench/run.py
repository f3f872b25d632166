"""Benchmarks: page and export cost as the registry grows. Prints figures; asserts nothing.

    make bench                      # 10 and 5,000 rows
    BENCH_ROWS=20000 make bench

Runs against a throw-away SQLite file (or DATABASE_URL when set) with test settings.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='portal-bench-')}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]

import datetime  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from accounts.models import Membership, Unit, User  # noqa: E402
from accounts.services import membership_grant  # noqa: E402
from ventures import imports  # noqa: E402
from ventures.models import Entrepreneur, Venture  # noqa: E402

REPEAT = 5


def measure(label: str, func) -> None:
    """Queries of one run, median time of REPEAT runs, then peak memory of one traced run."""
    with CaptureQueriesContext(connection) as queries:
        func()
    query_count = len(queries)
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    func()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<48} median {statistics.median(timings):8.1f} ms   "
        f"queries {query_count:4d}   peak {peak / 1024 / 1024:6.1f} MiB"
    )


def grow(unit: Unit, total: int) -> None:
    have = Entrepreneur.objects.count()
    people = [
        Entrepreneur(
            full_name=f"Lò Văn {n}",
            date_of_birth=datetime.date(1995, 1, 1) + datetime.timedelta(days=n % 3000),
            gender="male" if n % 2 else "female",
            ethnicity="03",
            phone=f"09{n:08d}",
            unit=unit,
        )
        for n in range(have, total)
    ]
    Entrepreneur.objects.bulk_create(people, batch_size=1000)
    ventures = Venture.objects.bulk_create(
        [Venture(name=f"Mô hình {p.full_name}", kind="household", sector="crops", unit=unit) for p in people],
        batch_size=1000,
    )
    Through = Venture.owners.through
    Through.objects.bulk_create(
        [Through(venture_id=v.pk, entrepreneur_id=p.pk) for v, p in zip(ventures, people, strict=True)],
        batch_size=1000,
    )


def import_file(rows: int, unit_code: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(c) for c in imports.COLUMNS])
    for n in range(rows):
        sheet.append(
            [f"Cầm Thị Nhập {n}", f"{1 + n % 28:02d}/05/1999", "Nữ", "Thái", f"03{n:08d}", "", "", unit_code]
            + [""] * (len(imports.COLUMNS) - 8)
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    call_command("migrate", verbosity=0)
    large = int(os.environ.get("BENCH_ROWS", "5000"))
    province, _ = Unit.objects.get_or_create(code="bench-province", defaults={"name": "Tỉnh đoàn", "kind": "province"})
    commune, _ = Unit.objects.get_or_create(
        code="bench-commune", defaults={"name": "Đoàn phường", "kind": "commune", "parent": province}
    )
    officer, _ = User.objects.get_or_create(username="bench-officer")
    membership_grant(user=officer, unit=commune, role=Membership.Role.OFFICER)
    client = Client()
    client.force_login(officer)
    print(f"database: {connection.vendor}; each figure is the median of {REPEAT} runs")
    for total in (10, large):
        grow(commune, total)
        reset_queries()
        print(f"\n-- {Entrepreneur.objects.count()} entrepreneurs, {Venture.objects.count()} ventures")
        measure("entrepreneur list page", lambda: client.get(reverse("ventures:entrepreneur-list")))
        measure("venture list page", lambda: client.get(reverse("ventures:venture-list")))
        measure("home page (officer)", lambda: client.get(reverse("home")))
        measure("unit subtree lookup", lambda: list(Unit.objects.subtree_of(province)))
        measure("entrepreneur export (all rows)", lambda: client.get(reverse("ventures:entrepreneur-export")))
    content = import_file(500, commune.code)

    def run_import():
        with transaction.atomic():
            report = imports.import_entrepreneurs(uploaded=io.BytesIO(content), actor=officer)
            assert report.ok, report.errors[:3]  # noqa: S101 - a benchmark of a failing import means nothing
            transaction.set_rollback(True)  # the next run imports the same people again

    measure("import 500 rows (validate + save)", run_import)


if __name__ == "__main__":
    main()
