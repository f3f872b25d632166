"""Import a unit's savings-and-loan groups "theo mẫu" from Excel, with the bank's latest balances.

All or nothing: every row is checked first; if any cell is wrong the report names each
bad row and column and nothing is saved. A row naming a group the unit already has
updates that group (leader, members, balances), so the monthly statement of the bank
can be loaded again and again.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Unit, User
from common.excel import ImportReport, RowError, SheetRow, build_workbook, cell_words, phone_from_cell, read_sheet
from common.history import records_actor
from common.validators import normalize_phone

from .models import SavingsGroup

COL_UNIT = gettext_lazy("Mã đơn vị (*)")
COL_NAME = gettext_lazy("Tên tổ (*)")
COL_LEADER = gettext_lazy("Tổ trưởng (*)")
COL_PHONE = gettext_lazy("Điện thoại tổ trưởng")
COL_HAMLET = gettext_lazy("Thôn, bản (*)")
COL_MEMBERS = gettext_lazy("Số thành viên (*)")
COL_OUTSTANDING = gettext_lazy("Dư nợ (đồng)")
COL_OVERDUE = gettext_lazy("Nợ quá hạn (đồng)")
COL_SAVINGS = gettext_lazy("Tiền gửi tiết kiệm (đồng)")
COLUMNS = [
    COL_UNIT,
    COL_NAME,
    COL_LEADER,
    COL_PHONE,
    COL_HAMLET,
    COL_MEMBERS,
    COL_OUTSTANDING,
    COL_OVERDUE,
    COL_SAVINGS,
]
FIELD_COLUMNS = {
    "unit": COL_UNIT,
    "name": COL_NAME,
    "leader_name": COL_LEADER,
    "leader_phone": COL_PHONE,
    "hamlet": COL_HAMLET,
    "member_count": COL_MEMBERS,
    "outstanding_balance": COL_OUTSTANDING,
    "overdue_balance": COL_OVERDUE,
    "savings_balance": COL_SAVINGS,
}
NUMBERS = {
    "member_count": COL_MEMBERS,
    "outstanding_balance": COL_OUTSTANDING,
    "overdue_balance": COL_OVERDUE,
    "savings_balance": COL_SAVINGS,
}


def template_workbook() -> bytes:
    guide = [
        [_("Cột"), _("Cách ghi")],
        [str(COL_UNIT), _("Mã đơn vị trên cổng (xem trang Đơn vị), ví dụ: mai-son.")],
        [str(COL_MEMBERS), _("Từ 5 đến 60 thành viên.")],
        [_("Số tiền"), _("Số nguyên, đồng, theo sao kê của ngân hàng; nợ quá hạn không lớn hơn dư nợ.")],
        [_("Lưu ý"), _("Tổ đã có trên cổng (cùng đơn vị, cùng tên) được cập nhật; tổ chưa có được thêm mới.")],
    ]
    return build_workbook(
        title=_("Tổ TK&VV"),
        headers=[str(c) for c in COLUMNS],
        rows=[],
        widths=[16, 30, 24, 16, 22, 14, 18, 18, 20],
        extra_sheets={_("Hướng dẫn"): guide},
    )


def _number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    raw = cell_words(value).replace(".", "").replace(",", "").replace(" ", "").replace("₫", "")
    return int(raw) if raw.isdigit() else None


@records_actor
def import_groups(*, uploaded, actor: User, balances_on: datetime.date | None = None) -> ImportReport:
    """Validate every row; create or update all the groups in one transaction, or none."""
    report = ImportReport()
    rows: list[SheetRow] = read_sheet(uploaded, headers=[str(c) for c in COLUMNS])
    if not rows:
        report.errors.append(RowError(0, "", _("Tệp không có dòng dữ liệu nào.")))
        return report
    units = {u.code: u for u in Unit.objects.visible_to(actor).active()}
    existing = {(g.unit_id, g.name): g for g in SavingsGroup.objects.filter(unit__in=units.values())}
    balances_on = balances_on or timezone.localdate()
    seen: dict[tuple[int, str], int] = {}
    groups: list[SavingsGroup] = []
    for row in rows:
        values = {str(k): v for k, v in row.values.items()}
        row_errors: list[RowError] = []

        def fail(column, message, row=row, row_errors=row_errors):
            row_errors.append(RowError(row=row.number, column=str(column), message=str(message)))

        code = cell_words(values.get(str(COL_UNIT)))
        unit = units.get(code)
        if unit is None:
            fail(
                COL_UNIT,
                _("Mã đơn vị '%(code)s' không có, đã giải thể hoặc không thuộc phạm vi bạn quản lý.") % {"code": code}
                if code
                else _("Chưa ghi mã đơn vị."),
            )
        name = cell_words(values.get(str(COL_NAME)))
        group = existing.get((unit.pk, name)) if unit else None
        group = group or SavingsGroup(unit=unit, created_by=actor)
        group.name = name
        group.leader_name = cell_words(values.get(str(COL_LEADER)))
        group.leader_phone = normalize_phone(phone_from_cell(values.get(str(COL_PHONE))))
        group.hamlet = cell_words(values.get(str(COL_HAMLET)))
        group.balances_on = balances_on
        for attr, column in NUMBERS.items():
            raw = values.get(str(column))
            if raw in (None, ""):
                setattr(group, attr, None if attr == "member_count" else 0)
                continue
            number = _number(raw)
            if number is None:
                fail(column, _("Phải là số nguyên không âm."))
            setattr(group, attr, number)
        if unit is not None and name:
            if (unit.pk, name) in seen:
                fail(COL_NAME, _("Trùng với dòng %(row)s.") % {"row": seen[(unit.pk, name)]})
            seen[(unit.pk, name)] = row.number
        if not row_errors:
            try:
                group.full_clean(exclude=["unit", "created_by"], validate_unique=False)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        fail(FIELD_COLUMNS.get(field, _("Dòng")), message)
        report.errors.extend(row_errors)
        groups.append(group)
    if report.errors:
        return report
    with transaction.atomic():
        for group in groups:
            group.save()
    report.created = len(groups)
    return report
