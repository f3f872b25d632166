"""The Trust issue, part 3, from the pages: figures by the date of their fact, shares with
their base, the drill-down from a province-wide target, and the status chart.

The day is set to 7/12/2026 (the day the issue was tried); the facts are of 2021 or of
that year, whatever day the suite runs on.
"""

import datetime
import io
import json
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from common.indicators import Measure, Period
from loans.models import GroupGrade
from reports.models import Plan, Target
from reports.planning import catalogue, exports
from reports.planning.consolidated import consolidated_data
from reports.planning.progress import PlanProgress
from tests.competitions.factories import ContestFactory, EntryFactory, PrizeTierFactory, RoundFactory
from tests.factories import UnitFactory
from tests.jobs.factories import CounsellingSessionFactory
from tests.loans.factories import SavingsGroupFactory
from tests.reports.periodic.factories import FieldFactory

from .factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
GROUPS_LABEL = "98% tổ TK&VV xếp loại khá trở lên"
GROUPS_INDICATOR_LABEL = "Tổ tiết kiệm và vay vốn xếp loại khá trở lên"  # loans.groups_good_grade


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def groups(commune, other_commune):
    """61 active groups, one of them graded "khá" for this year (the issue's repro)."""
    made = SavingsGroupFactory.create_batch(41, unit=commune)
    made += SavingsGroupFactory.create_batch(20, unit=other_commune)
    GroupGrade.objects.create(group=made[0], year=2026, grade="kha", graded_on=datetime.date(2026, 11, 30))
    return made


@pytest.fixture
def plan(province):
    return PlanFactory(issuer=province, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31))


@pytest.fixture
def groups_target(plan):
    return TargetFactory(
        plan=plan,
        label=GROUPS_LABEL,
        indicator_code="loans.groups_good_grade",
        scope=Target.Scope.PROVINCE,
        unit_kinds="",
        comparison=Target.Comparison.AT_LEAST_PERCENT,
        value=Decimal(98),
    )


def row_of(body: str, target: Target) -> str:
    start = body.index(f'data-target="{target.pk}"')
    return body[start : body.index("</tr>", start)]


# --- shares name their base -------------------------------------------------------------


def test_an_ungraded_group_has_not_reached_kha_on_the_plan_page(client, staff_user, plan, groups_target, groups):
    client.force_login(staff_user)
    row = row_of(client.get(plan.get_absolute_url()).content.decode(), groups_target)

    assert 'data-light="red"' in row
    assert "1,6%" in row
    assert "100,0%" not in row
    assert "1/61 tổ" in row
    assert "60 tổ chưa xếp loại" in row


def test_the_dashboard_states_the_base_of_a_share(client, staff_user, plan, groups_target, groups):
    client.force_login(staff_user)
    row = row_of(client.get(reverse("reports:dashboard")).content.decode(), groups_target)

    assert "1,6%" in row
    assert "1/61 tổ" in row
    assert "60 tổ chưa xếp loại" in row


def test_each_unit_share_has_its_own_base_on_the_drill_down(
    client, staff_user, plan, groups_target, groups, province, commune, other_commune
):
    client.force_login(staff_user)
    body = client.get(reverse("reports:plan-unit", args=[plan.pk, province.pk])).content.decode()
    card = body[body.index(f'id="target-{groups_target.pk}"') :]

    assert "1/61 tổ" in card
    commune_row = card[card.index(f'data-child="{commune.pk}"') :]
    assert "2,4%" in commune_row.split("</tr>")[0]
    assert "1/41 tổ" in commune_row.split("</tr>")[0]
    other_row = card[card.index(f'data-child="{other_commune.pk}"') :].split("</tr>")[0]
    assert "0/20 tổ" in other_row


def test_the_share_of_schools_counts_every_school(client, staff_user, plan, province):
    schools = UnitFactory.create_batch(4, parent=province, kind="school")
    CounsellingSessionFactory(school=schools[0], held_on=datetime.date(2026, 10, 2))
    target = TargetFactory(
        plan=plan,
        label="100% Đoàn trường THPT tổ chức tư vấn hướng nghiệp",
        indicator_code="jobs.schools_counselled",
        scope=Target.Scope.PROVINCE,
        unit_kinds="",
        comparison=Target.Comparison.AT_LEAST_PERCENT,
        value=Decimal(100),
    )
    client.force_login(staff_user)
    row = row_of(client.get(plan.get_absolute_url()).content.decode(), target)

    assert "25%" in row
    assert "1/4 trường" in row


