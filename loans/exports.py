"""Excel outputs: the referral list, the groups with their grades, the dashboard."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from common.excel import ONE_DECIMAL, PLAIN, Styled, build_workbook


def referrals_workbook(referrals, *, today: datetime.date) -> bytes:
    headers = [
        _("Đơn vị"),
        _("Người vay"),
        _("Năm sinh"),
        _("Chương trình"),
        _("Số tiền đề nghị (đồng)"),
        _("Thời hạn (tháng)"),
        _("Mục đích"),
        _("Tổ TK&VV"),
        _("Nơi nhận hồ sơ"),
        _("Ngày nộp"),
        _("Bước hiện tại"),
        _("Ngày của bước"),
        _("Quá hạn xử lý"),
        _("Số tiền duyệt (đồng)"),
        _("Ngày duyệt"),
        _("Số tiền giải ngân (đồng)"),
        _("Ngày giải ngân"),
        _("Lý do từ chối"),
    ]
    rows = (
        [
            r.unit.name,
            r.entrepreneur.full_name,
            r.entrepreneur.date_of_birth.year,
            r.programme.name,
            r.amount,
            r.term_months,
            r.purpose,
            r.group.name if r.group else "",
            r.branch.name if r.branch else "",
            r.submitted_on,
            r.get_status_display(),
            r.status_on,
            _("Có") if r.is_late_on(today) else "",
            r.approved_amount,
            r.approved_on,
            r.disbursed_amount,
            r.disbursed_on,
            r.rejection_reason,
        ]
        for r in referrals.iterator(chunk_size=500)
    )
    return build_workbook(
        title=_("Hồ sơ vay vốn"),
        headers=headers,
        rows=rows,
        key_columns=2,
        formats={2: PLAIN},  # year of birth
    )


def groups_workbook(groups, *, year: int) -> bytes:
    headers = [
        _("Đơn vị"),
        _("Tên tổ"),
        _("Tổ trưởng"),
        _("Thôn, bản"),
        _("Phòng giao dịch"),
        _("Số thành viên"),
        _("Dư nợ (đồng)"),
        _("Nợ quá hạn (đồng)"),
        _("Tiền gửi tiết kiệm (đồng)"),
        _("Xếp loại năm %(year)s") % {"year": year},
        _("Xếp loại năm %(year)s") % {"year": year - 1},
    ]
    rows = []
    for g in groups:
        grades = {grade.year: grade.get_grade_display() for grade in g.grades.all()}
        rows.append(
            [
                g.unit.name,
                g.name,
                g.leader_name,
                g.hamlet,
                g.branch.name if g.branch else "",
                g.member_count,
                g.outstanding_balance,
                g.overdue_balance,
                g.savings_balance,
                grades.get(year, ""),
                grades.get(year - 1, ""),
            ]
        )
    return build_workbook(title=_("Tổ TK&VV"), headers=headers, rows=rows, key_columns=2)


def dashboard_workbook(data: dict) -> bytes:
    headers = [
        _("Đơn vị / chương trình"),
        _("Hồ sơ"),
        _("Số tiền đề nghị (đồng)"),
        _("Được duyệt"),
        _("Số tiền duyệt (đồng)"),
        _("Đã giải ngân"),
        _("Số tiền giải ngân (đồng)"),
        _("Tỷ lệ duyệt (%)"),
        _("Tỷ lệ nợ quá hạn (%)"),
    ]

    def line(row, label=None):
        return [
            label or row.label,
            row.referrals,
            row.amount_asked,
            row.approved,
            row.approved_amount,
            row.disbursed,
            row.disbursed_amount,
            float(row.approval_rate) if row.approval_rate is not None else None,
            float(row.overdue_share) if row.overdue_share is not None else None,
        ]

    rows = [line(r) for r in data["by_unit"]]
    rows.append([Styled(value, bold=True) for value in line(data["total"], _("Tổng cộng"))])
    programme_rows = [headers] + [line(r) for r in data["by_programme"]]
    steps = [[_("Bước"), _("Số ngày trung bình"), _("Số hồ sơ")]] + [
        [label, float(avg) if avg is not None else None, n] for label, avg, n in data["step_days"]
    ]
    return build_workbook(
        title=_("Theo đơn vị"),
        headers=headers,
        rows=rows,
        formats={7: ONE_DECIMAL, 8: ONE_DECIMAL},  # shares in per cent
        extra_sheets={_("Theo chương trình"): programme_rows, _("Thời gian xử lý"): steps},
    )
