import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from common.choices import Gender
from events import services
from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db


def register(event, phone, **kwargs):
    data = {
        "full_name": f"Người {phone}",
        "date_of_birth": datetime.date(2003, 1, 2),
        "gender": Gender.MALE,
        "phone": phone,
    }
    data.update(kwargs)
    return services.registration_create(event=event, **data)


def test_registration_confirmed_then_waiting_when_full(commune):
    event = EventFactory(unit=commune, capacity=2)

    first = register(event, "0912000001")
    second = register(event, "0912000002")
    third = register(event, "0912000003")
    fourth = register(event, "0912000004")

    assert [r.status for r in (first, second, third, fourth)] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [third.waiting_position, fourth.waiting_position] == [1, 2]


def test_cancel_promotes_first_waiting_and_emails_them(commune, mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(unit=commune, capacity=1)
    confirmed = register(event, "0912000001")
    waiting = register(event, "0912000002", email="cho@example.vn")
    later = register(event, "0912000003")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled, promoted = services.registration_cancel(registration=confirmed)

    assert cancelled.status == Registration.Status.CANCELLED
    assert promoted.pk == waiting.pk
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert waiting.waiting_position is None
    assert later.status == Registration.Status.WAITING
    assert [m.to for m in mailoutbox] == [["cho@example.vn"]]
    assert "Đã có chỗ" in mailoutbox[0].subject
    assert waiting.ticket_code in mailoutbox[0].body


def test_cancelling_a_waiting_place_promotes_nobody(commune):
    event = EventFactory(unit=commune, capacity=1)
    register(event, "0912000001")
    waiting = register(event, "0912000002")
    other = register(event, "0912000003")

    _cancelled, promoted = services.registration_cancel(registration=waiting)

    assert promoted is None
    other.refresh_from_db()
    assert other.status == Registration.Status.WAITING


def test_cancel_twice_is_refused(event):
    registration = register(event, "0912000001")
    services.registration_cancel(registration=registration)
    with pytest.raises(ValidationError, match="đã được hủy"):
        services.registration_cancel(registration=registration)


def test_capacity_raised_promotes_waiting(commune):
    event = EventFactory(unit=commune, capacity=1)
    register(event, "0912000001")
    waiting = register(event, "0912000002")

    event.capacity = 2
    services.event_save(event=event, actor=None)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": in_days(-3), "ends_at": in_days(-3) + datetime.timedelta(hours=4)}, "đã kết thúc"),
        ({"status": Event.Status.DRAFT}, "chưa mở đăng ký"),
        ({"status": Event.Status.CANCELLED}, "đã bị hủy"),
        ({"registration_closes_at": in_days(-1)}, "hết hạn đăng ký"),
    ],
)
def test_registration_refused_when_event_not_open(commune, changes, message):
    event = EventFactory(unit=commune, **changes)
    with pytest.raises(ValidationError, match=message):
        register(event, "0912000001")
    assert not Registration.objects.exists()


def test_same_phone_twice_refused(event):
    register(event, "0912 000 001")
    with pytest.raises(ValidationError, match="đã đăng ký"):
        register(event, "+84912000001", full_name="Người khác")
    assert Registration.objects.count() == 1


def test_same_entrepreneur_twice_refused(event, officer):
    person = EntrepreneurFactory(unit=event.unit)
    services.registration_create(event=event, source="unit", actor=officer, entrepreneur=person)
    with pytest.raises(ValidationError, match="đã đăng ký"):
        services.registration_create(event=event, source="unit", actor=officer, entrepreneur=person)


def test_cancelled_person_may_register_again(event):
    registration = register(event, "0912000001")
    services.registration_cancel(registration=registration)
    again = register(event, "0912000001")
    assert again.status == Registration.Status.CONFIRMED


