"""Workbooks staff open and print: frozen and repeated header rows, merged group headers,
widths from content, A4 fitted to the width (issue 21, §6)."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from common.excel import Sheet, Styled, build_workbook, write_workbook
from common.excel.writing import MAX_WIDTH, MIN_WIDTH, header_merges

pytestmark = pytest.mark.django_db


def _load(content: bytes):
    return load_workbook(io.BytesIO(content))


def _widths(sheet, count: int) -> list[float]:
    return [sheet.column_dimensions[chr(ord("A") + n)].width for n in range(count)]


def test_widths_follow_the_content_within_bounds():
    content = build_workbook(
        title="Danh sách",
        headers=["STT", "Họ và tên", "Ghi chú", "Số"],
        rows=[
            [1, "Lò Thị Hoa", "x" * 300, 5],
            [2, "Cầm Bá Thước Nguyễn Thị Minh Khai", "", 12],
        ],
    )

    sheet = _load(content).active
    number, name, note, small = _widths(sheet, 4)
    assert MIN_WIDTH <= number < name < note == MAX_WIDTH
    assert name == len("Cầm Bá Thước Nguyễn Thị Minh Khai") + 2
    assert sheet["C2"].alignment.wrap_text is True  # longer than its column: wrapped, not cut
    assert sheet.row_dimensions[2].height == 15 * 6  # and its row as tall as its six lines
    assert sheet.row_dimensions[3].height is None
    assert sheet["B2"].alignment.wrap_text is not True


def test_every_sheet_is_set_up_to_print_on_a4_fitted_to_the_width():
    narrow = build_workbook(title="Hẹp", headers=["A", "B", "C"], rows=[[1, 2, 3]])
    wide = build_workbook(title="Rộng", headers=[f"Cột {n}" for n in range(8)], rows=[list(range(8))])

    for content, orientation in ((narrow, "portrait"), (wide, "landscape")):
        sheet = _load(content).active
        assert sheet.page_setup.orientation == orientation
        assert sheet.page_setup.paperSize == 9  # A4
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.print_options.gridLines is True
        assert sheet.oddFooter.center.text == "Trang &P/&N"


def test_extra_sheets_are_laid_out_like_the_first():
    content = build_workbook(
        title="Danh sách",
        headers=["Họ và tên"],
        rows=[],
        extra_sheets={"Hướng dẫn": [["Cột", "Cách ghi"], ["Ngày sinh", "Ngày/tháng/năm, ví dụ 05/09/1998."]]},
    )

    guide = _load(content)["Hướng dẫn"]
    assert _widths(guide, 2) == [11, len("Ngày/tháng/năm, ví dụ 05/09/1998.") + 2]  # no longer 30 and 90
    assert guide.freeze_panes == "A2"
    assert guide.print_title_rows == "$1:$1"
    assert [cell.font.b for cell in guide[1]] == [True, True]


def test_caption_several_header_rows_and_key_columns():
    content = write_workbook(
        [
            Sheet(
                title="Bảng điểm",
                caption=["BẢNG TỔNG HỢP ĐIỂM", "Vòng sơ tuyển"],
                headers=[
                    ["STT", "Tên", "Giám khảo 1", "", "Xếp hạng"],
                    ["", "", "Ý tưởng", "Tổng", ""],
                ],
                rows=[[1, "Sấy mận", 30, 30, 1]],
                key_columns=2,
            )
        ]
    )

    sheet = _load(content).active
    assert [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value] == ["BẢNG TỔNG HỢP ĐIỂM", "Vòng sơ tuyển", None]
    assert sheet["A1"].font.b is True
    assert sheet.freeze_panes == "C6"
    assert sheet.print_title_rows == "$4:$5"
    assert sorted(str(r) for r in sheet.merged_cells.ranges) == ["A1:E1", "A2:E2", "A4:A5", "B4:B5", "C4:D4", "E4:E5"]
    assert sheet["A6"].value == 1


def test_header_merges_span_blanks_right_then_down():
    rows = [
        ["STT", "Mã", "Đơn vị", "GK 1", "", "TB"],
        ["", "", "", "A", "Tổng", ""],
        ["", "", "Tối đa", 20, 20, ""],
    ]

    assert header_merges(rows) == [(0, 0, 2, 0), (0, 1, 2, 1), (0, 2, 1, 2), (0, 3, 0, 4), (0, 5, 2, 5)]
    assert header_merges([["Họ và tên", "Ngày sinh"]]) == []


def test_styled_cells_keep_their_fill_and_weight():
    content = build_workbook(
        title="Chỉ tiêu",
        headers=["Đơn vị", "Đánh giá", "Ngày"],
        rows=[
            ["Đoàn xã Chiềng Cơi", Styled("Đạt", fill="C6EFCE"), datetime.date(2026, 3, 5)],
            [Styled("Tổng cộng", bold=True), Styled(12, bold=True), None],
        ],
    )

    sheet = _load(content).active
    assert sheet["B2"].fill.fgColor.rgb == "00C6EFCE"
    assert sheet["A3"].font.b is True
    assert (sheet["B3"].value, sheet["B3"].number_format) == (12, "#,##0")
    assert sheet["C2"].is_date
    assert sheet["C2"].number_format == "DD/MM/YYYY"


def test_styled_text_is_still_neutralised():
    content = build_workbook(title="A", headers=["Ghi chú"], rows=[[Styled("=HYPERLINK(1)", bold=True)]])

    assert _load(content).active["A2"].value == "'=HYPERLINK(1)"


def test_a_sheet_too_wide_for_one_page_is_spread_over_a_few_with_its_key_columns():
    headers = ["STT", "Tên ý tưởng, dự án"] + [f"Giám khảo {n}: tiêu chí {c}" for n in range(12) for c in range(4)]
    content = write_workbook(
        [Sheet(title="Bảng điểm", headers=headers, rows=[[1, "Sấy mận"] + [12.5] * 48], key_columns=2)]
    )

    sheet = _load(content).active
    assert sheet.page_setup.fitToWidth == 3
    assert sheet.print_title_cols == "$A:$B"
    assert sheet.print_title_rows == "$1:$1"
