import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from loans.imports import COLUMNS
from loans.models import SavingsGroup
from tests.common.workbooks import ods_workbook, xls_workbook
from tests.loans.factories import SavingsGroupFactory

pytestmark = pytest.mark.django_db


def sheet(*rows) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append([str(c) for c in COLUMNS])
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("to.xlsx", buffer.getvalue())


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def test_template_has_the_columns(officer_client):
    response = officer_client.get(reverse("loans:group-import-template"))
    headers = next(load_workbook(io.BytesIO(response.content)).active.values)
    assert list(headers) == [str(c) for c in COLUMNS]


def test_import_creates_new_groups_and_updates_known_ones(officer_client, commune):
    known = SavingsGroupFactory(unit=commune, name="Tổ TK&VV bản Hìn", member_count=20)
    upload = sheet(
        ["to-hieu", "Tổ TK&VV bản Hìn", "Lò Văn Pản", "0912345678", "Bản Hìn", 25, "850.000.000", 0, 30_000_000],
        ["to-hieu", "Tổ TK&VV bản Mé", "Cầm Thị Xuân", "", "Bản Mé", 18, 400_000_000, 1_000_000, 12_000_000],
    )
    response = officer_client.post(reverse("loans:group-import"), {"file": upload})
    assert response.status_code == 302
    known.refresh_from_db()
    assert (known.member_count, known.outstanding_balance) == (25, 850_000_000)
    assert SavingsGroup.objects.get(name="Tổ TK&VV bản Mé").overdue_balance == 1_000_000


def test_import_with_a_bad_row_saves_nothing_and_names_each_error(officer_client, commune, other_commune):
    upload = sheet(
        ["to-hieu", "Tổ TK&VV bản Hìn", "Lò Văn Pản", "", "Bản Hìn", 25, 850_000_000, 0, 0],
        ["to-hieu", "Tổ TK&VV bản Mé", "Cầm Thị Xuân", "", "Bản Mé", 4, 400_000_000, 0, 0],
        ["muong-la", "Tổ xã khác", "A", "", "Bản B", 20, 0, 0, 0],
        ["to-hieu", "Tổ TK&VV bản Lay", "B", "", "Bản Lay", 20, 10, 11, 0],
    )
    response = officer_client.post(reverse("loans:group-import"), {"file": upload})
    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["report"].errors}
    assert errors == {(3, "Số thành viên (*)"), (4, "Mã đơn vị (*)"), (5, "Dòng")}
    assert "Nợ quá hạn không thể lớn hơn dư nợ." in response.content.decode()
    assert not SavingsGroup.objects.exists()


def test_import_checks_the_leaders_phone_and_keeps_a_numbers_leading_zero(officer_client, commune):
    refused = sheet(["to-hieu", "Tổ TK&VV bản Hìn", "Lò Văn Pản", "12345", "Bản Hìn", 25, 0, 0, 0])
    response = officer_client.post(reverse("loans:group-import"), {"file": refused})
    assert response.status_code == 400
    assert [e.column for e in response.context["report"].errors] == ["Điện thoại tổ trưởng"]
    assert not SavingsGroup.objects.exists()

    typed_as_number = sheet(["to-hieu", "Tổ TK&VV bản Hìn", "Lò Văn Pản", 912345678, "Bản Hìn", 25, 0, 0, 0])
    assert officer_client.post(reverse("loans:group-import"), {"file": typed_as_number}).status_code == 302
    assert SavingsGroup.objects.get().leader_phone == "0912345678"


# --- the files offices keep: Excel 97-2003 and LibreOffice Calc --------------------------


@pytest.mark.parametrize(
    ("build", "name"), [(xls_workbook, "to-tiet-kiem.xls"), (ods_workbook, "to-tiet-kiem.ods")], ids=["xls", "ods"]
)
def test_import_reads_xls_and_ods_with_the_phones_leading_zero(officer_client, commune, build, name):
    content = build(
        [
            [str(c) for c in COLUMNS],
            ["to-hieu", "Tổ TK&VV bản Hìn", "Lò Văn Pản", 912345678, "Bản Hìn", 25, 850_000_000, 0, 30_000_000],
            [None] * 9,
            ["to-hieu", "Tổ TK&VV bản Mé", "Cầm Thị Xuân", "0387654321", "Bản Mé", 18, 400_000_000, 1_000_000, 0],
        ]
    )

    response = officer_client.post(reverse("loans:group-import"), {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 302
    groups = {g.name: g for g in SavingsGroup.objects.all()}
    assert set(groups) == {"Tổ TK&VV bản Hìn", "Tổ TK&VV bản Mé"}
    hin = groups["Tổ TK&VV bản Hìn"]
    assert (hin.leader_phone, hin.member_count, hin.outstanding_balance) == ("0912345678", 25, 850_000_000)
    assert groups["Tổ TK&VV bản Mé"].leader_phone == "0387654321"


@pytest.mark.parametrize("build", [xls_workbook, ods_workbook], ids=["xls", "ods"])
def test_import_names_the_bad_row_of_an_xls_or_ods_as_excel_numbers_it(officer_client, commune, build):
    content = build(
        [
            [str(c) for c in COLUMNS],
            ["to-hieu", "Tổ TK&VV bản Hìn", "Lò Văn Pản", "", "Bản Hìn", 25, 0, 0, 0],
            [None] * 9,
            ["to-hieu", "Tổ TK&VV bản Mé", "Cầm Thị Xuân", "", "Bản Mé", 4, 0, 0, 0],
        ]
    )

    response = officer_client.post(reverse("loans:group-import"), {"file": SimpleUploadedFile("to", content)})

    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["report"].errors] == [(4, "Số thành viên (*)")]
    assert not SavingsGroup.objects.exists()


def test_import_page_offers_the_three_formats(officer_client):
    page = officer_client.get(reverse("loans:group-import")).content.decode()

    assert 'accept=".xlsx,.xls,.ods"' in page
    assert "Tệp .xlsx, .xls (Excel) hoặc .ods (LibreOffice Calc), tối đa 5 MB" in page


def test_a_csv_is_refused_with_what_to_do(officer_client, commune):
    upload = SimpleUploadedFile("to.csv", "Mã đơn vị (*),Tên tổ (*)\nto-hieu,Tổ A\n".encode())

    response = officer_client.post(reverse("loans:group-import"), {"file": upload})

    assert response.status_code == 400
    assert "Hãy mở tệp, chọn Lưu thành (Save As) dạng Sổ làm việc Excel (.xlsx)" in response.content.decode()
    assert not SavingsGroup.objects.exists()
