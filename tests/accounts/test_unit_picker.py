"""Unit filters stay light when the user reaches the whole Union: above the limit the select
holds only the chosen unit, and a search asks the portal for units the user may see."""

import pytest
from django.urls import reverse

from accounts import widgets
from accounts.models import Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(widgets, "LIMIT", 2)


@pytest.fixture
def communes(province):
    return [UnitFactory(name=f"Đoàn xã Mường {n}", code=f"muong-{n}", parent=province) for n in range(5)]


def _options(page: str, name: str = "unit") -> int:
    start = page.index(f'name="{name}"')
    return page[start : page.index("</select>", start)].count("<option")


@pytest.mark.parametrize("url", ["ventures:entrepreneur-list", "ventures:venture-list", "loans:referral-list"])
def test_a_large_unit_filter_lists_only_the_chosen_unit(client, staff_user, communes, small_limit, url):
    client.force_login(staff_user)
    page = client.get(reverse(url), {"unit": communes[3].pk}).content.decode()
    assert "data-unit-picker=" in page
    assert _options(page) == 2  # "all" and the chosen unit
    assert "Đoàn xã Mường 3" in page


def test_a_small_unit_filter_stays_a_plain_select(client, staff_user, communes):
    client.force_login(staff_user)
    page = client.get(reverse("ventures:entrepreneur-list")).content.decode()
    assert "data-unit-picker=" not in page
    assert _options(page) == Unit.objects.count() + 1


def test_the_search_gives_only_units_the_user_may_see(client, officer, communes):
    client.force_login(officer)
    found = client.get(reverse("accounts:unit-pick"), {"q": "Mường"}).json()["results"]
    assert found == []  # the officer's commune is not one of them
    own = client.get(reverse("accounts:unit-pick"), {"q": ""}).json()["results"]
    assert {row["id"] for row in own} == set(Unit.objects.visible_to(officer).values_list("pk", flat=True))


def test_the_search_matches_names_and_codes_for_staff(client, staff_user, communes):
    client.force_login(staff_user)
    found = client.get(reverse("accounts:unit-pick"), {"q": "mường 4"}).json()["results"]
    assert [row["text"] for row in found] == ["Đoàn xã Mường 4"]
    assert client.get(reverse("accounts:unit-pick"), {"q": "muong-2"}).json()["results"][0]["id"] == communes[2].pk


def test_the_search_needs_a_sign_in(client):
    assert client.get(reverse("accounts:unit-pick")).status_code == 302
