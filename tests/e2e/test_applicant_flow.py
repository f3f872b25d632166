"""A young person applies from the public contest page in a real browser: signs up, enters the
code emailed to them, writes the idea with their team, attaches the business plan, sends it to
their commune's union; the commune's officer endorses it; the author sees it endorsed."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Membership
from competitions.models import Entry
from tests.competitions.factories import CategoryFactory, ContestFactory
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mat-khau-Thu-nghiem-1"


@pytest.fixture
def contest(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    commune = UnitFactory(name="Đoàn phường Tô Hiệu", code="to-hieu", parent=province)
    contest = ContestFactory(owner=province, name="Cuộc thi ý tưởng khởi nghiệp lần thứ X", slug="y-tuong-x")
    CategoryFactory(contest=contest, name="Chế biến nông sản")
    user_with_role(Membership.Role.OFFICER, commune, username="tohieu")
    return contest


def test_young_person_applies_officer_endorses_author_sees_it(contest, page, login, live_server, tmp_path):
    page.set_default_timeout(15_000)
    mail.outbox.clear()
    page.goto(f"{live_server.url}/contests/results/{contest.slug}/")
    page.get_by_role("link", name=re.compile("Gửi ý tưởng của bạn")).click()

    page.get_by_label("Họ và tên").fill("Lò Thị Mai")
    page.get_by_label("Ngày sinh").fill("1999-03-04")
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.get_by_label("Email").fill("mai@example.vn")
    page.get_by_label("Số điện thoại").fill("0912345678")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label(re.compile("Tôi đã đọc và đồng ý")).check()
    page.get_by_role("button", name=re.compile("Đăng ký và nhận mã")).click()

    expect(page.get_by_role("heading", name="Xác thực tài khoản")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Mã xác thực").fill(code)
    page.get_by_role("button", name=re.compile("Xác thực")).click()

    expect(page.get_by_text("Hãy bấm “Lưu nháp” trước")).to_be_visible()
    page.get_by_label("Tên ý tưởng, dự án").fill("Trà shan tuyết Tà Xùa")
    page.get_by_label("Lĩnh vực").select_option(label="Chế biến nông sản")
    page.get_by_label("Gửi đến đơn vị Đoàn").select_option(label="Đoàn phường Tô Hiệu")
    page.get_by_label("Tóm tắt").fill("Chế biến trà shan tuyết cổ thụ cho hợp tác xã.")
    expect(page.locator("#id_team-0-full_name")).to_have_value("Lò Thị Mai")
    page.get_by_role("button", name=re.compile("Lưu nháp")).click()

    page.get_by_role("link", name=re.compile("Tải tài liệu")).click()
    page.get_by_label("Loại tài liệu").select_option(label="Kế hoạch kinh doanh")
    plan = tmp_path / "ke-hoach.pdf"
    plan.write_bytes(PDF_BYTES)
    page.get_by_label("Tệp").set_input_files(str(plan))
    page.get_by_role("button", name=re.compile("Tải lên")).click()
    expect(page.get_by_role("link", name="Kế hoạch kinh doanh")).to_be_visible()
    page.get_by_role("button", name=re.compile("Gửi đơn vị")).click()
    expect(page.locator("[data-application-status]")).to_contain_text("Đã gửi đơn vị, chờ xác nhận")

    page.context.clear_cookies()
    login("tohieu")
    page.goto(f"{live_server.url}/contests/{contest.pk}/")
    page.locator("[data-applications-waiting]").click()
    expect(page.get_by_text("Trà shan tuyết Tà Xùa")).to_be_visible()
    page.get_by_role("button", name=re.compile("Xác nhận")).click()
    expect(page.get_by_text("1/5 ý tưởng").first).to_be_visible()
    entry = Entry.objects.get()
    assert (entry.status, entry.code) == (Entry.Status.SUBMITTED, "2026-001")

    page.context.clear_cookies()
    login("mai@example.vn")
    page.goto(f"{live_server.url}/contests/applications/")
    expect(page.locator("[data-application] [data-status]")).to_have_text("Đã nộp, chờ thẩm định")
