"""The registry's block on the home page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.ventures.factories import EntrepreneurFactory, VentureFactory, VentureUpdateFactory

pytestmark = pytest.mark.django_db

HOME_URL = reverse("home")


def _panel(response) -> str:
    """The registry block of the home page, up to the next panel."""
    body = response.content.decode()
    start = body.index('data-panel="registry"')
    end = body.find("data-panel=", start + 1)
    return body[start : end if end != -1 else None]


def _counts(panel: str) -> list[int]:
    """The three big numbers: young people, ventures, ventures without this month's update."""
    return [int(n) for n in re.findall(r'<div class="display-6[^"]*">(\d+)</div>', panel)]


@pytest.fixture
def registry(commune, branch, other_commune, person, branch_person, other_person):
    today = timezone.localdate()
    reported = VentureFactory(name="HTX đã báo cáo", unit=commune, owners=[person])
    VentureUpdateFactory(venture=reported, period_kind="month", year=today.year, period_number=today.month)
    yearly_only = VentureFactory(name="Trang trại chỉ báo cáo năm", unit=branch, owners=[branch_person])
    VentureUpdateFactory(venture=yearly_only, period_kind="year", year=today.year, period_number=1)
    VentureFactory(name="Tổ hợp tác chưa báo cáo", unit=branch, owners=[branch_person])
    VentureFactory(name="Mô hình tạm dừng", unit=commune, status="paused", owners=[person])
    VentureFactory(name="Mô hình xã khác", unit=other_commune, owners=[other_person])


def test_home_panel_for_officer_shows_counts_of_own_subtree(officer_client, registry):
    # Act
    response = officer_client.get(HOME_URL)

    # Assert
    panel = _panel(response)
    assert response.status_code == 200
    assert "Thanh niên khởi nghiệp và mô hình kinh tế" in panel
    assert _counts(panel) == [2, 4, 2]  # 2 people, 4 ventures, 2 active without this month's report


def test_home_panel_lists_active_ventures_awaiting_this_month(officer_client, registry):
    today = timezone.localdate()

    panel = _panel(officer_client.get(HOME_URL))

    assert f"chưa cập nhật tháng {today:%m/%Y}" in panel
    assert "Mô hình chờ cập nhật tiến độ" in panel
    assert "Tổ hợp tác chưa báo cáo" in panel
    assert "Trang trại chỉ báo cáo năm" in panel  # a yearly report is not this month's
    assert "HTX đã báo cáo" not in panel
    assert "Mô hình tạm dừng" not in panel
    assert "Mô hình xã khác" not in panel


def test_home_panel_links_each_awaiting_venture_to_its_update_form(officer_client, commune, person):
    venture = VentureFactory(name="HTX chờ", unit=commune, owners=[person])

    panel = _panel(officer_client.get(HOME_URL))

    assert reverse("ventures:venture-update-create", args=[venture.pk]) in panel


def test_home_panel_lists_at_most_eight_but_counts_all(officer_client, commune, person):
    for n in range(10):
        VentureFactory(name=f"Mô hình số {n:02d}", unit=commune, owners=[person])

    panel = _panel(officer_client.get(HOME_URL))

    assert _counts(panel) == [1, 10, 10]
    assert panel.count("Mô hình số ") == 8


def test_home_panel_for_staff_counts_every_unit(client, staff_user, registry):
    client.force_login(staff_user)

    panel = _panel(client.get(HOME_URL))

    assert _counts(panel) == [3, 5, 3]
    assert "Mô hình xã khác" in panel


def test_home_panel_with_nothing_registered_shows_zeros(officer_client):
    panel = _panel(officer_client.get(HOME_URL))

    assert _counts(panel) == [0, 0, 0]
    assert "Mô hình chờ cập nhật tiến độ" not in panel


@pytest.mark.parametrize("role_user", ["judge", "council_member", "bank_liaison"])
def test_home_has_no_registry_panel_for_other_roles(client, role_user, registry, request):
    client.force_login(request.getfixturevalue(role_user))

    response = client.get(HOME_URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-panel="registry"' not in body
    assert "Tổ hợp tác chưa báo cáo" not in body


def test_home_panel_escapes_venture_names(officer_client, commune):
    VentureFactory(name="<b>HTX</b>", unit=commune, owners=[EntrepreneurFactory(unit=commune)])

    panel = _panel(officer_client.get(HOME_URL))

    assert "&lt;b&gt;HTX&lt;/b&gt;" in panel
    assert "<b>HTX</b>" not in panel
