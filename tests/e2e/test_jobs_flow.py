"""The job fair in a real browser: an employer registers and posts a vacancy, staff approve it,
a young person registers and gets a ticket, applies, and is checked in at the gate (twice)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Membership
from jobs.models import Application, Employer, JobSeeker
from tests.factories import UnitFactory, user_with_role
from tests.jobs.factories import JobFairFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fair(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    return JobFairFactory(
        unit=province, name="Ngày hội việc làm thanh niên tỉnh Sơn La 2026", slug="ngay-hoi-viec-lam-2026"
    )


def test_employer_vacancy_seeker_ticket_and_check_in(fair, page, login, live_server):
    page.set_default_timeout(10_000)
    # An employer registers through the public page.
    page.goto(f"{live_server.url}/jobs/fairs/{fair.slug}/")
    page.get_by_role("link", name=re.compile("Doanh nghiệp đăng ký tuyển dụng")).click()
    page.locator("#id_name").fill("Công ty TNHH May mặc Tây Bắc")
    page.locator("#id_tax_code").fill("0100109107")  # a mistyped check digit
    page.locator("#id_sector").select_option(value="manufacturing")
    page.locator("#id_address").fill("Khu công nghiệp Mai Sơn")
    page.locator("#id_contact_name").fill("Nguyễn Thị Hồng")
    page.locator("#id_contact_phone").fill("0912 456 789")
    page.get_by_role("button", name=re.compile("Gửi đăng ký")).click()
    expect(page.get_by_text("sai chữ số kiểm tra")).to_be_visible()
    page.locator("#id_tax_code").fill("0100109106")
    page.get_by_role("button", name=re.compile("Gửi đăng ký")).click()
    expect(page.get_by_text("Đã nhận đăng ký")).to_be_visible()
    expect(page.get_by_text("Chờ duyệt").first).to_be_visible()
    manage_url = page.url

    # ... and posts a vacancy on its private page.
    page.locator("#id_position").fill("Công nhân may")
    page.locator("#id_openings").fill("40")
    page.locator("#id_education").select_option(value="none")
    page.locator("#id_salary_min").fill("9.000.000")
    page.locator("#id_salary_max").fill("6.500.000")
    page.locator("#id_work_location").fill("KCN Mai Sơn")
    page.get_by_role("button", name=re.compile("Thêm vị trí")).click()
    expect(page.get_by_text("Mức lương tối thiểu không được lớn hơn mức lương tối đa.").first).to_be_visible()
    page.locator("#id_salary_min").fill("6.500.000")
    page.locator("#id_salary_max").fill("9.000.000")
    page.get_by_role("button", name=re.compile("Thêm vị trí")).click()
    expect(page.get_by_text("Đã thêm vị trí Công nhân may.")).to_be_visible()

    # Staff approve the employer.
    login("tinhdoan")
    page.goto(f"{live_server.url}/jobs/manage/{fair.pk}/")
    page.locator("#employer-table").get_by_role("button", name="Duyệt").click()
    expect(page.get_by_text("Đã duyệt Công ty TNHH May mặc Tây Bắc")).to_be_visible()
    assert Employer.objects.get().status == Employer.Status.APPROVED

    # A young person registers and gets a ticket (signed out).
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/jobs/fairs/{fair.slug}/")
    expect(page.get_by_text("Công nhân may").first).to_be_visible()
    page.get_by_role("link", name=re.compile("Đăng ký tìm việc")).click()
    page.locator("#id_full_name").fill("Lò Thị Phương")
    page.locator("#id_date_of_birth").fill("2003-05-14")
    page.locator("#id_phone").fill("0961 234 501")
    page.locator("#id_education").select_option(value="upper_secondary")
    page.locator("#id_desired_positions").fill("công nhân may")
    page.get_by_role("button", name=re.compile("Đăng ký và nhận vé")).click()
    expect(page.get_by_text("Cần đồng ý cho phép xử lý dữ liệu cá nhân để đăng ký.").first).to_be_visible()
    page.locator("#id_consent").check()
    page.get_by_role("button", name=re.compile("Đăng ký và nhận vé")).click()
    expect(page.get_by_text("Đăng ký thành công")).to_be_visible()
    expect(page.locator("#ticket svg")).to_be_visible()
    code = page.locator("[data-ticket-code]").inner_text().strip()
    assert code == JobSeeker.objects.get().ticket_code
    page.locator("#vacancies").get_by_role("button", name="Ứng tuyển").click()
    expect(page.get_by_text("Đã ứng tuyển Công nhân may tại Công ty TNHH May mặc Tây Bắc.")).to_be_visible()
    assert Application.objects.get().seeker.full_name == "Lò Thị Phương"

    # At the gate, staff check the ticket in on a phone by typing the code; a second scan says so.
    login("tinhdoan")
    page.goto(f"{live_server.url}/jobs/manage/{fair.pk}/check-in/")
    page.get_by_label("Mã vé").fill(code.lower())
    page.get_by_role("button", name="Check-in").click()
    expect(page.get_by_text("Check-in thành công: Lò Thị Phương.")).to_be_visible()
    page.get_by_label("Mã vé").fill(code)
    page.get_by_role("button", name="Check-in").click()
    expect(page.get_by_text(re.compile(r"Lò Thị Phương đã check-in lúc \d\d:\d\d"))).to_be_visible()

    # The employer sees the applicant on its private page and records the hire.
    page.context.clear_cookies()
    page.goto(manage_url)
    row = page.locator("[data-application]")
    expect(row).to_contain_text("Lò Thị Phương")
    row.locator("select[name=status]").select_option(value="hired")
    row.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã cập nhật kết quả của Lò Thị Phương.")).to_be_visible()
    assert Application.objects.get().status == Application.Status.HIRED
