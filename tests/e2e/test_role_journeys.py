"""Each role's main journey end to end, in the Vietnamese UI, on the demo province.

One test per role: the demo province is loaded (`committed_demo`: committed, the live server
reads it from another thread; each test starts from the demo as loaded), then the role's
journey runs twice, in a desktop browser (1366×900) and on a phone (390×844), each in its
own browser context. After every step a screenshot goes to
`var/e2e-screenshots/<role>/<viewport>/`; a server error on any response, or a broken link
on any page reached, fails the test (see `journeys`).
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.journeys import VIEWPORTS, Journey, LinkChecker, data, open_journey

pytestmark = pytest.mark.django_db(transaction=True)


def run_journey(browser, browser_context_args, live_server, role: str, journey) -> None:
    """The role's journey on each viewport; broken links and server errors of both fail it."""
    links = LinkChecker()
    problems: list[str] = []
    for viewport in VIEWPORTS:
        context, j = open_journey(
            browser, browser_context_args, base_url=live_server.url, role=role, viewport=viewport, links=links
        )
        try:
            journey(j)
        except Exception as exc:
            j.page.screenshot(path=str(j.folder / "failure.png"), full_page=True)
            exc.add_note(f"Failed on {j.page.url} ({viewport}); screenshot {j.folder / 'failure.png'}")
            if problems or j.problems:
                exc.add_note("Also seen on the way:\n" + "\n".join(problems + j.problems))
            raise
        finally:
            context.close()
        problems += j.problems
    assert not problems, "Broken links or server errors:\n" + "\n".join(problems)


# --- provincial staff ------------------------------------------------------------------


