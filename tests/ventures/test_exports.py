"""Excel exports of the lists: visible rows only, filters applied, formulas neutralised."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from common.choices import Gender
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PEOPLE_EXPORT = reverse("ventures:entrepreneur-export")
VENTURES_EXPORT = reverse("ventures:venture-export")

PEOPLE_HEADERS = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số điện thoại", "Email",
    "Số CCCD", "Đơn vị", "Địa chỉ", "Nghề nghiệp", "Mô hình",
]  # fmt: skip
VENTURE_HEADERS = [
    "STT", "Tên mô hình", "Loại hình", "Lĩnh vực", "Chủ mô hình", "Đơn vị", "Ngày thành lập",
    "Địa điểm", "Mã số thuế", "Số lao động", "Doanh thu năm (đồng)", "Tình trạng",
]  # fmt: skip


def _sheet_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def test_entrepreneur_export_is_an_xlsx_with_vietnamese_headers(officer_client, person, venture):
    # Act
    response = officer_client.get(PEOPLE_EXPORT)

    # Assert
    rows = _sheet_rows(response)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="thanh-nien-khoi-nghiep-')
    assert list(rows[0]) == PEOPLE_HEADERS
    assert list(rows[1]) == [
        1, "Lò Thị Hoa", datetime.datetime(1998, 5, 20), "Nữ", "Thái", person.phone, None,
        "014098000001", "Đoàn phường Tô Hiệu", None, None, "HTX chè Tô Hiệu",
    ]  # fmt: skip


def test_entrepreneur_export_is_laid_out_to_read_and_print(officer_client, person, venture):
    response = officer_client.get(PEOPLE_EXPORT)

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.title == "Thanh niên khởi nghiệp"
    assert sheet.freeze_panes == "C2"  # the header row and the number and name stay in view
    assert (sheet["C2"].value, sheet["C2"].number_format) == (datetime.datetime(1998, 5, 20), "DD/MM/YYYY")
    assert sheet.print_title_rows == "$1:$1"
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth) == ("landscape", 1)
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_entrepreneur_export_holds_only_visible_rows(officer_client, person, branch_person, other_person):
    response = officer_client.get(PEOPLE_EXPORT)

    names = [row[1] for row in _sheet_rows(response)[1:]]
    assert names == ["Cầm Văn Tiến", "Lò Thị Hoa"]


def test_entrepreneur_export_applies_filters(officer_client, person, branch_person, branch):
    by_gender = _sheet_rows(officer_client.get(PEOPLE_EXPORT, {"gender": Gender.FEMALE}))
    by_unit = _sheet_rows(officer_client.get(PEOPLE_EXPORT, {"unit": branch.pk}))
    by_search = _sheet_rows(officer_client.get(PEOPLE_EXPORT, {"q": "Tiến"}))

    assert [row[1] for row in by_gender[1:]] == ["Lò Thị Hoa"]
    assert [row[1] for row in by_unit[1:]] == ["Cầm Văn Tiến"]
    assert [row[1] for row in by_search[1:]] == ["Cầm Văn Tiến"]


def test_entrepreneur_export_with_another_commune_as_filter_leaks_nothing(
    officer_client, person, other_person, other_commune
):
    response = officer_client.get(PEOPLE_EXPORT, {"unit": other_commune.pk})

    names = [row[1] for row in _sheet_rows(response)[1:]]
    assert "Quàng Văn Xa" not in names


def test_entrepreneur_export_for_staff_holds_every_unit(client, staff_user, person, other_person):
    client.force_login(staff_user)

    response = client.get(PEOPLE_EXPORT)

    assert [row[1] for row in _sheet_rows(response)[1:]] == ["Lò Thị Hoa", "Quàng Văn Xa"]


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://evil","Bấm vào")', "+84912345678", "-1+1", "@SUM(A1)", "=1+1"],
)
def test_entrepreneur_export_neutralises_formulas(officer_client, commune, typed):
    EntrepreneurFactory(full_name=typed, unit=commune, address=typed, occupation=typed)

    response = officer_client.get(PEOPLE_EXPORT)

    workbook = load_workbook(io.BytesIO(response.content))
    row = list(workbook.worksheets[0][2])
    for index in (1, 9, 10):  # name, address, occupation
        assert row[index].value == "'" + typed
        assert row[index].data_type == "s"


def test_venture_export_is_an_xlsx_with_vietnamese_headers(officer_client, venture, branch_person):
    venture.owners.add(branch_person)
    venture.founded_on = datetime.date(2023, 4, 1)
    venture.tax_code = "5500123456"
    venture.save()

    response = officer_client.get(VENTURES_EXPORT)

    rows = _sheet_rows(response)
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="mo-hinh-kinh-te-')
    assert list(rows[0]) == VENTURE_HEADERS
    assert list(rows[1]) == [
        1, "HTX chè Tô Hiệu", "Hộ kinh doanh", "Trồng trọt", "Cầm Văn Tiến; Lò Thị Hoa", "Đoàn phường Tô Hiệu",
        datetime.datetime(2023, 4, 1), None, "5500123456", 3, 250_000_000, "Đang hoạt động",
    ]  # fmt: skip


def test_venture_export_holds_only_visible_rows_and_applies_filters(
    officer_client, venture, branch_venture, other_venture
):
    branch_venture.status = "paused"
    branch_venture.save()

    everything = _sheet_rows(officer_client.get(VENTURES_EXPORT))
    paused = _sheet_rows(officer_client.get(VENTURES_EXPORT, {"status": "paused"}))
    by_owner = _sheet_rows(officer_client.get(VENTURES_EXPORT, {"q": "Lò Thị"}))

    assert [row[1] for row in everything[1:]] == ["HTX chè Tô Hiệu", "Tổ hợp tác rau an toàn Tổ 5"]
    assert [row[1] for row in paused[1:]] == ["Tổ hợp tác rau an toàn Tổ 5"]
    assert [row[1] for row in by_owner[1:]] == ["HTX chè Tô Hiệu"]


def test_venture_export_neutralises_formulas(officer_client, commune, person):
    VentureFactory(name='=HYPERLINK("http://evil")', address="=cmd|' /C calc'!A0", unit=commune, owners=[person])

    rows = _sheet_rows(officer_client.get(VENTURES_EXPORT))

    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert rows[1][7] == "'=cmd|' /C calc'!A0"


def test_export_with_no_rows_has_the_header_only(officer_client, other_person):
    rows = _sheet_rows(officer_client.get(PEOPLE_EXPORT))

    assert rows == [tuple(PEOPLE_HEADERS)]


def _export_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [PEOPLE_EXPORT, VENTURES_EXPORT], ids=["entrepreneurs", "ventures"])
def test_export_query_count_does_not_grow_with_rows(officer_client, commune, url, django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            VentureFactory(unit=commune, owners=EntrepreneurFactory.create_batch(2, unit=commune))

    add(1)
    _export_queries(officer_client, url)
    one_row = _export_queries(officer_client, url)
    add(29)

    with django_assert_max_num_queries(one_row):
        response = officer_client.get(url)

    assert len(_sheet_rows(response)) > 30
