"""Importing a unit's list "theo mẫu": all rows or none, with a row-by-row report."""

import datetime
import html
import io
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from common.choices import Ethnicity, Gender
from tests.common import workbooks
from ventures import imports
from ventures.models import Entrepreneur, Venture

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("ventures:entrepreneur-import")
TEMPLATE_URL = reverse("ventures:entrepreneur-import-template")
HEADERS = [str(c) for c in imports.COLUMNS]

COL_NAME = "Họ và tên (*)"
COL_BIRTH = "Ngày sinh (*) dd/mm/yyyy"
COL_GENDER = "Giới tính (*) Nam/Nữ"
COL_ETHNICITY = "Dân tộc"
COL_CITIZEN_ID = "Số CCCD (12 số)"
COL_UNIT = "Mã đơn vị (*)"
COL_KIND = "Loại hình mô hình"
COL_SECTOR = "Lĩnh vực"
COL_EMPLOYEES = "Số lao động"

UNREADABLE = (
    "Không đọc được tệp. Cổng nhận bảng tính Excel (.xlsx, .xls) và LibreOffice Calc (.ods). "
    "Hãy mở tệp, chọn Lưu thành (Save As) dạng Sổ làm việc Excel (.xlsx), bỏ mật khẩu nếu có, "
    "rồi tải lên lại; hoặc dùng tệp mẫu tải từ cổng."
)


def _row(**cells) -> dict:
    """A good row; keyword names are short aliases of the template's columns."""
    row = {
        "name": "Lường Thị Mai",
        "birth": datetime.datetime(2000, 3, 15),
        "gender": "Nữ",
        "ethnicity": "Thái",
        "phone": "0912 345 678",
        "email": "mai@example.vn",
        "citizen_id": "014200000123",
        "unit": "to-hieu",
        "address": "Bản Hìn, phường Tô Hiệu",
        "occupation": "Trồng chè",
        "venture": None,
        "kind": None,
        "sector": None,
        "employees": None,
        "revenue": None,
    }
    row.update(cells)
    return row