def staff_journey(j: Journey) -> None:
    page = j.page
    contest, cycle, fair = data.current_contest().name, data.ocop_cycle_name(), data.online_fair_name()
    j.login("tinhdoan")
    j.step("trang-chu", "Xin chào", "Mô hình chờ cập nhật tiến độ")

    j.main().get_by_role("link", name=contest).first.click()
    j.step("cuoc-thi", contest, "Đang triển khai")

    j.main().get_by_role("link", name="Thẩm định bài").first.click()
    j.step("tham-dinh", "Thẩm định bài dự thi", "Chờ thẩm định")

    j.menu("Cuộc thi")
    j.main().get_by_role("link", name="Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV").click()
    j.main().get_by_role("link", name="Vòng Chung kết cấp tỉnh").first.click()
    j.step("xep-hang-chung-ket-2021", "Vòng Chung kết cấp tỉnh", "Xếp hạng", "Đã chốt kết quả lúc")
    ranking_xlsx = page.get_by_role("link", name="Xếp hạng (Excel)").get_attribute("href")
    body = j.download(ranking_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert body[:2] == b"PK"

    j.menu("OCOP")
    j.main().get_by_role("link", name=cycle).click()
    j.step("ocop", cycle, "Đã được công nhận")

    j.menu("Việc làm")
    j.main().get_by_role("link", name=fair).click()
    j.step("ngay-hoi-viec-lam", fair, "Nhà tuyển dụng")

    j.menu("Vay vốn")
    page.get_by_role("link", name="Tổng hợp").first.click()
    j.step("vay-von-tong-hop", "Tổng hợp giới thiệu vay vốn", "Theo đơn vị", "Theo chương trình")

    j.menu("Sự kiện")
    j.step("su-kien", "Sự kiện và tập huấn", data.event_title("training"))

    # reports: dashboard of plans and targets (the `reports` app).
    j.goto("/reports/")
    j.step("bao-cao", "Bảng điều hành: kế hoạch và chỉ tiêu", "12-KH/TĐTN-PT")


def test_provincial_staff_journey(committed_demo, browser, browser_context_args, live_server):
    run_journey(browser, browser_context_args, live_server, "can-bo-tinh-doan", staff_journey)


# --- unit officer ----------------------------------------------------------------------

IDEAS = {
    "desktop": ("Trà túi lọc lá vối Tô Hiệu", "Trà lá vối sấy lạnh đóng túi lọc cho khách du lịch."),
    "phone": ("Xưởng sấy mắc ca Tô Hiệu", "Sấy và đóng gói hạt mắc ca của các hộ trong phường."),
}


def officer_journey(j: Journey) -> None:
    page = j.page
    contest, cycle = data.current_contest().name, data.ocop_cycle_name()
    j.login("tohieu")
    j.step("trang-chu", "Việc cần làm", "Mô hình chờ cập nhật tiến độ")

    j.menu("Thanh niên khởi nghiệp")
    j.step("danh-sach-thanh-nien", "Thanh niên khởi nghiệp", "Trần Đại Dương")
    page.get_by_label("Tìm kiếm").fill("Hoàng Đức")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#results")).not_to_contain_text("Trần Đại Dương")
    expect(page.locator("#results")).to_contain_text("Hoàng Đức Anh")
    j.step("loc-thanh-nien", "Hoàng Đức Anh")

    page.locator("#results").get_by_role("link", name="Hoàng Đức Anh").click()
    j.step(
        "ho-so-thanh-nien", "Hoàng Đức Anh", "Hành trình qua các chương trình", "Nền tảng đặt tour du lịch cộng đồng"
    )

    j.menu("Cuộc thi")
    j.main().get_by_role("link", name=contest).first.click()
    j.step("cuoc-thi", contest, "ý tưởng")

    title, summary = IDEAS[j.viewport]
    j.main().get_by_role("link", name="Thêm ý tưởng").first.click()
    expect(page.get_by_role("heading", name="Thêm ý tưởng dự thi")).to_be_visible()
    page.get_by_label("Tên ý tưởng, dự án").fill(title)
    page.get_by_label("Lĩnh vực").select_option(label="Chế biến nông sản")
    page.get_by_label("Tóm tắt").fill(summary)
    page.get_by_label("Vốn cần huy động (đồng)").fill("300.000.000")
    lead = page.locator("#id_team-0-entrepreneur option").filter(has_text="Hoàng Đức Anh").get_attribute("value")
    page.locator("#id_team-0-entrepreneur").select_option(value=lead)
    page.locator("#id_team-0-is_lead").check()
    j.step("phieu-y-tuong", "Nhóm tác giả")
    page.get_by_role("button", name=re.compile("Lưu nháp")).click()
    j.step("ban-nhap", f"Đã lưu bản nháp “{title}”.", title)

    j.menu("OCOP")
    j.main().get_by_role("link", name=cycle).click()
    j.main().get_by_role("link", name="Danh sách sản phẩm").click()
    j.step("ocop-san-pham", cycle)

    j.menu("Vay vốn")
    j.step("vay-von", "Hồ sơ giới thiệu vay vốn", "Bước hiện tại")

    # reports: the unit's periodic reports (the `reports` app).
    j.menu("Báo cáo định kỳ")
    j.step("bao-cao-dinh-ky", "Báo cáo định kỳ", "Cần gửi", "Đã gửi")
    j.main().get_by_role("link", name=re.compile("Báo cáo quý kết quả Đồng hành")).first.click()
    j.step("bao-cao-da-gui", "Báo cáo quý kết quả Đồng hành với thanh niên khởi nghiệp, lập nghiệp")


def test_unit_officer_journey(committed_demo, browser, browser_context_args, live_server):
    run_journey(browser, browser_context_args, live_server, "can-bo-don-vi", officer_journey)


# --- judge -----------------------------------------------------------------------------


def _typed(value: float) -> str:
    """A point as a Vietnamese judge types it: 18,5 (a comma, no trailing zeros)."""
    return f"{value:g}".replace(".", ",")


def fill_scorecard_by_keyboard(j: Journey, points) -> None:
    """Score every criterion from the keyboard: type, Tab past the comment, Tab to the next box.

    On the way: "18,5" counts in the live total, written with a comma; a point over the
    criterion's maximum is marked at once (its box, its message, the total said incomplete)
    and counts again once corrected. Ends with the focus in the last points box.
    """
    page = j.page
    total = page.locator("[data-scorecard-total]")
    incomplete = page.locator("[data-scorecard-incomplete]")
    maxima = [float(points.nth(i).get_attribute("data-score-max")) for i in range(points.count())]
    assert maxima[0] >= 18.5
    assert len(maxima) >= 2
    points.first.focus()
    page.keyboard.type("18,5")
    expect(total).to_have_text("18,50")
    expect(points.first).not_to_have_attribute("aria-invalid", "true")

    page.keyboard.press("Tab")
    expect(page.get_by_label("Nhận xét").first).to_be_focused()
    page.keyboard.press("Tab")
    second = points.nth(1)
    expect(second).to_be_focused()
    page.keyboard.type(_typed(maxima[1] + 1))
    expect(second).to_have_attribute("aria-invalid", "true")
    expect(second).to_have_class(re.compile(r"\bis-invalid\b"))
    message = page.locator(f"#{second.get_attribute('id')}_feedback")
    expect(message).to_be_visible()
    expect(message).to_have_text(f"Điểm phải từ 0 đến {_typed(maxima[1])}.")
    expect(second).to_have_attribute("aria-describedby", message.get_attribute("id"))
    expect(incomplete).to_contain_text("Tổng điểm chưa đầy đủ")
    expect(total).to_have_text("18,50")
    j.step("diem-vuot-toi-da", "Tổng điểm chưa đầy đủ")
    expect(second).to_be_focused()

    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(_typed(maxima[1] * 0.75))
    expect(second).not_to_have_attribute("aria-invalid", "true")
    expect(message).to_be_hidden()
    expect(incomplete).to_have_text("")
    running = 18.5 + maxima[1] * 0.75
    for i in range(2, len(maxima)):
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(points.nth(i)).to_be_focused()
        page.keyboard.type(_typed(maxima[i] * 0.75))
        running += maxima[i] * 0.75
    expect(total).to_have_text(f"{running:.2f}".replace(".", ","))


def judge_journey(j: Journey) -> None:
    page = j.page
    year = data.current_contest().year
    j.login("giamkhao")
    j.step("trang-chu", "Xin chào", "Vòng sơ tuyển")

    j.menu("Chấm thi")
    j.step("vong-cham", "Các vòng chấm của tôi", "Vòng sơ tuyển", "Vòng Chung kết cấp tỉnh")
    j.main().get_by_role("link", name=re.compile("Vòng sơ tuyển")).first.click()
    j.step("vong-so-tuyen-nam-nay", "Vòng sơ tuyển")

    page.get_by_role("link", name="Chưa chấm xong", exact=True).click()
    # The filter swaps the list in by htmx: wait for it before picking the first card.
    page.wait_for_url(re.compile(r"only=pending"))
    expect(page.locator("[data-judge-entries] .badge", has_text="Đã nộp phiếu")).to_have_count(0)
    card = page.locator("[data-assignment]").first
    card.click()
    points = page.locator("input[data-score-max]")
    expect(points.first).to_be_visible()
    fill_scorecard_by_keyboard(j, points)
    j.step("phieu-cham", "Nộp phiếu")
    code = re.search(rf"\b{year}-\d{{3}}\b", page.locator("main").inner_text()).group(0)
    # Sent with the keyboard only: Tab from the last box to "Nộp phiếu", Enter, and the
    # confirmation accepted (the journey's dialog handler stands for the Enter key there).
    page.keyboard.press("Tab")  # the last criterion's comment
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Lưu nháp")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Nộp phiếu")).to_be_focused()
    page.keyboard.press("Enter")
    j.step("da-nop-phieu", f"Đã nộp phiếu chấm bài {code}.")

    # The submitted scorecard is locked; the judge keeps a signed-off PDF of it.
    j.menu("Chấm thi")
    j.main().get_by_role("link", name=re.compile("Vòng sơ tuyển")).first.click()
    page.get_by_role("link", name="Đã nộp phiếu", exact=True).click()
    # htmx pushes the filter's URL after its swap; a click before that loses its navigation.
    page.wait_for_url(re.compile(r"only=done"))
    expect(page.locator("[data-filter-tabs] .nav-link.active")).to_have_text("Đã nộp phiếu")
    page.locator("[data-assignment]").filter(has_text=code).click()
    j.step("phieu-da-khoa", code, "Tải phiếu chấm")
    pdf = page.get_by_role("link", name="Tải phiếu chấm").get_attribute("href")
    assert j.download(pdf, "application/pdf")[:4] == b"%PDF"

    # The decided 2021 final: the judge keeps read-only sight of the scorecards they submitted.
    j.menu("Chấm thi")
    j.main().get_by_role("link", name=re.compile("Vòng Chung kết cấp tỉnh")).first.click()
    j.step("chung-ket-2021", "Vòng Chung kết cấp tỉnh", "Đã chốt kết quả lúc", "Phiếu chấm bạn đã nộp", "đã chấm")
    page.locator("[data-assignment]").first.click()
    expect(page.locator("[data-read-only]")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    j.step("phieu-chung-ket-2021", "Vòng chấm đã đóng; phiếu chỉ để xem.")


def test_judge_journey(committed_demo, browser, browser_context_args, live_server):
    data.judge_has_open_assignments(count=len(VIEWPORTS))
    run_journey(browser, browser_context_args, live_server, "giam-khao", judge_journey)


# --- council member --------------------------------------------------------------------


def council_journey(j: Journey, programme: str) -> None:
    page = j.page
    j.login("hoidong")
    j.step("trang-chu", "Xin chào", programme)

    j.main().get_by_role("link", name="Mở phiếu").first.click()
    j.step("phieu-xet-chon", "Hội đồng xét chọn", "Bạn đã bỏ phiếu")
    form = page.locator("form[data-vote-form]").first
    card = page.locator("[data-ballot] > *").filter(has=form).first
    person = card.locator("h2, h3, .card-header").first.inner_text().strip()
    form.get_by_label("Đồng ý", exact=True).check()
    form.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("[data-ballot] > *").filter(has_text=person).locator("[data-my-vote]")).to_be_visible()
    j.step("da-bo-phieu", "Phiếu của bạn")

    # The closed 2021 council: the whole council's tally.
    j.menu("Tuyên dương")
    j.step("chuong-trinh-tuyen-duong", "Tuyên dương Thanh niên làm kinh tế giỏi tỉnh Sơn La năm 2021")
    page.locator("tr, .card, li").filter(has_text="năm 2021").get_by_role("link", name="Phiếu xét chọn").first.click()
    j.step("hoi-dong-2021", "Hội đồng đã kết thúc lúc", "Được chọn")


