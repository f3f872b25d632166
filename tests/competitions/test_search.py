"""Contest entries searched the way names are typed: by code, title or a team member's
name, on the staff's screening list, a unit's list and the admin."""

import datetime

import pytest
from django.urls import reverse

from competitions.models import Entry
from tests.competitions.factories import ContestFactory, EntryFactory
from tests.utils import search_queries_for_5_and_30_rows
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest(province):
    return ContestFactory(name="Cuộc thi Ý tưởng khởi nghiệp Sơn La 2026")


def _entry(contest, unit, code, title, member):
    lead = EntrepreneurFactory(full_name=member, unit=unit, date_of_birth=datetime.date(2000, 1, 1))
    return EntryFactory(contest=contest, unit=unit, status=Entry.Status.SUBMITTED, code=code, title=title, lead=lead)


@pytest.fixture
def entries(contest, commune, other_commune):
    _entry(contest, commune, "2026-007", "Nuôi cá tầm Tà Xùa", "Nguyễn Văn Ánh")
    _entry(contest, commune, "2026-008", "Homestay bản Đông", "Lò Thị Hoa")
    _entry(contest, other_commune, "2026-009", "Cá tầm Mường La", "Nguyễn Văn Ánh Dương")


def _titles(rows) -> list[str]:
    return sorted(row["title"] for row in rows)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ca tam", ["Cá tầm Mường La", "Nuôi cá tầm Tà Xùa"]),
        ("NUOI CA TAM", ["Nuôi cá tầm Tà Xùa"]),
        ("Dong", ["Homestay bản Đông"]),
        ("nguyen van anh", ["Cá tầm Mường La", "Nuôi cá tầm Tà Xùa"]),  # a team member
        ("2026-008", ["Homestay bản Đông"]),
    ],
)
def test_screening_list_finds_entries_whatever_the_diacritics(client, staff_user, contest, entries, query, expected):
    client.force_login(staff_user)

    response = client.get(reverse("competitions:screening-list", kwargs={"contest_pk": contest.pk}), {"q": query})

    assert response.status_code == 200
    assert _titles(response.context["rows"]) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("ca tam", ["Nuôi cá tầm Tà Xùa"]), ("lo thi hoa", ["Homestay bản Đông"]), ("muong la", [])],
)
def test_a_units_list_finds_only_its_own_entries(client, officer, contest, entries, query, expected):
    client.force_login(officer)

    response = client.get(reverse("competitions:contest-detail", kwargs={"pk": contest.pk}), {"q": query})

    assert response.status_code == 200
    assert _titles(response.context["entries"]) == expected


def test_the_admin_search_box_finds_entries_by_title_or_member_unaccented(client, staff_user, entries):
    client.force_login(staff_user)
    url = reverse("admin:competitions_entry_changelist")

    by_title = client.get(url, {"q": "homestay ban dong"})
    by_member = client.get(url, {"q": "NGUYEN VAN ANH"})

    assert [e.title for e in by_title.context["cl"].result_list] == ["Homestay bản Đông"]
    assert sorted(e.title for e in by_member.context["cl"].result_list) == ["Cá tầm Mường La", "Nuôi cá tầm Tà Xùa"]


def test_a_searched_screening_list_asks_as_many_queries_for_5_rows_as_for_30(client, staff_user, contest, commune):
    client.force_login(staff_user)
    url = reverse("competitions:screening-list", kwargs={"contest_pk": contest.pk})

    def add(count):
        for _ in range(count):
            _entry(contest, commune, "", "Sấy mận hậu Nà Ka", "Hà Thị Thuỷ")

    five, thirty = search_queries_for_5_and_30_rows(client, url, {"q": "say man hau"}, add)

    assert thirty == five