def test_public_registration_links_registry_person_by_phone_and_birth(event):
    person = EntrepreneurFactory(unit=event.unit, phone="0987654321", date_of_birth=datetime.date(1999, 9, 9))

    registration = register(event, "098 765 4321", date_of_birth=datetime.date(1999, 9, 9), full_name="Tên gõ sai")

    assert registration.entrepreneur == person
    assert registration.unit == person.unit
    assert registration.person_name == person.full_name


def test_public_registration_different_birth_is_a_plain_registrant(event):
    EntrepreneurFactory(unit=event.unit, phone="0987654321", date_of_birth=datetime.date(1999, 9, 9))
    registration = register(event, "0987654321", date_of_birth=datetime.date(2000, 1, 1))
    assert registration.entrepreneur is None


def test_invalid_phone_refused(event):
    with pytest.raises(ValidationError, match="Số điện thoại không hợp lệ"):
        register(event, "12345")


def test_event_end_before_start_refused(commune):
    event = Event(
        kind=Event.Kind.FORUM,
        title="Diễn đàn",
        unit=commune,
        venue="Hội trường",
        starts_at=in_days(5, 14),
        ends_at=in_days(5, 8),
    )
    with pytest.raises(ValidationError, match="kết thúc phải sau"):
        services.event_save(event=event, actor=None)
    assert not Event.objects.exists()


def test_confirmation_email_sent_when_given(event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "0912000001", email="ban@example.vn")
    assert len(mailoutbox) == 1
    assert registration.ticket_code in mailoutbox[0].body
    assert registration.get_ticket_url() in mailoutbox[0].body


# --- check-in --------------------------------------------------------------------


def today_event(unit, **kwargs):
    start = timezone.now() - datetime.timedelta(hours=1)
    return EventFactory(unit=unit, starts_at=start, ends_at=start + datetime.timedelta(hours=4), **kwargs)


def test_check_in_then_second_scan_says_when(commune, officer):
    event = today_event(commune)
    registration = RegistrationFactory(event=event)

    first = services.registration_check_in(event=event, code=registration.ticket_code.lower(), actor=officer)
    second = services.registration_check_in(event=event, code=registration.ticket_code, actor=officer)

    assert first.already is False
    assert second.already is True
    assert second.registration.checked_in_at == first.registration.checked_in_at
    assert second.registration.checked_in_by == officer


def test_check_in_code_of_another_event_refused(commune, officer):
    event = today_event(commune)
    other = today_event(commune, title="Diễn đàn khác")
    registration = RegistrationFactory(event=other)

    with pytest.raises(ValidationError, match="thuộc sự kiện khác"):
        services.registration_check_in(event=event, code=registration.ticket_code, actor=officer)
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize(
    ("status", "message"),
    [("waiting", "danh sách chờ"), ("cancelled", "đã hủy")],
)
def test_check_in_refuses_waiting_and_cancelled(commune, officer, status, message):
    event = today_event(commune)
    registration = RegistrationFactory(event=event, status=status, waiting_position=1 if status == "waiting" else None)
    with pytest.raises(ValidationError, match=message):
        services.registration_check_in(event=event, code=registration.ticket_code, actor=officer)


def test_check_in_unknown_code_refused(commune, officer):
    event = today_event(commune)
    with pytest.raises(ValidationError, match="Không tìm thấy"):
        services.registration_check_in(event=event, code="ZZZZZZZZZZ", actor=officer)


def test_check_in_too_early_refused(event, officer):
    registration = RegistrationFactory(event=event)
    with pytest.raises(ValidationError, match="Chưa đến ngày"):
        services.registration_check_in(event=event, code=registration.ticket_code, actor=officer)


# --- sign-in sheet import ------------------------------------------------------------


