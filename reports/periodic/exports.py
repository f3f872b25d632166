"""Excel outputs of periodic reporting: one period's reports (units × lines), and who is late.

Each reads plain values in a fixed number of queries whatever the number of units.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit
from common.excel import build_workbook

from ..models import ReportingPeriod, ReportValue, UnitReport


def period_workbook(period: ReportingPeriod) -> bytes:
    """Every unit that must report for the period: status, dates and each line's answer."""
    fields = list(period.schedule.fields.all())
    units = [
        u
        for u in Unit.objects.filter(kind__in=period.schedule.unit_kinds).order_by("path")
        if period.schedule.reports_from(u) and u.is_active_on(period.end)
    ]
    reports = {r.unit_id: r for r in UnitReport.objects.filter(period=period).select_related("submitted_by")}
    values: dict[tuple[int, int], object] = {}
    for report_id, field_id, number, text in ReportValue.objects.filter(report__period=period).values_list(
        "report_id", "field_id", "number", "text"
    ):
        values[(report_id, field_id)] = number if number is not None else text
    status_labels = dict(UnitReport.Status.choices)
    today = timezone.localdate()

    def rows():
        for unit in units:
            report = reports.get(unit.pk)
            if report is None:
                late = today > period.due
                yield [unit.name, _("Chưa làm"), None, _("Có") if late else "", *[None for _f in fields], ""]
                continue
            late = report.is_late
            yield [
                unit.name,
                str(status_labels[report.status]),
                report.submitted_at,
                _("Có") if late else "",
                *[values.get((report.pk, f.pk)) for f in fields],
                report.notes,
            ]

    headers = [
        _("Đơn vị"),
        _("Trạng thái"),
        _("Gửi lúc"),
        _("Trễ hạn"),
        *[f.label + (f" ({f.unit_label})" if f.unit_label else "") for f in fields],
        _("Ghi chú của đơn vị"),
    ]
    return build_workbook(
        # Excel refuses / \ ? * [ ] : in a sheet title ("Tháng 10/2026").
        title=period.label.replace("/", "-"),
        headers=headers,
        rows=rows(),
        key_columns=1,
    )


def late_workbook(rows: list[dict], today: datetime.date) -> bytes:
    return build_workbook(
        title=_("Trễ hạn"),
        headers=[
            _("Hạn"),
            _("Số ngày trễ"),
            _("Chương trình"),
            _("Việc"),
            _("Đơn vị"),
            _("Số người còn nợ"),
            _("Chi tiết"),
        ],
        rows=(
            [
                r["deadline"].due,
                r["late_days"],
                r["programme"],
                str(r["deadline"].title),
                r["unit"],
                r["debtors"],
                "; ".join(str(d) for d in r["details"]),
            ]
            for r in rows
        ),
    )
