"""The national roll-up: a plan of the national unit shows one row per province, drilling
down to that province's units. National figures are for the national staff; a province's
staff see the national plan read-only with their own province's row only; a unit outside
the national unit's tree does not see the plan."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Membership, Unit
from reports.models import Target
from tests.factories import UnitFactory, user_with_role
from tests.reports.planning.factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _nation(provinces: int):
    nation = UnitFactory(name="Trung ương Đoàn", code="tw-doan", kind=Unit.Kind.NATIONAL)
    made = []
    for i in range(provinces):
        province = UnitFactory(name=f"Tỉnh đoàn Số {i}", code=f"tinh-{i}", kind=Unit.Kind.PROVINCE, parent=nation)
        for j in range(2):
            UnitFactory(name=f"Đoàn xã {i}-{j}", code=f"xa-{i}-{j}", kind=Unit.Kind.COMMUNE, parent=province)
        made.append(province)
    plan = PlanFactory(issuer=nation, owner=nation, number="01-KH/TWĐTN")
    TargetFactory(plan=plan, label="Mỗi xã ít nhất 05 ý tưởng")
    TargetFactory(plan=plan, label="Toàn quốc 1.000 ý tưởng", scope=Target.Scope.PROVINCE, unit_kinds="", value=1000)
    return nation, made, plan


def _rows(page: str) -> list[str]:
    return [part.split('"')[0] for part in page.split('data-unit="')[1:]]


def test_national_staff_see_one_row_per_province_and_drill_down(client):
    nation, provinces, plan = _nation(3)
    staff = user_with_role(Membership.Role.STAFF, nation, username="staff-tw")
    client.force_login(staff)

    page = client.get(reverse("reports:plan-detail", args=[plan.pk])).content.decode()

    assert "Chỉ tiêu theo tỉnh, thành đoàn" in page
    assert _rows(page) == [str(p.pk) for p in provinces]
    assert "0/2 đơn vị đạt" in page  # each province: its two communes against "each commune 5"
    assert "Đoàn xã 0-0" not in page  # communes are one click down, not on the national page
    drill = client.get(reverse("reports:plan-unit", args=[plan.pk, provinces[0].pk])).content.decode()
    assert "Đoàn xã 0-0" in drill
    assert "Đoàn xã 1-0" not in drill


def test_province_staff_see_only_their_provinces_row(client):
    nation, provinces, plan = _nation(3)
    staff = user_with_role(Membership.Role.STAFF, provinces[1], username="staff-tinh-1")
    client.force_login(staff)

    page = client.get(reverse("reports:plan-detail", args=[plan.pk])).content.decode()

    assert _rows(page) == [str(provinces[1].pk)]
    assert reverse("reports:plan-update", args=[plan.pk]) not in page  # read-only
    assert client.get(reverse("reports:plan-unit", args=[plan.pk, provinces[0].pk])).status_code == 404
    assert client.get(reverse("reports:plan-unit", args=[plan.pk, nation.pk])).status_code == 404


def test_a_province_outside_the_nation_tree_does_not_see_the_plan(client, lai_chau_staff):
    _nation_unit, _provinces, plan = _nation(2)
    client.force_login(lai_chau_staff)

    assert client.get(reverse("reports:plan-detail", args=[plan.pk])).status_code == 404


@pytest.mark.parametrize("provinces", [3, 30])
def test_national_plan_page_queries_do_not_grow_with_units(client, django_assert_max_num_queries, provinces):
    nation, _made, plan = _nation(provinces)
    staff = user_with_role(Membership.Role.STAFF, nation, username="staff-tw")
    client.force_login(staff)

    with django_assert_max_num_queries(25):
        page = client.get(reverse("reports:plan-detail", args=[plan.pk]))

    assert len(_rows(page.content.decode())) == provinces


def test_consolidated_reports_stay_with_their_unit(client, province, staff_user, lai_chau, lai_chau_staff):
    from common.indicators import Period
    from reports.planning.consolidated import consolidated_data
    from reports.planning.services import consolidated_report_request

    son_la_commune = UnitFactory(name="Đoàn phường Chiềng Lề", code="chieng-le", parent=province)
    UnitFactory(name="Đoàn xã Bình Lư", code="binh-lu", parent=lai_chau)
    report = consolidated_report_request(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 5, 31), actor=staff_user
    )

    data = consolidated_data(period=Period.year(2026), owner=report.owner)
    client.force_login(lai_chau_staff)
    listing = client.get(reverse("reports:consolidated-list")).content.decode()

    assert report.owner == province
    assert [u.pk for u in data.listed_units] == [son_la_commune.pk]
    assert f'data-report="{report.pk}"' not in listing
    assert client.get(reverse("reports:consolidated-download", args=[report.pk, "pdf"])).status_code == 404