def _xlsx(rows, headers=HEADERS, name="danh-sach.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row.values()) if isinstance(row, dict) else row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def _good_rows():
    return [
        _row(
            venture="HTX chè Bản Hìn",
            kind="Hợp tác xã",
            sector="chế biến nông sản, thực phẩm",
            employees=5,
            revenue="300.000.000",
        ),
        _row(
            name="Cầm  Văn Tiến",
            birth="05/09/1998",
            gender="nam",
            ethnicity="Mông",
            phone="0987654321",
            email="",
            citizen_id="014098000777",
            unit="chi-doan-to-5",
        ),
        _row(name="Lò Thị Hoa", birth="20/05/1999", gender="NỮ", ethnicity=None, phone=None, citizen_id=None),
    ]


def _error_table(response) -> list[tuple[int, str, str]]:
    """The rows of the error table as (row number, column, message)."""
    body = response.content.decode()
    table = body[body.index('id="import-errors"') :]
    return [
        (int(number), html.unescape(column), html.unescape(message))
        for number, column, message in re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
    ]


# --- Template ----------------------------------------------------------------------


def test_template_download_has_columns_and_guide(officer_client):
    response = officer_client.get(TEMPLATE_URL)

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    first = list(workbook.worksheets[0].iter_rows(values_only=True))
    guide = list(workbook["Hướng dẫn"].iter_rows(values_only=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="mau-danh-sach-thanh-nien.xlsx"'
    assert workbook.sheetnames == ["Danh sách thanh niên", "Hướng dẫn"]
    assert list(first[0]) == HEADERS
    assert len(first) == 1
    assert guide[0] == ("Cột", "Cách ghi")
    assert (COL_GENDER, "Nam, Nữ, Khác") in guide
    assert any(row[0] == COL_ETHNICITY and "Mông" in row[1] for row in guide)
    workbook.close()


def test_template_round_trips_through_import(officer_client):
    template = officer_client.get(TEMPLATE_URL).content
    workbook = load_workbook(io.BytesIO(template))
    workbook.worksheets[0].append(list(_row().values()))
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = officer_client.post(IMPORT_URL, {"file": SimpleUploadedFile("mau.xlsx", buffer.getvalue())})

    assert response.status_code == 302
    assert Entrepreneur.objects.get().full_name == "Lường Thị Mai"


def test_import_page_links_the_template(officer_client):
    response = officer_client.get(IMPORT_URL)

    assert response.status_code == 200
    assert TEMPLATE_URL in response.content.decode()


# --- A good file -------------------------------------------------------------------


def test_import_good_file_saves_every_row(officer_client, officer, commune, branch):
    # Act
    response = officer_client.post(IMPORT_URL, {"file": _xlsx(_good_rows())}, follow=True)

    # Assert
    assert response.redirect_chain == [(reverse("ventures:entrepreneur-list"), 302)]
    assert "Đã nhập 3 thanh niên." in response.content.decode()
    people = {p.full_name: p for p in Entrepreneur.objects.all()}
    assert set(people) == {"Lường Thị Mai", "Cầm Văn Tiến", "Lò Thị Hoa"}
    mai, tien, hoa = people["Lường Thị Mai"], people["Cầm Văn Tiến"], people["Lò Thị Hoa"]
    assert (mai.date_of_birth, mai.gender, mai.ethnicity, mai.unit) == (
        datetime.date(2000, 3, 15), Gender.FEMALE, Ethnicity.THAI, commune,
    )  # fmt: skip
    assert (mai.phone, mai.citizen_id, mai.created_by) == ("0912345678", "014200000123", officer)
    assert (tien.date_of_birth, tien.gender, tien.ethnicity, tien.unit) == (
        datetime.date(1998, 9, 5), Gender.MALE, Ethnicity.MONG, branch,
    )  # fmt: skip
    assert (hoa.gender, hoa.ethnicity, hoa.citizen_id, hoa.phone) == (Gender.FEMALE, Ethnicity.KINH, "", "")


def test_import_good_file_creates_venture_with_owner(officer_client, officer, commune, branch):
    officer_client.post(IMPORT_URL, {"file": _xlsx(_good_rows())})

    venture = Venture.objects.get()
    assert venture.name == "HTX chè Bản Hìn"
    assert (venture.kind, venture.sector) == (Venture.Kind.COOPERATIVE, Venture.Sector.PROCESSING)
    assert (venture.employees, venture.annual_revenue) == (5, 300_000_000)
    assert (venture.unit, venture.created_by) == (commune, officer)
    assert [o.full_name for o in venture.owners.all()] == ["Lường Thị Mai"]


def test_import_records_history_of_each_row(officer_client, officer, branch):
    officer_client.post(IMPORT_URL, {"file": _xlsx(_good_rows())})

    assert {p.history.get().history_user for p in Entrepreneur.objects.all()} == {officer}


def test_import_accepts_columns_in_any_order_with_extras(officer_client):
    headers = ["Ghi chú riêng", *reversed(HEADERS)]
    values = ["bỏ qua", *reversed(list(_row().values()))]

    response = officer_client.post(IMPORT_URL, {"file": _xlsx([values], headers=headers)})

    assert response.status_code == 302
    assert Entrepreneur.objects.get().citizen_id == "014200000123"


def test_import_skips_blank_rows(officer_client):
    rows = [_row(), [None] * len(HEADERS), _row(name="Lò Văn Pấng", citizen_id="014200000999")]

    response = officer_client.post(IMPORT_URL, {"file": _xlsx(rows)})

    assert response.status_code == 302
    assert Entrepreneur.objects.count() == 2


# --- A file with a bad row ---------------------------------------------------------


BAD_ROWS = [
    pytest.param(_row(birth="31/02/2000"), COL_BIRTH, "Ngày sinh phải theo dạng dd/mm/yyyy.", id="impossible-date"),
    pytest.param(_row(birth="2000-03-15"), COL_BIRTH, "Ngày sinh phải theo dạng dd/mm/yyyy.", id="iso-date"),
    pytest.param(
        _row(birth=datetime.datetime(2099, 1, 1)),
        COL_BIRTH,
        "Ngày sinh không hợp lệ: 01/01/2099 là ngày trong tương lai.",
        id="future",
    ),
    pytest.param(_row(gender="Không rõ"), COL_GENDER, "Giới tính phải là Nam, Nữ hoặc Khác.", id="gender"),
    pytest.param(_row(citizen_id="01420000012"), COL_CITIZEN_ID, "Số CCCD phải gồm đúng 12 chữ số.", id="cccd-11"),
    pytest.param(
        _row(unit="muong-la"),
        COL_UNIT,
        "Mã đơn vị 'muong-la' không có, đã giải thể hoặc không thuộc phạm vi bạn quản lý.",
        id="other-commune",
    ),
    pytest.param(
        _row(unit="khong-co"),
        COL_UNIT,
        "Mã đơn vị 'khong-co' không có, đã giải thể hoặc không thuộc phạm vi bạn quản lý.",
        id="unknown-unit",
    ),
    pytest.param(
        _row(ethnicity="Kinh tế"),
        COL_ETHNICITY,
        "Không có dân tộc 'Kinh tế' trong danh mục 54 dân tộc.",
        id="ethnicity",
    ),
    pytest.param(_row(phone="+1 202 555 0101"), "Số điện thoại", "Số điện thoại không hợp lệ", id="phone"),
    pytest.param(_row(unit=None), COL_UNIT, "Chưa ghi mã đơn vị.", id="no-unit"),
    pytest.param(_row(name="  "), COL_NAME, "Trường này không được để trắng.", id="no-name"),
    pytest.param(_row(birth=None), COL_BIRTH, "Trường này không thể để trống.", id="no-birth"),
    pytest.param(_row(gender=None), COL_GENDER, "Trường này không được để trắng.", id="no-gender"),
    pytest.param(
        _row(venture="HTX", kind=None, sector="Trồng trọt"), COL_KIND, "Trường này không được để trắng.", id="no-kind"
    ),
    pytest.param(
        _row(venture="HTX", kind="Ngân hàng", sector="Trồng trọt"),
        COL_KIND,
        "Giá trị 'Ngân hàng' không có trong danh mục (xem trang Hướng dẫn).",
        id="kind",
    ),
    pytest.param(
        _row(venture="HTX", kind="Hợp tác xã", sector="Trồng trọt", employees="mười"),
        COL_EMPLOYEES,
        "Phải là số nguyên không âm.",
        id="employees",
    ),
]


@pytest.mark.parametrize(("bad", "column", "message"), BAD_ROWS)
def test_import_one_bad_row_saves_nothing_and_reports_it(officer_client, branch, bad, column, message):
    # Arrange: two good rows, the bad one in the middle (spreadsheet row 3).
    good = _good_rows()
    rows = [good[1], bad, good[2]]

    # Act
    response = officer_client.post(IMPORT_URL, {"file": _xlsx(rows)})

    # Assert
    errors = _error_table(response)
    assert response.status_code == 400
    assert "chưa lưu dòng nào" in response.content.decode()
    assert any(row == 3 and col == column and message in text for row, col, text in errors), errors
    assert {row for row, _col, _text in errors} == {3}
    assert not Entrepreneur.objects.exists()
    assert not Venture.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [_row(birth="31/02/2000"), _row(gender="Không rõ"), _row(ethnicity="Kinh tế")],
    ids=["date", "gender", "ethnicity"],
)
def test_import_reports_each_bad_cell_once(officer_client, bad):
    response = officer_client.post(IMPORT_URL, {"file": _xlsx([bad])})

    assert len(_error_table(response)) == 1


def test_import_reports_every_error_of_a_mixed_file(officer_client, commune, branch, person, other_commune):
    # Arrange: good rows and one of each kind of mistake.
    rows = [
        _row(),  # 2: good
        _row(name="Lò Văn A", birth="31/02/2000", citizen_id="014200000002"),  # 3
        _row(name="Lò Văn B", gender="Không rõ", citizen_id="014200000003"),  # 4
        _row(name="Lò Văn C", citizen_id="01420000004"),  # 5: 11 digits
        _row(name="Lò Văn D", unit="muong-la", citizen_id="014200000005"),  # 6
        _row(name="Lò Văn E", ethnicity="Kinh tế", citizen_id="014200000006"),  # 7
        _row(name="Lò Văn F", citizen_id="014200000123"),  # 8: same CCCD as row 2
        _row(name="Lò Thị Hoa", birth=datetime.datetime(1998, 5, 20), citizen_id=None),  # 9: a match, not an error
        _row(name="Cầm Văn G", unit="chi-doan-to-5", citizen_id="014200000009"),  # 10: good
    ]

    # Act
    response = officer_client.post(IMPORT_URL, {"file": _xlsx(rows)})

    # Assert
    errors = _error_table(response)
    expected = [
        (3, COL_BIRTH, "Ngày sinh phải theo dạng dd/mm/yyyy."),
        (4, COL_GENDER, "Giới tính phải là Nam, Nữ hoặc Khác."),
        (5, COL_CITIZEN_ID, "Số CCCD phải gồm đúng 12 chữ số."),
        (6, COL_UNIT, "Mã đơn vị 'muong-la' không có, đã giải thể hoặc không thuộc phạm vi bạn quản lý."),
        (7, COL_ETHNICITY, "Không có dân tộc 'Kinh tế' trong danh mục 54 dân tộc."),
        (8, COL_CITIZEN_ID, "Trùng số CCCD với dòng 2."),
    ]
    assert response.status_code == 400
    for error in expected:
        assert error in errors
    # Row 9 is someone already registered: offered as a match once the file has no error.
    assert {row for row, _c, _m in errors} == {3, 4, 5, 6, 7, 8}
    assert [e.full_name for e in Entrepreneur.objects.all()] == ["Lò Thị Hoa"]


def test_import_rejects_duplicate_person_within_the_file(officer_client):
    rows = [_row(citizen_id=None), _row(name="LƯỜNG THỊ MAI", citizen_id=None)]

    response = officer_client.post(IMPORT_URL, {"file": _xlsx(rows)})

    assert (3, COL_NAME, "Trùng người với dòng 2.") in _error_table(response)
    assert not Entrepreneur.objects.exists()


def test_import_rejects_citizen_id_already_registered(officer_client, commune, other_person):
    other_person.citizen_id = "014200000123"
    other_person.save()

    response = officer_client.post(IMPORT_URL, {"file": _xlsx([_row()])})

    assert response.status_code == 400
    assert _error_table(response) == [(2, COL_CITIZEN_ID, "Số CCCD này đã có trong danh sách thanh niên.")]
    assert list(Entrepreneur.objects.all()) == [other_person]


def test_import_escapes_typed_values_in_the_report(officer_client):
    response = officer_client.post(IMPORT_URL, {"file": _xlsx([_row(ethnicity="<script>alert(1)</script>")])})

    body = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_import_accepts_citizen_id_and_phone_typed_as_numbers(officer_client):
    response = officer_client.post(IMPORT_URL, {"file": _xlsx([_row(citizen_id=14200000123, phone=912345678)])})

    assert response.status_code == 302
    person = Entrepreneur.objects.get()
    assert (person.citizen_id, person.phone) == ("014200000123", "0912345678")


def test_import_rejects_a_dissolved_unit(officer_client, commune):
    from tests.factories import UnitFactory

    UnitFactory(code="chi-doan-cu", parent=commune, active_to=datetime.date(2025, 9, 30))

    response = officer_client.post(IMPORT_URL, {"file": _xlsx([_row(unit="chi-doan-cu")])})

    assert response.status_code == 400
    assert not Entrepreneur.objects.exists()


# --- Files that are not the template -----------------------------------------------


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("danh-sach.xlsx", b"Ho va ten,Ngay sinh\nLo Van A,01/01/2000\n"),
            UNREADABLE,
        ),
        (
            SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4\n%%EOF\n"),
            UNREADABLE,
        ),
    ],
    ids=["csv-renamed", "pdf"],
)
def test_import_rejects_a_file_that_is_not_a_spreadsheet(officer_client, upload, message):
    response = officer_client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Entrepreneur.objects.exists()


