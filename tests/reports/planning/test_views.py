"""Dashboard pages: who sees what, drill-down, forms, and fixed query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from common.indicators import Measure
from reports.models import Plan, Target
from reports.planning import exports
from tests.factories import UnitFactory

from .factories import ActivityFactory, PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(province, fake_indicators):
    plan = PlanFactory(issuer=province, start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2025, 12, 31))
    ActivityFactory(plan=plan, content="Tổ chức Diễn đàn khởi nghiệp")
    TargetFactory(plan=plan, indicator_code="test.count", label="Mỗi đơn vị ít nhất 05 ý tưởng", value=5)
    return plan


def lights(response) -> list[str]:
    return re.findall(r'data-light="(\w+)"', response.content.decode())


def test_staff_see_plan_with_targets_by_unit(client, staff_user, plan, commune, other_commune, fake_indicators):
    fake_indicators["test.count"].update({commune.pk: Measure(5), other_commune.pk: Measure(2)})
    client.force_login(staff_user)
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mỗi đơn vị ít nhất 05 ý tưởng" in body
    assert "Tổ chức Diễn đàn khởi nghiệp" in body
    assert f'data-unit="{commune.pk}"' in body
    assert f'data-unit="{other_commune.pk}"' in body
    # The province's 7 ideas are not held against one unit's goal of 5: a per-unit target is
    # met when every unit meets it, so the province total is red while one unit is behind.
    assert lights(response) == ["red", "green", "red"]  # province total, then each unit
    assert "1/2 đơn vị đạt" in body


def test_officer_sees_only_their_subtree_read_only(client, officer, plan, commune, other_commune, fake_indicators):
    fake_indicators["test.count"].update({commune.pk: Measure(5), other_commune.pk: Measure(2)})
    client.force_login(officer)
    response = client.get(plan.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-unit="{commune.pk}"' in body
    assert f'data-unit="{other_commune.pk}"' not in body
    assert reverse("reports:target-create", args=[plan.pk]) not in body
    other_page = reverse("reports:plan-unit", args=[plan.pk, other_commune.pk])
    assert client.get(other_page).status_code == 404
    assert client.get(reverse("reports:target-create", args=[plan.pk])).status_code == 403
    assert client.get(reverse("reports:consolidated-list")).status_code == 403


@pytest.mark.parametrize("who", ["judge", "council_member", "bank_liaison"])
def test_other_roles_are_refused(client, request, who, plan):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert client.get(plan.get_absolute_url()).status_code == 403


def test_drill_down_from_province_to_unit_to_records(
    client, staff_user, plan, province, commune, branch, fake_indicators
):
    fake_indicators["test.count"].update({branch.pk: Measure(2), commune.pk: Measure(1)})
    client.force_login(staff_user)
    response = client.get(reverse("reports:plan-unit", args=[plan.pk, province.pk]))
    assert response.status_code == 200
    assert reverse("reports:plan-unit", args=[plan.pk, commune.pk]) in response.content.decode()
    response = client.get(reverse("reports:plan-unit", args=[plan.pk, commune.pk]))
    body = response.content.decode()
    assert f"/records/test.count/{commune.pk}/" in body  # the records behind the commune's 3
    assert f'data-child="{branch.pk}"' in body
    assert re.search(r'data-here>.*?data-light="\w+"[^>]*>3<', body, re.S)


def test_staff_add_a_target_and_a_target_without_scope_is_refused(client, staff_user, plan):
    client.force_login(staff_user)
    url = reverse("reports:target-create", args=[plan.pk])
    data = {
        "order": 2,
        "label": "Toàn tỉnh ít nhất 10 mô hình",
        "source": "computed",
        "indicator_code": "test.count",
        "scope": "",
        "comparison": "at_least",
        "value": "10",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Chỉ tiêu phải có phạm vi" in response.content.decode()
    assert plan.targets.count() == 1
    response = client.post(url, {**data, "scope": "province"})
    assert response.status_code == 302
    target = plan.targets.get(order=2)
    assert (target.scope, target.unit_kinds, target.value) == ("province", "", Decimal(10))


def test_staff_enter_a_plan(client, staff_user, province):
    client.force_login(staff_user)
    response = client.post(
        reverse("reports:plan-create"),
        {
            "number": "106-KH/TĐTN-PT",
            "issued_on": "2019-05-06",
            "title": "Triển khai Đề án “Thanh niên khởi nghiệp giai đoạn 2019 – 2022”",
            "owner": province.pk,
            "issuer": province.pk,
            "start_date": "2019-05-06",
            "end_date": "2022-12-31",
        },
    )
    plan = Plan.objects.get(number="106-KH/TĐTN-PT")
    assert response.status_code == 302
    assert plan.created_by == staff_user


def test_plan_with_end_before_start_is_refused(client, staff_user, province):
    client.force_login(staff_user)
    response = client.post(
        reverse("reports:plan-create"),
        {
            "number": "1-KH",
            "issued_on": "2026-01-01",
            "title": "x",
            "owner": province.pk,
            "issuer": province.pk,
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu thực hiện." in response.content.decode()
    assert not Plan.objects.exists()


def _grow(province, plan, fake_indicators, n: int) -> None:
    units = [UnitFactory(parent=province, code=f"xa-{n}-{i}") for i in range(n)]
    for i, unit in enumerate(units):
        UnitFactory(parent=unit, kind="branch", code=f"cd-{n}-{i}")
        fake_indicators["test.count"][unit.pk] = Measure(i)
    TargetFactory(plan=plan, indicator_code="test.count", scope=Target.Scope.PROVINCE, unit_kinds="", value=50)


@pytest.mark.parametrize("size", [1, 40])
def test_dashboard_and_plan_pages_cost_a_fixed_number_of_queries(
    client, staff_user, plan, province, fake_indicators, django_assert_max_num_queries, size
):
    _grow(province, plan, fake_indicators, size)
    client.force_login(staff_user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reports:dashboard")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(plan.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reports:plan-unit", args=[plan.pk, province.pk])).status_code == 200


def test_staff_edit_a_target_in_place(client, staff_user, plan):
    target = plan.targets.get()
    client.force_login(staff_user)
    url = reverse("reports:target-update", args=[target.pk])
    page = client.get(url)
    assert 'value="Mỗi đơn vị ít nhất 05 ý tưởng"' in page.content.decode()
    response = client.post(
        url,
        {
            "order": 1,
            "label": "Mỗi đơn vị ít nhất 06 ý tưởng",
            "source": "computed",
            "indicator_code": "test.count",
            "scope": "unit",
            "unit_kinds": ["commune", "school"],
            "comparison": "at_least",
            "value": "6",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert plan.targets.count() == 1
    assert (target.label, target.unit_kinds, target.value) == ("Mỗi đơn vị ít nhất 06 ý tưởng", "commune,school", 6)


def test_staff_edit_an_activity_and_a_plan(client, staff_user, plan):
    activity = plan.activities.get()
    client.force_login(staff_user)
    response = client.post(
        reverse("reports:activity-update", args=[activity.pk]),
        {"order": 1, "content": "Diễn đàn khởi nghiệp tại Trường Đại học Tây Bắc", "timeline": "Tháng 4/2025"},
    )
    assert response.status_code == 302
    assert plan.activities.get().content == "Diễn đàn khởi nghiệp tại Trường Đại học Tây Bắc"
    page = client.get(reverse("reports:plan-update", args=[plan.pk]))
    assert plan.number in page.content.decode()


def test_dashboard_lights_use_the_labels_of_the_export(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert response.context["light_labels"] == exports.light_labels()
