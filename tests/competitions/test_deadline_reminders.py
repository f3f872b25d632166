"""The contest's deadlines as `reports` reads them (`competitions/deadlines.py`), and the
reminders the daily run of `reports` sends from them (ported from the contest's own job)."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Membership
from common.models import Notification
from competitions import deadlines
from competitions.models import Entry
from reports.periodic.reminders import reminders_send
from tests.competitions.factories import AssignmentFactory, ContestFactory, EntryFactory, RoundFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _window(days=30):
    today = timezone.localdate()
    return {"start": today - datetime.timedelta(days=1), "end": today + datetime.timedelta(days=days)}


def test_quota_deadline_lists_only_units_below_minimum(officer, other_officer, commune, other_commune):
    contest = ContestFactory(
        submission_closes_at=timezone.now() + datetime.timedelta(days=2, hours=1), min_entries_per_unit=2
    )
    for _ in range(2):
        EntryFactory(contest=contest, unit=other_commune, status=Entry.Status.SUBMITTED)
    EntryFactory(contest=contest, unit=commune, status=Entry.Status.SUBMITTED)
    EntryFactory(contest=contest, unit=commune)  # a draft does not count

    found = [d for d in deadlines.deadlines(**_window()) if d.key.startswith("competitions.quota")]

    assert [(d.unit_id, [o.user_id for o in d.owed_by]) for d in found] == [(commune.pk, [officer.pk])]
    assert found[0].owed_by[0].detail == "Đoàn phường Tô Hiệu: 1/2 ý tưởng"
    assert found[0].due == timezone.localtime(contest.submission_closes_at).date()


def test_quota_deadline_follows_a_units_extension(officer, commune):
    from competitions.models import UnitExtension

    contest = ContestFactory(submission_closes_at=timezone.now() + datetime.timedelta(days=2))
    until = timezone.now() + datetime.timedelta(days=9)
    UnitExtension.objects.create(contest=contest, unit=commune, until=until, reason="Lũ quét")

    (found,) = [d for d in deadlines.deadlines(**_window()) if d.unit_id == commune.pk]

    assert found.due == timezone.localtime(until).date()


def test_passed_or_far_deadlines_are_left_out(officer, commune):
    ContestFactory(submission_closes_at=timezone.now() + datetime.timedelta(days=40))
    ContestFactory(
        submission_opens_at=timezone.now() - datetime.timedelta(days=20),
        submission_closes_at=timezone.now() - datetime.timedelta(hours=1),
    )

    assert deadlines.deadlines(**_window()) == []


def test_scoring_deadline_counts_each_judges_open_scorecards(commune):
    round = RoundFactory(closes_at=timezone.now() + datetime.timedelta(days=1))
    assignment = AssignmentFactory(round=round)
    AssignmentFactory(round=round, judge=assignment.judge)
    done = AssignmentFactory(round=round)
    done.status = done.Status.ABSTAINED
    done.abstain_reason = "Người thân trong nhóm dự thi"
    done.save()
    user_with_role(Membership.Role.JUDGE, commune, username="khac")

    (found,) = [d for d in deadlines.deadlines(**_window()) if d.key.startswith("competitions.scoring")]

    assert [(o.user_id, o.detail) for o in found.owed_by] == [(assignment.judge.user_id, "2 bài chưa chấm")]


def test_daily_run_reminds_officer_once_at_each_offset(
    officer, commune, mailoutbox, django_capture_on_commit_callbacks
):
    contest = ContestFactory(submission_closes_at=timezone.now() + datetime.timedelta(days=3, hours=2))
    due = timezone.localtime(contest.submission_closes_at).date()

    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=due - datetime.timedelta(days=3))
        reminders_send(today=due - datetime.timedelta(days=3))
        reminders_send(today=due - datetime.timedelta(days=2))  # not an offset

    (note,) = Notification.objects.filter(recipient=officer)
    assert note.title.startswith(f"Nộp ý tưởng dự thi {contest.name}")
    assert "còn 3 ngày" in note.title
    assert "Đoàn phường Tô Hiệu: 0/5 ý tưởng" in note.body or "ý tưởng" in note.body
    assert len(mailoutbox) == 1
