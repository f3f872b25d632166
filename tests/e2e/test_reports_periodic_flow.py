"""Periodic reporting in a real browser: a commune officer sees what is owed on the home
page, fills the quarterly report (a negative number refused), saves a draft, submits;
staff return it with a comment; the officer fixes and resubmits; staff accept it; staff
see the deadlines page and the reminder log after the daily run."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership
from common.history import system_actor
from reports.models import ReportField, ReportingSchedule, UnitReport
from reports.periodic import reminders, services
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(db):
    today = timezone.localdate()
    province = UnitFactory(name="Tỉnh đoàn Lào Cai", code="tinh-doan", kind="province")
    commune = UnitFactory(name="Đoàn xã Bảo Thắng", code="bao-thang", kind="commune", parent=province)
    user_with_role(Membership.Role.OFFICER, commune, username="baothang")
    user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    schedule = ReportingSchedule.objects.create(
        owner=province,
        name="Báo cáo tháng kinh tế tập thể",
        frequency=ReportingSchedule.Frequency.MONTHLY,
        due_day=5,
        due_month_offset=1,
        unit_kinds=["commune"],
        active_from=today.replace(day=1),
    )
    ReportField.objects.create(schedule=schedule, code="htx_moi", label="Hợp tác xã thanh niên mới", order=1)
    ReportField.objects.create(
        schedule=schedule, code="kien_nghi", label="Kiến nghị", kind=ReportField.Kind.TEXT, required=False, order=2
    )
    (period,) = services.periods_ensure(schedule=schedule, until=today, actor=system_actor())
    return period, commune


def test_officer_fills_staff_returns_then_accepts(setup, login, live_server):
    period, commune = setup
    page = login("baothang")
    page.on("dialog", lambda dialog: dialog.accept())

    panel = page.locator("#todo-panel")
    expect(panel).to_contain_text("Báo cáo tháng kinh tế tập thể")
    page.get_by_role("link", name="Báo cáo định kỳ").first.click()
    page.get_by_role("link", name="Lập báo cáo").click()

    page.get_by_label(re.compile("Hợp tác xã thanh niên mới")).fill("-2")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Số liệu không được âm.")).to_be_visible()
    assert not UnitReport.objects.filter(values__isnull=False).exists()

    page.get_by_label(re.compile("Hợp tác xã thanh niên mới")).fill("2")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo tới Tỉnh đoàn.")).to_be_visible()

    page.context.clear_cookies()
    login("tinhdoan")
    page.goto(f"{live_server.url}/reports/periodic/review/")
    page.get_by_role("link", name="Xem và duyệt").click()
    page.get_by_label("Ý kiến của Tỉnh đoàn").fill("Bổ sung tên hợp tác xã mới")
    page.get_by_role("button", name="Trả lại để sửa").click()
    expect(page.get_by_text("Không có báo cáo nào chờ duyệt.")).to_be_visible()

    page.context.clear_cookies()
    login("baothang")
    page.goto(f"{live_server.url}/reports/periodic/{period.pk}/units/{commune.pk}/")
    expect(page.locator("[data-returned]")).to_contain_text("Bổ sung tên hợp tác xã mới")
    page.get_by_label("Kiến nghị", exact=True).fill("HTX Chè Bảo Thắng")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo tới Tỉnh đoàn.")).to_be_visible()

    page.context.clear_cookies()
    login("tinhdoan")
    page.goto(f"{live_server.url}/reports/periodic/review/")
    page.get_by_role("link", name="Xem và duyệt").click()
    page.get_by_role("button", name="Tiếp nhận").click()
    assert UnitReport.objects.get().status == UnitReport.Status.ACCEPTED

    # Another unit has not reported: the daily run reminds its officer; staff see it.
    other = UnitFactory(name="Đoàn xã Sa Pa", code="sa-pa", kind="commune", parent=commune.parent)
    user_with_role(Membership.Role.OFFICER, other, username="sapa")
    assert reminders.reminders_send(today=period.due - datetime.timedelta(days=1)).sent == 1
    page.goto(f"{live_server.url}/reports/deadlines/?days=90")
    expect(page.locator("[data-table=log]")).to_contain_text("Đoàn xã Sa Pa")