def test_council_member_journey(committed_demo, browser, browser_context_args, live_server):
    programme = data.council_is_sitting()
    run_journey(browser, browser_context_args, live_server, "hoi-dong", lambda j: council_journey(j, programme))


# --- bank liaison ----------------------------------------------------------------------


def bank_journey(j: Journey) -> None:
    page = j.page
    j.login("nhcsxh")
    panel = page.locator("[data-panel='loans-bank']")
    j.step("trang-chu", "Xin chào", "Hồ sơ vay vốn chờ ngân hàng", "Đã gửi ngân hàng")

    j.menu("Hồ sơ vay NHCSXH")
    j.step("hang-cho", "Hồ sơ chờ ngân hàng", "Đã gửi ngân hàng")
    row = page.locator("tr").filter(has_text="Đã gửi ngân hàng").first
    person = row.get_by_role("link").first.inner_text().strip()
    row.get_by_role("link", name=person).click()
    j.step("ho-so", person, "Bước tiếp theo")

    page.locator("#id_to_status").select_option(label="Ngân hàng đã phê duyệt")
    page.locator("#id_on").fill(timezone.localdate().isoformat())
    page.locator("#id_amount").fill("40.000.000")
    page.locator("#id_term_months").fill("36")
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    j.step("da-phe-duyet", "Đã ghi nhận bước “Ngân hàng đã phê duyệt”.", "40.000.000")

    # Back home: the file now waits for the disbursement.
    j.menu("Trang chủ")
    expect(panel.locator("li").filter(has_text=person)).to_contain_text("Ngân hàng đã phê duyệt")
    j.step("trang-chu-sau", "Hồ sơ vay vốn chờ ngân hàng")


