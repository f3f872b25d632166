"""The registry searched the way names are typed: without diacritics, in capitals, in
part; what an officer may not see stays hidden; the admin's search box does the same."""

import pytest
from django.urls import reverse

from tests.utils import search_queries_for_5_and_30_rows
from tests.ventures.factories import EntrepreneurFactory, VentureFactory, entrepreneur_post

pytestmark = pytest.mark.django_db

PEOPLE_URL = reverse("ventures:entrepreneur-list")
VENTURES_URL = reverse("ventures:venture-list")


@pytest.fixture
def registry(commune, branch, other_commune):
    anh = EntrepreneurFactory(full_name="Nguyễn Văn Ánh", unit=commune)
    dong = EntrepreneurFactory(full_name="Lò Thị Đông", unit=branch)
    hidden = EntrepreneurFactory(full_name="Nguyễn Văn Ánh Dương", unit=other_commune)
    VentureFactory(name="HTX chè Đông Hưng", unit=commune, owners=[anh])
    VentureFactory(name="Trang trại dê Ánh Dương", unit=other_commune, owners=[hidden])
    return {"anh": anh, "dong": dong}


def _names(response, context_name) -> list[str]:
    assert response.status_code == 200
    return [str(row) for row in response.context[context_name]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van anh", ["Nguyễn Văn Ánh"]),  # the other commune's Nguyễn Văn Ánh Dương stays hidden
        ("Nguyen Van Anh", ["Nguyễn Văn Ánh"]),
        ("NGUYỄN", ["Nguyễn Văn Ánh"]),
        ("ánh", ["Nguyễn Văn Ánh"]),
        ("Dong", ["Lò Thị Đông"]),
        ("lo thi", ["Lò Thị Đông"]),
    ],
)
def test_registry_finds_people_whatever_the_diacritics_and_case(officer_client, registry, query, expected):
    response = officer_client.get(PEOPLE_URL, {"q": query})

    assert _names(response, "entrepreneurs") == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("dong hung", ["HTX chè Đông Hưng"]), ("CHE", ["HTX chè Đông Hưng"]), ("nguyen van anh", ["HTX chè Đông Hưng"])],
)
def test_venture_list_finds_by_name_or_owner_whatever_the_diacritics(officer_client, registry, query, expected):
    response = officer_client.get(VENTURES_URL, {"q": query})

    assert _names(response, "ventures") == expected


def test_the_province_finds_both_communes_people(client, staff_user, registry):
    client.force_login(staff_user)

    response = client.get(PEOPLE_URL, {"q": "nguyen van anh"})

    assert sorted(_names(response, "entrepreneurs")) == ["Nguyễn Văn Ánh", "Nguyễn Văn Ánh Dương"]


def test_a_person_edited_on_the_page_is_found_by_the_new_name(officer_client, registry, commune):
    person = registry["anh"]
    form = entrepreneur_post(commune, full_name="Hà Thị Phương")

    response = officer_client.post(reverse("ventures:entrepreneur-update", args=[person.pk]), form)

    assert response.status_code == 302
    assert _names(officer_client.get(PEOPLE_URL, {"q": "ha thi phuong"}), "entrepreneurs") == ["Hà Thị Phương"]
    assert _names(officer_client.get(PEOPLE_URL, {"q": "nguyen van anh"}), "entrepreneurs") == []


def test_the_admin_search_box_finds_people_and_ventures_unaccented(client, staff_user, registry):
    client.force_login(staff_user)

    people = client.get(reverse("admin:ventures_entrepreneur_changelist"), {"q": "NGUYEN van anh"})
    ventures = client.get(reverse("admin:ventures_venture_changelist"), {"q": "dong hung"})
    by_owner = client.get(reverse("admin:ventures_venture_changelist"), {"q": "lo thi dong"})

    assert sorted(str(p) for p in people.context["cl"].result_list) == ["Nguyễn Văn Ánh", "Nguyễn Văn Ánh Dương"]
    assert [str(v) for v in ventures.context["cl"].result_list] == ["HTX chè Đông Hưng"]
    assert list(by_owner.context["cl"].result_list) == []


@pytest.mark.parametrize(("url", "context_name"), [(PEOPLE_URL, "entrepreneurs"), (VENTURES_URL, "ventures")])
def test_a_search_asks_as_many_queries_for_5_rows_as_for_30(officer_client, commune, url, context_name):
    def add(count):
        for _ in range(count):
            person = EntrepreneurFactory(full_name="Đặng Thị Ngọc", unit=commune)
            VentureFactory(name="Vườn đào Ngọc", unit=commune, owners=[person])

    five, thirty = search_queries_for_5_and_30_rows(officer_client, url, {"q": "ngoc"}, add)

    assert thirty == five
    assert len(officer_client.get(url, {"q": "ngoc"}).context[context_name]) == 30
