"""A fair's job seekers searched the way names are typed."""

import pytest
from django.urls import reverse

from tests.utils import search_queries_for_5_and_30_rows

from .factories import JobFairFactory, JobSeekerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seekers(fair, other_commune):
    JobSeekerFactory(fair=fair, full_name="Nguyễn Văn Ánh", phone="0966555444", ticket_code="NV-ANH-01")
    JobSeekerFactory(fair=fair, full_name="Lò Thị Đông")
    other_fair = JobFairFactory(unit=other_commune, name="Ngày hội việc làm Mường La", slug="ngay-hoi-muong-la")
    JobSeekerFactory(fair=other_fair, full_name="Nguyễn Văn Ánh Dương")
    return fair


def _names(response) -> list[str]:
    assert response.status_code == 200
    return [seeker.full_name for seeker in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van anh", ["Nguyễn Văn Ánh"]),  # another fair's seeker is not on this list
        ("NGUYỄN", ["Nguyễn Văn Ánh"]),
        ("ánh", ["Nguyễn Văn Ánh"]),
        ("Dong", ["Lò Thị Đông"]),
        ("0966555", ["Nguyễn Văn Ánh"]),
        ("nv-anh-01", ["Nguyễn Văn Ánh"]),  # the ticket code, typed whole
    ],
)
def test_seeker_list_finds_seekers_whatever_the_diacritics(client, staff_user, seekers, query, expected):
    client.force_login(staff_user)

    response = client.get(reverse("jobs:seeker-list", args=[seekers.pk]), {"q": query})

    assert _names(response) == expected


def test_another_communes_officer_cannot_search_the_fair(client, other_officer, seekers):
    client.force_login(other_officer)

    response = client.get(reverse("jobs:seeker-list", args=[seekers.pk]), {"q": "nguyen van anh"})

    assert response.status_code in (403, 404)


def test_the_admin_search_box_finds_seekers_unaccented(client, staff_user, seekers):
    client.force_login(staff_user)

    response = client.get(reverse("admin:jobs_jobseeker_changelist"), {"q": "lo thi dong"})

    assert [s.full_name for s in response.context["cl"].result_list] == ["Lò Thị Đông"]


def test_a_search_asks_as_many_queries_for_5_rows_as_for_30(client, staff_user, fair):
    client.force_login(staff_user)
    url = reverse("jobs:seeker-list", args=[fair.pk])

    def add(count):
        JobSeekerFactory.create_batch(count, fair=fair, full_name="Hà Thị Thuỷ")

    five, thirty = search_queries_for_5_and_30_rows(client, url, {"q": "ha thi thuy"}, add)

    assert thirty == five
