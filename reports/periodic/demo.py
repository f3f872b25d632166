# ruff: noqa: E501 -- the demo tables keep one field per row
"""Demo periodic reporting: the Lào Cai-style quarterly report (due day 05 of the last
month of the quarter, plan-lao-cai-collective-economy-2020-2025 §IV.2) since the quarter of a
year ago, the yearly report due 15/11, reminder offsets, and the last year's reports in several
states, the same on any day.
Idempotent: running it again creates nothing new.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Membership, Unit

from ..models import ReminderOffset, ReportField, ReportingSchedule, UnitReport
from ..planning.demo import PROVINCE_CODE
from . import services

QUARTERLY = "Báo cáo quý kết quả Đồng hành với thanh niên khởi nghiệp, lập nghiệp"
YEARLY = "Báo cáo năm kết quả phát triển kinh tế tập thể trong thanh niên"

INT, NUMBER, TEXT = ReportField.Kind.INTEGER, ReportField.Kind.NUMBER, ReportField.Kind.TEXT
# (code, label, kind, unit label, the indicator that prefills it)
QUARTERLY_FIELDS = [
    ("y_tuong_khoi_nghiep", "Ý tưởng, dự án khởi nghiệp đã hỗ trợ, giới thiệu", INT, "ý tưởng", "competitions.ideas_submitted"),
    ("mo_hinh_moi", "Mô hình kinh tế thanh niên mới", INT, "mô hình", "ventures.registered"),
    ("thanh_nien_tap_huan", "Thanh niên được tập huấn kiến thức khởi nghiệp", INT, "người", "events.youth_trained"),
    ("von_vay_gioi_thieu", "Vốn vay giới thiệu qua Ngân hàng CSXH", NUMBER, "triệu đồng", ""),
    ("fanpage_co_bai_viet", "Có bài đăng trên fanpage của đơn vị trong quý (1 = có, 0 = không)", INT, "", ""),
    ("kho_khan_kien_nghi", "Khó khăn, vướng mắc, kiến nghị", TEXT, "", ""),
]  # fmt: skip
YEARLY_FIELDS = [
    ("htx_thanh_nien", "Hợp tác xã, tổ hợp tác do thanh niên làm chủ", INT, "HTX/THT", "ventures.youth_cooperatives"),
    ("to_tkvv_kha_tot", "Tổ tiết kiệm và vay vốn xếp loại khá, tốt", INT, "tổ", ""),
    ("danh_gia_chung", "Đánh giá chung, bài học kinh nghiệm", TEXT, "", ""),
]  # fmt: skip
BASIS = "Kế hoạch thực hiện Chương trình phát triển kinh tế tập thể, mục IV.2"


def _schedule(name, defaults, fields) -> ReportingSchedule:
    """The schedule (run by the province: `owner` in `defaults`) and the lines of its form."""
    schedule, _created = ReportingSchedule.objects.get_or_create(name=name, defaults=defaults)
    for order, (code, label, kind, unit_label, indicator) in enumerate(fields, start=1):
        ReportField.objects.get_or_create(
            schedule=schedule,
            code=code,
            defaults={
                "label": label,
                "kind": kind,
                "unit_label": unit_label,
                "indicator_code": indicator,
                "order": order,
                "required": kind != ReportField.Kind.TEXT,
            },
        )
    return schedule


def _quarter_a_year_back(today: datetime.date) -> datetime.date:
    """The first day of the quarter that was under way a year before `today`."""
    back = today - datetime.timedelta(days=365)
    return datetime.date(back.year, 3 * ((back.month - 1) // 3) + 1, 1)


def load_periodic(ctx) -> None:
    for days in (-7, -3, -1, 1):
        ReminderOffset.objects.get_or_create(days=days)
    year = ctx.today.year
    province = ctx.units[PROVINCE_CODE]
    quarterly = _schedule(
        QUARTERLY,
        {
            "owner": province,
            "basis": BASIS,
            "description": "Báo cáo gửi Ban Phong trào Tỉnh đoàn trước ngày 05 tháng cuối quý.",
            "frequency": ReportingSchedule.Frequency.QUARTERLY,
            "due_kind": ReportingSchedule.DueKind.RELATIVE,
            "due_day": 5,
            "due_month_offset": 0,
            "unit_kinds": [Unit.Kind.COMMUNE, Unit.Kind.SCHOOL],
            # A year of quarters behind today, whatever the day: in January and February no
            # quarter of this year is due yet, and the demo still shows reports sent, accepted,
            # returned and late.
            "active_from": _quarter_a_year_back(ctx.today),
        },
        QUARTERLY_FIELDS,
    )
    yearly = _schedule(
        YEARLY,
        {
            "owner": province,
            "basis": BASIS,
            "description": "Báo cáo năm gửi Tỉnh đoàn trước ngày 15/11.",
            "frequency": ReportingSchedule.Frequency.YEARLY,
            "due_kind": ReportingSchedule.DueKind.FIXED,
            "due_day": 15,
            "due_month": 11,
            "unit_kinds": [Unit.Kind.COMMUNE],
            "active_from": datetime.date(year, 1, 1),
        },
        YEARLY_FIELDS,
    )
    until = ctx.today + datetime.timedelta(days=120)
    staff = ctx.users.get("tinhdoan")
    periods = services.periods_ensure(schedule=quarterly, until=until, actor=staff)
    services.periods_ensure(schedule=yearly, until=until, actor=staff)
    past = [p for p in periods if p.due < ctx.today]
    communes = list(
        Unit.objects.subtree_of(province).active(ctx.today).filter(kind=Unit.Kind.COMMUNE).order_by("path")[:6]
    )
    officers = {
        m.unit_id: m.user
        for m in Membership.objects.filter(unit__in=communes, role=Membership.Role.OFFICER).select_related("user")
    }
    made = 0
    for p_index, period in enumerate(past):
        for u_index, unit in enumerate(communes):
            if UnitReport.objects.filter(period=period, unit=unit).exists():
                continue
            # Leave some units without a report in the latest past quarter: they are late.
            if p_index == len(past) - 1 and u_index % 3 == 2:
                continue
            actor = officers.get(unit.pk) or staff
            report = services.report_open(period=period, unit=unit, actor=actor)
            raw = {
                "y_tuong_khoi_nghiep": str(2 + (u_index + p_index) % 4),
                "mo_hinh_moi": str(1 + u_index % 3),
                "thanh_nien_tap_huan": str(30 + 5 * u_index),
                "von_vay_gioi_thieu": f"{150 + 25 * u_index},5",
                "fanpage_co_bai_viet": "1" if u_index % 4 else "0",
                "kho_khan_kien_nghi": "Thiếu vốn đối ứng cho mô hình mới." if u_index % 2 else "",
            }
            report = services.report_submit(report=report, raw=raw, actor=actor)
            # Sent a few days before the due date; one unit sent its first quarter a week late.
            late = u_index == 1 and p_index == 0
            sent_on = period.due + datetime.timedelta(days=7 if late else -(1 + u_index % 4))
            sent_at = timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(9, 30)))
            UnitReport.objects.filter(pk=report.pk).update(submitted_at=sent_at, submitted_late=late)
            report.refresh_from_db()
            if p_index < len(past) - 1 or u_index == 0:
                if u_index == 3:
                    services.report_return(
                        report=report,
                        actor=staff,
                        comment="Số vốn vay chưa khớp với số liệu của Ngân hàng CSXH, đề nghị rà soát.",
                    )
                else:
                    services.report_accept(report=report, actor=staff)
            made += 1
    ctx.log(f"  báo cáo định kỳ: 2 lịch báo cáo, {made} báo cáo mới của đơn vị")
