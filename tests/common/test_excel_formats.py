"""Imports read the files offices keep: .xlsx, .xls (Excel 97-2003) and .ods (LibreOffice
Calc) into the same values, within the same bounds; any other file is told what to do
(issue 21, §5)."""

import datetime
import io
import pathlib
import struct
import zipfile

import pytest
import xlrd
from django.core.files.uploadedfile import SimpleUploadedFile

from common.excel import SheetError, SheetRow, check_workbook_bounds, read_sheet
from tests.common.workbooks import (
    ods_from_rows_xml,
    ods_text_row,
    ods_workbook,
    plain_workbook,
    xls_workbook,
)

FILES = pathlib.Path(__file__).parent / "files"
HEADERS = ["Họ và tên", "Ngày sinh", "Số điện thoại", "Số thành viên"]
ROWS = [
    HEADERS,
    ["Lò Thị Hoa", datetime.date(1998, 5, 20), 912345678, 12],
    [None, None, None, None],
    ["Cầm Văn Tiến", None, "0387654321", 7.5],
]
EXPECTED = [
    SheetRow(
        number=2,
        values={
            "Họ và tên": "Lò Thị Hoa",
            "Ngày sinh": datetime.datetime(1998, 5, 20),
            "Số điện thoại": 912345678,  # a phone typed as a number: the import puts its 0 back
            "Số thành viên": 12,
        },
    ),
    SheetRow(
        number=4,
        values={"Họ và tên": "Cầm Văn Tiến", "Ngày sinh": None, "Số điện thoại": "0387654321", "Số thành viên": 7.5},
    ),
]
UNREADABLE = (
    "Không đọc được tệp. Cổng nhận bảng tính Excel (.xlsx, .xls) và LibreOffice Calc (.ods). "
    "Hãy mở tệp, chọn Lưu thành (Save As) dạng Sổ làm việc Excel (.xlsx), bỏ mật khẩu nếu có, "
    "rồi tải lên lại; hoặc dùng tệp mẫu tải từ cổng."
)
PAST_LAST_ROW = (
    "Trang tính có dòng (kể cả dòng trống) quá dòng 6.001. Tệp nhập vào tối đa 5000 dòng dữ liệu: "
    "hãy xoá các dòng trống phía dưới hoặc chia nhỏ tệp."
)


def _upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("build", "kind"),
    [(plain_workbook, "xlsx"), (xls_workbook, "xls"), (ods_workbook, "ods")],
    ids=["xlsx", "xls", "ods"],
)
def test_the_three_formats_read_into_the_same_rows(build, kind):
    upload = _upload(build(ROWS), f"danh-sach.{kind}")

    assert check_workbook_bounds(upload) == kind
    assert read_sheet(upload, headers=HEADERS) == EXPECTED


@pytest.mark.parametrize("name", ["danh-sach-libreoffice.ods", "danh-sach-libreoffice.xls"])
def test_files_saved_by_libreoffice_calc_read_the_same(name):
    """ROWS typed in a spreadsheet (the date formatted dd/mm/yyyy, a bold empty cell left at
    A10) and saved by LibreOffice Calc 7 as .ods and as .xls: its .ods ends with a run of
    1,048,565 blank rows 16,384 cells wide, then one more blank row."""
    content = (FILES / name).read_bytes()

    assert read_sheet(_upload(content, name), headers=HEADERS) == EXPECTED


@pytest.mark.parametrize("build", [xls_workbook, ods_workbook], ids=["xls", "ods"])
def test_the_format_is_told_by_content_not_by_name(build):
    assert read_sheet(_upload(build(ROWS), "danh-sach.xlsx"), headers=HEADERS) == EXPECTED


@pytest.mark.parametrize("build", [xls_workbook, ods_workbook], ids=["xls", "ods"])
def test_missing_columns_are_named_in_every_format(build):
    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(build([["Họ và tên", "Địa chỉ"], ["Hoa", "Tô Hiệu"]]), "ds"), headers=HEADERS)

    assert str(excinfo.value) == "Thiếu cột: Ngày sinh, Số điện thoại, Số thành viên. Hãy dùng tệp mẫu tải từ cổng."


def test_ods_booleans_and_text_with_spaces_and_line_breaks():
    rows = ods_from_rows_xml(
        ods_text_row("Họ và tên", "Ghi chú", "Có mặt")
        + '<table:table-row><table:table-cell office:value-type="string"><text:p>Lò<text:s text:c="2"/>Hoa</text:p>'
        "</table:table-cell>"
        '<table:table-cell office:value-type="string"><text:p>dòng 1</text:p><text:p>dòng <text:span>2</text:span>'
        "<office:annotation><text:p>bình luận</text:p></office:annotation></text:p></table:table-cell>"
        '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p>'
        "</table:table-cell></table:table-row>"
    )

    [row] = read_sheet(_upload(rows, "ds.ods"), headers=["Họ và tên", "Ghi chú", "Có mặt"])

    assert row.values == {"Họ và tên": "Lò  Hoa", "Ghi chú": "dòng 1\ndòng 2", "Có mặt": True}


def test_ods_as_libreoffice_saves_it_with_a_million_blank_rows_at_the_end():
    """LibreOffice ends a sheet with one element repeating the blank rows to row 1,048,576."""
    content = ods_from_rows_xml(
        ods_text_row("Họ và tên", "Ngày sinh", "Số điện thoại", "Số thành viên")
        + ods_text_row("Hoa", repeat=1)
        + '<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        + '<table:table-row><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )

    rows = read_sheet(_upload(content, "ds.ods"), headers=HEADERS)

    assert [(row.number, row.values["Họ và tên"]) for row in rows] == [(2, "Hoa")]