def test_import_rejects_workbook_with_missing_columns(officer_client):
    headers = [h for h in HEADERS if h not in (COL_BIRTH, COL_UNIT)]

    response = officer_client.post(IMPORT_URL, {"file": _xlsx([["Lò Văn A"] * len(headers)], headers=headers)})

    assert response.status_code == 400
    assert f"Thiếu cột: {COL_BIRTH}, {COL_UNIT}. Hãy dùng tệp mẫu tải từ cổng." in response.content.decode()
    assert not Entrepreneur.objects.exists()


def test_import_rejects_workbook_without_rows(officer_client):
    response = officer_client.post(IMPORT_URL, {"file": _xlsx([])})

    assert response.status_code == 400
    assert "Tệp không có dòng dữ liệu nào." in response.content.decode()


def test_import_rejects_empty_workbook(officer_client):
    buffer = io.BytesIO()
    Workbook().save(buffer)

    response = officer_client.post(IMPORT_URL, {"file": SimpleUploadedFile("trong.xlsx", buffer.getvalue())})

    assert response.status_code == 400
    assert "Tệp Excel trống." in response.content.decode()


def test_import_without_file_asks_for_one(officer_client):
    response = officer_client.post(IMPORT_URL, {})

    assert response.status_code == 400
    assert "Hãy chọn tệp Excel để nhập." in response.content.decode()


