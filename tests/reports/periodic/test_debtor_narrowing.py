"""A home page asks the providers for one person's debts only: the same debts as the whole run."""

import datetime

import pytest

from competitions import deadlines as contest_deadlines
from competitions.models import Assignment
from reports.periodic import deadlines as report_deadlines
from tests.competitions.factories import AssignmentFactory, ContestFactory, EntryFactory, JudgeFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _owed(found, user):
    return sorted((d.key, o) for d in found for o in d.owed_by if o.user_id == user.pk)


def test_unit_reports_narrowed_to_one_officer_match_the_whole_run(
    officer, other_officer, staff_user, current, past, today
):
    start, end = today - datetime.timedelta(days=120), today + datetime.timedelta(days=60)
    everyone = report_deadlines.deadlines(start=start, end=end)

    for user in (officer, other_officer, staff_user):
        assert _owed(report_deadlines.deadlines(start=start, end=end, debtor=user), user) == _owed(everyone, user)
    assert _owed(everyone, officer)  # the check compares something
    assert report_deadlines.deadlines(start=start, end=end, debtor=staff_user) == []


def test_contest_quotas_and_scoring_narrowed_to_one_person_match_the_whole_run(
    officer, other_officer, staff_user, commune, province
):
    contest = ContestFactory(owner=province)
    round_ = RoundFactory(contest=contest, kind="scoring", status="open")
    judge = JudgeFactory(contest=contest)
    AssignmentFactory(round=round_, judge=judge, entry=EntryFactory(contest=contest, unit=commune))
    assert Assignment.objects.exclude(status="submitted").exists()
    start = min(contest.submission_closes_at, round_.closes_at).date() - datetime.timedelta(days=1)
    end = max(contest.submission_closes_at, round_.closes_at).date() + datetime.timedelta(days=1)
    everyone = contest_deadlines.deadlines(start=start, end=end)

    for user in (officer, other_officer, staff_user, judge.user):
        narrowed = contest_deadlines.deadlines(start=start, end=end, debtor=user)
        assert _owed(narrowed, user) == _owed(everyone, user)
    assert _owed(everyone, officer)
    assert _owed(everyone, judge.user)
