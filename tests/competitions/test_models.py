"""The contest's models: invariants the database keeps, and the small helpers on models."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from competitions.models import Assignment, Contest, Entry, Round, Score, TeamMember
from tests.competitions.factories import (
    AssignmentFactory,
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    RoundFactory,
    days,
)
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db


def _refused_by_database(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.fixture
def assignment():
    return AssignmentFactory()


@pytest.fixture
def criterion(assignment):
    return CriterionFactory(round=assignment.round, max_points=Decimal("20"))


@pytest.mark.parametrize("points", [Decimal("20.01"), Decimal("25"), Decimal("-0.5")])
def test_score_check_constraint_refuses_points_outside_the_criterion(assignment, criterion, points):
    _refused_by_database(
        lambda: Score.objects.create(
            assignment=assignment, criterion=criterion, points=points, criterion_max=criterion.max_points
        )
    )

    assert Score.objects.count() == 0


@pytest.mark.parametrize("points", [Decimal("0"), Decimal("12.5"), Decimal("20")])
def test_score_check_constraint_accepts_points_from_zero_to_max(assignment, criterion, points):
    score = Score.objects.create(
        assignment=assignment, criterion=criterion, points=points, criterion_max=criterion.max_points
    )

    score.refresh_from_db()
    assert score.points == points
    assert str(score) == f"{criterion.name}: {points:.2f}"


def test_score_once_per_criterion(assignment, criterion):
    Score.objects.create(assignment=assignment, criterion=criterion, points=Decimal("5"), criterion_max=Decimal("20"))

    _refused_by_database(
        lambda: Score.objects.create(
            assignment=assignment, criterion=criterion, points=Decimal("6"), criterion_max=Decimal("20")
        )
    )


def test_assignment_submitted_needs_a_total(assignment):
    assignment.status = Assignment.Status.SUBMITTED

    _refused_by_database(lambda: assignment.save())


def test_assignment_once_per_round_judge_entry(assignment):
    _refused_by_database(
        lambda: Assignment.objects.create(round=assignment.round, judge=assignment.judge, entry=assignment.entry)
    )


@pytest.mark.parametrize(
    ("status", "locked"),
    [
        (Assignment.Status.PENDING, False),
        (Assignment.Status.DRAFT, False),
        (Assignment.Status.SUBMITTED, True),
        (Assignment.Status.ABSTAINED, True),
    ],
)
def test_assignment_is_locked_once_submitted_or_abstained(status, locked):
    assert Assignment(status=status).is_locked is locked


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"submission_closes_at": datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)}, "Hạn nộp bài phải sau"),
        ({"min_entries_per_unit": 5, "max_entries_per_unit": 4}, "Số ý tưởng tối đa phải không nhỏ hơn"),
        ({"min_age": 30, "max_age": 18}, "Tuổi tối đa phải không nhỏ hơn tuổi tối thiểu."),
    ],
)
def test_contest_constraints_refuse_settings_out_of_order(changes, message):
    contest = ContestFactory.build(submission_opens_at=datetime.datetime(2026, 3, 15, tzinfo=datetime.UTC))
    for name, value in changes.items():
        setattr(contest, name, value)

    with pytest.raises(ValidationError) as raised:
        contest.full_clean()
    _refused_by_database(lambda: contest.save())

    assert message in " ".join(raised.value.messages)


def test_contest_without_maximum_is_valid():
    contest = ContestFactory.build(max_entries_per_unit=None)

    contest.full_clean()


def test_contest_accepts_submissions_only_inside_its_window_while_open():
    opens = datetime.datetime(2026, 3, 15, tzinfo=datetime.UTC)
    closes = datetime.datetime(2026, 8, 30, 16, 59, tzinfo=datetime.UTC)
    contest = ContestFactory.build(submission_opens_at=opens, submission_closes_at=closes)
    second = datetime.timedelta(seconds=1)

    assert [contest.accepts_submissions_at(moment) for moment in (opens - second, opens, closes, closes + second)] == [
        False,
        True,
        True,
        False,
    ]
    contest.status = Contest.Status.DRAFT
    assert contest.accepts_submissions_at(opens) is False


def test_contest_published_excludes_drafts():
    ContestFactory(status=Contest.Status.DRAFT)
    shown = [ContestFactory(status=Contest.Status.OPEN), ContestFactory(status=Contest.Status.FINISHED)]

    assert set(Contest.objects.published()) == set(shown)


def test_round_clean_refuses_both_ways_of_advancing():
    round = RoundFactory.build(contest=ContestFactory(), advance_count=10, advance_threshold=Decimal("70"))

    with pytest.raises(ValidationError) as raised:
        round.full_clean()

    assert raised.value.messages == ["Chọn một cách vào vòng sau: số bài cao nhất hoặc điểm sàn, không cả hai."]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closes_at": datetime.datetime(2026, 9, 5, tzinfo=datetime.UTC)}, "Thời gian kết thúc phải sau"),
        ({"judges_per_entry": 0}, "Mỗi bài cần ít nhất một giám khảo."),
    ],
)
def test_round_constraints(changes, message):
    round = RoundFactory.build(contest=ContestFactory(), opens_at=datetime.datetime(2026, 9, 5, tzinfo=datetime.UTC))
    for name, value in changes.items():
        setattr(round, name, value)

    with pytest.raises(ValidationError) as raised:
        round.full_clean()
    _refused_by_database(lambda: round.save())

    assert message in " ".join(raised.value.messages)


def test_round_order_is_unique_within_a_contest():
    first = RoundFactory(order=1)

    _refused_by_database(lambda: RoundFactory(contest=first.contest, order=1))


def test_round_is_open_only_when_open_and_inside_its_window():
    now = timezone.now()
    round = RoundFactory.build(opens_at=now - days(1), closes_at=now + days(1), status=Round.Status.OPEN)

    assert round.is_open_at(now) is True
    assert round.is_open_at(now + days(2)) is False
    assert round.is_open_at(now - days(2)) is False
    round.status = Round.Status.PENDING
    assert round.is_open_at(now) is False


def test_entry_code_unique_within_contest_but_blank_codes_repeat():
    contest = ContestFactory()
    EntryFactory(contest=contest, code="2026-001")
    EntryFactory(contest=contest, code="")
    EntryFactory(contest=contest, code="")
    EntryFactory(code="2026-001")  # another contest

    _refused_by_database(lambda: EntryFactory(contest=contest, code="2026-001", lead=False))


def test_team_has_at_most_one_lead():
    entry = EntryFactory()

    _refused_by_database(
        lambda: TeamMember.objects.create(entry=entry, entrepreneur=EntrepreneurFactory(), role=TeamMember.Role.LEAD)
    )
    TeamMember.objects.create(entry=entry, entrepreneur=EntrepreneurFactory(), role=TeamMember.Role.MEMBER)
    assert entry.team.count() == 2


def test_entry_querysets_split_drafts_quota_and_submitted():
    contest = ContestFactory()
    made = {status: EntryFactory(contest=contest, status=status, lead=False) for status in Entry.Status.values}

    submitted = set(Entry.objects.submitted().values_list("status", flat=True))
    quota = set(Entry.objects.counting_for_quota().values_list("status", flat=True))

    assert len(made) == 9  # with a young person's idea sent to, or returned by, their unit
    assert submitted == {"submitted", "rejected", "in_competition", "eliminated", "finished"}
    assert quota == submitted


def test_entry_visible_to_officer_of_its_unit_or_above(
    officer, other_officer, staff_user, commune, branch, other_commune
):
    contest = ContestFactory()
    own = EntryFactory(contest=contest, unit=commune, lead=False)
    below = EntryFactory(contest=contest, unit=branch, lead=False)
    elsewhere = EntryFactory(contest=contest, unit=other_commune, lead=False)

    assert set(Entry.objects.visible_to(officer)) == {own, below}
    assert set(Entry.objects.visible_to(other_officer)) == {elsewhere}
    assert set(Entry.objects.visible_to(staff_user)) == {own, below, elsewhere}


@pytest.mark.parametrize(("status", "editable"), [(Entry.Status.DRAFT, True), (Entry.Status.SUBMITTED, False)])
def test_entry_is_editable_only_as_a_draft(status, editable):
    assert Entry(status=status).is_editable is editable


def test_entry_str_shows_code_when_it_has_one():
    assert str(Entry(code="2021-007", title="Cà phê")) == "2021-007 Cà phê"
    assert str(Entry(code="", title="Cà phê")) == "Cà phê"
