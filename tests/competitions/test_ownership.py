"""Contests belong to the unit that runs them: its staff manage them, other units' staff do not."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from competitions import services
from competitions.models import Contest, Round
from tests.competitions.factories import ContestFactory, RoundFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

OPENS = timezone.make_aware(datetime.datetime(2026, 3, 15, 8, 0))
CLOSES = timezone.make_aware(datetime.datetime(2026, 8, 30, 23, 59))


def contest_of(owner, **kwargs) -> Contest:
    return ContestFactory(owner=owner, submission_opens_at=OPENS, submission_closes_at=CLOSES, **kwargs)


@pytest.fixture
def son_la_contest(province):
    return contest_of(province, name="Cuộc thi khởi nghiệp Sơn La")


@pytest.fixture
def son_la_round(son_la_contest):
    return RoundFactory(
        contest=son_la_contest,
        order=1,
        status=Round.Status.PENDING,
        opens_at=CLOSES,
        closes_at=CLOSES + datetime.timedelta(days=5),
    )


@pytest.fixture
def lai_chau_contest(lai_chau):
    return contest_of(lai_chau, name="Cuộc thi khởi nghiệp Lai Châu")


@pytest.fixture
def school_contest(school):
    return contest_of(school, name="Cuộc thi khởi nghiệp sinh viên")


def login(client, user):
    client.force_login(user)
    return client


def staff_pages(contest: Contest, round_: Round) -> list[str]:
    return [
        reverse("competitions:screening-list", kwargs={"contest_pk": contest.pk}),
        reverse("competitions:extension-create", kwargs={"contest_pk": contest.pk}),
        reverse("competitions:prize-assign", kwargs={"contest_pk": contest.pk}),
        reverse("competitions:contest-entries-export", kwargs={"contest_pk": contest.pk}),
        reverse("competitions:round-detail", kwargs={"pk": round_.pk}),
        reverse("competitions:round-matrix-export", kwargs={"pk": round_.pk}),
    ]


def test_other_province_staff_see_only_their_own_contests_in_the_list(
    client, son_la_contest, lai_chau_staff, lai_chau_contest
):
    response = login(client, lai_chau_staff).get(reverse("competitions:contest-list"))

    assert [row["contest"] for row in response.context["rows"]] == [lai_chau_contest]
    assert "Cuộc thi khởi nghiệp Sơn La" not in response.content.decode()


def test_other_province_staff_get_404_on_every_page_of_a_contest_they_cannot_see(
    client, son_la_contest, son_la_round, lai_chau_staff
):
    login(client, lai_chau_staff)

    assert client.get(son_la_contest.get_absolute_url()).status_code == 404
    assert [client.get(url).status_code for url in staff_pages(son_la_contest, son_la_round)] == [404] * 6


def test_a_forged_post_from_other_province_staff_changes_nothing(client, son_la_contest, son_la_round, lai_chau_staff):
    login(client, lai_chau_staff)

    publish = client.post(
        reverse("competitions:contest-no-prizes", kwargs={"contest_pk": son_la_contest.pk}),
        {"reason": "Không có bài đạt"},
    )
    opened = client.post(reverse("competitions:round-open", kwargs={"pk": son_la_round.pk}))

    assert (publish.status_code, opened.status_code) == (404, 404)
    son_la_contest.refresh_from_db()
    son_la_round.refresh_from_db()
    assert (son_la_contest.no_prizes_reason, son_la_round.status) == ("", Round.Status.PENDING)


def test_province_staff_manage_their_own_contest(client, staff_user, son_la_contest, son_la_round):
    login(client, staff_user)

    detail = client.get(son_la_contest.get_absolute_url())

    assert detail.context["can_manage"] is True
    assert [client.get(url).status_code for url in staff_pages(son_la_contest, son_la_round)] == [200] * 6


def test_a_school_runs_its_own_contest_and_the_province_only_watches(
    client, staff_user, school, school_contest, son_la_contest
):
    round_ = RoundFactory(
        contest=school_contest,
        order=1,
        status=Round.Status.PENDING,
        opens_at=CLOSES,
        closes_at=CLOSES + datetime.timedelta(5),
    )
    school_staff = user_with_role(Membership.Role.STAFF, school, username="staff-truong")

    login(client, school_staff)
    assert [client.get(url).status_code for url in staff_pages(school_contest, round_)] == [200] * 6
    # The province's contest is above the school: seen (published), never run.
    assert client.get(son_la_contest.get_absolute_url()).context["can_manage"] is False

    login(client, staff_user)
    detail = client.get(school_contest.get_absolute_url())
    assert detail.status_code == 200
    assert detail.context["can_manage"] is False
    assert "data-staff-tools" not in detail.content.decode()
    assert [client.get(url).status_code for url in staff_pages(school_contest, round_)] == [403] * 6
    refused = client.post(reverse("competitions:round-open", kwargs={"pk": round_.pk}))
    assert refused.status_code == 403
    round_.refresh_from_db()
    assert round_.status == Round.Status.PENDING


def test_drafts_are_seen_by_the_staff_above_their_owner_not_by_officers(staff_user, officer, lai_chau_staff, school):
    draft = contest_of(school, status=Contest.Status.DRAFT)

    assert list(Contest.objects.visible_to(staff_user)) == [draft]
    assert list(Contest.objects.visible_to(officer)) == []
    assert list(Contest.objects.visible_to(lai_chau_staff)) == []


def test_a_commune_officer_still_sees_and_submits_to_the_province_contest(client, officer, son_la_contest):
    login(client, officer)

    response = client.get(reverse("competitions:contest-list"))

    assert [row["contest"] for row in response.context["rows"]] == [son_la_contest]
    assert client.get(son_la_contest.get_absolute_url()).status_code == 200


def test_the_admin_lists_visible_contests_and_changes_only_those_run(
    client, staff_user, lai_chau_staff, lai_chau_contest, son_la_contest, school_contest
):
    changelist = reverse("admin:competitions_contest_changelist")

    login(client, lai_chau_staff)
    assert list(client.get(changelist).context["cl"].queryset) == [lai_chau_contest]
    son_la_change = reverse("admin:competitions_contest_change", args=[son_la_contest.pk])
    assert client.get(son_la_change).status_code == 302  # not in its queryset: "does not exist"

    login(client, staff_user)
    assert set(client.get(changelist).context["cl"].queryset) == {son_la_contest, school_contest}
    school_change = reverse("admin:competitions_contest_change", args=[school_contest.pk])
    page = client.get(school_change)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False


def test_the_admin_add_form_offers_only_the_units_the_user_runs(client, lai_chau_staff, lai_chau):
    response = login(client, lai_chau_staff).get(reverse("admin:competitions_contest_add"))

    field = response.context["adminform"].form.fields["owner"]
    assert list(field.queryset) == [lai_chau]
    assert response.context["adminform"].form.initial["owner"] == lai_chau.pk


def test_copying_a_contest_keeps_its_owner_and_refuses_another_unit_staff(staff_user, lai_chau_staff, son_la_contest):
    copy = services.contest_copy(source=son_la_contest, year=2027, actor=staff_user)

    assert copy.owner == son_la_contest.owner
    with pytest.raises(PermissionDenied):
        services.contest_copy(source=son_la_contest, year=2028, actor=lai_chau_staff)
    with pytest.raises(PermissionDenied):
        services.contest_open(contest=son_la_contest, actor=lai_chau_staff)