def test_exports_state_the_base_of_every_share(plan, groups_target, groups, province):
    progress = PlanProgress(plan=Plan.objects.get(pk=plan.pk))
    sheet = load_workbook(io.BytesIO(exports.targets_units_workbook(progress))).active
    header = [cell.value for cell in sheet[4]]
    assert header[2:5] == [f"{GROUPS_LABEL} (mức 98)", "Cơ sở tính tỉ lệ", "Đánh giá"]
    province_row = next(row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] == province.name)
    assert province_row[2:5] == (1.6, "1/61 tổ · 60 tổ chưa xếp loại", "Chưa đạt")

    data = consolidated_data(period=Period.year(2026))
    workbook = load_workbook(io.BytesIO(exports.consolidated_workbook(data)))
    summary = {row[1]: row[3:5] for row in workbook["Tổng hợp"].iter_rows(min_row=5, values_only=True) if row[1]}
    assert summary[GROUPS_INDICATOR_LABEL] == (1.6, "1/61 tổ · 60 tổ chưa xếp loại")
    targets = list(workbook["Chỉ tiêu"].iter_rows(min_row=5, values_only=True))
    assert targets[0][4:6] == (1.6, "1/61 tổ · 60 tổ chưa xếp loại")


def test_the_consolidated_workbook_names_figures_by_label_never_by_code(plan, groups_target, groups, province):
    """No sheet title, header or cell shows a catalogue code (`awards.awardees`) or a report
    field's code; a reported figure is headed by its label and unit."""
    FieldFactory(code="so_to_moi", label="Số tổ TK&VV thành lập mới", unit_label="tổ")
    codes = set(catalogue.indicators()) | {"so_to_moi"}

    workbook = load_workbook(io.BytesIO(exports.consolidated_workbook(consolidated_data(period=Period.year(2026)))))

    texts = list(workbook.sheetnames) + [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    ]
    assert "awards.awardees" in codes
    assert [text for text in texts if any(code in text for code in codes)] == []
    assert [text for text in texts if re.search(r"\b[a-z_]+\.[a-z_]+\b", text)] == []
    assert "Số tổ TK&VV thành lập mới (tổ)" in [cell.value for cell in workbook["Số liệu đơn vị báo cáo"][4]]
    # awards.awardees is headed by what it counts
    assert "Thanh niên làm kinh tế giỏi được tuyên dương (người)" in [c.value for c in workbook["Theo đơn vị"][4]]


# --- figures by the date of their fact ---------------------------------------------------


@pytest.fixture
def contest_2021(commune):
    """A 2021 contest written today: its final decided and its prize given in September 2021."""
    contest = ContestFactory(year=2021, status="finished")
    decided = datetime.datetime(2021, 9, 17, 17, 30, tzinfo=HCM)
    final = RoundFactory(contest=contest, order=1, status="closed", decided_at=decided)
    entry = EntryFactory(contest=contest, unit=commune, status="finished", round=final, lead=False)
    tier = PrizeTierFactory(contest=contest, amount=10_000_000)
    tier.awards.create(entry=entry, awarded_on=datetime.date(2021, 9, 17))
    return contest


def test_a_report_of_this_year_does_not_count_the_2021_contests_prizes(contest_2021, province):
    this_year = {row.code: row.total for row in consolidated_data(period=Period.year(2026)).indicators}
    past = {row.code: row.total for row in consolidated_data(period=Period.year(2021)).indicators}

    assert (this_year["competitions.prizes"], this_year["competitions.prize_money"]) == (0, 0)
    assert (past["competitions.prizes"], past["competitions.prize_money"]) == (1, 10_000_000)


def test_the_plan_page_of_this_year_does_not_count_the_2021_prizes(client, staff_user, plan, contest_2021):
    target = TargetFactory(
        plan=plan,
        label="Toàn tỉnh ít nhất 10 giải thưởng",
        indicator_code="competitions.prizes",
        scope=Target.Scope.PROVINCE,
        unit_kinds="",
        value=Decimal(10),
    )
    client.force_login(staff_user)
    row = row_of(client.get(plan.get_absolute_url()).content.decode(), target)
    assert re.search(r'data-light="\w+"[^>]*>0</span>', row)


