"""Each role's first steps in a real browser, on a phone-sized screen, in Vietnamese."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import Membership
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import EntrepreneurFactory
from ventures.models import Entrepreneur, Venture, VentureUpdate

pytestmark = pytest.mark.django_db(transaction=True)

ENTREPRENEUR_MENU = "nav a[href='/ventures/entrepreneurs/']"


@pytest.fixture
def tree(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    commune = UnitFactory(name="Đoàn phường Tô Hiệu", code="to-hieu", parent=province)
    return province, commune


def test_officer_registers_entrepreneur_venture_and_progress(tree, login, live_server):
    _province, commune = tree
    user_with_role(Membership.Role.OFFICER, commune, username="tohieu")
    page = login("tohieu")
    expect(page.get_by_text("Việc cần làm")).to_be_visible()
    expect(page.locator(ENTREPRENEUR_MENU)).to_have_count(1)

    page.get_by_role("link", name="Đăng ký thanh niên").first.click()
    page.get_by_label("Họ và tên").fill("Cầm Thị Hương")
    page.get_by_label("Ngày sinh").fill("1999-04-12")
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.get_by_label("Dân tộc").select_option(label="Thái")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Số CCCD").fill("123")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Số CCCD phải gồm đúng 12 chữ số.")).to_be_visible()
    assert Entrepreneur.objects.count() == 0

    page.get_by_label("Số CCCD").fill("014199001234")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Cầm Thị Hương")).to_be_visible()

    page.get_by_role("link", name="Thêm mô hình").click()
    page.get_by_label("Tên mô hình").fill("Hợp tác xã cà phê Chiềng An")
    page.get_by_label("Loại hình").select_option(label="Hợp tác xã")
    page.get_by_label("Lĩnh vực").select_option(label="Trồng trọt")
    page.get_by_label("Số lao động").fill("12")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Hợp tác xã cà phê Chiềng An")).to_be_visible()

    page.get_by_role("link", name="Cập nhật tiến độ").click()
    page.get_by_label("Kỳ báo cáo").select_option(label="Năm")
    page.locator("#id_year").fill("2025")
    page.get_by_label("Số kỳ").fill("1")
    page.get_by_label("Doanh thu trong kỳ (đồng)").fill("1500000000")
    page.get_by_label("Số lao động").fill("15")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("1.500.000.000 ₫").first).to_be_visible()

    venture = Venture.objects.get()
    assert (venture.annual_revenue, venture.employees) == (1_500_000_000, 15)
    assert list(venture.owners.values_list("full_name", flat=True)) == ["Cầm Thị Hương"]
    assert VentureUpdate.objects.filter(venture=venture).count() == 1


def test_staff_sees_province_and_opens_admin(tree, login, live_server):
    province, _commune = tree
    user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    page = login("tinhdoan")

    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_text("Quản trị Cổng Đồng hành Thanh niên Khởi nghiệp")).to_be_visible()
    page.goto(f"{live_server.url}/org/units/")
    expect(page.get_by_role("link", name="Đoàn phường Tô Hiệu")).to_be_visible()


@pytest.mark.parametrize(
    ("role", "panel", "panel_text"),
    [
        (Membership.Role.JUDGE, "judge", "Giám khảo"),
        (Membership.Role.COUNCIL, "council", "Hội đồng xét chọn"),
        (Membership.Role.BANK_LIAISON, "loans-bank", "Hồ sơ vay vốn chờ ngân hàng"),
    ],
)
def test_other_roles_land_on_their_home(tree, login, role, panel, panel_text):
    province, _commune = tree
    user_with_role(role, province, username=f"user-{role}")
    page = login(f"user-{role}")
    expect(page.locator(f"[data-panel='{panel}']")).to_contain_text(panel_text)
    expect(page.locator(ENTREPRENEUR_MENU)).to_have_count(0)


def test_language_switch_to_english(tree, login):
    province, _commune = tree
    user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    page = login("tinhdoan")
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_staff_filters_list_live_and_exports_what_they_see(tree, login, live_server):
    province, commune = tree
    user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    EntrepreneurFactory(unit=commune, full_name="Quàng Văn Lọc")
    EntrepreneurFactory(unit=commune, full_name="Lò Thị Khác")
    page = login("tinhdoan")

    page.goto(f"{live_server.url}/ventures/entrepreneurs/")
    page.get_by_label("Tìm kiếm").fill("Quàng")
    expect(page.locator("#results")).not_to_contain_text("Lò Thị Khác")
    expect(page.locator("#results")).to_contain_text("Quàng Văn Lọc")
    assert "q=Qu" in page.url  # the filtered list can be bookmarked and shared

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Xuất Excel").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    names = [row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["Quàng Văn Lọc"]

    # Typed without diacritics, as on a phone's keyboard, a name is found all the same.
    page.get_by_label("Tìm kiếm").fill("LO THI khac")
    expect(page.locator("#results")).to_contain_text("Lò Thị Khác")
    expect(page.locator("#results")).not_to_contain_text("Quàng Văn Lọc")