def test_bank_liaison_journey(committed_demo, browser, browser_context_args, live_server):
    run_journey(browser, browser_context_args, live_server, "ngan-hang", bank_journey)


# --- member of the public --------------------------------------------------------------


def public_journey(j: Journey, verification_code: str) -> None:
    page = j.page
    fair, startup_day = data.online_fair_name(), data.event_title("startup_day")
    j.goto("/contests/results/")
    j.step("ket-qua-cuoc-thi", "Cuộc thi ý tưởng, dự án khởi nghiệp")
    j.main().get_by_role("link", name=re.compile("lần thứ IV")).click()
    j.step("ket-qua-2021", "Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV")

    page.get_by_role("link", name="Vinh danh thanh niên làm kinh tế giỏi").first.click()
    j.step("vinh-danh", "Thanh niên làm kinh tế giỏi được tuyên dương")
    j.main().get_by_role("link", name=re.compile("năm 2021")).first.click()
    j.step("vinh-danh-2021", "Tuyên dương Thanh niên làm kinh tế giỏi tỉnh Sơn La năm 2021")

    # The QR code on a printed certificate opens this page. From here the visitor goes on
    # through the top menu (behind its button on a phone).
    j.goto(f"/awards/verify/{verification_code}/")
    j.step("xac-minh-giay-chung-nhan", "Giấy chứng nhận hợp lệ", verification_code)

    j.menu("Sản phẩm OCOP")
    j.step("san-pham-ocop", "Sản phẩm OCOP của thanh niên", "Cà phê Arabica rang xay Thắng Hôm")
    j.main().get_by_role("link", name="Cà phê Arabica rang xay Thắng Hôm").first.click()
    j.step("san-pham-ocop-chi-tiet", "Cà phê Arabica rang xay Thắng Hôm")

    j.menu("Việc làm")
    j.step("ngay-hoi-viec-lam", "Ngày hội việc làm, sàn giao dịch việc làm", "Sắp diễn ra")
    j.main().get_by_role("link", name=fair).click()
    j.step("ngay-hoi-chi-tiet", fair)

    j.menu("Lịch sự kiện")
    j.step("lich-su-kien", "Lịch sự kiện khởi nghiệp")
    j.main().get_by_role("link", name=startup_day).first.click()
    j.step("su-kien-chi-tiet", startup_day)

    j.menu("Đăng nhập")
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    j.step("dang-nhap", "Mật khẩu")


def test_public_journey(committed_demo, browser, browser_context_args, live_server):
    code = data.a_certificate_code()
    run_journey(browser, browser_context_args, live_server, "cong-chung", lambda j: public_journey(j, code))
