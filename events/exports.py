"""Excel exports of every events list; rows come from the selectors the pages use."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from common.excel import Styled, build_workbook

from .selectors import AttendanceReport, TrainedRow


def _local(moment):
    return timezone.localtime(moment) if moment else None


def events_workbook(*, events) -> bytes:
    headers = [
        _("Tên sự kiện"),
        _("Loại"),
        _("Bắt đầu"),
        _("Kết thúc"),
        _("Địa điểm"),
        _("Đơn vị tổ chức"),
        _("Thực hiện kế hoạch"),
        _("Tập huấn khởi nghiệp"),
        _("Số chỗ"),
        _("Đã xác nhận"),
        _("Danh sách chờ"),
        _("Có mặt"),
        _("Trạng thái"),
    ]
    rows = (
        [
            e.title,
            e.get_kind_display(),
            _local(e.starts_at),
            _local(e.ends_at),
            e.venue or e.online_url,
            e.unit.name,
            e.plan_reference,
            _("Có") if e.counts_as_training else "",
            e.capacity,
            e.confirmed_count,
            e.waiting_count,
            e.attended_count,
            e.get_status_display(),
        ]
        for e in events
    )
    return build_workbook(title=_("Sự kiện"), headers=headers, rows=rows, key_columns=1)


def registrations_workbook(*, registrations) -> bytes:
    headers = [
        _("Họ và tên"),
        _("Ngày sinh"),
        _("Giới tính"),
        _("Dân tộc"),
        _("Số điện thoại"),
        _("Email"),
        _("Đơn vị"),
        _("Nơi học tập, công tác"),
        _("Trong danh sách thanh niên"),
        _("Cách đăng ký"),
        _("Trạng thái"),
        _("Thứ tự chờ"),
        _("Mã vé"),
        _("Điểm danh lúc"),
        _("Đánh giá"),
        _("Góp ý"),
    ]
    rows = (
        [
            r.person_name,
            r.person_birth,
            r.gender_label,
            r.ethnicity_label,
            r.phone,
            r.person_email,
            r.unit.name if r.unit_id else "",
            r.organisation,
            _("Có") if r.entrepreneur_id else "",
            r.get_source_display(),
            r.get_status_display(),
            r.waiting_position,
            r.ticket_code,
            _local(r.checked_in_at),
            r.rating,
            r.comment,
        ]
        for r in registrations
    )
    return build_workbook(
        title=_("Đăng ký tham dự"),
        headers=headers,
        rows=rows,
        key_columns=1,
    )


def attendance_report_workbook(*, report: AttendanceReport) -> bytes:
    headers = [_("Nhóm"), _("Nội dung"), _("Đăng ký"), _("Có mặt")]
    rows = []
    for group, lines in (
        (_("Đơn vị"), report.by_unit),
        (_("Giới tính"), report.by_gender),
        (_("Dân tộc"), report.by_ethnicity),
    ):
        rows.extend([group, line.label, line.registered, line.attended] for line in lines)
    rows.append([Styled(value, bold=True) for value in (_("Tổng"), "", report.registered, report.attended)])
    return build_workbook(title=_("Báo cáo điểm danh"), headers=headers, rows=rows)


def trained_workbook(*, rows: list[TrainedRow], year: int) -> bytes:
    headers = [_("Mã đơn vị"), _("Đơn vị"), _("Người của chính đơn vị"), _("Tính cả đơn vị cấp dưới")]
    return build_workbook(
        title=_("Tập huấn %(year)d") % {"year": year},
        headers=headers,
        rows=([r.unit.code, r.unit.name, r.own, r.total] for r in rows),
    )


def booths_workbook(*, booths) -> bytes:
    headers = [_("Số gian hàng"), _("Mô hình"), _("Đơn vị"), _("Sản phẩm trưng bày"), _("Sản phẩm OCOP")]
    return build_workbook(
        title=_("Gian hàng"),
        headers=headers,
        rows=(
            [
                b.number,
                b.venture.name,
                b.venture.unit.name,
                "; ".join(b.product_lines),
                str(getattr(b, "ocop_product", None) or ""),
            ]
            for b in booths
        ),
    )


def _places_workbook(*, title: str, places, name: str, details: list[tuple[str, Callable]]) -> bytes:
    """Startup clubs or spaces: name, managing unit and school, the `details` of the kind
    (header, value of a place), and whether the place is active."""
    columns = [
        (name, lambda p: p.name),
        (_("Đơn vị quản lý"), lambda p: p.unit.name),
        (_("Trường"), lambda p: p.school.name if p.school_id else ""),
        *details,
        (_("Đang hoạt động"), lambda p: _("Có") if p.is_active else _("Không")),
    ]
    return build_workbook(
        title=title,
        headers=[header for header, _value in columns],
        rows=([value(place) for _header, value in columns] for place in places),
        key_columns=1,
    )


def clubs_workbook(*, clubs) -> bytes:
    return _places_workbook(
        title=_("Câu lạc bộ khởi nghiệp"),
        places=clubs,
        name=_("Tên câu lạc bộ"),
        details=[
            (_("Số thành viên"), lambda c: c.members),
            (_("Người hướng dẫn"), lambda c: c.mentor),
            (_("Ngày thành lập"), lambda c: c.founded_on),
            (_("Hoạt động"), lambda c: c.activities),
        ],
    )


def spaces_workbook(*, spaces) -> bytes:
    return _places_workbook(
        title=_("Không gian khởi nghiệp"),
        places=spaces,
        name=_("Tên không gian"),
        details=[
            (_("Địa chỉ"), lambda s: s.address),
            (_("Diện tích (m²)"), lambda s: s.area_m2),
            (_("Trang thiết bị"), lambda s: s.equipment),
            (_("Ngày đưa vào hoạt động"), lambda s: s.opened_on),
        ],
    )