def sheet(rows, headers=("STT", "Họ và tên", "Đơn vị", "Số điện thoại", "Mã vé", "Có mặt (x)")):
    workbook = Workbook()
    ws = workbook.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_import_marks_attendance_and_closes(commune, officer):
    event = today_event(commune)
    by_code = RegistrationFactory(event=event)
    by_phone = RegistrationFactory(event=event, phone="0912345678")
    absent = RegistrationFactory(event=event)

    report = services.attendance_import(
        event=event,
        uploaded=sheet(
            [
                [1, by_code.full_name, "", "", by_code.ticket_code, "x"],
                [2, by_phone.full_name, "", 912345678, "", "X"],
                [3, absent.full_name, "", absent.phone, absent.ticket_code, ""],
            ]
        ),
        actor=officer,
    )

    assert report.ok
    assert report.created == 2
    assert set(Registration.objects.attended().values_list("pk", flat=True)) == {by_code.pk, by_phone.pk}
    event.refresh_from_db()
    assert event.attendance_closed_at is not None


def test_import_with_a_bad_row_records_nothing(commune, officer):
    event = today_event(commune)
    good = RegistrationFactory(event=event)
    stranger = RegistrationFactory(event=today_event(commune, title="Sự kiện khác"))

    report = services.attendance_import(
        event=event,
        uploaded=sheet(
            [
                [1, good.full_name, "", "", good.ticket_code, "x"],
                [2, "Người lạ", "", "", stranger.ticket_code, "x"],
                [3, "Không rõ", "", "0999999999", "", "x"],
                [4, "Ghi sai", "", "", good.ticket_code, "có lẽ"],
            ]
        ),
        actor=officer,
    )

    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(3, "Mã vé"), (4, "Số điện thoại"), (5, "Có mặt (x)")]
    assert "không thuộc sự kiện này" in report.errors[0].message
    assert not Registration.objects.attended().exists()
    event.refresh_from_db()
    assert event.attendance_closed_at is None


def test_import_duplicate_row_named(commune, officer):
    event = today_event(commune)
    good = RegistrationFactory(event=event)
    report = services.attendance_import(
        event=event,
        uploaded=sheet([[1, "", "", "", good.ticket_code, "x"], [2, "", "", good.phone, "", "x"]]),
        actor=officer,
    )
    assert [e.message for e in report.errors] == ["Trùng với dòng 2."]


def test_import_wrong_file_refused(commune, officer):
    event = today_event(commune)
    with pytest.raises(ValidationError, match="Thiếu cột"):
        services.attendance_import(event=event, uploaded=sheet([], headers=("A", "B")), actor=officer)


def test_attendance_template_lists_confirmed_people(commune):
    event = today_event(commune)
    confirmed = RegistrationFactory(event=event, full_name="Cầm Thị Hương")
    RegistrationFactory(event=event, status="waiting", waiting_position=1, full_name="Người chờ")

    workbook = load_workbook(io.BytesIO(services.attendance_template(event=event)))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))

    assert rows[0] == ("STT", "Họ và tên", "Đơn vị", "Số điện thoại", "Mã vé", "Có mặt (x)")
    assert rows[1][1] == "Cầm Thị Hương"
    assert rows[1][4] == confirmed.ticket_code
    assert len(rows) == 2


# --- feedback --------------------------------------------------------------------------


def past_event(unit, **kwargs):
    return EventFactory(unit=unit, starts_at=in_days(-5, 8), ends_at=in_days(-5, 17), **kwargs)


def test_feedback_once_after_attending(commune):
    event = past_event(commune)
    registration = RegistrationFactory(event=event, checked_in_at=event.starts_at)

    services.feedback_submit(registration=registration, rating=5, comment="Rất bổ ích")
    with pytest.raises(ValidationError, match="đã gửi đánh giá"):
        services.feedback_submit(registration=registration, rating=1)

    registration.refresh_from_db()
    assert (registration.rating, registration.comment) == (5, "Rất bổ ích")


def test_feedback_refused_without_attending(commune):
    registration = RegistrationFactory(event=past_event(commune))
    with pytest.raises(ValidationError, match="đã tham dự"):
        services.feedback_submit(registration=registration, rating=4)


def test_cancel_after_start_refused(commune):
    registration = RegistrationFactory(event=past_event(commune))
    with pytest.raises(ValidationError, match="đã bắt đầu"):
        services.registration_cancel(registration=registration)