# --- drill-down from the plan page -------------------------------------------------------


def test_a_province_wide_target_drills_down_to_units_and_records(
    client, staff_user, plan, groups_target, groups, province, commune
):
    client.force_login(staff_user)
    body = client.get(plan.get_absolute_url()).content.decode()
    drill = re.search(r'data-drill href="([^"]+)"', row_of(body, groups_target)).group(1)
    assert drill == reverse("reports:plan-unit", args=[plan.pk, province.pk]) + f"#target-{groups_target.pk}"

    page = client.get(drill.split("#")[0])
    assert page.status_code == 200
    card = page.content.decode()[page.content.decode().index(f'id="target-{groups_target.pk}"') :]
    commune_row = card[card.index(f'data-child="{commune.pk}"') :].split("</tr>")[0]
    records = re.search(r'<td class="text-end"><a href="([^"]+)"', commune_row).group(1)
    assert records.replace("&amp;", "&") == reverse("loans:group-list") + f"?unit={commune.pk}&year=2026"
    assert client.get(records.replace("&amp;", "&")).status_code == 200


def test_an_officer_drills_down_from_their_own_unit(client, officer, plan, groups_target, groups, commune, province):
    client.force_login(officer)
    body = client.get(plan.get_absolute_url()).content.decode()
    drill = re.search(r'data-drill href="([^"]+)"', row_of(body, groups_target)).group(1)

    assert drill.startswith(reverse("reports:plan-unit", args=[plan.pk, commune.pk]))
    page = client.get(drill.split("#")[0])
    assert page.status_code == 200
    assert "1/41 tổ" in page.content.decode()
    assert client.get(reverse("reports:plan-unit", args=[plan.pk, province.pk])).status_code == 404


# --- the status chart agrees with its badges ---------------------------------------------


def test_the_status_chart_draws_the_badge_counts_of_per_unit_targets(
    client, staff_user, plan, groups_target, groups, commune, other_commune, fake_indicators
):
    per_unit = TargetFactory(plan=plan, indicator_code="test.count", value=5)
    fake_indicators["test.count"].update({commune.pk: Measure(5), other_commune.pk: Measure(1)})
    client.force_login(staff_user)

    for url, source in ((plan.get_absolute_url(), "plan-chart-data"), (reverse("reports:dashboard"), None)):
        response = client.get(url)
        body = response.content.decode()
        chart = response.context["chart"]
        # The province-wide target has no badges, so no bar; the per-unit one has both.
        assert chart["targets"] == [per_unit.pk]
        row = row_of(body, per_unit)
        badges = {key: int(n) for key, n in re.findall(r'data-count="(\w+)">(\d+)<', row)}
        drawn = {series["key"]: series["data"][0] for series in chart["series"]}
        assert drawn == {"green": 1, "amber": 0, "red": 1, "none": 0}
        assert {key: drawn[key] for key in badges} == badges
        assert chart["max"] == 2
        if source:
            embedded = re.search(rf'<script id="{source}" type="application/json">(.*?)</script>', body, re.S)
            assert json.loads(embedded.group(1)) == chart


def test_a_reported_percentage_says_how_many_units_reported(client, staff_user, plan, commune, other_commune):
    from tests.reports.periodic.factories import FieldFactory
    from tests.reports.planning.test_reported_and_demo import _report

    field = FieldFactory(code="ty_le_doan_vien_khoi_nghiep", kind="number")
    quarter = {"start": datetime.date(2026, 7, 1), "end": datetime.date(2026, 9, 30)}
    _report(field, commune, **quarter, number=60)
    _report(field, other_commune, **quarter, number=90)
    target = TargetFactory(
        plan=plan,
        label="Đoàn viên tham gia hoạt động khởi nghiệp",
        source=Target.Source.REPORTED,
        indicator_code="",
        report_field_code=field.code,
        scope=Target.Scope.PROVINCE,
        unit_kinds="",
        comparison=Target.Comparison.AT_LEAST_PERCENT,
        value=Decimal(70),
    )
    client.force_login(staff_user)
    row = row_of(client.get(plan.get_absolute_url()).content.decode(), target)

    assert "75%" in row
    assert "bình quân 2 đơn vị đã báo cáo" in row
