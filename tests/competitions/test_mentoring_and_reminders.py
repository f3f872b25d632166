"""Coaching rounds (mentors' advice, opening rounds); deadline reminders: test_deadline_reminders.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import Notification
from competitions import services
from competitions.models import Entry, MentorFeedback, Round
from tests.competitions.factories import AssignmentFactory, ContestFactory, EntryFactory, JudgeFactory, RoundFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coaching(commune):
    round = RoundFactory(kind=Round.Kind.COACHING, name="Tư vấn, hoàn thiện")
    mentor = UserFactory(full_name="TS. Lường Văn Toàn")
    round.mentors.add(mentor)
    entry = EntryFactory(
        contest=round.contest, unit=commune, status=Entry.Status.IN_COMPETITION, round=round, code="26-001"
    )
    return round, mentor, entry


def test_mentor_sees_teams_and_gives_feedback_the_unit_is_told(client, coaching, officer):
    round, mentor, entry = coaching
    client.force_login(mentor)

    page = client.get(reverse("competitions:mentor-round", args=[round.pk]))
    response = client.post(
        reverse("competitions:mentor-feedback-create", args=[round.pk, entry.pk]),
        {"text": "Nên tính lại giá thành sản phẩm."},
    )

    assert entry.title in page.content.decode()
    assert response.status_code == 302
    assert MentorFeedback.objects.get().text == "Nên tính lại giá thành sản phẩm."
    assert Notification.objects.get(recipient=officer).title == f"Chuyên gia góp ý cho bài “{entry.title}”"


def test_mentor_feedback_refused_outside_the_window(client, coaching):
    round, mentor, entry = coaching
    Round.objects.filter(pk=round.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(mentor)

    client.post(reverse("competitions:mentor-feedback-create", args=[round.pk, entry.pk]), {"text": "Muộn"})

    assert not MentorFeedback.objects.exists()


def test_mentor_and_staff_see_the_same_state_of_the_coaching_round(client, coaching, staff_user):
    round, mentor, _entry = coaching
    Round.objects.filter(pk=round.pk).update(
        opens_at=timezone.now() + datetime.timedelta(days=2), closes_at=timezone.now() + datetime.timedelta(days=6)
    )
    round.refresh_from_db()
    expected = round.state_at(timezone.now()).reason
    client.force_login(mentor)

    mentor_page = client.get(reverse("competitions:mentor-round", args=[round.pk])).content.decode()
    client.force_login(staff_user)
    staff_page = client.get(reverse("competitions:round-detail", args=[round.pk])).content.decode()

    assert expected.startswith("Chưa mở – mở từ ")
    assert expected in mentor_page
    assert expected in staff_page


@pytest.mark.parametrize("who", ["officer", "judge", "stranger"])
def test_only_mentors_and_staff_reach_a_coaching_round(client, coaching, officer, judge, who):
    round, _mentor, entry = coaching
    users = {"officer": officer, "judge": judge, "stranger": UserFactory()}
    client.force_login(users[who])

    page = client.get(reverse("competitions:mentor-round", args=[round.pk]))
    post = client.post(reverse("competitions:mentor-feedback-create", args=[round.pk, entry.pk]), {"text": "x"})

    assert (page.status_code, post.status_code) == (404, 404)
    assert not MentorFeedback.objects.exists()


def test_staff_open_rounds_in_order_and_mentors_are_told(client, staff_user):
    contest = ContestFactory()
    first = RoundFactory(contest=contest, order=1, status=Round.Status.PENDING)
    coaching = RoundFactory(contest=contest, order=2, kind=Round.Kind.COACHING, status=Round.Status.PENDING)
    mentor = UserFactory()
    coaching.mentors.add(mentor)
    client.force_login(staff_user)

    client.post(reverse("competitions:round-open", args=[coaching.pk]))
    coaching.refresh_from_db()
    assert coaching.status == Round.Status.PENDING  # the first round is not decided yet

    Round.objects.filter(pk=first.pk).update(decided_at=timezone.now(), status=Round.Status.CLOSED)
    client.post(reverse("competitions:round-open", args=[coaching.pk]))
    client.post(reverse("competitions:round-open", args=[coaching.pk]))

    coaching.refresh_from_db()
    assert coaching.status == Round.Status.OPEN
    assert Notification.objects.filter(recipient=mentor).count() == 1


def test_officer_cannot_open_a_round(client, officer):
    round = RoundFactory(status=Round.Status.PENDING)
    client.force_login(officer)

    assert client.post(reverse("competitions:round-open", args=[round.pk])).status_code == 403


def test_abstention_is_a_conflict_and_assignment_fills_the_place(staff_user, commune):
    round = RoundFactory(judges_per_entry=1)
    first = AssignmentFactory(round=round)
    other_judge = JudgeFactory(contest=round.contest, user=UserFactory())

    services.scorecard_abstain(assignment=first, reason="Người nhà của trưởng nhóm", actor=first.judge.user)
    report = services.judges_assign_automatically(round=round, actor=staff_user)
    again = services.judges_assign_automatically(round=round, actor=staff_user)

    assert first.judge.conflicts.get().reason == "Người nhà của trưởng nhóm"
    assert report.created == 1
    assert list(round.assignments.exclude(pk=first.pk).values_list("judge_id", flat=True)) == [other_judge.pk]
    assert again.created == 0
