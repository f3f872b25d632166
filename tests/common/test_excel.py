"""Excel out (build_workbook, neutralised cells) and in (read_sheet)."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from common.excel import (
    PLAIN,
    XLSX_CONTENT_TYPE,
    ImportReport,
    RowError,
    SheetError,
    SheetRow,
    build_workbook,
    cell_text,
    cell_words,
    digits_from_number,
    neutralise,
    phone_from_cell,
    read_sheet,
    xlsx_response,
)

pytestmark = pytest.mark.django_db

HEADERS = ["Họ và tên", "Ngày sinh", "Số điện thoại"]


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    """An uploaded .xlsx whose first sheet holds `rows`, as a user saves it from Excel."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def _load(content: bytes):
    return load_workbook(io.BytesIO(content))


# neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-cmd", "'-cmd"),
        ("@x", "'@x"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ('=HYPERLINK("http://evil.example","Bấm vào")', '\'=HYPERLINK("http://evil.example","Bấm vào")'),
    ],
)
def test_neutralise_prefixes_formula_like_text(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    "value",
    [5, -5, 0, 1.5, -2.25, None, True, "Lò Văn Nam", "0912345678", "1+1", "a=b", "", datetime.date(2025, 1, 1)],
)
def test_neutralise_leaves_numbers_and_plain_text(value):
    assert neutralise(value) == value


# build_workbook


def test_build_workbook_round_trip():
    rows = [
        ["Lò Thị Hoa", datetime.date(1998, 5, 20), 1_500_000, "=SUM(A1:A9)"],
        ["Cầm Văn Tiến", datetime.date(2001, 1, 2), 250, "-cmd"],
    ]

    content = build_workbook(title="Thanh niên", headers=[*HEADERS[:2], "Doanh thu", "Ghi chú"], rows=rows)

    sheet = _load(content)["Thanh niên"]
    values = list(sheet.iter_rows(values_only=True))
    assert values == [
        ("Họ và tên", "Ngày sinh", "Doanh thu", "Ghi chú"),
        ("Lò Thị Hoa", datetime.datetime(1998, 5, 20), 1_500_000, "'=SUM(A1:A9)"),
        ("Cầm Văn Tiến", datetime.datetime(2001, 1, 2), 250, "'-cmd"),
    ]


def test_build_workbook_header_row_is_bold_and_frozen():
    content = build_workbook(title="Danh sách", headers=HEADERS, rows=[["A", None, "0912345678"]])

    sheet = _load(content).active
    assert [cell.font.b for cell in sheet[1]] == [True, True, True]
    assert [cell.font.b for cell in sheet[2]] == [False, False, False]
    assert sheet.freeze_panes == "A2"


def test_build_workbook_formats_numbers_and_dates():
    content = build_workbook(
        title="Danh sách",
        headers=["Ngày", "Lúc", "Tiền", "Nhỏ", "Điểm", "Có/không", "Năm sinh"],
        rows=[
            [
                datetime.date(2025, 3, 5),
                datetime.datetime(2025, 3, 5, 14, 30),
                1000,
                999,
                Decimal("91.75"),
                True,
                1998,
            ],
            [None, None, 5, 7, 92, False, 2001],
        ],
        formats={6: PLAIN},
    )

    sheet = _load(content).active
    first, second = sheet[2], sheet[3]
    assert (first[0].value, first[0].number_format) == (datetime.datetime(2025, 3, 5), "DD/MM/YYYY")
    assert first[0].is_date
    assert (first[1].value, first[1].number_format) == (datetime.datetime(2025, 3, 5, 14, 30), "DD/MM/YYYY HH:MM")
    assert [first[2].number_format, first[3].number_format] == ["#,##0", "#,##0"]
    # A column holding a fraction shows every number with two decimals: 92 reads 92.00 beside 91.75.
    assert [(c.value, c.number_format) for c in (first[4], second[4])] == [(91.75, "#,##0.00"), (92, "#,##0.00")]
    assert (first[5].value, first[5].number_format) == (True, "General")
    assert (first[6].value, first[6].number_format) == (1998, "0")  # a year, not 1,998


