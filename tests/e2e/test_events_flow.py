"""Events in a real browser on a phone-sized screen: a young person registers on the public
page and gets a ticket with a QR code; at the door an officer checks the ticket in on
their phone (typing the code, as when the camera is unavailable), and a second scan says
when the person was already checked in."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership
from events.models import Event, Registration
from tests.events.factories import EventFactory
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def startup_day(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    school = UnitFactory(name="Đoàn trường Đại học Tây Bắc", code="dai-hoc-tay-bac", parent=province, kind="school")
    user_with_role(Membership.Role.OFFICER, school, username="dhtaybac")
    start = timezone.now() + datetime.timedelta(days=3)
    return EventFactory(
        unit=school,
        kind=Event.Kind.STARTUP_DAY,
        title="Ngày hội sinh viên khởi nghiệp",
        venue="Trường Đại học Tây Bắc",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        capacity=100,
    )


def test_public_registration_then_phone_check_in(startup_day, page, login, live_server):
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/events/calendar/")
    page.get_by_role("link", name="Ngày hội sinh viên khởi nghiệp").click()

    page.get_by_label("Họ và tên").fill("Vũ Thị Hồng Nhung")
    page.get_by_label("Ngày sinh").fill("2003-04-30")
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Tôi đồng ý").check()
    page.get_by_role("button", name=re.compile("Đăng ký$")).click()

    expect(page.get_by_text("Đăng ký thành công")).to_be_visible()
    expect(page.locator("[data-qr] svg")).to_be_visible()
    registration = Registration.objects.get()
    code = page.locator("[data-ticket-code]").inner_text().strip()
    assert code == registration.ticket_code

    # The day comes; the school union's officer checks people in at the door.
    Event.objects.filter(pk=startup_day.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
        ends_at=timezone.now() + datetime.timedelta(hours=6),
    )
    page.context.clear_cookies()
    login("dhtaybac")
    page.goto(f"{live_server.url}/events/{startup_day.pk}/")
    page.get_by_role("link", name=re.compile("Điểm danh")).first.click()
    page.wait_for_load_state()
    page.get_by_label("Mã vé").fill(code.lower())
    page.get_by_role("button", name=re.compile("Xác nhận")).click()
    expect(page.locator("[data-check-in='ok']")).to_contain_text("Vũ Thị Hồng Nhung")

    page.get_by_label("Mã vé").fill(code)
    page.get_by_role("button", name=re.compile("Xác nhận")).click()
    expect(page.locator("[data-check-in='again']")).to_contain_text("đã điểm danh lúc")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
