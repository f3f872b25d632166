"""Loan referrals and savings-and-loan groups searched the way names are typed."""

import pytest
from django.urls import reverse

from tests.loans.factories import SavingsGroupFactory, make_referral
from tests.utils import search_queries_for_5_and_30_rows
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

REFERRALS_URL = reverse("loans:referral-list")
GROUPS_URL = reverse("loans:group-list")


@pytest.fixture
def referrals(commune, officer, other_commune, other_officer, programme, bank_office):
    make_referral(unit=commune, actor=officer, programme=programme, person=_person(commune, "Nguyễn Văn Ánh"))
    make_referral(unit=commune, actor=officer, programme=programme, person=_person(commune, "Lò Thị Đông"))
    make_referral(
        unit=other_commune, actor=other_officer, programme=programme, person=_person(other_commune, "Nguyễn Văn Ánh")
    )


def _person(unit, name):
    return EntrepreneurFactory(unit=unit, full_name=name)


def _borrowers(response) -> list[str]:
    assert response.status_code == 200
    return [referral.entrepreneur.full_name for referral in response.context["referrals"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van anh", ["Nguyễn Văn Ánh"]),  # the other commune's Nguyễn Văn Ánh stays hidden
        ("NGUYEN", ["Nguyễn Văn Ánh"]),
        ("ánh", ["Nguyễn Văn Ánh"]),
        ("Dong", ["Lò Thị Đông"]),
    ],
)
def test_referral_list_finds_borrowers_whatever_the_diacritics(client, officer, referrals, query, expected):
    client.force_login(officer)

    assert _borrowers(client.get(REFERRALS_URL, {"q": query})) == expected


def test_the_province_finds_both_communes_borrowers(client, staff_user, referrals):
    client.force_login(staff_user)

    assert _borrowers(client.get(REFERRALS_URL, {"q": "nguyen van anh"})) == ["Nguyễn Văn Ánh", "Nguyễn Văn Ánh"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("to tk&vv ban hin", ["Tổ TK&VV bản Hìn"]), ("pan", ["Tổ TK&VV bản Hìn"]), ("NA DUNG", ["Tổ vay vốn Nà Dũng"])],
)
def test_group_list_finds_groups_by_name_leader_or_hamlet(client, officer, commune, other_commune, query, expected):
    SavingsGroupFactory(unit=commune, name="Tổ TK&VV bản Hìn", leader_name="Lò Văn Pản", hamlet="Bản Hìn")
    SavingsGroupFactory(unit=commune, name="Tổ vay vốn Nà Dũng", leader_name="Cầm Thị Xuân", hamlet="Nà Dũng")
    SavingsGroupFactory(unit=other_commune, name="Tổ TK&VV bản Hìn Mường La", leader_name="Lò Văn Pản")
    client.force_login(officer)

    response = client.get(GROUPS_URL, {"q": query})

    assert [group.name for group in response.context["groups"]] == expected


def test_the_admin_search_box_finds_referrals_by_an_unaccented_name(client, staff_user, referrals):
    client.force_login(staff_user)

    response = client.get(reverse("admin:loans_referral_changelist"), {"q": "lo thi dong"})

    assert [r.entrepreneur.full_name for r in response.context["cl"].result_list] == ["Lò Thị Đông"]


def test_searched_lists_ask_as_many_queries_for_5_rows_as_for_30(client, officer, commune, programme, bank_office):
    client.force_login(officer)

    def add_referrals(count):
        for _ in range(count):
            make_referral(unit=commune, actor=officer, programme=programme, person=_person(commune, "Hà Thị Thuỷ"))

    def add_groups(count):
        SavingsGroupFactory.create_batch(count, unit=commune, leader_name="Hà Thị Thuỷ")

    five, thirty = search_queries_for_5_and_30_rows(client, REFERRALS_URL, {"q": "ha thi thuy"}, add_referrals)
    assert thirty == five
    five, thirty = search_queries_for_5_and_30_rows(client, GROUPS_URL, {"q": "ha thi thuy"}, add_groups)
    assert thirty == five
