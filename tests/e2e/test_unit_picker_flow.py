"""A staff member who reaches many units filters the registry by one of them: the unit box
searches as they type (no select of every unit of the Union)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts import widgets
from accounts.models import Membership
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_finds_a_unit_by_typing_and_filters_the_registry(login, live_server, monkeypatch):
    monkeypatch.setattr(widgets, "LIMIT", 3)  # the live server runs in this process
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    communes = [UnitFactory(name=f"Đoàn xã Chiềng {n}", code=f"chieng-{n}", parent=province) for n in range(6)]
    user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    EntrepreneurFactory(unit=communes[4], full_name="Lò Thị Hoa")
    EntrepreneurFactory(unit=communes[1], full_name="Quàng Văn Sơn")

    page = login("tinhdoan")
    page.goto(live_server.url + reverse("ventures:entrepreneur-list"))
    unit = page.locator("select[data-unit-picker]")
    expect(unit.locator("option")).to_have_count(1)  # only "all" until one searches
    page.get_by_role("searchbox", name="Gõ tên đơn vị để tìm…").fill("Chiềng 4")
    expect(unit.locator("option")).to_have_count(2)
    unit.select_option(label="Đoàn xã Chiềng 4")
    unit.evaluate("select => select.form.requestSubmit()")
    expect(page.get_by_text("Lò Thị Hoa")).to_be_visible()
    expect(page.get_by_text("Quàng Văn Sơn")).to_have_count(0)
    expect(unit.locator("option:checked")).to_have_text("Đoàn xã Chiềng 4")
