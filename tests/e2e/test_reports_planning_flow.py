"""Staff enter a plan with an activity and a target, read the dashboard and drill down
to a unit, then generate the consolidated report and download it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports.models import Plan
from tests.competitions.factories import ContestFactory, EntryFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_plan_dashboard_and_consolidated_report(
    live_server, page, login, staff_user, province, commune, other_commune
):
    year = timezone.localdate().year
    contest = ContestFactory(year=year)
    moment = timezone.now() - datetime.timedelta(minutes=5)
    for _ in range(5):
        EntryFactory(contest=contest, unit=commune, status="submitted", submitted_at=moment, lead=False)
    EntryFactory(contest=contest, unit=other_commune, status="submitted", submitted_at=moment, lead=False)

    login(staff_user.username)
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_role("heading", name="Bảng điều hành: kế hoạch và chỉ tiêu")).to_be_visible()
    page.get_by_role("link", name="Nhập kế hoạch").first.click()
    page.get_by_label("Số kế hoạch").fill("12-KH/TĐTN-PT")
    page.get_by_label("Ngày ban hành").fill(f"{year}-01-05")
    page.get_by_label("Trích yếu").fill("Tổ chức các hoạt động đồng hành với thanh niên khởi nghiệp")
    page.get_by_label("Đơn vị ban hành").select_option(str(province.pk))
    page.get_by_label("Thực hiện từ ngày").fill(f"{year}-01-01")
    page.get_by_label("Đến ngày").fill(f"{year}-12-31")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu kế hoạch.")).to_be_visible()
    plan = Plan.objects.get(number="12-KH/TĐTN-PT")

    page.get_by_role("link", name="Thêm hoạt động").click()
    page.get_by_label("Nội dung hoạt động").fill("Tổ chức cuộc thi “Dự án, ý tưởng khởi nghiệp”")
    page.get_by_label("Thời gian (như trong kế hoạch)").fill("Thu bài trước ngày 30/8")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu hoạt động.")).to_be_visible()

    page.get_by_role("link", name="Thêm chỉ tiêu").click()
    page.locator("#id_label").fill("Mỗi đơn vị ít nhất 05 ý tưởng")
    page.get_by_label("Chỉ số tính tự động").select_option("competitions.ideas_submitted")
    page.get_by_label("Mức phải đạt").fill("5")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("strong", has_text="Chỉ tiêu phải có phạm vi")).to_be_visible()  # no scope chosen yet
    page.get_by_label("Phạm vi").select_option("unit")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu chỉ tiêu.")).to_be_visible()

    row = page.locator(f'tr[data-unit="{commune.pk}"]')
    expect(row.locator('[data-light="green"]')).to_have_text("5")
    expect(page.locator(f'tr[data-unit="{other_commune.pk}"] [data-light]')).to_have_text("1")

    # The chart "Số đơn vị theo mức độ đạt chỉ tiêu" draws the badges' counts, from 0 in whole units.
    target = plan.targets.get()
    badges = page.locator(f'tr[data-target="{target.pk}"]')
    counts = {key: int(badges.locator(f'[data-count="{key}"]').inner_text()) for key in ("green", "amber", "red")}
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-reports-chart=\"status\"]'))"
    )
    drawn = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.querySelector('canvas[data-reports-chart="status"]'));
            const x = chart.scales.x;
            return {
                bars: Object.fromEntries(chart.data.datasets.map((d) => [d.key, d.data[0]])),
                min: x.min, max: x.max, ticks: x.ticks.map((t) => t.value),
            };
        }"""
    )
    assert drawn["bars"] == {**counts, "none": 0}
    assert drawn["min"] == 0
    assert drawn["max"] >= sum(counts.values())
    assert all(tick == int(tick) for tick in drawn["ticks"])

    # From the plan page, the target opens its figures by unit, then the records behind a number.
    badges.locator("[data-drill]").click()
    expect(page.get_by_role("heading", name=province.name)).to_be_visible()
    card = page.locator(f"#target-{target.pk}")
    expect(card.locator(f'[data-child="{commune.pk}"] [data-light]')).to_have_text("5")
    page.go_back()
    row.get_by_role("link", name=commune.name).click()
    expect(page.get_by_role("heading", name=commune.name)).to_be_visible()
    expect(page.locator("[data-here] [data-light]")).to_have_text("5")

    page.goto(f"{live_server.url}/reports/consolidated/")
    page.get_by_label("Loại báo cáo").select_option("year")
    page.get_by_label("Từ ngày").fill(f"{year}-01-01")
    page.get_by_label("Đến ngày").fill(f"{year}-12-31")
    page.get_by_role("button", name="Tạo báo cáo").click()
    expect(page.get_by_text("Đã xong.")).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert plan.targets.count() == 1
