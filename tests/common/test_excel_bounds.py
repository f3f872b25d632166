"""Imports have bounds checked before the work: unpacked size, rows counted with blanks,
columns, cell length, and a sheet's dimension claim (issue "Nothing lost", part 4)."""

import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from common.excel import SheetError, read_sheet, reading
from tests.common.workbooks import SHEET, blank_row_bomb, plain_workbook, rebuilt, upload, with_dimension

HEADERS = ["Họ và tên", "Ngày sinh", "Số điện thoại"]


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return blank_row_bomb(HEADERS)


def test_blank_row_bomb_is_small_and_inflates_to_300_mb(bomb):
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        sheet = archive.getinfo(SHEET)

    assert len(bomb) < 1024 * 1024
    assert sheet.file_size >= 300 * 1024 * 1024


def test_blank_row_bomb_is_refused_at_once_with_little_memory(bomb):
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(SheetError) as excinfo:
            read_sheet(upload(bomb), headers=HEADERS)
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert str(excinfo.value) == (
        "Tệp Excel giải nén ra quá lớn: phần xl/worksheets/sheet1.xml chiếm 300 MB, mỗi phần tối đa 20 MB. "
        "Hãy xoá các dòng, cột thừa hoặc chia nhỏ tệp."
    )
    # A generous bound on a busy shared machine; the old reader spent over 60 s here.
    assert elapsed < 5
    assert peak < 10 * 1024 * 1024


def test_a_highly_compressed_sheet_under_the_size_limit_is_refused_by_its_ratio():
    content = blank_row_bomb(HEADERS, inflated_bytes=5 * 1024 * 1024)

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload(content), headers=HEADERS)

    message = str(excinfo.value)
    assert message.startswith("Tệp Excel bị nén bất thường: phần xl/worksheets/sheet1.xml giải nén ra gấp ")
    assert message.endswith("lần (tối đa 100 lần). Hãy xoá các dòng trống thừa rồi lưu lại tệp.")


def test_the_total_unpacked_size_is_limited(monkeypatch):
    monkeypatch.setattr(reading, "XLSX_MAX_UNPACKED_BYTES", 2 * 1024 * 1024)
    filler = bytes(range(256)) * 4096  # 1 MiB that barely compresses
    content = rebuilt(plain_workbook([HEADERS]), extra_members={"docProps/a.bin": filler, "docProps/b.bin": filler})

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload(content), headers=HEADERS)

    assert str(excinfo.value) == "Tệp Excel giải nén ra 2 MB, vượt giới hạn 2 MB. Hãy chia nhỏ tệp."


def test_the_member_count_is_limited():
    members = {f"customXml/item{n}.xml": b"<a/>" for n in range(reading.XLSX_MAX_MEMBERS)}
    content = rebuilt(plain_workbook([HEADERS]), extra_members=members)

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload(content), headers=HEADERS)

    assert str(excinfo.value).startswith("Tệp Excel có 50")
    assert "quá giới hạn 500 phần" in str(excinfo.value)


def test_a_file_over_the_import_size_is_refused_before_it_is_opened():
    content = b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024)

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload(content), headers=HEADERS)

    assert str(excinfo.value) == "Tệp quá lớn (5,0\xa0MB); tệp Excel nhập vào tối đa 5 MB."


def test_blank_rows_count_toward_the_row_limit():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["Hoa", None, "0912345678"])
    sheet.cell(row=2 + 3 + 1000, column=1).font = Font(bold=True)  # a formatted, empty cell far below
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload(buffer.getvalue()), headers=HEADERS, max_rows=3)

    assert str(excinfo.value) == (
        "Trang tính có dòng (kể cả dòng trống) quá dòng 1.004. Tệp nhập vào tối đa 3 dòng dữ liệu: "
        "hãy xoá các dòng trống phía dưới hoặc chia nhỏ tệp."
    )


def test_blank_rows_within_the_margin_are_skipped():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["Hoa", None, "0912345678"])
    sheet.cell(row=1 + 3 + 1000, column=1, value="Tiến")

    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = read_sheet(upload(buffer.getvalue()), headers=HEADERS, max_rows=3)

    assert [(row.number, row.values["Họ và tên"]) for row in rows] == [(2, "Hoa"), (1004, "Tiến")]


def test_a_row_at_the_bottom_of_the_sheet_is_refused_quickly():
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Ng\xc3\xa0y sinh</t></is></c>'
        b'<c r="C1" t="inlineStr"><is><t>S\xe1\xbb\x91 \xc4\x91i\xe1\xbb\x87n tho\xe1\xba\xa1i</t></is></c></row>'
        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    started = time.monotonic()

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload(rebuilt(plain_workbook([HEADERS]), sheet_xml=xml)), headers=HEADERS)

    assert str(excinfo.value).startswith("Trang tính có dòng (kể cả dòng trống) quá dòng 6.001.")
    assert time.monotonic() - started < 5


def test_a_dimension_claim_of_the_whole_sheet_is_not_trusted():
    content = with_dimension(plain_workbook([HEADERS, ["Hoa", None, "0912345678"]]), "A1:XFD1048576")
    started = time.monotonic()

    rows = read_sheet(upload(content), headers=HEADERS)

    assert [row.values["Họ và tên"] for row in rows] == ["Hoa"]
    assert time.monotonic() - started < 5


def test_a_value_past_the_column_limit_is_refused_with_its_row_and_column():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["Hoa", None, "0912345678"])
    sheet.cell(row=3, column=101, value="thừa")
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload(buffer.getvalue()), headers=HEADERS)

    assert str(excinfo.value) == "Dòng 3 có dữ liệu ở cột CW; tệp nhập vào chỉ đọc đến cột CV."


def test_extra_columns_within_the_limit_are_ignored():
    content = plain_workbook([[*HEADERS, *[f"Cột {n}" for n in range(97)]], ["Hoa", None, "0912345678", "x"]])

    rows = read_sheet(upload(content), headers=HEADERS)

    assert rows[0].values == {"Họ và tên": "Hoa", "Ngày sinh": None, "Số điện thoại": "0912345678"}


@pytest.mark.parametrize("row", [1, 2])
def test_a_cell_longer_than_the_limit_is_refused_with_its_address(row):
    rows = [HEADERS, ["Hoa", None, "0912345678"]]
    rows[row - 1] = [*rows[row - 1], "ô" * 2001]

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload(plain_workbook(rows)), headers=HEADERS)

    assert str(excinfo.value) == f"Ô D{row} có 2.001 ký tự; mỗi ô tối đa 2.000 ký tự."


def test_a_cell_at_the_length_limit_is_read():
    rows = read_sheet(upload(plain_workbook([HEADERS, ["Hoa", None, "0912345678", "ô" * 2000]])), headers=HEADERS)

    assert len(rows) == 1


def test_a_member_that_inflates_past_its_declared_size_is_refused():
    content = bytearray(plain_workbook([HEADERS, ["Hoa", None, "0912345678"]]))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        info = archive.getinfo(SHEET)
    # Lower the sheet's declared size in the central directory: zipfile then stops at it
    # and the checksum no longer matches.
    directory = bytes(content).index(b"PK\x01\x02")
    position = bytes(content).index(SHEET.encode(), directory) - 46
    assert content[position : position + 4] == b"PK\x01\x02"
    content[position + 24 : position + 28] = (info.file_size // 2).to_bytes(4, "little")

    with pytest.raises(SheetError) as excinfo:
        read_sheet(upload(bytes(content)), headers=HEADERS)

    assert str(excinfo.value).startswith("Không đọc được tệp. Cổng nhận bảng tính Excel (.xlsx, .xls)")
