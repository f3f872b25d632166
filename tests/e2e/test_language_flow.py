"""A staff member whose browser is set to English reads Vietnamese until they choose English; the
choice is theirs, kept on their account, in the portal and the admin, after signing out and in."""

import pytest
from playwright.sync_api import expect

from accounts.models import Membership, User
from tests.clock import browser_follows_server_clock
from tests.e2e.journeys import SCREENSHOTS
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mat-khau-Thu-nghiem-1"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def staff(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    return user_with_role(Membership.Role.STAFF, province, username="tinhdoan")


SHOTS = SCREENSHOTS / "flows" / "test_language_flow"


def _browser(browser, locale: str):
    """A new browser (no cookie) whose own language is `locale`."""
    context = browser.new_context(locale=locale, viewport=DESKTOP)
    browser_follows_server_clock(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _sign_in(page, live_server, *, username_label: str, password_label: str, button: str):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(username_label).fill("tinhdoan")
    page.get_by_label(password_label).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(f"{live_server.url}/")


def test_staff_chooses_english_and_it_stays_after_signing_out_and_in(staff, browser, live_server):
    page = _browser(browser, "en-US")  # the browser asks for English: the portal does not follow it
    _sign_in(page, live_server, username_label="Tên đăng nhập", password_label="Mật khẩu", button="Đăng nhập")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.goto(f"{live_server.url}/admin/awards/awardprogramme/add/")
    expect(page.get_by_role("button", name="Chọn tất cả", exact=False)).to_be_visible()  # the council picker

    page.goto(f"{live_server.url}/")
    page.get_by_label("Ngôn ngữ").select_option("en")  # the switch at the foot of every page
    page.get_by_role("button", name="Đổi").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert User.objects.get(username="tinhdoan").language == "en"
    page.goto(f"{live_server.url}/admin/awards/awardprogramme/add/")
    expect(page.get_by_role("button", name="Choose all", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Save and add another")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "01-admin-in-english.png"), full_page=True)

    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name=staff.get_full_name()).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # this browser keeps the choice
    page.context.close()

    page = _browser(browser, "vi-VN")  # another browser, asking for Vietnamese
    _sign_in(page, live_server, username_label="Tên đăng nhập", password_label="Mật khẩu", button="Đăng nhập")

    expect(page.locator("html")).to_have_attribute("lang", "en")  # the account's choice
    expect(page.get_by_role("link", name="Home")).to_be_visible()
    page.screenshot(path=str(SHOTS / "02-another-browser-keeps-english.png"), full_page=True)
    page.context.close()
