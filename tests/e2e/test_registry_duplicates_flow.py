"""One person, one record, in a real browser: an officer registering someone already in the
registry sees the match and picks it; staff merge two records of one person."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import EntrepreneurFactory, VentureFactory
from ventures.models import Entrepreneur, EntrepreneurMerge

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tree(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    commune = UnitFactory(name="Đoàn phường Tô Hiệu", code="to-hieu", parent=province)
    return province, commune


def _born() -> datetime.date:
    """25 years before the server's today (the suite may run with the clock moved)."""
    return timezone.localdate() - datetime.timedelta(days=25 * 365)


def test_officer_registering_someone_registered_picks_the_existing_record(tree, login, live_server):
    _province, commune = tree
    user_with_role(Membership.Role.OFFICER, commune, username="tohieu")
    born = _born()
    existing = EntrepreneurFactory(full_name="Cầm Thị Hương", date_of_birth=born, phone="0912000111", unit=commune)
    page = login("tohieu")

    page.goto(f"{live_server.url}/ventures/entrepreneurs/new/")
    page.get_by_label("Họ và tên").fill("CẦM THỊ  HUONG")
    page.get_by_label("Ngày sinh").fill(born.isoformat())
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.get_by_role("button", name="Lưu").click()

    matches = page.locator("#likely-matches")
    expect(matches).to_contain_text("Người này có thể đã có trong danh sách")
    expect(matches).to_contain_text("Cầm Thị Hương")
    expect(matches).to_contain_text("trùng họ tên và ngày sinh")
    expect(page.get_by_role("button", name="Đây là người khác, vẫn đăng ký")).to_be_visible()
    matches.get_by_role("link", name="Chọn người này").click()

    expect(page.get_by_role("heading", name="Cầm Thị Hương")).to_be_visible()
    assert page.url == f"{live_server.url}{existing.get_absolute_url()}"
    assert list(Entrepreneur.objects.all()) == [existing]


def test_staff_merge_two_records_of_one_person(tree, login, live_server):
    province, commune = tree
    staff = user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    born = _born()
    kept = EntrepreneurFactory(full_name="Lò Văn Pản", date_of_birth=born, phone="0912000111", unit=commune)
    twin = EntrepreneurFactory(
        full_name="Lò Văn Pản", date_of_birth=born, phone="0988000222", citizen_id="014099000123", unit=commune
    )
    VentureFactory(name="Trang trại gà Bản Hìn", unit=commune, owners=[twin])
    page = login("tinhdoan")

    page.goto(f"{live_server.url}{kept.get_absolute_url()}")
    page.get_by_role("link", name="Gộp hồ sơ trùng").click()
    candidates = page.locator("#merge-candidates")
    expect(candidates).to_contain_text(f"#{twin.pk}")
    candidates.get_by_role("link", name="So sánh và gộp").click()

    table = page.locator("#merge-table")
    expect(table).to_contain_text("0988000222")
    table.get_by_label("0988000222").check()  # the newer phone
    table.get_by_label("014099000123").check()  # and the citizen id only the twin has
    page.get_by_label("Tôi đã kiểm tra").check()
    page.get_by_role("button", name="Gộp hồ sơ").click()

    expect(page.get_by_role("heading", name="Lò Văn Pản")).to_be_visible()
    expect(page.locator("#merged-from")).to_contain_text(f"hồ sơ #{twin.pk}")
    expect(page.locator("#merged-from")).to_contain_text(staff.full_name)
    expect(page.get_by_role("link", name="Trang trại gà Bản Hìn")).to_be_visible()
    kept.refresh_from_db()
    assert (kept.phone, kept.citizen_id) == ("0988000222", "014099000123")
    assert not Entrepreneur.objects.filter(pk=twin.pk).exists()
    assert EntrepreneurMerge.objects.get().merged_by == staff