def test_import_rejects_file_over_five_megabytes(officer_client):
    upload = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024))

    response = officer_client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 400
    assert "Tệp quá lớn (tối đa 5 MB)." in response.content.decode()


def test_import_service_saves_rows_of_several_communes_for_staff(staff_user, commune, other_commune):
    # Staff reach every commune, so both rows are theirs to import.
    rows = [_row(), _row(name="Quàng Thị Ơn", unit="muong-la", citizen_id="014200000555")]

    report = imports.import_entrepreneurs(uploaded=_xlsx(rows), actor=staff_user)

    assert (report.ok, report.created) == (True, 2)
    assert {p.unit.code for p in Entrepreneur.objects.all()} == {"to-hieu", "muong-la"}


# --- A large file ------------------------------------------------------------------


def test_import_large_file_costs_a_bounded_number_of_queries(officer, commune):
    def cost(count) -> int:
        rows = [
            _row(
                name=f"Lò Văn {count}-{n}",
                citizen_id=f"014200{count:03d}{n:03d}",
                phone=None,
                email="",
                venture=f"HTX {count}-{n}" if n % 2 else None,
                kind="Hợp tác xã",
                sector="Trồng trọt",
            )
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            report = imports.import_entrepreneurs(uploaded=_xlsx(rows), actor=officer)
        assert (report.ok, report.created) == (True, count), report.errors
        return len(captured)

    ten = cost(10)

    three_hundred = cost(300)

    assert Entrepreneur.objects.count() == 310
    assert Venture.objects.count() == 155
    # Rows are validated and saved in bulk; the database's batch size may add a query per batch.
    assert three_hundred <= ten + 300 // 10


def test_import_of_a_blank_row_bomb_is_refused_at_once(officer_client):
    upload = workbooks.upload(workbooks.blank_row_bomb(HEADERS))
    started = time.monotonic()

    response = officer_client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 400
    assert "Tệp Excel giải nén ra quá lớn: phần xl/worksheets/sheet1.xml chiếm 300 MB" in response.content.decode()
    assert time.monotonic() - started < 5
    assert not Entrepreneur.objects.exists()


def test_import_of_an_overlong_cell_names_the_cell(officer_client):
    rows = [HEADERS, [*_row(name="Lường Thị Mai").values()]]
    rows[1][HEADERS.index(COL_NAME)] = "M" * 2001
    response = officer_client.post(IMPORT_URL, {"file": workbooks.upload(workbooks.plain_workbook(rows))})

    assert response.status_code == 400
    assert "Ô A2 có 2.001 ký tự; mỗi ô tối đa 2.000 ký tự." in html.unescape(response.content.decode())
    assert not Entrepreneur.objects.exists()
