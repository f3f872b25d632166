"""Excel files of the planning topic: the consolidated report and the targets × units table
of a plan (the consolidated report's PDF is `reports.planning.pdf`)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from common.excel import neutralise
from common.formatting import format_date
from common.indicators import RATIO

from .consolidated import ConsolidatedData
from .progress import AMBER, GREEN, NONE, RED, PlanProgress

LIGHT_FILLS = {
    GREEN: PatternFill("solid", fgColor="C6EFCE"),
    AMBER: PatternFill("solid", fgColor="FFEB9C"),
    RED: PatternFill("solid", fgColor="FFC7CE"),
    NONE: PatternFill("solid", fgColor="EDEDED"),
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def light_labels() -> dict[str, str]:
    return {GREEN: _("Đạt"), AMBER: _("Đúng tiến độ / gần đạt"), RED: _("Chưa đạt"), NONE: _("Chưa có số liệu")}


def _number(value, kind: str = "count"):
    if value is None:
        return None
    if isinstance(value, Decimal):
        if kind == RATIO:
            return float(value)
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _fmt(kind: str) -> str:
    return "0.0" if kind == RATIO else "#,##0"


def _header(sheet, row: int, headers: list[str], widths: list[int] | None = None) -> None:
    for col, text in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=col, value=neutralise(str(text)))
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for col, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width


def _title(sheet, title: str, subtitle: str) -> None:
    sheet["A1"] = neutralise(title)
    sheet["A1"].font = TITLE
    sheet["A2"] = neutralise(subtitle)


def _base_line(cell) -> str:
    """What a share is taken of: "1/61 tổ · 60 tổ chưa xếp loại" (empty for counts)."""
    if cell is None:
        return ""
    return " · ".join(text for text in (cell.base_text, cell.unknown_text) if text)


def period_line(data: ConsolidatedData) -> str:
    return _("Từ ngày %(start)s đến ngày %(end)s · lập lúc %(at)s") % {
        "start": format_date(data.period.start),
        "end": format_date(data.period.end),
        "at": timezone.localtime(data.generated_at).strftime("%H:%M %d/%m/%Y"),
    }


def consolidated_workbook(data: ConsolidatedData) -> bytes:
    """The formatted workbook: summary, targets with lights, figures by unit, reported figures."""
    workbook = Workbook()
    labels = light_labels()

    summary = workbook.active
    summary.title = _("Tổng hợp")
    _title(summary, _("BÁO CÁO TỔNG HỢP KẾT QUẢ HỖ TRỢ THANH NIÊN KHỞI NGHIỆP"), period_line(data))
    _header(
        summary,
        4,
        [_("STT"), _("Chỉ số"), _("Mã"), _("Đơn vị tính"), _("Toàn tỉnh"), _("Cơ sở tính tỉ lệ")],
        [6, 60, 32, 14, 16, 36],
    )
    row = 5
    for number, item in enumerate(data.indicators, start=1):
        summary.append(
            [
                number,
                neutralise(item.label),
                item.code,
                neutralise(item.unit_label or ""),
                _number(item.total, item.kind),
                neutralise(item.total_base),
            ]
        )
        summary.cell(row=row, column=5).number_format = _fmt(item.kind)
        row += 1
    if data.reported:
        summary.cell(row=row + 1, column=2, value=_("Số liệu các đơn vị báo cáo")).font = BOLD
        row += 2
        for number, item in enumerate(data.reported, start=1):
            summary.append(
                [number, neutralise(item.label), item.code, neutralise(item.unit_label or ""), _number(item.total)]
            )
            summary.cell(row=row, column=5).number_format = _fmt(item.kind)
            row += 1
    summary.freeze_panes = "A5"

    targets = workbook.create_sheet(_("Chỉ tiêu"))
    _title(targets, _("KẾT QUẢ THỰC HIỆN CHỈ TIÊU CÁC KẾ HOẠCH"), period_line(data))
    _header(
        targets,
        4,
        [
            _("Kế hoạch"),
            _("Chỉ tiêu"),
            _("Phạm vi"),
            _("Mức phải đạt"),
            _("Kết quả toàn tỉnh"),
            _("Cơ sở tính tỉ lệ"),
            _("Đơn vị đạt"),
            _("Đơn vị phải đạt"),
            _("Đánh giá"),
        ],
        [22, 60, 22, 14, 16, 36, 12, 14, 22],
    )
    row = 5
    for plan, tp in data.targets:
        counts = tp.counts
        total = tp.total
        is_unit = tp.target.scope == tp.target.Scope.UNIT
        light = tp.overall_light
        targets.append(
            [
                neutralise(plan.number),
                neutralise(tp.target.label),
                tp.target.get_scope_display(),
                _number(tp.target.value),
                _number(total.actual if total else None, tp.kind),
                neutralise(_base_line(total)),
                counts[GREEN] if is_unit else None,
                len(tp.cells) if is_unit else None,
                labels[light],
            ]
        )
        targets.cell(row=row, column=9).fill = LIGHT_FILLS[light]
        targets.cell(row=row, column=5).number_format = _fmt(tp.kind)
        row += 1
    targets.freeze_panes = "A5"

    by_unit = workbook.create_sheet(_("Theo đơn vị"))
    _title(by_unit, _("KẾT QUẢ THEO ĐƠN VỊ"), period_line(data))
    # A share is followed by its base ("1/61 tổ"): a percentage never stands alone.
    headers, widths = [_("Đơn vị")], [40]
    for item in data.indicators:
        headers.append(f"{item.label} ({item.unit_label})")
        widths.append(18)
        if item.kind == RATIO:
            headers.append(_("Cơ sở tính tỉ lệ"))
            widths.append(30)
    _header(by_unit, 4, headers, widths)
    for row, unit in enumerate(data.listed_units, start=5):
        line = [neutralise(unit.name)]
        formats = [None]
        for item in data.indicators:
            line.append(_number(item.by_unit.get(unit.pk), item.kind))
            formats.append(_fmt(item.kind))
            if item.kind == RATIO:
                line.append(neutralise(item.base_by_unit.get(unit.pk, "")))
                formats.append(None)
        by_unit.append(line)
        for col, number_format in enumerate(formats, start=1):
            if number_format:
                by_unit.cell(row=row, column=col).number_format = number_format
    by_unit.freeze_panes = "B5"

    if data.reported:
        reported = workbook.create_sheet(_("Số liệu đơn vị báo cáo"))
        _title(reported, _("SỐ LIỆU CÁC ĐƠN VỊ BÁO CÁO"), period_line(data))
        _header(
            reported,
            4,
            [_("Đơn vị"), *[f"{i.label} ({i.code})" for i in data.reported]],
            [40, *[18] * len(data.reported)],
        )
        for unit in data.listed_units:
            reported.append([neutralise(unit.name), *[_number(i.by_unit.get(unit.pk)) for i in data.reported]])
        reported.freeze_panes = "B5"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def targets_units_workbook(progress: PlanProgress, *, on_target=None) -> bytes:
    """Every target of a plan against every unit the user sees, with its light."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Chỉ tiêu × đơn vị")
    plan = progress.plan
    _title(
        sheet,
        f"{plan.number} · {plan.title}",
        _("Xuất lúc %(at)s") % {"at": timezone.localtime().strftime("%H:%M %d/%m/%Y")},
    )
    units = progress.visible_units
    headers = [_("Đơn vị"), _("Loại đơn vị")]
    widths = [40, 22]
    for tp in progress.targets:
        headers += [f"{tp.target.label} ({_('mức')} {_number(tp.target.value)})"]
        widths.append(16)
        if tp.target.is_percent:
            headers.append(_("Cơ sở tính tỉ lệ"))
            widths.append(30)
        headers.append(_("Đánh giá"))
        widths.append(12)
    _header(sheet, 4, headers, widths)
    labels = light_labels()
    rows = {u.pk: [neutralise(u.name), u.get_kind_display()] for u in units}
    fills: dict[int, list] = {u.pk: [] for u in units}  # (column, light) of each judged cell
    for index, tp in enumerate(progress.targets):
        for unit in units:
            cell = tp.cell_for(unit.pk)
            line = rows[unit.pk]
            if cell is None:
                line += [None, None, None] if tp.target.is_percent else [None, None]
                continue
            line.append(_number(cell.actual, tp.kind))
            if tp.target.is_percent:
                line.append(neutralise(_base_line(cell)))
            line.append(labels[cell.light])
            fills[unit.pk].append((len(line), cell.light))
        if on_target:
            on_target(index + 1, len(progress.targets))
    for row_number, unit in enumerate(units, start=5):
        sheet.append(rows[unit.pk])
        for column, light in fills[unit.pk]:
            sheet.cell(row=row_number, column=column).fill = LIGHT_FILLS[light]
    sheet.freeze_panes = "C5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
