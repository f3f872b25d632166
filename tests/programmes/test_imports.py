"""Importing a commune's registration list "theo mẫu": all rows or none, row by row errors,
records already on the portal reused."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from programmes import imports
from programmes.models import ProgrammeParticipant
from tests.programmes.factories import ModelProgrammeFactory, PioneerVentureFactory
from tests.ventures.factories import EntrepreneurFactory
from ventures.models import Entrepreneur, Venture

pytestmark = pytest.mark.django_db

HEADERS = [str(c) for c in imports.COLUMNS]
TODAY = timezone.localdate()


@pytest.fixture
def programme(province):
    return ModelProgrammeFactory(owner=province, name="Bí thư Chi đoàn tiên phong khởi nghiệp 2017–2018")


def _row(**cells) -> list:
    row = {
        "name": "Lê Văn Quý",
        "birth": datetime.datetime(1994, 2, 10),
        "gender": "Nam",
        "ethnicity": "Kinh",
        "phone": "0912 000 333",
        "citizen_id": "038094000123",
        "branch": "Chi đoàn thôn 3",
        "unit": "to-hieu",
        "address": "Thôn 3, phường Tô Hiệu",
        "venture": "Trang trại gà đồi thôn 3",
        "sector": "Chăn nuôi, thủy sản",
        "founded": "01/03/2024",
        "description": "2.000 con gà đồi",
        "employees": 3,
        "revenue": "240.000.000",
        "needs": "Vay vốn 50 triệu đồng",
    }
    row.update(cells)
    return list(row.values())


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def _second_row(**cells) -> list:
    second = {
        "name": "Lò Thị Bích",
        "birth": "18/06/1996",
        "gender": "nữ",
        "ethnicity": "Thái",
        "citizen_id": "014196000456",
        "unit": "chi-doan-to-5",
        "venture": "Vườn chanh leo bản Nà Tre",
        "sector": "trong trot",
    }
    second.update(cells)
    return _row(**second)


def test_import_registers_every_row_with_new_people_and_ventures(programme, branch, officer):
    report = imports.import_participants(programme=programme, uploaded=_xlsx([_row(), _second_row()]), actor=officer)

    assert (report.ok, report.created) == (True, 2)
    rows = ProgrammeParticipant.objects.select_related("venture", "unit").order_by("pk")
    assert [(p.venture.name, p.unit.code, p.sector, p.branch_name, p.registered_by) for p in rows] == [
        ("Trang trại gà đồi thôn 3", "to-hieu", "livestock", "Chi đoàn thôn 3", officer),
        ("Vườn chanh leo bản Nà Tre", "chi-doan-to-5", "crops", "Chi đoàn thôn 3", officer),
    ]
    venture = Venture.objects.get(name="Trang trại gà đồi thôn 3")
    assert (venture.kind, venture.employees, venture.annual_revenue) == ("pioneer_secretary", 3, 240_000_000)
    assert [o.full_name for o in venture.owners.all()] == ["Lê Văn Quý"]
    assert rows[0].history.get().history_user == officer


def test_import_with_a_bad_row_saves_nothing_and_names_row_and_column(programme, branch, officer):
    rows = [_row(), _second_row(gender="Trai", sector="Nuôi rồng"), _row(name="", citizen_id="", venture="Khác")]

    report = imports.import_participants(programme=programme, uploaded=_xlsx(rows), actor=officer)

    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "Giới tính (*) Nam/Nữ"),
        (3, "Nhóm ngành nghề (*)"),
        (4, "Họ và tên chủ mô hình (*)"),
    ]
    assert report.errors[0].message == "Giới tính phải là Nam, Nữ hoặc Khác."
    assert (ProgrammeParticipant.objects.count(), Venture.objects.count(), Entrepreneur.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"unit": "muong-la"}, "Mã đơn vị đăng ký (*)", "không thuộc chương trình hoặc bạn không quản lý"),
        ({"birth": "1994-02-10"}, "Ngày sinh (*) dd/mm/yyyy", "dd/mm/yyyy"),
        ({"employees": "ba"}, "Số lao động", "số nguyên không âm"),
        ({"citizen_id": "12345"}, "Số CCCD (12 số)", "12 chữ số"),
        ({"venture": ""}, "Tên mô hình (*)", ""),
    ],
)
def test_import_cell_errors(programme, other_commune, officer, cells, column, message):
    report = imports.import_participants(programme=programme, uploaded=_xlsx([_row(**cells)]), actor=officer)

    assert [(e.row, e.column) for e in report.errors] == [(2, column)]
    assert message in report.errors[0].message
    assert not ProgrammeParticipant.objects.exists()


def test_import_reuses_people_and_ventures_already_on_the_portal(programme, commune, officer):
    person = EntrepreneurFactory(full_name="Lê Văn Quý", unit=commune, citizen_id="038094000123")
    venture = PioneerVentureFactory(name="Trang trại gà đồi thôn 3", unit=commune, owners=[person])

    report = imports.import_participants(programme=programme, uploaded=_xlsx([_row()]), actor=officer)

    assert report.created == 1
    assert ProgrammeParticipant.objects.get().venture == venture
    assert (Entrepreneur.objects.count(), Venture.objects.count()) == (1, 1)


def test_import_refuses_duplicates_in_the_file_and_in_the_programme(programme, commune, officer):
    person = EntrepreneurFactory(full_name="Lê Văn Quý", unit=commune, citizen_id="038094000123")
    venture = PioneerVentureFactory(name="Trang trại gà đồi thôn 3", unit=commune, owners=[person])
    ProgrammeParticipant.objects.create(programme=programme, venture=venture, unit=commune, sector="livestock")
    rows = [_row(), _second_row(unit="to-hieu"), _second_row(unit="to-hieu")]

    report = imports.import_participants(programme=programme, uploaded=_xlsx(rows), actor=officer)

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "Tên mô hình (*)", "Mô hình này đã đăng ký tham gia chương trình."),
        (4, "Họ và tên chủ mô hình (*)", "Trùng người với dòng 3."),
        (4, "Tên mô hình (*)", "Trùng mô hình với dòng 3."),
    ]
    assert ProgrammeParticipant.objects.count() == 1


def test_import_after_the_deadline_is_refused(province, officer):
    programme = ModelProgrammeFactory(owner=province, registration_deadline=TODAY - datetime.timedelta(days=1))

    report = imports.import_participants(programme=programme, uploaded=_xlsx([_row()]), actor=officer)

    assert report.errors[0].row == 0
    assert "Đã hết hạn đăng ký" in report.errors[0].message
    assert not Entrepreneur.objects.exists()


def test_import_page_shows_the_error_table(officer_client, programme):
    url = reverse("programmes:participant-import", kwargs={"programme_pk": programme.pk})

    response = officer_client.post(url, {"file": _xlsx([_row(gender="Trai")])})

    content = response.content.decode()
    assert response.status_code == 400
    assert "Tệp có 1 lỗi; chưa lưu dòng nào." in content
    assert "<td>2</td><td>Giới tính (*) Nam/Nữ</td>" in content


def test_import_page_registers_and_redirects_to_the_list(officer_client, programme):
    url = reverse("programmes:participant-import", kwargs={"programme_pk": programme.pk})

    response = officer_client.post(url, {"file": _xlsx([_row()])})

    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:participant-list", kwargs={"programme_pk": programme.pk})
    assert ProgrammeParticipant.objects.count() == 1


def test_template_download_has_the_columns_and_the_programme_guide(officer_client, programme):
    url = reverse("programmes:participant-import-template", kwargs={"programme_pk": programme.pk})

    response = officer_client.get(url)

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    header = next(workbook.worksheets[0].iter_rows(values_only=True))
    guide = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)}
    workbook.close()
    assert list(header) == HEADERS
    assert guide["Chương trình"] == programme.name
    assert guide["Loại hình được nhận"] == 'Mô hình "Bí thư Chi đoàn tiên phong khởi nghiệp"'


def test_import_validation_costs_the_same_queries_for_1_and_30_rows(programme, commune, officer):
    PioneerVentureFactory(unit=commune, owners=[EntrepreneurFactory(unit=commune)])

    def queries(count):
        rows = [_row(name=f"Người {n}", citizen_id=f"0380940{n:05d}", venture=f"Mô hình {n}") for n in range(count)]
        rows.append(_row(gender="Trai"))  # one bad row: validation only, nothing saved
        with CaptureQueriesContext(connection) as captured:
            report = imports.import_participants(programme=programme, uploaded=_xlsx(rows), actor=officer)
        assert not report.ok
        return len(captured)

    queries(1)  # the first run also loads the actor's memberships, cached on the user
    # units, people by CCCD, people by name, ventures, their owners, earlier registrations
    assert queries(1) == queries(30) == 6
