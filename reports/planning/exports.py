"""Excel files of the planning topic: the consolidated report and the targets × units table
of a plan (the consolidated report's PDF is `reports.planning.pdf`)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from common.excel import INTEGER, ONE_DECIMAL, Sheet, Styled, write_workbook
from common.formatting import format_date
from common.indicators import RATIO

from .consolidated import ConsolidatedData
from .progress import AMBER, GREEN, NONE, RED, PlanProgress

LIGHT_FILLS = {GREEN: "C6EFCE", AMBER: "FFEB9C", RED: "FFC7CE", NONE: "EDEDED"}


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


def _formatted(value, kind: str = "count") -> Styled:
    """A figure in its indicator's format: a share with one decimal, a count in thousands."""
    return Styled(_number(value, kind), number_format=ONE_DECIMAL if kind == RATIO else INTEGER)


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


def _with_unit(label: str, unit_label: str) -> str:
    return f"{label} ({unit_label})" if unit_label else label


def consolidated_workbook(data: ConsolidatedData) -> bytes:
    """The formatted workbook: summary, targets with lights, figures by unit, reported figures.

    Figures are named by their labels, never by the catalogue's codes (`awards.awardees`).
    """
    labels = light_labels()
    period = period_line(data)

    summary_rows: list[list] = [
        [number, item.label, item.unit_label or "", _formatted(item.total, item.kind), item.total_base]
        for number, item in enumerate(data.indicators, start=1)
    ]
    if data.reported:
        summary_rows.append([])
        summary_rows.append(["", Styled(_("Số liệu các đơn vị báo cáo"), bold=True)])
        summary_rows += [
            [number, item.label, item.unit_label or "", _formatted(item.total), ""]
            for number, item in enumerate(data.reported, start=1)
        ]
    sheets = [
        Sheet(
            title=_("Tổng hợp"),
            caption=[_("BÁO CÁO TỔNG HỢP KẾT QUẢ HỖ TRỢ THANH NIÊN KHỞI NGHIỆP"), period],
            headers=[_("STT"), _("Chỉ số"), _("Đơn vị tính"), _("Toàn tỉnh"), _("Cơ sở tính tỉ lệ")],
            rows=summary_rows,
        )
    ]

    target_rows = []
    for plan, tp in data.targets:
        total = tp.total
        is_unit = tp.target.scope == tp.target.Scope.UNIT
        light = tp.overall_light
        target_rows.append(
            [
                plan.number,
                tp.target.label,
                tp.target.get_scope_display(),
                _number(tp.target.value),
                _formatted(total.actual if total else None, tp.kind),
                _base_line(total),
                tp.counts[GREEN] if is_unit else None,
                len(tp.cells) if is_unit else None,
                Styled(labels[light], fill=LIGHT_FILLS[light]),
            ]
        )
    sheets.append(
        Sheet(
            title=_("Chỉ tiêu"),
            caption=[_("KẾT QUẢ THỰC HIỆN CHỈ TIÊU CÁC KẾ HOẠCH"), period],
            headers=[
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
            rows=target_rows,
            key_columns=2,
        )
    )

    # A share is followed by its base ("1/61 tổ"): a percentage never stands alone.
    headers = [_("Đơn vị")]
    for item in data.indicators:
        headers.append(_with_unit(item.label, item.unit_label))
        if item.kind == RATIO:
            headers.append(_("Cơ sở tính tỉ lệ"))

    def unit_rows():
        for unit in data.listed_units:
            line: list = [unit.name]
            for item in data.indicators:
                line.append(_formatted(item.by_unit.get(unit.pk), item.kind))
                if item.kind == RATIO:
                    line.append(item.base_by_unit.get(unit.pk, ""))
            yield line

    sheets.append(
        Sheet(
            title=_("Theo đơn vị"),
            caption=[_("KẾT QUẢ THEO ĐƠN VỊ"), period],
            headers=headers,
            rows=unit_rows(),
            key_columns=1,
        )
    )
    if data.reported:
        sheets.append(
            Sheet(
                title=_("Số liệu đơn vị báo cáo"),
                caption=[_("SỐ LIỆU CÁC ĐƠN VỊ BÁO CÁO"), period],
                headers=[_("Đơn vị"), *[_with_unit(i.label, i.unit_label) for i in data.reported]],
                rows=(
                    [unit.name, *[_formatted(i.by_unit.get(unit.pk)) for i in data.reported]]
                    for unit in data.listed_units
                ),
                key_columns=1,
            )
        )
    return write_workbook(sheets)


def targets_units_workbook(progress: PlanProgress, *, on_target=None) -> bytes:
    """Every target of a plan against every unit the user sees, with its light."""
    plan = progress.plan
    units = progress.visible_units
    headers = [_("Đơn vị"), _("Loại đơn vị")]
    for tp in progress.targets:
        headers.append(f"{tp.target.label} ({_('mức')} {_number(tp.target.value)})")
        if tp.target.is_percent:
            headers.append(_("Cơ sở tính tỉ lệ"))
        headers.append(_("Đánh giá"))
    labels = light_labels()
    rows = {u.pk: [u.name, u.get_kind_display()] for u in units}
    for index, tp in enumerate(progress.targets):
        for unit in units:
            cell = tp.cell_for(unit.pk)
            line = rows[unit.pk]
            if cell is None:
                line += [None, None, None] if tp.target.is_percent else [None, None]
                continue
            line.append(_formatted(cell.actual, tp.kind))
            if tp.target.is_percent:
                line.append(_base_line(cell))
            line.append(Styled(labels[cell.light], fill=LIGHT_FILLS[cell.light]))
        if on_target:
            on_target(index + 1, len(progress.targets))
    return write_workbook(
        [
            Sheet(
                title=_("Chỉ tiêu × đơn vị"),
                caption=[
                    f"{plan.number} · {plan.title}",
                    _("Xuất lúc %(at)s") % {"at": timezone.localtime().strftime("%H:%M %d/%m/%Y")},
                ],
                headers=headers,
                rows=[rows[u.pk] for u in units],
                key_columns=1,
            )
        ]
    )