def test_build_workbook_stores_formula_text_as_text():
    content = build_workbook(title="Danh sách", headers=["=cmd|' /C calc'!A0"], rows=[["=1+1"], ["@SUM(1)"]])

    sheet = _load(content).active
    cells = [sheet["A1"], sheet["A2"], sheet["A3"]]
    assert [cell.value for cell in cells] == ["'=cmd|' /C calc'!A0", "'=1+1", "'@SUM(1)"]
    assert [cell.data_type for cell in cells] == ["s", "s", "s"]


def test_build_workbook_truncates_long_titles_and_adds_extra_sheets():
    title = "Danh sách thanh niên khởi nghiệp tỉnh Sơn La 2025"

    content = build_workbook(
        title=title,
        headers=HEADERS,
        rows=[],
        extra_sheets={"Hướng dẫn": [["Cột", "Cách điền"], ["Ngày sinh", "dd/mm/yyyy"]]},
    )

    workbook = _load(content)
    assert workbook.sheetnames == [title[:31], "Hướng dẫn"]
    assert workbook.sheetnames[0] == "Danh sách thanh niên khởi nghiệ"  # Excel's limit is 31 characters
    assert list(workbook["Hướng dẫn"].iter_rows(values_only=True)) == [
        ("Cột", "Cách điền"),
        ("Ngày sinh", "dd/mm/yyyy"),
    ]


def test_build_workbook_streams_a_generator():
    rows = ([f"Người {n}", n] for n in range(1000))

    content = build_workbook(title="Nhiều dòng", headers=["Tên", "Số"], rows=rows)

    assert _load(content).active.max_row == 1001


def test_build_workbook_writes_aware_datetimes_in_local_time():
    submitted = datetime.datetime(2025, 3, 4, 20, 0, tzinfo=ZoneInfo("UTC"))  # 03:00 on 5 March in Hanoi

    content = build_workbook(title="Danh sách", headers=["Nộp lúc"], rows=[[submitted]])

    assert _load(content).active["A2"].value == datetime.datetime(2025, 3, 5, 3, 0)


def test_xlsx_response_is_an_attachment():
    response = xlsx_response(b"PK\x03\x04", filename="thanh-nien.xlsx")

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="thanh-nien.xlsx"'
    assert response.content == b"PK\x03\x04"


def test_xlsx_response_sends_a_vietnamese_filename_encoded():
    response = xlsx_response(b"PK\x03\x04", filename="Thanh niên khởi nghiệp.xlsx")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Thanh%20ni%C3%AAn%20kh%E1%BB%9Fi%20nghi%E1%BB%87p.xlsx"
    )


# read_sheet


def test_read_sheet_reads_rows_by_header():
    upload = _xlsx([HEADERS, ["Lò Thị Hoa", datetime.date(1998, 5, 20), "0912345678"]])

    rows = read_sheet(upload, headers=HEADERS)

    assert rows == [
        SheetRow(
            number=2,
            values={
                "Họ và tên": "Lò Thị Hoa",
                "Ngày sinh": datetime.datetime(1998, 5, 20),
                "Số điện thoại": "0912345678",
            },
        )
    ]


def test_read_sheet_accepts_columns_in_any_order_and_ignores_extras():
    upload = _xlsx([["Ghi chú", "Số điện thoại", " Họ và tên ", "Ngày sinh"], ["x", "0912345678", "Hoa", None]])

    rows = read_sheet(upload, headers=HEADERS)

    assert rows[0].values == {"Họ và tên": "Hoa", "Ngày sinh": None, "Số điện thoại": "0912345678"}


def test_read_sheet_skips_blank_rows_and_keeps_excel_row_numbers():
    upload = _xlsx(
        [
            HEADERS,
            ["Hoa", None, "0912345678"],
            [None, None, None],
            ["", "", ""],
            ["Tiến", None, "0387654321"],
        ]
    )

    rows = read_sheet(upload, headers=HEADERS)

    assert [(row.number, row.values["Họ và tên"]) for row in rows] == [(2, "Hoa"), (5, "Tiến")]


def test_read_sheet_fills_missing_trailing_cells_with_none():
    upload = _xlsx([HEADERS, ["Hoa"]])

    rows = read_sheet(upload, headers=HEADERS)

    assert rows[0].values == {"Họ và tên": "Hoa", "Ngày sinh": None, "Số điện thoại": None}


