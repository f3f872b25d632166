"""Registry benchmark: page and export cost as the registry grows from 10 to BENCH_ROWS rows.

make bench                      # every benchmark
BENCH_ROWS=20000 .venv/bin/python tests/bench/registry.py
"""

from __future__ import annotations

import datetime
import io
import os

from django.db import reset_queries, transaction
from django.test import Client
from django.urls import reverse
from harness import database, measure, measure_reference, migrate
from openpyxl import Workbook

from accounts.models import Membership, Unit, User
from accounts.services import membership_grant, unit_create
from common.history import system_actor
from ventures import imports
from ventures.models import Entrepreneur, Venture


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


def search_registry(client, listed: float) -> None:
    """The registry searched for a name as written and as typed without diacritics; each
    figure with its ratio to the unsearched list page (a search must stay within 2x)."""
    url = reverse("ventures:entrepreneur-list")
    for label, query in (("as written", "Lò Văn 1234"), ("unaccented", "lo van 1234")):
        searched = measure(f"entrepreneur search, {label}", lambda q=query: client.get(url, {"q": q}))
        print(f"{'':<52} ratio to the list page {searched / listed:5.2f}")


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
    migrate()
    large = int(os.environ.get("BENCH_ROWS", "5000"))
    actor = system_actor()
    province = Unit.objects.filter(code="bench-province").first() or unit_create(
        actor=actor, code="bench-province", name="Tỉnh đoàn", kind="province"
    )
    commune = Unit.objects.filter(code="bench-commune").first() or unit_create(
        actor=actor, code="bench-commune", name="Đoàn phường", kind="commune", parent=province
    )
    officer, _ = User.objects.get_or_create(username="bench-officer")
    membership_grant(user=officer, unit=commune, role=Membership.Role.OFFICER)
    client = Client()
    client.force_login(officer)
    print(f"database: {database()}")
    measure_reference(client)
    for total in (10, large):
        grow(commune, total)
        reset_queries()
        print(f"\n-- {Entrepreneur.objects.count()} entrepreneurs, {Venture.objects.count()} ventures")
        listed = measure("entrepreneur list page", lambda: client.get(reverse("ventures:entrepreneur-list")))
        search_registry(client, listed)
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
