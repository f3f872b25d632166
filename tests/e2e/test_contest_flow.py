"""The contest in a real browser: a unit officer submits an idea, staff screen and assign it,
staff cannot decide the final before its scorecards are in, a judge scores it on a phone,
staff decide the final on complete scorecards, give the prize, publish, and the public
results page shows it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership
from competitions.models import Assignment, Entry
from tests.competitions.factories import (
    CategoryFactory,
    ContestFactory,
    CriterionFactory,
    JudgeFactory,
    PrizeTierFactory,
    RoundFactory,
)
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def contest_setup(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    commune = UnitFactory(name="Đoàn phường Tô Hiệu", code="to-hieu", parent=province)
    contest = ContestFactory(name="Cuộc thi ý tưởng khởi nghiệp lần thứ IX", year=2026, slug="y-tuong-2026")
    CategoryFactory(contest=contest, name="Chế biến nông sản")
    PrizeTierFactory(contest=contest, name="Giải Nhất", rank=1, count=1)
    final = RoundFactory(contest=contest, order=1, name="Vòng Chung kết", judges_per_entry=1, is_blind=False)
    CriterionFactory(round=final, name="Tính khả thi", max_points=Decimal("60"))
    CriterionFactory(round=final, name="Thuyết trình", max_points=Decimal("40"))
    person = EntrepreneurFactory(unit=commune, full_name="Cầm Thị Hương", date_of_birth=datetime.date(2000, 3, 8))
    user_with_role(Membership.Role.OFFICER, commune, username="tohieu")
    user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    judge_user = user_with_role(Membership.Role.JUDGE, province, username="giamkhao")
    JudgeFactory(contest=contest, user=judge_user)
    return contest, person


def _accept_confirms(page):
    page.on("dialog", lambda dialog: dialog.accept())


def _logout(page):
    page.context.clear_cookies()


def test_officer_submits_judge_scores_staff_decides_public_sees(contest_setup, login, live_server):
    contest, person = contest_setup
    page = login("tohieu")
    _accept_confirms(page)

    page.goto(f"{live_server.url}/contests/{contest.pk}/")
    expect(page.get_by_text("0/5 ý tưởng").first).to_be_visible()
    page.get_by_role("link", name=re.compile("Thêm ý tưởng")).first.click()
    page.get_by_label("Tên ý tưởng, dự án").fill("Trà túi lọc lá vối Tô Hiệu")
    page.get_by_label("Lĩnh vực").select_option(label="Chế biến nông sản")
    page.get_by_label("Tóm tắt").fill("Trà lá vối sấy lạnh đóng túi lọc cho khách du lịch.")
    page.locator("#id_team-0-entrepreneur").select_option(value=str(person.pk))
    page.locator("#id_team-0-is_lead").check()
    page.get_by_role("button", name=re.compile("Lưu và nộp bài")).click()
    expect(page.get_by_text("Đã nộp, chờ thẩm định").first).to_be_visible()
    entry = Entry.objects.get()
    assert (entry.code, entry.status) == ("2026-001", Entry.Status.SUBMITTED)

    _logout(page)
    login("tinhdoan")
    page.goto(f"{live_server.url}/contests/{contest.pk}/screening/")
    page.get_by_role("button", name=re.compile("Đạt")).first.click()
    expect(page.get_by_text("Trà túi lọc lá vối Tô Hiệu").first).to_be_visible()
    round_url = f"{live_server.url}/contests/rounds/{entry.contest.rounds.get().pk}/"
    page.goto(round_url)
    page.get_by_role("button", name=re.compile("Phân công tự động")).click()
    expect(page.locator("[data-summary]")).to_contain_text("1")
    assert Assignment.objects.count() == 1
    # The judge has not scored yet: the final cannot be decided, and the page says what is missing.
    expect(page.locator("[data-missing]")).to_contain_text("0/1")
    expect(page.locator("[data-missing]")).to_contain_text("Chưa nộp:")
    expect(page.get_by_role("button", name="Chốt kết quả và chuyển vòng")).to_be_disabled()

    _logout(page)
    login("giamkhao")
    page.goto(f"{live_server.url}/contests/judging/")
    page.get_by_role("link", name=re.compile("Vòng Chung kết")).first.click()
    page.locator("[data-assignment]").first.click()
    expect(page.get_by_text("Tính khả thi").first).to_be_visible()
    page.wait_for_load_state()  # the confirm on "Nộp phiếu" is wired once the page's scripts ran
    points = page.locator("input[data-score-max]")
    points.nth(0).fill("51")
    points.nth(1).fill("32.5")
    expect(page.locator("[data-scorecard-total]")).to_contain_text("83,5")
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.get_by_text("Đã nộp phiếu chấm bài 2026-001.")).to_be_visible()

    _logout(page)
    login("tinhdoan")
    page.goto(round_url)
    expect(page.locator("[data-missing]")).to_have_count(0)
    page.get_by_role("button", name="Chốt kết quả và chuyển vòng").click()
    expect(page.locator("[data-decided]")).to_be_visible()
    expect(page.get_by_text("0 bài vào vòng sau, 0 bài dừng, 1 bài hoàn thành")).to_be_visible()
    page.goto(f"{live_server.url}/contests/{contest.pk}/")
    page.get_by_role("link", name=re.compile("Công bố kết quả")).click()
    # No prize given yet: publishing is not offered, and the page says why.
    expect(page.locator("[data-publish-blockers]")).to_contain_text("Chưa trao giải nào")
    expect(page.locator("[data-publish-disabled]")).to_be_disabled()
    page.get_by_label("Giải của bài 2026-001").select_option(label="Giải Nhất")
    page.get_by_role("button", name=re.compile("Lưu giải thưởng")).click()
    expect(page.get_by_text("Đã lưu giải thưởng")).to_be_visible()
    page.locator("#publish").get_by_role("button", name=re.compile("Công bố kết quả")).click()
    expect(page.locator("#published-at")).to_be_visible()

    _logout(page)
    page.goto(f"{live_server.url}/contests/results/{contest.slug}/")
    expect(page.locator("#winners")).to_contain_text("Giải Nhất")
    expect(page.locator("#winners")).to_contain_text("Trà túi lọc lá vối Tô Hiệu")
    expect(page.locator("#winners")).to_contain_text("Đoàn phường Tô Hiệu")
    expect(page.locator("#finalists")).to_contain_text("Trà túi lọc lá vối Tô Hiệu")
    contest.refresh_from_db()
    assert contest.results_published_at is not None
    assert contest.results_published_at <= timezone.now()
