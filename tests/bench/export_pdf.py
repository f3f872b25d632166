"""Export benchmark: an Excel file of 100,000 rows and 500 certificates as one PDF.

    .venv/bin/python tests/bench/export_pdf.py          (or: make bench)
    BENCH_EXCEL_ROWS=10000 BENCH_CERTIFICATES=50 .venv/bin/python tests/bench/export_pdf.py

The workbook goes through `common.excel.build_workbook` (write-only, rows streamed from a
generator) with the registry export's shape: 14 columns of text, dates and numbers.
The certificates go through `awards.exports.certificates_pdf` (the template staff
download, one A4 landscape page per honouree). Each figure is the median of a few runs
(BENCH_REPEAT, default 3; one run for the PDF unless BENCH_PDF_REPEAT says more), with
the peak Python memory of one traced run. Nothing is asserted.
"""

from __future__ import annotations

import datetime
import logging
import os
import statistics
import time
import tracemalloc

from harness import database

from accounts.models import Unit
from awards.exports import Honouree, certificates_pdf
from awards.models import AwardProgramme
from common.excel import build_workbook

ROWS = int(os.environ.get("BENCH_EXCEL_ROWS", "100000"))
CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", "500"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
PDF_REPEAT = int(os.environ.get("BENCH_PDF_REPEAT", "1"))

HEADERS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Số điện thoại",
    "Đơn vị",
    "Mô hình",
    "Loại hình",
    "Lĩnh vực",
    "Doanh thu năm (đồng)",
    "Lao động",
    "Vốn vay (đồng)",
    "Ngày cập nhật",
]


def rows(count: int):
    born = datetime.date(1995, 1, 1)
    for n in range(count):
        yield [
            n + 1,
            f"Lò Văn Thanh {n}",
            born + datetime.timedelta(days=n % 3000),
            "Nam" if n % 2 else "Nữ",
            "Thái",
            f"09{n:08d}",
            f"Đoàn xã Chiềng {n % 200}",
            f"Mô hình nuôi cá lồng số {n}",
            "Hộ kinh doanh",
            "Thủy sản",
            120_000_000 + n * 1000,
            n % 12,
            50_000_000,
            datetime.date(2026, 1 + n % 12, 1 + n % 28),
        ]


def workbook() -> bytes:
    return build_workbook(title="Danh sách thanh niên", headers=HEADERS, rows=rows(ROWS), widths=[12] * len(HEADERS))


def honourees(count: int) -> list[Honouree]:
    return [
        Honouree(
            full_name=f"Cầm Thị Hương {n}",
            birth_year=1995 + n % 10,
            gender="female" if n % 2 else "male",
            gender_label="Nữ" if n % 2 else "Nam",
            ethnicity="Thái",
            unit_name=f"Đoàn xã Mường Bú {n % 200}",
            category_name="Thanh niên khởi nghiệp nông nghiệp",
            venture_name=f"Hợp tác xã chè Shan tuyết số {n}",
            annual_revenue=850_000_000,
            jobs_created=12,
            verification_code=f"TN26-{n:05d}",
        )
        for n in range(count)
    ]


def certificates() -> bytes:
    owner = Unit(name="Tỉnh đoàn Sơn La", kind=Unit.Kind.PROVINCE)  # the issuer printed; never saved
    programme = AwardProgramme(name="Giải thưởng Thanh niên khởi nghiệp tiêu biểu năm 2026", owner=owner)
    return certificates_pdf(programme=programme, certificates=honourees(CERTIFICATES))


def timed(label: str, func, *, repeat: int, trace: bool) -> None:
    timings, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(func())
        timings.append(time.perf_counter() - start)
    peak = ""
    if trace:
        tracemalloc.start()
        func()
        _current, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak = f"   peak {top / 1024 / 1024:6.1f} MiB"
    print(f"{label:<44} median {statistics.median(timings):7.2f} s   {size / 1024 / 1024:6.1f} MiB file{peak}")


def main() -> None:
    # WeasyPrint and its font subsetting chatter (INFO, and a warning per font about HarfBuzz).
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    print(f"database: {database()} (not used: both outputs are built from plain rows)")
    timed(f"Excel export, {ROWS:,} rows × {len(HEADERS)} columns", workbook, repeat=REPEAT, trace=True)
    import weasyprint  # noqa: F401  (imported lazily by common.pdf: import it before the clock starts)

    timed(f"certificates PDF, {CERTIFICATES} pages", certificates, repeat=PDF_REPEAT, trace=False)


if __name__ == "__main__":
    main()
