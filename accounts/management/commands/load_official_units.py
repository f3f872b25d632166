"""`python manage.py load_official_units --province "Sơn La"`: a province joins the portal.

Loads the province's union and its commune, ward and special-zone unions from the official
list (`accounts.official_units`), idempotently, and prints what it added. `--dry-run` only
reads and reports.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import Unit
from accounts.official_units import (
    ADD,
    UPDATE,
    OfficialProvince,
    ProvinceReport,
    official_province_find,
    official_provinces,
    official_units_load,
    official_units_preview,
)
from common.history import system_actor


def _number(value: int) -> str:
    """3321 -> "3.321", as Vietnamese documents group thousands."""
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Nạp đơn vị của một tỉnh, thành phố theo danh mục hành chính chính thức (sau sắp xếp 07/2025): "
        "Tỉnh đoàn/Thành đoàn và Đoàn các xã, phường, đặc khu, kèm mã hành chính. Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            help=_('Mã hoặc tên tỉnh, thành phố (có thể không dấu), ví dụ: 14 hoặc "Sơn La"; lặp lại được.'),
        )
        parser.add_argument("--all", action="store_true", help=_("Cả 34 tỉnh, thành phố."))
        parser.add_argument("--under", help=_("Mã đơn vị cấp trên của tỉnh mới (ví dụ đơn vị Trung ương Đoàn)."))
        parser.add_argument("--dry-run", action="store_true", help=_("Chỉ báo cáo, không ghi vào cơ sở dữ liệu."))

    def handle(self, *args: Any, **options: Any) -> None:
        provinces = self._provinces(options["province"], everything=options["all"])
        under = None
        if options["under"]:
            under = Unit.objects.filter(code=options["under"]).first()
            if under is None:
                raise CommandError(_("Không có đơn vị mã “%(code)s”.") % {"code": options["under"]})
        if options["dry_run"]:
            self.stdout.write(_("Chạy thử: không ghi gì vào cơ sở dữ liệu."))
            reports = [official_units_preview(province=province) for province in provinces]
        else:
            actor = system_actor()
            reports = [
                official_units_load(actor=actor, province_code=province.code, under=under) for province in provinces
            ]
        for report in reports:
            self.stdout.write(self._line(report))
        self.stdout.write(
            _(
                "Tổng cộng %(provinces)s tỉnh, thành phố; %(units)s đơn vị cấp xã: "
                "thêm %(added)s, gán mã %(updated)s, giữ nguyên %(kept)s."
            )
            % {
                "provinces": _number(len(reports)),
                "units": _number(sum(r.total for r in reports)),
                "added": _number(sum(len(r.added) for r in reports)),
                "updated": _number(sum(len(r.updated) for r in reports)),
                "kept": _number(sum(len(r.kept) for r in reports)),
            }
        )

    def _provinces(self, queries: list[str], *, everything: bool) -> list[OfficialProvince]:
        if everything:
            return list(official_provinces())
        if not queries:
            raise CommandError(_("Hãy chọn --province <mã hoặc tên> hoặc --all."))
        provinces = []
        for query in queries:
            province = official_province_find(query)
            if province is None:
                raise CommandError(
                    _("Không tìm thấy tỉnh, thành phố “%(query)s” trong danh mục 34 tỉnh, thành phố.")
                    % {"query": query}
                )
            provinces.append(province)
        return provinces

    def _line(self, report: ProvinceReport) -> str:
        province_status = {
            ADD: _("thêm mới"),
            UPDATE: _("có sẵn, gán mã"),
        }.get(report.province_action, _("có sẵn"))
        return _(
            "%(union)s (mã %(code)s, %(status)s): thêm %(added)s, gán mã %(updated)s, giữ nguyên %(kept)s "
            "đơn vị cấp xã."
        ) % {
            "union": report.province.union_name,
            "code": report.province.code,
            "status": province_status,
            "added": _number(len(report.added)),
            "updated": _number(len(report.updated)),
            "kept": _number(len(report.kept)),
        }
