import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from loans.imports import COLUMNS
from loans.models import SavingsGroup
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
