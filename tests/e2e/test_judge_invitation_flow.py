"""A judge invited, not created by hand, in a real browser: staff invite by email; the judge opens
the link from the email, sets a password, accepts the confidentiality pledge, declares a conflict
with a unit, and sees their round without that unit's entries."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Membership, User
from competitions import services
from competitions.models import Entry, JudgeInvitation
from tests.competitions.factories import ContestFactory, CriterionFactory, EntryFactory, RoundFactory
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://[^/\s]+(?P<path>/contests/judging/invitation/[^/\s]+/)")
PASSWORD = "Giam-khao-Moc-Chau-2026"


@pytest.fixture
def contest_setup(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    to_hieu = UnitFactory(name="Đoàn phường Tô Hiệu", code="to-hieu", parent=province)
    chieng_sinh = UnitFactory(name="Đoàn xã Chiềng Sinh", code="chieng-sinh", parent=province)
    contest = ContestFactory(owner=province, name="Cuộc thi ý tưởng khởi nghiệp lần thứ IX", slug="y-tuong-ix")
    preliminary = RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển", judges_per_entry=1, is_blind=False)
    CriterionFactory(round=preliminary, name="Tính khả thi", max_points=Decimal("60"))
    for unit, code, title in (
        (to_hieu, "2026-001", "Trà túi lọc lá vối Tô Hiệu"),
        (chieng_sinh, "2026-002", "Mận hậu sấy dẻo Chiềng Sinh"),
    ):
        EntryFactory(
            contest=contest, unit=unit, code=code, title=title, status=Entry.Status.IN_COMPETITION, round=preliminary
        )
    staff = user_with_role(Membership.Role.STAFF, province, username="tinhdoan")
    return contest, preliminary, staff


def test_staff_invite_the_judge_declares_a_conflict_and_sees_only_the_other_entries(
    contest_setup, login, live_server, mailoutbox
):
    contest, preliminary, staff = contest_setup

    page = login("tinhdoan")
    page.goto(f"{live_server.url}/contests/{contest.pk}/")
    page.locator("[data-judge-invite]").click()
    page.get_by_label("Email").fill("lan.giamkhao@example.vn")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Chức danh").fill("Giảng viên Đại học Tây Bắc")
    page.get_by_label(re.compile("Vòng sơ tuyển")).check()
    page.get_by_role("button", name=re.compile("Gửi lời mời")).click()
    expect(page.get_by_text("Đã gửi lời mời đến lan.giamkhao@example.vn")).to_be_visible()
    expect(page.locator("[data-invitations] [data-state='sent']")).to_contain_text("Nguyễn Thị Lan")

    # The judge opens the link from the email, on their phone, signed out.
    assert [m.to for m in mailoutbox] == [["lan.giamkhao@example.vn"]]
    link = LINK.search(mailoutbox[0].body).group("path")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_text("Tên đăng nhập của bạn:")).to_contain_text("lan.giamkhao@example.vn")
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Đặt mật khẩu và nhận lời").click()

    # Signed in, the pledge first: nothing else of the contest before it.
    expect(page.locator("[data-pledge]")).to_contain_text("Cuộc thi ý tưởng khởi nghiệp lần thứ IX")
    page.get_by_label(re.compile("Tôi đã đọc và cam kết")).check()
    page.get_by_role("button", name="Chấp nhận cam kết").click()
    expect(page.get_by_text("Đã ghi nhận cam kết bảo mật của bạn.")).to_be_visible()

    # A conflict with a unit.
    form = page.locator("[data-conflict-form]")
    form.get_by_label("Đơn vị", exact=True).select_option(label="Đoàn phường Tô Hiệu")
    form.get_by_label("Lý do").fill("Vợ tôi là Bí thư Đoàn phường")
    form.get_by_role("button", name="Khai báo xung đột").click()
    expect(page.get_by_text("Đã ghi nhận xung đột lợi ích với Đoàn phường Tô Hiệu.")).to_be_visible()
    expect(page.locator("[data-conflicts]")).to_contain_text("Vợ tôi là Bí thư Đoàn phường")

    # Staff assign the round automatically (as the round page's button does).
    report = services.judges_assign_automatically(round=preliminary, actor=staff)
    assert [e.code for e in report.unfilled] == ["2026-001"]

    page.get_by_role("link", name="Xem các vòng chấm của tôi").click()
    load = page.locator("[data-judge-load] [data-round]")
    expect(load).to_have_count(1)
    expect(load).to_contain_text("Vòng sơ tuyển")
    page.get_by_role("link", name=re.compile("Vòng sơ tuyển")).click()
    expect(page.get_by_text("Mận hậu sấy dẻo Chiềng Sinh")).to_be_visible()
    expect(page.get_by_text("Trà túi lọc lá vối Tô Hiệu")).to_have_count(0)

    # Their password is theirs from now on.
    page.context.clear_cookies()
    login("lan.giamkhao@example.vn", PASSWORD)
    invitation = JudgeInvitation.objects.get()
    assert invitation.status == JudgeInvitation.Status.ACCEPTED
    assert not User.objects.get(username="lan.giamkhao@example.vn").is_staff
