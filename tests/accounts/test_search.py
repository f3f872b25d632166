"""Units searched the way their names are typed: the unit list, the admin's search box and
the unit pickers (autocompletes) of every admin form."""

import pytest
from django.urls import reverse

from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(province, commune, branch, other_commune):
    return UnitFactory(name="Đoàn xã Đông Hưng", code="dong-hung", official_code="12345", parent=province)


def _names(units) -> list[str]:
    return sorted(unit.name for unit in units)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("to hieu", ["Đoàn phường Tô Hiệu"]),
        ("TÔ HIỆU", ["Đoàn phường Tô Hiệu"]),
        ("dong", ["Đoàn xã Đông Hưng"]),
        ("12345", ["Đoàn xã Đông Hưng"]),
    ],
)
def test_unit_list_finds_units_whatever_the_diacritics(client, staff_user, units, query, expected):
    client.force_login(staff_user)

    response = client.get(reverse("accounts:unit-list"), {"q": query})

    assert response.status_code == 200
    assert _names(response.context["units"]) == expected


def test_an_officer_finds_only_units_of_their_subtree(client, officer, units):
    client.force_login(officer)

    response = client.get(reverse("accounts:unit-list"), {"q": "doan"})

    assert _names(response.context["units"]) == ["Chi đoàn Tổ 5", "Đoàn phường Tô Hiệu"]


def test_the_admin_search_box_and_unit_picker_find_units_unaccented(client, staff_user, units):
    client.force_login(staff_user)

    changelist = client.get(reverse("admin:accounts_unit_changelist"), {"q": "doan xa dong hung"})
    picker = client.get(
        reverse("admin:autocomplete"),
        {"term": "to hieu", "app_label": "ventures", "model_name": "entrepreneur", "field_name": "unit"},
    )

    assert _names(changelist.context["cl"].result_list) == ["Đoàn xã Đông Hưng"]
    assert [row["text"] for row in picker.json()["results"]] == ["Đoàn phường Tô Hiệu"]


def test_a_renamed_unit_is_found_by_its_new_name(client, staff_user, commune):
    commune.name = "Đoàn phường Chiềng Lề"
    commune.save()
    client.force_login(staff_user)

    response = client.get(reverse("accounts:unit-list"), {"q": "chieng le"})

    assert _names(response.context["units"]) == ["Đoàn phường Chiềng Lề"]
