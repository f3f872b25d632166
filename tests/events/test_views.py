import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts.models import Unit
from events.models import Event, Registration, StartupClub
from tests import samples
from tests.events.factories import BoothFactory, EventFactory, RegistrationFactory, StartupClubFactory, in_days
from tests.factories import UnitFactory
from tests.utils import close_response
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db

# WeasyPrint warns when the system lacks HarfBuzz-Subset; the PDF is still complete.
weasyprint_warning = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def login(client, user):
    client.force_login(user)
    return client


def now_event(unit, **kwargs):
    start = timezone.now() - datetime.timedelta(hours=1)
    return EventFactory(unit=unit, starts_at=start, ends_at=start + datetime.timedelta(hours=4), **kwargs)


# --- public ---------------------------------------------------------------------------


def public_form(**overrides):
    data = {
        "full_name": "Vũ Thị Hồng Nhung",
        "date_of_birth": "2003-04-30",
        "gender": "female",
        "ethnicity": "01",
        "phone": "0912 345 678",
        "email": "",
        "organisation": "Lớp K62 CNTT",
        "agree": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_public_calendar_lists_upcoming_public_events(client, commune):
    EventFactory(unit=commune, title="Ngày hội khởi nghiệp sắp tới", kind=Event.Kind.STARTUP_DAY)
    EventFactory(unit=commune, title="Bản nháp", status=Event.Status.DRAFT)
    EventFactory(unit=commune, title="Nội bộ", is_public=False)
    EventFactory(unit=commune, title="Đã qua", starts_at=in_days(-3), ends_at=in_days(-3, 17))

    response = client.get(reverse("events:public-calendar"))

    assert response.status_code == 200
    assert [e.title for e in response.context["events"]] == ["Ngày hội khởi nghiệp sắp tới"]


def test_public_registration_creates_ticket_with_qr(client, event):
    response = client.post(reverse("events:public-event", args=[event.pk]), public_form(), follow=True)

    registration = Registration.objects.get()
    assert registration.phone == "0912345678"
    assert registration.status == Registration.Status.CONFIRMED
    assert response.redirect_chain[-1][0] == registration.get_ticket_url()
    content = response.content.decode()
    assert registration.ticket_code in content
    assert "<svg" in content
    assert "Đăng ký thành công" in content


def test_public_registration_full_goes_to_waiting_list(client, commune):
    event = EventFactory(unit=commune, capacity=1)
    RegistrationFactory(event=event)

    response = client.post(reverse("events:public-event", args=[event.pk]), public_form(), follow=True)

    assert Registration.objects.get(phone="0912345678").status == Registration.Status.WAITING
    assert "Danh sách chờ, thứ 1" in response.content.decode()


def test_public_registration_twice_refused_with_message(client, event):
    client.post(reverse("events:public-event", args=[event.pk]), public_form())
    response = client.post(reverse("events:public-event", args=[event.pk]), public_form(full_name="Người khác"))
    assert response.status_code == 200
    assert "0912345678 đã đăng ký tham dự sự kiện này" in response.content.decode()
    assert Registration.objects.count() == 1


def test_public_registration_after_event_refused(client, commune):
    event = EventFactory(unit=commune, starts_at=in_days(-2), ends_at=in_days(-2, 17))
    response = client.post(reverse("events:public-event", args=[event.pk]), public_form())
    assert "Sự kiện đã kết thúc" in response.content.decode()
    assert not Registration.objects.exists()


def test_public_registration_honeypot_refused(client, event):
    response = client.post(reverse("events:public-event", args=[event.pk]), public_form(website="http://spam"))
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_public_registration_throttled(client, event, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    from django.core.cache import cache

    cache.clear()
    client.post(reverse("events:public-event", args=[event.pk]), public_form())
    response = client.post(reverse("events:public-event", args=[event.pk]), public_form(phone="0912000999"))
    assert response.status_code == 429
    assert Registration.objects.count() == 1


def test_draft_event_has_no_public_page(client, commune):
    event = EventFactory(unit=commune, status=Event.Status.DRAFT)
    assert client.get(reverse("events:public-event", args=[event.pk])).status_code == 404


def test_ticket_cancel_promotes_waiting(client, commune):
    event = EventFactory(unit=commune, capacity=1)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waiting", waiting_position=1)

    response = client.post(reverse("events:ticket-cancel", args=[confirmed.ticket_code]), follow=True)

    assert "Đã hủy đăng ký" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_unknown_ticket_is_404(client, db):
    assert client.get(reverse("events:ticket", args=["ABCDEFGHJK"])).status_code == 404


def test_feedback_from_ticket_after_event(client, commune):
    event = EventFactory(unit=commune, starts_at=in_days(-2), ends_at=in_days(-2, 17))
    registration = RegistrationFactory(event=event, checked_in_at=event.starts_at)
    page = client.get(registration.get_ticket_url()).content.decode()
    assert "Đánh giá sự kiện" in page

    client.post(reverse("events:ticket-feedback", args=[registration.ticket_code]), {"rating": "4", "comment": "Hay"})
    response = client.post(
        reverse("events:ticket-feedback", args=[registration.ticket_code]), {"rating": "1"}, follow=True
    )

    registration.refresh_from_db()
    assert registration.rating == 4
    assert "đã gửi đánh giá" in response.content.decode()


@weasyprint_warning
def test_certificate_only_for_attended_training(client, commune):
    event = EventFactory(unit=commune, starts_at=in_days(-2), ends_at=in_days(-2, 17))
    came = RegistrationFactory(event=event, checked_in_at=event.starts_at)
    absent = RegistrationFactory(event=event)
    forum = EventFactory(unit=commune, kind=Event.Kind.FORUM, starts_at=in_days(-2), ends_at=in_days(-2, 17))
    at_forum = RegistrationFactory(event=forum, checked_in_at=forum.starts_at)

    response = client.get(reverse("events:ticket-certificate", args=[came.ticket_code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("events:ticket-certificate", args=[absent.ticket_code])).status_code == 404
    assert client.get(reverse("events:ticket-certificate", args=[at_forum.ticket_code])).status_code == 404


# --- staff and officers ---------------------------------------------------------------


def test_officer_creates_event_and_end_before_start_refused(client, officer, commune):
    login(client, officer)
    data = {
        "kind": "training",
        "title": "Lớp tập huấn đăng ký nhãn hiệu",
        "starts_at": "2030-05-10T14:00",
        "ends_at": "2030-05-10T08:00",
        "venue": "Nhà văn hóa phường",
        "unit": commune.pk,
        "capacity": "40",
        "audiences": ["students", "teachers"],
        "counts_as_training": "on",
        "is_public": "on",
        "status": "published",
    }
    response = client.post(reverse("events:event-create"), data)
    assert response.status_code == 200
    assert "Thời gian kết thúc phải sau thời gian bắt đầu" in response.content.decode()
    assert not Event.objects.exists()

    data["ends_at"] = "2030-05-10T17:00"
    response = client.post(reverse("events:event-create"), data)
    event = Event.objects.get()
    assert response.url == event.get_absolute_url()
    assert event.created_by == officer
    assert event.audiences == ["students", "teachers"]


def test_officer_cannot_create_for_another_unit(client, officer, other_commune):
    login(client, officer)
    response = client.post(
        reverse("events:event-create"),
        {
            "kind": "forum",
            "title": "X",
            "starts_at": "2030-05-10T08:00",
            "ends_at": "2030-05-10T10:00",
            "venue": "Y",
            "unit": other_commune.pk,
            "status": "draft",
        },
    )
    assert response.status_code == 200
    assert not Event.objects.exists()


@pytest.mark.parametrize("role", ["judge", "council_member", "bank_liaison"])
def test_other_roles_have_no_event_pages(client, role, request, event):
    login(client, request.getfixturevalue(role))
    assert client.get(reverse("events:event-list")).status_code == 403
    assert client.get(reverse("events:event-detail", args=[event.pk])).status_code in (403, 404)


def test_anonymous_redirected_to_login(client, event):
    response = client.get(reverse("events:event-detail", args=[event.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_other_units_draft_is_404_and_published_is_read_only(client, other_officer, commune):
    draft = EventFactory(unit=commune, status=Event.Status.DRAFT)
    published = EventFactory(unit=commune)
    RegistrationFactory(event=published, unit=commune, full_name="Người Tô Hiệu")
    login(client, other_officer)

    assert client.get(reverse("events:event-detail", args=[draft.pk])).status_code == 404
    page = client.get(reverse("events:event-detail", args=[published.pk]))
    assert page.status_code == 200
    assert page.context["can_manage"] is False
    assert client.get(reverse("events:event-update", args=[published.pk])).status_code == 403
    assert client.get(reverse("events:check-in", args=[published.pk])).status_code == 403
    assert client.get(reverse("events:attendance-report", args=[published.pk])).status_code == 403
    registrations = client.get(reverse("events:registration-list", args=[published.pk]))
    assert "Người Tô Hiệu" not in registrations.content.decode()


def test_officer_registers_registry_person_and_new_person(client, officer, commune, other_commune):
    event = EventFactory(unit=other_commune, capacity=1)
    person = EntrepreneurFactory(unit=commune, full_name="Lò Văn Thắng")
    login(client, officer)

    client.post(reverse("events:registration-create", args=[event.pk]), {"entrepreneur": person.pk})
    response = client.post(
        reverse("events:registration-create", args=[event.pk]),
        {
            "full_name": "Cầm Thị Hương",
            "date_of_birth": "2001-02-03",
            "gender": "female",
            "ethnicity": "03",
            "phone": "0987000111",
            "unit": commune.pk,
        },
        follow=True,
    )

    assert "được xếp vào danh sách chờ" in response.content.decode()
    first, second = Registration.objects.order_by("pk")
    assert (first.entrepreneur, first.unit, first.source, first.registered_by) == (person, commune, "unit", officer)
    assert (second.full_name, second.status) == ("Cầm Thị Hương", Registration.Status.WAITING)


def test_officer_cannot_register_someone_of_another_unit(client, officer, other_commune, event):
    stranger = EntrepreneurFactory(unit=other_commune)
    login(client, officer)
    response = client.post(reverse("events:registration-create", args=[event.pk]), {"entrepreneur": stranger.pk})
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_registration_without_person_refused(client, officer, event):
    login(client, officer)
    response = client.post(reverse("events:registration-create", args=[event.pk]), {"full_name": "Chỉ có tên"})
    assert "Chọn người trong danh sách" in response.content.decode()
    assert not Registration.objects.exists()


def test_check_in_page_on_phone(client, officer, commune):
    event = now_event(commune)
    registration = RegistrationFactory(event=event, full_name="Quàng Văn Nam")
    other = RegistrationFactory(event=now_event(commune, title="Khác"))
    login(client, officer)
    url = reverse("events:check-in", args=[event.pk])

    page = client.get(url).content.decode()
    assert "data-qr-scan" in page
    assert "jsQR.js" in page

    ok = client.post(url, {"code": registration.ticket_code}).content.decode()
    assert "Đã điểm danh: Quàng Văn Nam" in ok
    again = client.post(url, {"code": registration.ticket_code}).content.decode()
    assert "Quàng Văn Nam đã điểm danh lúc" in again
    refused = client.post(url, {"code": other.ticket_code})
    assert refused.status_code == 400
    assert "thuộc sự kiện khác" in refused.content.decode()


def test_attendance_import_view_names_bad_row(client, officer, commune):
    event = now_event(commune)
    RegistrationFactory(event=event)
    workbook = Workbook()
    workbook.active.append(["STT", "Họ và tên", "Đơn vị", "Số điện thoại", "Mã vé", "Có mặt (x)"])
    workbook.active.append([1, "Người lạ", "", "0999888777", "", "x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "diem-danh.xlsx"
    login(client, officer)

    response = client.post(reverse("events:attendance-import", args=[event.pk]), {"file": buffer})

    assert response.status_code == 400
    assert "Dòng 2, cột “Số điện thoại”" in response.content.decode()
    assert not Registration.objects.attended().exists()


@weasyprint_warning
def test_attendance_report_and_exports(client, officer, commune):
    event = now_event(commune)
    RegistrationFactory(event=event, unit=commune, checked_in_at=timezone.now(), full_name="=HYPERLINK(1)")
    login(client, officer)

    page = client.get(reverse("events:attendance-report", args=[event.pk]))
    assert page.status_code == 200
    report = load_workbook(io.BytesIO(client.get(reverse("events:attendance-report-export", args=[event.pk])).content))
    assert ("Đơn vị", "Đoàn phường Tô Hiệu", 1, 1) in list(report.active.iter_rows(values_only=True))

    export = load_workbook(io.BytesIO(client.get(reverse("events:registration-export", args=[event.pk])).content))
    rows = list(export.active.iter_rows(values_only=True))
    assert rows[1][0] == "'=HYPERLINK(1)"

    events = load_workbook(io.BytesIO(client.get(reverse("events:event-list-export")).content))
    assert list(events.active.iter_rows(values_only=True))[1][0] == event.title

    pdf = client.get(reverse("events:certificates-pdf", args=[event.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_event_list_query_count(client, staff_user, commune, django_assert_max_num_queries):
    login(client, staff_user)
    for _ in range(3):
        EventFactory(unit=commune)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("events:event-list")).status_code == 200
    for _ in range(20):
        RegistrationFactory(event=EventFactory(unit=commune))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("events:event-list"))
    assert len(response.context["events"]) == 23


def test_registration_list_query_count(client, staff_user, commune, django_assert_max_num_queries):
    event = EventFactory(unit=commune)
    login(client, staff_user)
    RegistrationFactory(event=event, unit=commune)
    with django_assert_max_num_queries(14):
        client.get(reverse("events:registration-list", args=[event.pk]))
    for _ in range(15):
        RegistrationFactory(event=event, unit=commune)
        RegistrationFactory(event=event, entrepreneur=EntrepreneurFactory(unit=commune), full_name="", phone="")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("events:registration-list", args=[event.pk]))
    assert len(response.context["registrations"]) == 31


def test_booths_and_material(client, officer, commune):
    from django.core.files.uploadedfile import SimpleUploadedFile

    festival = EventFactory(unit=commune, kind=Event.Kind.FESTIVAL, title="Liên hoan sáng tạo")
    venture = VentureFactory(unit=commune, name="HTX Cà phê Chiềng Ban")
    login(client, officer)
    client.post(
        reverse("events:booth-add", args=[festival.pk]), {"venture": venture.pk, "products": "Cà phê", "number": "A1"}
    )
    response = client.post(
        reverse("events:booth-add", args=[festival.pk]), {"venture": venture.pk, "products": "Lần nữa"}, follow=True
    )
    assert "đã có gian hàng" in response.content.decode()
    assert festival.booths.count() == 1
    export = load_workbook(io.BytesIO(client.get(reverse("events:booth-export", args=[festival.pk])).content))
    assert list(export.active.iter_rows(values_only=True))[1][:2] == ("A1", "HTX Cà phê Chiềng Ban")

    pdf = SimpleUploadedFile("tai-lieu.pdf", samples.pdf_bytes(), "application/pdf")
    client.post(
        reverse("events:material-upload", args=[festival.pk]), {"kind": "document", "title": "Bài giảng", "file": pdf}
    )
    material = festival.materials.get()
    download = client.get(reverse("events:material-download", args=[material.pk]))
    assert download.status_code == 200
    b"".join(download.streaming_content)
    close_response(download)
    client.logout()
    other = UnitFactory(code="khac", parent=commune.parent)  # beside it, in the same province
    from tests.factories import user_with_role

    login(client, user_with_role("officer", other, username="khac"))
    # Another unit's officer sees the published festival but does not manage it.
    assert client.get(reverse("events:material-download", args=[material.pk])).status_code == 403


def test_booth_on_training_class_refused(client, officer, event, commune):
    venture = VentureFactory(unit=commune)
    login(client, officer)
    response = client.post(
        reverse("events:booth-add", args=[event.pk]), {"venture": venture.pk, "products": "X"}, follow=True
    )
    assert "Chỉ liên hoan sáng tạo" in response.content.decode()


def test_clubs_share_and_permissions(client, officer, other_officer, province, commune):
    school = UnitFactory(code="cao-dang", name="Đoàn trường Cao đẳng Sơn La", parent=commune, kind=Unit.Kind.SCHOOL)
    elsewhere = UnitFactory(code="thpt", name="Đoàn trường THPT", parent=province, kind=Unit.Kind.SCHOOL)
    login(client, officer)
    # A school outside the officer's unit is not theirs to count a club for.
    refused = client.post(
        reverse("events:club-create"),
        {"unit": commune.pk, "school": elsewhere.pk, "name": "CLB mượn tên", "members": "5", "is_active": "on"},
    )
    assert refused.status_code == 200
    assert not StartupClub.objects.exists()
    response = client.post(
        reverse("events:club-create"),
        {
            "unit": commune.pk,
            "school": school.pk,
            "name": "CLB Khởi nghiệp Cao đẳng",
            "members": "30",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    club = StartupClub.objects.get()

    staff_view = client.get(reverse("events:club-list"))
    assert staff_view.context["share"].schools == 1  # the officer's subtree has one school, with its club

    client.logout()
    login(client, other_officer)
    assert client.get(reverse("events:club-update", args=[club.pk])).status_code == 404
    StartupClubFactory(unit=province)  # not visible either


def test_club_share_for_staff(client, staff_user, province):
    school = UnitFactory(code="cao-dang", parent=province, kind=Unit.Kind.SCHOOL)
    UnitFactory(code="thpt", parent=province, kind=Unit.Kind.SCHOOL)
    StartupClubFactory(unit=school, school=school)
    login(client, staff_user)
    response = client.get(reverse("events:club-list"))
    assert "1/2 (50%)" in response.content.decode()
    export = load_workbook(io.BytesIO(client.get(reverse("events:club-export")).content))
    assert len(list(export.active.iter_rows(values_only=True))) == 2


def test_trained_page(client, staff_user, commune):
    year = timezone.localdate().year
    event = EventFactory(unit=commune, starts_at=in_days(-1), ends_at=in_days(-1, 17))
    if event.starts_at.year != year:
        pytest.skip("New Year's Day")
    RegistrationFactory(event=event, unit=commune, checked_in_at=event.starts_at)
    login(client, staff_user)
    response = client.get(reverse("events:trained"), {"year": year})
    assert response.context["overall"] == 1
    export = load_workbook(io.BytesIO(client.get(reverse("events:trained-export"), {"year": year}).content))
    assert ("to-hieu", "Đoàn phường Tô Hiệu", 1, 1) in list(export.active.iter_rows(values_only=True))


@pytest.mark.parametrize(
    "name",
    ["event-create", "club-create", "space-create", "club-list", "trained", "event-list"],
)
def test_staff_pages_render(client, staff_user, name):
    client.force_login(staff_user)
    assert client.get(reverse(f"events:{name}")).status_code == 200


def test_manager_sees_event_tools(client, officer, commune):
    festival = EventFactory(unit=commune, kind=Event.Kind.FESTIVAL, starts_at=in_days(-1), ends_at=in_days(-1, 17))
    BoothFactory(event=festival, venture=VentureFactory(unit=commune, name="HTX Mận hậu Nà Ka"))
    client.force_login(officer)
    page = client.get(reverse("events:event-detail", args=[festival.pk])).content.decode()
    assert "HTX Mận hậu Nà Ka" in page
    assert "Nhập điểm danh từ Excel" in page
    assert "Chốt điểm danh" in page
    assert client.get(reverse("events:event-update", args=[festival.pk])).status_code == 200
    assert client.get(reverse("events:registration-create", args=[festival.pk])).status_code == 200
    client.post(reverse("events:attendance-close", args=[festival.pk]))
    festival.refresh_from_db()
    assert festival.attendance_closed_at is not None
