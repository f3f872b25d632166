"""OCOP in a real browser: a unit officer builds and sends the commune's candidate list,
moves the product to evaluation, staff rate it on the 100-point form and certify it,
and the public catalogue shows it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership
from ocop.models import CandidateList, Product
from tests.factories import UnitFactory, user_with_role
from tests.ocop.factories import CycleFactory
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ocop_setup(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    commune = UnitFactory(name="Đoàn phường Tô Hiệu", code="to-hieu", parent=province)
    cycle = CycleFactory(
        year=timezone.localdate().year,
        name="Hỗ trợ thanh niên tham gia OCOP",
        list_deadline=timezone.localdate() + datetime.timedelta(days=20),
    )
    owner = EntrepreneurFactory(unit=commune, full_name="Lò Thị Mai")
    VentureFactory(unit=commune, name="HTX Chè Shan tuyết Tô Hiệu", kind="cooperative", owners=[owner])
    user_with_role(Membership.Role.OFFICER, commune, username="tohieu")
    user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    return cycle, commune


def test_officer_submits_list_and_staff_rates_product(ocop_setup, login, live_server):
    cycle, commune = ocop_setup
    page = login("tohieu")

    page.goto(f"{live_server.url}/ocop/")
    page.get_by_role("link", name=cycle.name).click()
    page.get_by_role("button", name=re.compile("Lập danh sách")).click()
    expect(page.get_by_text("Đang lập").first).to_be_visible()

    page.get_by_label("Xã, phường").select_option(label=commune.name)
    page.get_by_role("button", name="Thêm xã").click()
    expect(page.get_by_text(f"Đã thêm {commune.name}")).to_be_visible()

    page.get_by_role("link", name=re.compile("Thêm sản phẩm")).click()
    page.get_by_label("Tên sản phẩm").fill("Chè Shan tuyết Tô Hiệu")
    page.get_by_label("Nhóm sản phẩm").select_option(label="Đồ uống")
    page.get_by_label(re.compile("Chủ thể sản xuất")).select_option(label="HTX Chè Shan tuyết Tô Hiệu (Hợp tác xã)")
    page.get_by_label("Nhãn hiệu").check()
    page.get_by_role("button", name="Lưu sản phẩm").click()
    expect(page.get_by_role("link", name="Chè Shan tuyết Tô Hiệu")).to_be_visible()

    page.get_by_role("button", name=re.compile("Gửi danh sách tới Tỉnh đoàn")).click()
    expect(page.get_by_text("Đã gửi danh sách đề xuất OCOP tới Tỉnh đoàn.")).to_be_visible()
    assert CandidateList.objects.get().status == CandidateList.Status.SUBMITTED

    page.get_by_role("link", name="Chè Shan tuyết Tô Hiệu").click()
    page.get_by_label("Chuyển sang").select_option(label="Đang hoàn thiện hồ sơ")
    page.get_by_role("button", name="Chuyển", exact=True).click()
    expect(page.get_by_text("Đã chuyển giai đoạn sản phẩm.")).to_be_visible()
    page.get_by_label("Chuyển sang").select_option(label="Đã gửi đánh giá")
    page.get_by_role("button", name="Chuyển", exact=True).click()
    expect(page.locator("[data-stage='submitted']").first).to_be_visible()

    page.context.clear_cookies()
    page = login("tinhdoan")
    product = Product.objects.get()
    page.goto(f"{live_server.url}/ocop/products/{product.pk}/")
    page.get_by_label(re.compile("Phần A")).fill("45")
    page.get_by_label(re.compile("Phần B")).fill("20")
    page.get_by_label(re.compile("Phần C")).fill("26")
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.get_by_text("Điểm phần A phải từ 0 đến 40.").first).to_be_visible()

    page.get_by_label(re.compile("Phần A")).fill("32")
    expect(page.locator("[data-rating-preview] [data-stars='4']")).to_be_visible()
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.get_by_text("Đã ghi kết quả: 78.00 điểm, 4 sao.")).to_be_visible()

    page.get_by_label("Số giấy chứng nhận").fill("25/GCN-OCOP")
    page.get_by_label("Ngày cấp").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Ghi công nhận").click()
    expect(page.get_by_text("Đã ghi công nhận sản phẩm OCOP.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/ocop/catalogue/")
    expect(page.get_by_role("link", name="Chè Shan tuyết Tô Hiệu")).to_be_visible()