def test_ods_repeated_cells_are_laid_out_at_their_columns():
    content = ods_from_rows_xml(
        ods_text_row("Họ và tên", "Ngày sinh", "Số điện thoại", "Số thành viên")
        + '<table:table-row><table:table-cell office:value-type="string"><text:p>Hoa</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell>'
        "</table:table-row>"
    )

    [row] = read_sheet(_upload(content, "ds.ods"), headers=HEADERS)

    assert row.values == {"Họ và tên": "Hoa", "Ngày sinh": None, "Số điện thoại": None, "Số thành viên": 5}


def test_ods_a_data_row_repeated_a_million_times_is_refused_at_once():
    content = ods_from_rows_xml(ods_text_row(*HEADERS) + ods_text_row("Hoa", repeat=1_000_000))

    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(content, "ds.ods"), headers=HEADERS)

    assert str(excinfo.value) == "Tệp có quá 5000 dòng; hãy chia nhỏ."


def test_ods_a_value_far_to_the_right_is_refused_with_its_column():
    content = ods_from_rows_xml(
        ods_text_row(*HEADERS) + '<table:table-row><table:table-cell table:number-columns-repeated="1000000000"/>'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    )

    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(content, "ds.ods"), headers=HEADERS)

    assert str(excinfo.value) == "Dòng 2 có dữ liệu ở cột XFD; tệp nhập vào chỉ đọc đến cột CV."


def test_ods_a_row_far_below_is_refused():
    content = ods_from_rows_xml(
        ods_text_row(*HEADERS)
        + '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        + ods_text_row("Hoa")
    )

    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(content, "ds.ods"), headers=HEADERS)

    assert str(excinfo.value) == PAST_LAST_ROW


def test_ods_bomb_is_refused_by_its_zip_before_it_is_parsed():
    blank_rows = "<table:table-row/>" * (20 * 1024 * 1024 // 18 + 1000)
    content = ods_from_rows_xml(ods_text_row(*HEADERS) + blank_rows)
    assert len(content) < 1024 * 1024

    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(content, "ds.ods"), headers=HEADERS)

    assert str(excinfo.value).startswith("Tệp Excel giải nén ra quá lớn: phần content.xml chiếm 20 MB")


def test_ods_entities_are_not_expanded():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    )
    content = ods_from_rows_xml(ods_text_row(*HEADERS) + ods_text_row("&d;"))
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        xml = source.read("content.xml").replace(b'<?xml version="1.0" encoding="UTF-8"?>', laughs.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        target.writestr("content.xml", xml)

    rows = read_sheet(_upload(out.getvalue(), "ds.ods"), headers=HEADERS)

    assert all(len(str(row.values["Họ và tên"] or "")) < 100 for row in rows)


def _with_cell_at(content: bytes, row: int) -> bytes:
    """`content` (an .xls) with its first NUMBER record moved to the 0-based `row`."""
    data = bytearray(content)
    position = data.index(struct.pack("<HH", 0x0203, 14))  # NUMBER, 14 bytes of data
    struct.pack_into("<H", data, position + 4, row)
    return bytes(data)


def test_xls_a_value_far_below_is_refused_before_the_sheet_is_loaded(monkeypatch):
    content = _with_cell_at(xls_workbook([HEADERS, ["Hoa", None, 912345678]]), 65535)
    loaded = []
    monkeypatch.setattr(xlrd.book.Book, "sheet_by_index", lambda book, index: loaded.append(index))

    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(content, "ds.xls"), headers=HEADERS)

    assert str(excinfo.value) == PAST_LAST_ROW
    assert loaded == []


def test_xls_within_the_margin_keeps_its_row_number():
    content = _with_cell_at(xls_workbook([HEADERS, ["Hoa", None, 912345678]]), 999)

    rows = read_sheet(_upload(content, "ds.xls"), headers=HEADERS)

    assert [(row.number, row.values["Họ và tên"], row.values["Số điện thoại"]) for row in rows] == [
        (2, "Hoa", None),
        (1000, None, 912345678),
    ]


def test_a_huge_xls_is_refused_by_its_size():
    content = xls_workbook([HEADERS]) + b"\0" * (5 * 1024 * 1024)

    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(content, "ds.xls"), headers=HEADERS)

    assert str(excinfo.value).startswith("Tệp quá lớn (5,0\xa0MB); tệp Excel nhập vào tối đa 5 MB.")


@pytest.mark.parametrize(
    "content",
    [
        b"Ho va ten,Ngay sinh\nHoa,1998-05-20\n",  # a .csv
        b"%PDF-1.4\n%%EOF\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,  # a damaged or password-protected Office file
        b"",
    ],
    ids=["csv", "pdf", "damaged-ole", "empty"],
)
def test_a_file_that_is_no_spreadsheet_says_what_to_do(content):
    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(content, "danh-sach.csv"), headers=HEADERS)

    assert str(excinfo.value) == UNREADABLE


def test_an_opendocument_text_is_no_spreadsheet():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
            "<office:body><office:text/></office:body></office:document-content>",
        )

    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(out.getvalue(), "thu.odt"), headers=HEADERS)

    assert str(excinfo.value) == UNREADABLE


def test_a_word_document_is_no_spreadsheet():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")

    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(out.getvalue(), "danh-sach.docx"), headers=HEADERS)

    assert str(excinfo.value) == UNREADABLE


def test_a_zip_that_is_no_office_file_is_no_spreadsheet():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("danh-sach.csv", "Họ và tên\nHoa\n")

    with pytest.raises(SheetError) as excinfo:
        read_sheet(_upload(out.getvalue(), "danh-sach.zip"), headers=HEADERS)

    assert str(excinfo.value) == UNREADABLE
