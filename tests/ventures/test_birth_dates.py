"""Registry birth dates must be plausible: a person aged 14-45 on the day (unless a
programme names its own range); 01/01/1900 is refused with a clear message. The same
rule holds on the form, the admin, the Excel import and the services (the model
programmes' form and import: tests/programmes/test_birth_dates.py)."""

import datetime
import html
import io
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.ventures.factories import EntrepreneurFactory, entrepreneur_post
from ventures import imports, services
from ventures.admin import EntrepreneurAdminForm
from ventures.models import Entrepreneur

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 15)
NINETEEN_HUNDRED = "Ngày sinh không hợp lệ: 01/01/1900, tức 126 tuổi; người đăng ký phải từ 14 đến 45 tuổi."


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    moment = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        yield


def _page_text(response) -> str:
    return html.unescape(response.content.decode())


# --- the registry form --------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ("1900-01-01", NINETEEN_HUNDRED),
        ("2012-06-16", "Ngày sinh không hợp lệ: 16/06/2012, tức 13 tuổi; người đăng ký phải từ 14 đến 45 tuổi."),
        ("1980-06-15", "Ngày sinh không hợp lệ: 15/06/1980, tức 46 tuổi; người đăng ký phải từ 14 đến 45 tuổi."),
    ],
)
def test_registration_form_refuses_an_implausible_birth_date(client, officer, commune, born, message):
    client.force_login(officer)

    response = client.post(reverse("ventures:entrepreneur-create"), entrepreneur_post(commune, date_of_birth=born))

    assert response.status_code == 200
    assert message in _page_text(response)
    assert not Entrepreneur.objects.exists()


@pytest.mark.parametrize("born", ["2012-06-15", "1980-06-16"])
def test_registration_form_accepts_ages_14_and_45(client, officer, commune, born):
    client.force_login(officer)

    response = client.post(reverse("ventures:entrepreneur-create"), entrepreneur_post(commune, date_of_birth=born))

    assert response.status_code == 302
    assert Entrepreneur.objects.get().date_of_birth == datetime.date.fromisoformat(born)


def test_editing_someone_who_has_aged_past_45_keeps_their_birth_date(client, officer, commune):
    person = EntrepreneurFactory(unit=commune, date_of_birth=datetime.date(1975, 3, 1), citizen_id="")
    client.force_login(officer)
    data = entrepreneur_post(commune, date_of_birth="1975-03-01", citizen_id="", phone="0987 654 321")

    response = client.post(reverse("ventures:entrepreneur-update", args=[person.pk]), data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "0987654321"


def test_editing_a_birth_date_to_1900_is_refused(client, officer, commune):
    person = EntrepreneurFactory(unit=commune, date_of_birth=datetime.date(1998, 5, 20), citizen_id="")
    client.force_login(officer)
    data = entrepreneur_post(commune, date_of_birth="1900-01-01", citizen_id="")

    response = client.post(reverse("ventures:entrepreneur-update", args=[person.pk]), data)

    assert response.status_code == 200
    assert NINETEEN_HUNDRED in _page_text(response)
    person.refresh_from_db()
    assert person.date_of_birth == datetime.date(1998, 5, 20)


def test_admin_form_refuses_1900_for_a_new_person(commune):
    form = EntrepreneurAdminForm(data={**entrepreneur_post(commune, date_of_birth="1900-01-01"), "created_by": ""})

    assert not form.is_valid()
    assert form.errors["date_of_birth"] == [NINETEEN_HUNDRED]


# --- services -----------------------------------------------------------------------


def _person(unit, born: datetime.date) -> Entrepreneur:
    return Entrepreneur(full_name="Lò Văn Sáng", date_of_birth=born, gender="male", unit=unit)


def test_entrepreneur_save_refuses_1900_naming_the_person(officer, commune):
    with pytest.raises(ValidationError) as caught:
        services.entrepreneur_save(entrepreneur=_person(commune, datetime.date(1900, 1, 1)), actor=officer)

    assert caught.value.message_dict == {"date_of_birth": [f"Lò Văn Sáng: {NINETEEN_HUNDRED}"]}
    assert not Entrepreneur.objects.exists()


def test_entrepreneur_save_takes_a_programme_range_and_day(officer, commune):
    person = _person(commune, datetime.date(1970, 1, 1))

    services.entrepreneur_save(entrepreneur=person, actor=officer, age_range=(18, 60))

    assert person.pk is not None
    with pytest.raises(ValidationError) as caught:
        services.entrepreneur_save(
            entrepreneur=_person(commune, datetime.date(2009, 1, 1)),
            actor=officer,
            today=datetime.date(2026, 8, 30),
            age_range=(18, 35),
        )
    assert caught.value.message_dict["date_of_birth"] == [
        "Lò Văn Sáng: Ngày sinh không hợp lệ: 01/01/2009, tức 17 tuổi; người đăng ký phải từ 18 đến 35 tuổi."
    ]


def test_entrepreneurs_register_many_refuses_an_implausible_birth_date(officer, commune):
    rows = [(_person(commune, datetime.date(1998, 5, 20)), None), (_person(commune, datetime.date(1900, 1, 1)), None)]

    with pytest.raises(ValidationError) as caught:
        services.entrepreneurs_register_many(rows=rows, actor=officer)

    assert caught.value.messages == [f"Lò Văn Sáng: {NINETEEN_HUNDRED}"]
    assert not Entrepreneur.objects.exists()


# --- the registry's Excel import ------------------------------------------------------


def _registry_xlsx(birth) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    headers = [str(c) for c in imports.COLUMNS]
    sheet.append(headers)
    row = dict.fromkeys(headers)
    row.update(
        {
            str(imports.COL_NAME): "Lường Thị Mai",
            str(imports.COL_BIRTH): birth,
            str(imports.COL_GENDER): "Nữ",
            str(imports.COL_UNIT): "to-hieu",
        }
    )
    sheet.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


@pytest.mark.parametrize("birth", [datetime.datetime(1900, 1, 1), "01/01/1900"])
def test_registry_import_refuses_1900_naming_the_row(client, officer, commune, birth):
    client.force_login(officer)

    response = client.post(reverse("ventures:entrepreneur-import"), {"file": _registry_xlsx(birth)})

    assert response.status_code == 400
    assert [(e.row, e.column, e.message) for e in response.context["report"].errors] == [
        (2, str(imports.COL_BIRTH), NINETEEN_HUNDRED)
    ]
    assert NINETEEN_HUNDRED in _page_text(response)
    assert not Entrepreneur.objects.exists()


def test_registry_import_takes_a_day(officer, commune):
    upload = _registry_xlsx("15/06/2012")  # 14 on DAY, 13 the day before

    report = imports.import_entrepreneurs(uploaded=upload, actor=officer, today=datetime.date(2026, 6, 14))

    assert [e.message for e in report.errors] == [
        "Ngày sinh không hợp lệ: 15/06/2012, tức 13 tuổi; người đăng ký phải từ 14 đến 45 tuổi."
    ]
