"""Events and their registrations searched the way names are typed."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.events.factories import EventFactory, RegistrationFactory
from tests.utils import search_queries_for_5_and_30_rows
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

EVENTS_URL = reverse("events:event-list")


@pytest.fixture
def events(commune, other_commune):
    return {
        "forum": EventFactory(unit=commune, title="Diễn đàn Khởi nghiệp Đông Bắc", venue="Nhà văn hoá bản Hìn"),
        "class": EventFactory(unit=commune, title="Lớp tập huấn thương mại điện tử", venue="Hội trường Tỉnh đoàn"),
        "hidden": EventFactory(unit=other_commune, title="Diễn đàn Khởi nghiệp Mường La", status=Event.Status.DRAFT),
    }


def _titles(response) -> list[str]:
    assert response.status_code == 200
    return [event.title for event in response.context["events"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dong bac", ["Diễn đàn Khởi nghiệp Đông Bắc"]),
        ("DIEN DAN", ["Diễn đàn Khởi nghiệp Đông Bắc"]),  # the other commune's draft stays hidden
        ("thương mại", ["Lớp tập huấn thương mại điện tử"]),
        ("ban hin", ["Diễn đàn Khởi nghiệp Đông Bắc"]),  # by venue
        ("to hieu", ["Diễn đàn Khởi nghiệp Đông Bắc", "Lớp tập huấn thương mại điện tử"]),  # by unit
    ],
)
def test_event_list_finds_events_whatever_the_diacritics(client, officer, events, query, expected):
    client.force_login(officer)

    assert sorted(_titles(client.get(EVENTS_URL, {"q": query}))) == sorted(expected)


@pytest.fixture
def registrations(events, commune):
    forum = events["forum"]
    RegistrationFactory(event=forum, unit=commune, full_name="Nguyễn Văn Ánh", phone="0912000111")
    RegistrationFactory(
        event=forum,
        unit=commune,
        entrepreneur=EntrepreneurFactory(unit=commune, full_name="Lò Thị Đông"),
        full_name="",
        phone="",
    )
    RegistrationFactory(event=forum, unit=commune, full_name="Trần Thị Bình", phone="0912000333")
    return forum


def _people(response) -> list[str]:
    assert response.status_code == 200
    return [r.full_name or r.entrepreneur.full_name for r in response.context["registrations"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van anh", ["Nguyễn Văn Ánh"]),
        ("ÁNH", ["Nguyễn Văn Ánh"]),
        ("Dong", ["Lò Thị Đông"]),  # a registry person's name
        ("0912000333", ["Trần Thị Bình"]),
    ],
)
def test_registration_list_finds_people_whatever_the_diacritics(client, staff_user, registrations, query, expected):
    client.force_login(staff_user)

    response = client.get(reverse("events:registration-list", args=[registrations.pk]), {"q": query})

    assert _people(response) == expected


def test_the_admin_search_boxes_find_events_and_registrations_unaccented(client, staff_user, registrations):
    client.force_login(staff_user)

    events = client.get(reverse("admin:events_event_changelist"), {"q": "khoi nghiep dong bac"})
    people = client.get(reverse("admin:events_registration_changelist"), {"q": "lo thi dong"})

    assert [e.title for e in events.context["cl"].result_list] == ["Diễn đàn Khởi nghiệp Đông Bắc"]
    assert [r.entrepreneur.full_name for r in people.context["cl"].result_list] == ["Lò Thị Đông"]


def test_searched_lists_ask_as_many_queries_for_5_rows_as_for_30(client, staff_user, commune):
    client.force_login(staff_user)
    event = EventFactory(unit=commune, title="Ngày hội khởi nghiệp")

    def add_events(count):
        for _ in range(count):
            EventFactory(unit=commune, title="Diễn đàn Khởi nghiệp Đông Bắc")

    def add_people(count):
        for _ in range(count):
            RegistrationFactory(event=event, unit=commune, full_name="Nguyễn Thị Đào")

    assert len(set(search_queries_for_5_and_30_rows(client, EVENTS_URL, {"q": "dong bac"}, add_events))) == 1
    url = reverse("events:registration-list", args=[event.pk])
    assert len(set(search_queries_for_5_and_30_rows(client, url, {"q": "nguyen thi dao"}, add_people))) == 1
