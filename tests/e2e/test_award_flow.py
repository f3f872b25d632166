"""The commendation in a real browser: a unit officer nominates a young entrepreneur, the
council votes, staff close the council and publish, and the public honour roll shows them."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership
from awards.models import AwardProgramme, Nomination
from tests.awards.factories import AwardCategoryFactory, AwardProgrammeFactory
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def programme_setup(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    commune = UnitFactory(name="Đoàn xã Mai Sơn", code="mai-son", parent=province)
    programme = AwardProgrammeFactory(name="Tuyên dương Thanh niên làm kinh tế giỏi 2026", slug="tuyen-duong-2026")
    AwardCategoryFactory(programme=programme, name="Thanh niên nông thôn làm kinh tế giỏi")
    person = EntrepreneurFactory(unit=commune, full_name="Lường Văn Chiến", date_of_birth=datetime.date(1995, 6, 1))
    user_with_role(Membership.Role.OFFICER, commune, username="maison")
    user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    member = user_with_role(Membership.Role.COUNCIL, province, username="hoidong")
    programme.council.add(member)
    return programme, person


def test_officer_nominates_council_votes_honour_roll_shows(programme_setup, login, live_server):
    programme, person = programme_setup
    page = login("maison")
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(f"{live_server.url}/awards/{programme.pk}/nominations/new/")
    page.locator("#id_entrepreneur").select_option(value=str(person.pk))
    page.locator("#id_category").select_option(label="Thanh niên nông thôn làm kinh tế giỏi")
    page.locator("#id_annual_revenue").fill("1.200.000.000")
    page.locator("#id_jobs_created").fill("12")
    page.locator("#id_story").fill("Trồng mía tím và làm đường phên truyền thống.")
    page.locator("#id_no_violations_declared").check()
    page.get_by_role("button", name=re.compile("Lưu và gửi")).click()
    expect(page.get_by_text("Đã gửi").first).to_be_visible()
    assert Nomination.objects.get().status == Nomination.Status.SUBMITTED

    # The nomination window ends; staff open the council.
    AwardProgramme.objects.filter(pk=programme.pk).update(
        nomination_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page.context.clear_cookies()
    login("tinhdoan")
    page.goto(f"{live_server.url}/awards/{programme.pk}/")
    page.get_by_role("button", name=re.compile("Mở Hội đồng xét chọn")).click()

    page.context.clear_cookies()
    login("hoidong")
    page.goto(f"{live_server.url}/awards/{programme.pk}/council/")
    expect(page.get_by_text("Lường Văn Chiến").first).to_be_visible()
    page.get_by_label("Đồng ý", exact=True).check()
    page.get_by_role("button", name=re.compile("Gửi phiếu")).click()
    expect(page.locator("[data-my-vote='yes']")).to_be_visible()

    page.context.clear_cookies()
    login("tinhdoan")
    page.goto(f"{live_server.url}/awards/{programme.pk}/council/tally/")
    page.get_by_role("button", name=re.compile("Kết thúc Hội đồng")).click()
    page.goto(f"{live_server.url}/awards/{programme.pk}/")
    page.get_by_role("button", name=re.compile("Công bố danh sách")).click()
    assert Nomination.objects.get().status == Nomination.Status.APPROVED

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/awards/honour-roll/{programme.slug}/")
    expect(page.get_by_text("Lường Văn Chiến")).to_be_visible()
    expect(page.get_by_text("Trồng mía tím và làm đường phên truyền thống.")).to_be_visible()
