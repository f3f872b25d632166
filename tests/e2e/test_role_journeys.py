"""Each role's main journey end to end, in the Vietnamese UI, on the demo province.

One test per role: the demo province is loaded (`load_demo`, committed: the live server
reads it from another thread), then the role's journey runs twice, in a desktop browser
(1366×900) and on a phone (390×844), each in its own browser context. After every step a
screenshot goes to `var/e2e-screenshots/<role>/<viewport>/`; a server error on any
response, or a broken link on any page reached, fails the test (see `journeys`).
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.journeys import VIEWPORTS, Journey, LinkChecker, open_journey
from tests.e2e.journeys import data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


def run_journey(browser, browser_context_args, live_server, role: str, journey) -> None:
    links = LinkChecker()
    for viewport in VIEWPORTS:
        context, j = open_journey(
            browser, browser_context_args, base_url=live_server.url, role=role, viewport=viewport, links=links
        )
        try:
            journey(j)
        except Exception as exc:
            if j.problems:
                exc.add_note("Also seen on the way:\n" + "\n".join(j.problems))
            raise
        finally:
            context.close()
        j.finish()


# --- provincial staff ------------------------------------------------------------------


def staff_journey(j: Journey) -> None:
    page = j.page
    j.login("tinhdoan")
    j.step("trang-chu", "Xin chào", "Mô hình chờ cập nhật tiến độ")

    j.main().get_by_role("link", name="Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IX").first.click()
    j.step("cuoc-thi", "Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IX", "Đang triển khai")

    j.main().get_by_role("link", name="Thẩm định bài").first.click()
    j.step("tham-dinh", "Thẩm định bài dự thi", "Chờ thẩm định")

    j.menu("Cuộc thi")
    j.main().get_by_role("link", name="Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV").click()
    j.main().get_by_role("link", name="Vòng Chung kết cấp tỉnh").first.click()
    j.step("xep-hang-chung-ket-2021", "Vòng Chung kết cấp tỉnh", "Xếp hạng", "Đã kết thúc")
    ranking_xlsx = page.get_by_role("link", name="Xếp hạng (Excel)").get_attribute("href")
    body = j.download(ranking_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert body[:2] == b"PK"

    j.menu("OCOP")
    j.main().get_by_role("link", name="Hỗ trợ thanh niên tham gia Chương trình OCOP năm 2026").click()
    j.step("ocop", "Hỗ trợ thanh niên tham gia Chương trình OCOP năm 2026", "Đã được công nhận")

    j.menu("Việc làm")
    j.main().get_by_role("link", name="Phiên giao dịch việc làm trực tuyến tháng 12/2026").click()
    j.step("ngay-hoi-viec-lam", "Phiên giao dịch việc làm trực tuyến tháng 12/2026", "Nhà tuyển dụng")

    j.menu("Vay vốn")
    page.get_by_role("link", name="Tổng hợp", exact=True).first.click()
    j.step("vay-von-tong-hop", "Tổng hợp giới thiệu vay vốn", "Theo đơn vị", "Theo chương trình")

    j.menu("Sự kiện")
    j.step("su-kien", "Sự kiện và tập huấn", "Lớp tập huấn kiến thức khởi sự kinh doanh cho thanh niên năm 2026")

    # reports: dashboard of plans and targets (the `reports` app).
    j.goto("/reports/")
    j.step("bao-cao", "Bảng điều hành: kế hoạch và chỉ tiêu", "12-KH/TĐTN-PT")


def test_provincial_staff_journey(demo, browser, browser_context_args, live_server):
    run_journey(browser, browser_context_args, live_server, "can-bo-tinh-doan", staff_journey)


# --- member of the public --------------------------------------------------------------


def public_journey(j: Journey, verification_code: str) -> None:
    page = j.page
    j.goto("/contests/results/")
    j.step("ket-qua-cuoc-thi", "Cuộc thi ý tưởng, dự án khởi nghiệp")
    j.main().get_by_role("link", name=re.compile("lần thứ IV")).click()
    j.step("ket-qua-2021", "Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV")

    page.get_by_role("link", name="Vinh danh thanh niên làm kinh tế giỏi").first.click()
    j.step("vinh-danh", "Thanh niên làm kinh tế giỏi được tuyên dương")
    j.main().get_by_role("link", name=re.compile("năm 2021")).first.click()
    j.step("vinh-danh-2021", "Tuyên dương Thanh niên làm kinh tế giỏi tỉnh Sơn La năm 2021")

    # The QR code on a printed certificate opens this page.
    j.goto(f"/awards/verify/{verification_code}/")
    j.step("xac-minh-giay-chung-nhan", "Giấy chứng nhận hợp lệ", verification_code)

    page.get_by_role("link", name="Sản phẩm OCOP").first.click()
    j.step("san-pham-ocop", "Sản phẩm OCOP của thanh niên", "Cà phê Arabica rang xay Thắng Hôm")
    j.main().get_by_role("link", name="Cà phê Arabica rang xay Thắng Hôm").first.click()
    j.step("san-pham-ocop-chi-tiet", "Cà phê Arabica rang xay Thắng Hôm")

    page.get_by_role("link", name="Việc làm").first.click()
    j.step("ngay-hoi-viec-lam", "Ngày hội việc làm, sàn giao dịch việc làm", "Sắp diễn ra")
    j.main().get_by_role("link", name="Phiên giao dịch việc làm trực tuyến tháng 12/2026").click()
    j.step("ngay-hoi-chi-tiet", "Phiên giao dịch việc làm trực tuyến tháng 12/2026")

    page.get_by_role("link", name="Lịch sự kiện").first.click()
    j.step("lich-su-kien", "Lịch sự kiện khởi nghiệp")
    j.main().get_by_role("link", name=re.compile("Ngày hội học sinh, sinh viên khởi nghiệp")).first.click()
    j.step("su-kien-chi-tiet", "Ngày hội học sinh, sinh viên khởi nghiệp tỉnh Sơn La năm 2026")

    page.get_by_role("link", name="Đăng nhập").first.click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    j.step("dang-nhap", "Mật khẩu")


def test_public_journey(demo, browser, browser_context_args, live_server):
    code = data.a_certificate_code()
    run_journey(browser, browser_context_args, live_server, "cong-chung", lambda j: public_journey(j, code))