def test_read_sheet_reports_missing_columns():
    upload = _xlsx([["Họ và tên", "Địa chỉ"], ["Hoa", "Tô Hiệu"]])

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload, headers=HEADERS)

    assert str(excinfo.value) == "Thiếu cột: Ngày sinh, Số điện thoại. Hãy dùng tệp mẫu tải từ cổng."


def test_read_sheet_rejects_an_empty_workbook():
    with pytest.raises(SheetError) as excinfo:
        read_sheet(_xlsx([]), headers=HEADERS)

    assert str(excinfo.value) == "Tệp Excel trống."


@pytest.mark.parametrize(
    "content", [b"", b"Ho va ten,Ngay sinh\nHoa,1998-05-20\n", b"%PDF-1.4 not a workbook", b"PK\x03\x04broken"]
)
def test_read_sheet_rejects_a_file_that_is_not_a_workbook(content):
    upload = SimpleUploadedFile("danh-sach.xlsx", content)

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload, headers=HEADERS)

    assert str(excinfo.value) == (
        "Không đọc được tệp. Cổng nhận bảng tính Excel (.xlsx, .xls) và LibreOffice Calc (.ods). "
        "Hãy mở tệp, chọn Lưu thành (Save As) dạng Sổ làm việc Excel (.xlsx), bỏ mật khẩu nếu có, "
        "rồi tải lên lại; hoặc dùng tệp mẫu tải từ cổng."
    )


def test_read_sheet_limits_the_number_of_rows():
    upload = _xlsx([HEADERS, *[[f"Người {n}", None, None] for n in range(4)]])

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload, headers=HEADERS, max_rows=3)

    assert str(excinfo.value) == "Tệp có quá 3 dòng; hãy chia nhỏ."


def test_read_sheet_reads_back_what_build_workbook_wrote():
    content = build_workbook(title="Mẫu", headers=HEADERS, rows=[["Hoa", datetime.date(1998, 5, 20), "0912345678"]])

    rows = read_sheet(io.BytesIO(content), headers=HEADERS)

    assert [row.values["Họ và tên"] for row in rows] == ["Hoa"]


def test_import_report_ok_only_without_errors():
    assert ImportReport(created=3).ok is True
    assert ImportReport(errors=[RowError(row=2, column="Ngày sinh", message="Sai ngày")]).ok is False


def test_sheet_titles_lose_what_excel_refuses():
    from common.excel import sheet_title

    assert sheet_title("Vòng 1: Sơ khảo [2026] / điểm?") == "Vòng 1  Sơ khảo  2026    điểm"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("[]") == "Sheet"


# what imports make of a cell


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (5.0, "5"),
        (7.5, "7.5"),
        ("  Lò Thị Hoa \n", "Lò Thị Hoa"),
        (datetime.datetime(1998, 5, 20), "20/05/1998"),
        (datetime.datetime(2026, 3, 5, 14, 30), "05/03/2026 14:30"),
        (datetime.date(1998, 5, 20), "20/05/1998"),
    ],
)
def test_cell_text_reads_a_cell_as_typed(value, text):
    assert cell_text(value) == text


def test_cell_words_makes_runs_of_spaces_one():
    assert cell_words("  Tổ TK&VV \n bản   Hìn ") == "Tổ TK&VV bản Hìn"


@pytest.mark.parametrize(
    ("value", "phone"),
    [(912345678, "0912345678"), (912345678.0, "0912345678"), ("0912 345 678", "0912 345 678"), (None, "")],
)
def test_a_phone_typed_as_a_number_gets_its_leading_zero_back(value, phone):
    assert phone_from_cell(value) == phone


def test_a_citizen_id_typed_as_a_number_gets_its_leading_zeros_back():
    assert digits_from_number(14199001234, width=12) == "014199001234"
    assert digits_from_number("014199001234", width=12) == ""
    assert digits_from_number(True, width=12) == ""


def test_build_workbook_shows_whole_decimals_as_integers():
    rows = [[Decimal("12"), 45.0], [Decimal(3), 2.0]]

    content = build_workbook(title="Số liệu", headers=["Số tổ", "Tỷ lệ"], rows=rows)

    sheet = _load(content).active
    assert [(c.value, c.number_format) for c in sheet[2]] == [(12, "#,##0"), (45, "#,##0")]
