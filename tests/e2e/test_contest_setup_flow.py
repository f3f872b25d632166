"""The guided set-up in a real browser: provincial staff create a contest from the staff pages,
go through every step (rules document, categories, window and quota, ages, team, prizes,
rounds with their criteria, judges), see the checklist complete, preview the public call,
open the contest, and the public contest page lists it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership
from competitions.models import Contest, Round
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Cuộc thi Ý tưởng khởi nghiệp thanh niên Sơn La"


@pytest.fixture
def province_staff(db):
    province = UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind="province")
    UnitFactory(name="Đoàn phường Tô Hiệu", code="to-hieu", parent=province)
    return user_with_role(Membership.Role.STAFF, province, username="tinhdoan")


def typed(moment: datetime.datetime) -> str:
    """A moment as a datetime-local box takes it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def save(page, name="Lưu và tiếp tục"):
    page.get_by_role("button", name=name).click()


def test_staff_set_up_a_contest_step_by_step_preview_and_open_it(province_staff, login, live_server):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    page = login("tinhdoan")
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(f"{live_server.url}/contests/")
    page.get_by_role("link", name=re.compile("Tạo cuộc thi")).click()
    page.get_by_label("Tên cuộc thi").fill(NAME)
    page.get_by_label("Thể lệ (PDF hoặc Word)").set_input_files(
        {"name": "the-le.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    save(page, "Tạo bản nháp và tiếp tục")
    expect(page.get_by_text("Đã tạo bản nháp")).to_be_visible()
    expect(page.locator("[data-stepper] [aria-current=step]")).to_contain_text("Lĩnh vực dự thi")

    page.get_by_label("Lĩnh vực dự thi").fill("Nông nghiệp công nghệ cao\nChế biến nông sản\nDu lịch cộng đồng")
    save(page)
    page.get_by_label("Mở nhận bài từ").fill(typed(now + day))
    page.get_by_label("Hạn nộp bài").fill(typed(now + 30 * day))
    page.get_by_label("Số ý tưởng tối thiểu mỗi đơn vị").fill("5")
    save(page)
    expect(page.locator("[data-stepper] [aria-current=step]")).to_contain_text("Độ tuổi dự thi")
    page.get_by_label("Tuổi tối thiểu").fill("18")
    page.get_by_label("Tuổi tối đa").fill("35")
    save(page)
    page.get_by_label("Số thành viên tối đa mỗi nhóm").fill("3")
    save(page)

    for n, (name, count, amount) in enumerate(
        [("Giải Nhất", "1", "10.000.000"), ("Giải Nhì", "2", "7.000.000"), ("Giải Ba", "3", "5.000.000")]
    ):
        page.locator(f"#id_rows-{n}-name").fill(name)
        page.locator(f"#id_rows-{n}-count").fill(count)
        page.locator(f"#id_rows-{n}-amount").fill(amount)
    save(page)

    # A final before the preliminary is refused on the page, and nothing is saved.
    rounds = [
        ("Vòng sơ tuyển", "scoring", 32, 40),
        ("Tư vấn, hoàn thiện", "coaching", 41, 50),
        ("Chung kết", "final", 20, 21),
    ]
    for n, (name, stage, start, end) in enumerate(rounds):
        page.locator(f"#id_rows-{n}-name").fill(name)
        page.locator(f"#id_rows-{n}-stage").select_option(stage)
        page.locator(f"#id_rows-{n}-opens_at").fill(typed(now + start * day))
        page.locator(f"#id_rows-{n}-closes_at").fill(typed(now + end * day))
    save(page, "Lưu các vòng thi")
    expect(page.locator("[data-step-errors]")).to_contain_text("chung kết phải là vòng cuối")
    assert not Round.objects.exists()
    page.locator("#id_rows-2-opens_at").fill(typed(now + 52 * day))
    page.locator("#id_rows-2-closes_at").fill(typed(now + 53 * day))
    save(page, "Lưu các vòng thi")

    # Each scoring round's scorecard: criteria adding up to 100.
    for round_name in ("Vòng sơ tuyển", "Chung kết"):
        expect(page.get_by_role("heading", name=re.compile(f"Phiếu chấm: {round_name}"))).to_be_visible()
        page.get_by_label("Tổng điểm tối đa của phiếu chấm").fill("100")
        for n, (criterion, points) in enumerate(
            [("Tính sáng tạo", "40"), ("Tính khả thi", "35"), ("Tác động xã hội", "25")]
        ):
            page.locator(f"#id_criteria-{n}-name").fill(criterion)
            page.locator(f"#id_criteria-{n}-max_points").fill(points)
        save(page, "Lưu tiêu chí chấm")
        expect(page.get_by_text(f"Đã lưu tiêu chí chấm của {round_name}.")).to_be_visible()

    expect(page.locator("[data-stepper] [aria-current=step]")).to_contain_text("Giám khảo, chuyên gia")
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page.locator("[data-preview]")).to_be_visible()
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Tư vấn, hoàn thiện")
    expect(page.get_by_role("link", name=re.compile("Tải thể lệ cuộc thi"))).to_be_visible()

    page.get_by_role("link", name=re.compile("Tiếp tục: mở cuộc thi")).click()
    expect(page.locator("#setup-checklist")).to_have_attribute("data-complete", "true")
    expect(page.locator("#setup-checklist")).to_contain_text("Đã đủ, có thể mở cuộc thi")
    page.get_by_role("button", name=re.compile("Mở cuộc thi")).click()
    expect(page.get_by_text(f"Đã mở cuộc thi “{NAME}”")).to_be_visible()
    contest = Contest.objects.get()
    assert contest.status == Contest.Status.OPEN
    assert contest.history.latest().history_user.username == "tinhdoan"

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/contests/results/")
    expect(page.locator("#public-contests")).to_contain_text(NAME)
    page.get_by_role("link", name=re.compile(NAME)).click()
    expect(page.locator("#timeline")).to_contain_text("Vòng sơ tuyển")
