"""A model programme's registration form and Excel import hold new owners to the
registry's birth-date rule: 01/01/1900 is refused with the same message."""

import datetime
import html
import io
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from programmes import imports
from programmes.models import ProgrammeParticipant
from tests.programmes.factories import ModelProgrammeFactory, participant_post
from tests.ventures.factories import EntrepreneurFactory
from ventures.models import Entrepreneur

pytestmark = pytest.mark.django_db

NINETEEN_HUNDRED = "Ngày sinh không hợp lệ: 01/01/1900, tức 126 tuổi; người đăng ký phải từ 14 đến 45 tuổi."


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    moment = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        yield


def _page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def programme(province):
    return ModelProgrammeFactory(owner=province, name="Bí thư Chi đoàn tiên phong khởi nghiệp")


def test_programme_registration_form_refuses_a_new_owner_born_1900(client, officer, commune, programme):
    client.force_login(officer)
    url = reverse("programmes:participant-create", kwargs={"programme_pk": programme.pk})

    response = client.post(url, participant_post(commune, owner_date_of_birth="1900-01-01"))

    assert response.status_code == 200
    assert NINETEEN_HUNDRED in _page_text(response)
    assert not Entrepreneur.objects.exists()
    assert not ProgrammeParticipant.objects.exists()


def _programme_xlsx(birth, citizen_id="038094000123") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    headers = [str(c) for c in imports.COLUMNS]
    sheet.append(headers)
    row = dict.fromkeys(headers)
    row.update(
        {
            str(imports.COL_NAME): "Lê Văn Quý",
            str(imports.COL_BIRTH): birth,
            str(imports.COL_GENDER): "Nam",
            str(imports.COL_CITIZEN_ID): citizen_id,
            str(imports.COL_UNIT): "to-hieu",
            str(imports.COL_VENTURE): "Trang trại gà đồi thôn 3",
            str(imports.COL_SECTOR): "Chăn nuôi, thủy sản",
        }
    )
    sheet.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def test_programme_import_refuses_a_new_owner_born_1900(officer, commune, programme):
    report = imports.import_participants(programme=programme, uploaded=_programme_xlsx("01/01/1900"), actor=officer)

    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, str(imports.COL_BIRTH), NINETEEN_HUNDRED)]
    assert not Entrepreneur.objects.exists()


def test_programme_import_keeps_an_owner_already_registered_who_is_now_older(officer, commune, programme):
    EntrepreneurFactory(
        unit=commune, full_name="Lê Văn Quý", date_of_birth=datetime.date(1975, 3, 1), citizen_id="038075000123"
    )

    report = imports.import_participants(
        programme=programme, uploaded=_programme_xlsx("01/03/1975", citizen_id="038075000123"), actor=officer
    )

    assert report.errors == []
    assert report.created == 1
    assert Entrepreneur.objects.count() == 1
