"""Consolidated report benchmark: the Excel (and PDF) of a year at province scale.

    .venv/bin/python tests/bench/reports_export.py
    BENCH_UNITS=120 BENCH_ENTRIES=6000 .venv/bin/python tests/bench/reports_export.py

Builds 60 communes with a branch each, 3,000 contest entries and 1,200 ventures
spread over them, a plan with per-unit and province targets, then prints the median
time and the peak memory of computing the year's figures and writing the workbook.
"""

from __future__ import annotations

import datetime
import logging
import os

from django.utils import timezone
from harness import database, measure, migrate

from accounts.models import Unit
from accounts.services import unit_create
from common.history import system_actor
from common.indicators import Period
from competitions.models import Category, Contest, Entry
from reports.models import Plan, Target
from reports.planning.consolidated import consolidated_data
from reports.planning.exports import consolidated_workbook
from reports.planning.pdf import consolidated_pdf
from ventures.models import Venture

UNITS = int(os.environ.get("BENCH_UNITS", "60"))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "3000"))
VENTURES = int(os.environ.get("BENCH_VENTURES", "1200"))
YEAR = 2026


def build() -> None:
    actor = system_actor()
    province = unit_create(actor=actor, name="Tỉnh đoàn", code="bench-tinh", kind=Unit.Kind.PROVINCE)
    communes = []
    for n in range(UNITS):
        commune = unit_create(
            actor=actor, name=f"Đoàn xã {n}", code=f"bench-xa-{n}", kind=Unit.Kind.COMMUNE, parent=province
        )
        unit_create(actor=actor, name=f"Chi đoàn {n}", code=f"bench-cd-{n}", kind=Unit.Kind.BRANCH, parent=commune)
        communes.append(commune)
    moment = timezone.make_aware(datetime.datetime(YEAR, 3, 10, 9, 0))
    contest = Contest.objects.create(
        owner=province,
        name="Cuộc thi benchmark",
        year=YEAR,
        slug="bench",
        status=Contest.Status.OPEN,
        submission_opens_at=moment - datetime.timedelta(days=30),
        submission_closes_at=moment + datetime.timedelta(days=30),
        age_reference_date=datetime.date(YEAR, 8, 30),
    )
    category = Category.objects.create(contest=contest, name="Nông nghiệp")
    Entry.objects.bulk_create(
        [
            Entry(
                contest=contest,
                unit=communes[n % UNITS],
                category=category,
                title=f"Ý tưởng {n}",
                summary="Tóm tắt.",
                status=Entry.Status.SUBMITTED,
                submitted_at=moment,
            )
            for n in range(ENTRIES)
        ],
        batch_size=1000,
    )
    kinds = [Venture.Kind.COOPERATIVE, Venture.Kind.HOUSEHOLD, Venture.Kind.ENTERPRISE]
    Venture.objects.bulk_create(
        [
            Venture(name=f"Mô hình {n}", kind=kinds[n % 3], sector=Venture.Sector.CROPS, unit=communes[n % UNITS])
            for n in range(VENTURES)
        ],
        batch_size=1000,
    )
    plan = Plan.objects.create(
        number="1-KH/BENCH",
        issued_on=datetime.date(YEAR, 1, 2),
        title="Kế hoạch benchmark",
        issuer=province,
        owner=province,
        start_date=datetime.date(YEAR, 1, 1),
        end_date=datetime.date(YEAR, 12, 31),
    )
    Target.objects.create(
        plan=plan,
        label="Mỗi đơn vị ít nhất 05 ý tưởng",
        indicator_code="competitions.ideas_submitted",
        scope="unit",
        unit_kinds="commune",
        value=5,
    )
    Target.objects.create(
        plan=plan,
        label="Toàn tỉnh ít nhất 100 HTX",
        indicator_code="ventures.youth_cooperatives",
        scope="province",
        value=100,
    )


def main() -> None:
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its progress lines drown the figures
    migrate()
    build()
    print(f"Consolidated report of a year · {database()} · {UNITS} units, {ENTRIES} entries, {VENTURES} ventures")
    period = Period.year(YEAR)
    data = consolidated_data(period=period)
    measure("consolidated: figures of a year", lambda: consolidated_data(period=period))
    measure(
        "consolidated: Excel of a year (figures + workbook)",
        lambda: consolidated_workbook(consolidated_data(period=period)),
    )
    measure("consolidated: PDF of a year (WeasyPrint)", lambda: consolidated_pdf(data), repeat=3)


if __name__ == "__main__":
    main()
