"""A young person's personal data are erased on request (Decree 13/2023/NĐ-CP): staff
anonymise the person; the name, phone, CCCD, email, address, portrait and birth day are
gone from the page, the exports and the history, while every record and count stays; the
request, who did it and when are logged. "Today" is 7/12/2026."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Membership
from awards.models import Nomination
from common.indicators import Measure, Period
from events.indicators import youth_trained
from events.models import Registration
from tests.awards.factories import NominationFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role
from tests.ventures.factories import EntrepreneurFactory, VentureFactory
from ventures import services
from ventures.indicators import ventures_registered
from ventures.models import Entrepreneur, ErasureRequest

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
REFERENCE = "Đơn đề nghị xoá dữ liệu cá nhân ngày 02/12/2026, vào sổ số 15/VP"
NAME, PHONE, CCCD, EMAIL = "Lò Thị Xuân", "0912777888", "014301000123", "xuan.lo@example.vn"
ADDRESS = "Bản Nà Ka, phường Tô Hiệu"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def person(commune, officer):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=HCM), tick=False):
        person = EntrepreneurFactory(
            unit=commune,
            full_name="Lò Thị Xuân Cũ",
            phone="0912000111",
            date_of_birth=datetime.date(1999, 11, 23),
        )
    services.entrepreneur_save(  # a change: the history keeps both versions
        entrepreneur=_with(person, full_name=NAME, phone=PHONE, citizen_id=CCCD, email=EMAIL, address=ADDRESS),
        actor=officer,
    )
    VentureFactory(unit=commune, owners=[person], founded_on=datetime.date(2026, 4, 1))
    start = datetime.datetime(2026, 6, 10, 8, tzinfo=HCM)
    event = EventFactory(unit=commune, starts_at=start, ends_at=start.replace(hour=17))
    RegistrationFactory(
        event=event, entrepreneur=person, unit=commune, full_name=NAME, phone=PHONE, email=EMAIL, checked_in_at=start
    )
    NominationFactory(unit=commune, entrepreneur=person, photo=SimpleUploadedFile("chan-dung.png", PNG_BYTES))
    return person


def _with(person, **fields):
    for field, value in fields.items():
        setattr(person, field, value)
    return person


def _traces(text: str) -> list[str]:
    return [value for value in (NAME, PHONE, CCCD, EMAIL, ADDRESS, "0912000111", "23/11/1999") if value in text]


def test_anonymise_erases_the_person_and_their_history_keeps_records_and_counts(
    person, commune, staff_user, settings, django_capture_on_commit_callbacks
):
    photo = Nomination.objects.get(entrepreneur=person).photo
    photo_path = photo.path
    year = Period.year(2026)
    counts = (youth_trained(year), ventures_registered(year))
    assert counts == ({commune.pk: Measure(1)}, {commune.pk: Measure(1)})

    with django_capture_on_commit_callbacks(execute=True):
        erasure = services.entrepreneur_anonymise(person=person, request_reference=f" {REFERENCE} ", actor=staff_user)

    person.refresh_from_db()
    assert (person.full_name, person.phone, person.citizen_id, person.email, person.address) == (
        f"Đã ẩn danh #{person.pk}",
        "",
        "",
        "",
        "",
    )
    assert person.date_of_birth == datetime.date(1999, 7, 1)  # the year stays, the day is gone
    assert (person.gender, person.ethnicity, person.unit) != (None, None, None)
    history = list(person.history.values_list("full_name", "phone", "citizen_id", "email", "address", "date_of_birth"))
    assert len(history) == 3
    assert set(history) == {(person.full_name, "", "", "", "", datetime.date(1999, 7, 1))}
    registration = Registration.objects.get(entrepreneur=person)
    assert (registration.full_name, registration.phone, registration.email) == (person.full_name, "", "")
    assert _traces(str(list(registration.history.values()))) == []
    nomination = Nomination.objects.get(entrepreneur=person)
    assert nomination.photo.name == ""
    assert not photo.storage.exists(photo_path)
    assert {h.photo for h in nomination.history.all()} == {""}
    # Every record and count stays.
    assert person.ventures.count() == 1
    assert (youth_trained(year), ventures_registered(year)) == counts
    # The request is logged: what, who, when.
    assert (erasure.person, erasure.reference, erasure.done_by, erasure.done_at) == (
        person,
        REFERENCE,
        staff_user,
        NOW,
    )


def test_anonymise_needs_a_reference_and_happens_once(person, staff_user):
    with pytest.raises(ValidationError):
        services.entrepreneur_anonymise(person=person, request_reference="  ", actor=staff_user)
    services.entrepreneur_anonymise(person=person, request_reference=REFERENCE, actor=staff_user)
    with pytest.raises(ValidationError, match="đã được ẩn danh"):
        services.entrepreneur_anonymise(person=person, request_reference=REFERENCE, actor=staff_user)
    assert ErasureRequest.objects.count() == 1


def test_staff_anonymise_from_the_page_and_the_data_are_gone_from_page_export_and_history(client, person, staff_user):
    client.force_login(staff_user)
    detail = reverse("ventures:entrepreneur-detail", args=[person.pk])
    url = reverse("ventures:entrepreneur-anonymise", args=[person.pk])
    assert url in client.get(detail).content.decode()  # the button

    unconfirmed = client.post(url, {"request_reference": REFERENCE})
    assert unconfirmed.status_code == 200
    assert Entrepreneur.objects.get(pk=person.pk).full_name == NAME

    response = client.post(url, {"request_reference": REFERENCE, "confirm": "on"})

    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert _traces(page) == []
    assert f"Đã ẩn danh #{person.pk}" in page
    workbook = load_workbook(io.BytesIO(client.get(reverse("ventures:entrepreneur-export")).content), read_only=True)
    cells = " ".join(str(c) for row in workbook.worksheets[0].iter_rows(values_only=True) for c in row)
    assert _traces(cells) == []
    assert f"Đã ẩn danh #{person.pk}" in cells
    log = client.get(url).content.decode()
    assert REFERENCE in log


def test_unit_officers_cannot_anonymise(client, person, officer):
    client.force_login(officer)
    url = reverse("ventures:entrepreneur-anonymise", args=[person.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"request_reference": REFERENCE, "confirm": "on"}).status_code == 403
    assert url not in client.get(reverse("ventures:entrepreneur-detail", args=[person.pk])).content.decode()
    assert Entrepreneur.objects.get(pk=person.pk).full_name == NAME


def test_an_officer_of_another_commune_cannot_reach_the_page(client, person, other_commune):
    outsider = user_with_role(Membership.Role.OFFICER, other_commune, username="ngoai")
    client.force_login(outsider)
    assert client.get(reverse("ventures:entrepreneur-anonymise", args=[person.pk])).status_code in (403, 404)
