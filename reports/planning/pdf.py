"""The consolidated report as a PDF (WeasyPrint): what staff print, sign and send up.

Its layout keeps what the page says unambiguous on paper:

- sections and tables are numbered in one sequence ("I.", "II."…, "Bảng 1", "Bảng 2"…),
  a number given only to what the report holds, and every table sits under its heading;
  the rows of a table are numbered from 1 inside it;
- the charts are tables: the full unit name in its own column (wrapping, never clipped),
  the bar in the next, the figure in a column of its own, so a name never runs over a
  value, whatever the length of the union's name;
- a figure the portal counts from its records ("Cổng ghi nhận") and the figure units typed
  in their periodic reports ("Đơn vị báo cáo") for the same concept (the report field's
  `indicator_code`) stand in two labelled columns, with a note saying which is which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.branding import document_issuer
from common.indicators import AMOUNT, RATIO
from common.pdf import render_pdf

from .consolidated import ConsolidatedData, IndicatorRow
from .exports import light_labels, period_line

CHART_UNITS = 12  # bars in a unit chart: the highest figures; every unit is in the tables
CHARTS = 6
UNIT_COLUMNS = 6  # indicator columns of a portrait page's table by unit
PAIR_COLUMNS = 3  # compared concepts (two columns each) in one table by unit
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass
class Numbering:
    """Hands out section numerals and table numbers in the order the report prints them."""

    sections: int = 0
    tables: int = 0

    def section(self) -> str:
        self.sections += 1
        return ROMAN[self.sections - 1]

    def table(self) -> int:
        self.tables += 1
        return self.tables


@dataclass
class Pair:
    """One concept counted both ways: the portal's figure and the units' reported one."""

    label: str
    unit_label: str
    computed: IndicatorRow
    reported: IndicatorRow

    @property
    def difference(self) -> Decimal | None:
        """Reported minus computed, for the whole report; None when either is missing."""
        if self.computed.total is None or self.reported.total is None:
            return None
        return self.reported.total - self.computed.total


@dataclass
class Table:
    number: int
    title: str
    rows: list = field(default_factory=list)
    columns: list = field(default_factory=list)


def pairs_of(data: ConsolidatedData) -> list[Pair]:
    """Reported figures whose report field names a computed indicator of the report."""
    computed = {item.code: item for item in data.indicators}
    return [
        Pair(label=item.label, unit_label=item.unit_label, computed=computed[item.indicator_code], reported=item)
        for item in data.reported
        if item.indicator_code in computed
    ]


def _bars(values: list[tuple[str, Decimal | None, str]], *, ratio: bool) -> list[dict]:
    """Rows of a bar chart: (name, value, base) → name, shown figure, base and bar width in %.
    A share is drawn against 100%, a count against the largest bar."""
    peak = Decimal(100) if ratio else (max((v or Decimal(0) for _n, v, _b in values), default=0) or Decimal(1))
    return [
        {
            "name": name,
            "value": value,
            "base": base,
            "width": round(100 * min(value or Decimal(0), peak) / peak, 1),
        }
        for name, value, base in values
    ]


def _unit_charts(data: ConsolidatedData) -> list[dict]:
    charts = []
    for item in [i for i in data.indicators if i.kind != AMOUNT][:CHARTS]:
        values = [(u.name, item.by_unit.get(u.pk), item.base_by_unit.get(u.pk, "")) for u in data.listed_units]
        values = sorted(values, key=lambda v: v[1] or Decimal(0), reverse=True)[:CHART_UNITS]
        charts.append(
            {
                "label": item.label,
                "unit_label": item.unit_label,
                "ratio": item.kind == RATIO,
                "bars": _bars(values, ratio=item.kind == RATIO),
                "shown": len(values),
                "total": len(data.listed_units),
            }
        )
    return charts


def _by_unit_columns(data: ConsolidatedData) -> list[IndicatorRow]:
    """A portrait page holds a few columns: the indicators the plans' targets use, else the first counts."""
    used = {tp.target.indicator_code for _plan, tp in data.targets}
    columns = [i for i in data.indicators if i.code in used] or [i for i in data.indicators if i.kind != AMOUNT]
    return columns[:UNIT_COLUMNS]


def consolidated_context(data: ConsolidatedData) -> dict:
    """What the template prints, numbered (see the module docstring)."""
    number = Numbering()
    pairs = pairs_of(data)
    paired_codes = {p.reported.code for p in pairs}
    sections: dict[str, dict] = {}

    figures = {"number": number.section(), "indicators": Table(number.table(), _("Số liệu cổng ghi nhận"))}
    if pairs:
        figures["pairs"] = Table(number.table(), _("Đối chiếu số liệu cổng ghi nhận và số liệu đơn vị báo cáo"))
        figures["pairs"].rows = pairs
    others = [i for i in data.reported if i.code not in paired_codes]
    if others:
        figures["reported"] = Table(number.table(), _("Số liệu khác do đơn vị báo cáo"))
        figures["reported"].rows = others
    sections["figures"] = figures

    if data.targets:
        rows = data.chart_rows()
        for row in rows:
            row["width"] = row["share"]
        sections["targets"] = {
            "number": number.section(),
            "table": Table(number.table(), _("Kết quả thực hiện từng chỉ tiêu")),
            "chart": Table(number.table(), _("Tỉ lệ đơn vị đạt chỉ tiêu"), rows=rows),
        }

    charts = _unit_charts(data)
    if charts:
        sections["charts"] = {
            "number": number.section(),
            "charts": [Table(number.table(), chart["label"], rows=[chart]) for chart in charts],
        }

    columns = _by_unit_columns(data)
    by_unit = {
        "number": number.section(),
        "table": Table(
            number.table(),
            _("Số liệu cổng ghi nhận theo đơn vị"),
            columns=columns,
            rows=[
                {
                    "name": u.name,
                    "values": [
                        (item.by_unit.get(u.pk), item.base_by_unit.get(u.pk, ""), item.kind == RATIO)
                        for item in columns
                    ],
                }
                for u in data.listed_units
            ],
        ),
        "pairs": [],
    }
    for start in range(0, len(pairs), PAIR_COLUMNS):
        chunk = pairs[start : start + PAIR_COLUMNS]
        by_unit["pairs"].append(
            Table(
                number.table(),
                _("Đối chiếu theo đơn vị: cổng ghi nhận và đơn vị báo cáo"),
                columns=chunk,
                rows=[
                    {
                        "name": u.name,
                        "values": [(p.computed.by_unit.get(u.pk), p.reported.by_unit.get(u.pk)) for p in chunk],
                    }
                    for u in data.listed_units
                ],
            )
        )
    sections["by_unit"] = by_unit
    return {
        "data": data,
        "period_line": period_line(data),
        "sections": sections,
        "labels": light_labels(),
        # The union the report is drawn for: its one root, else the deployment's default.
        "issuer": document_issuer(data.roots[0] if len(data.roots) == 1 else None),
    }


def consolidated_pdf(data: ConsolidatedData) -> bytes:
    """The PDF: numbered sections and tables, charts drawn as tables (no JavaScript in a PDF)."""
    return render_pdf("reports/planning/pdf/consolidated.html", consolidated_context(data))
