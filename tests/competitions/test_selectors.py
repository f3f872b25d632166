"""Reads of the contest: rankings with their statistics and tie-breaks, conflicts, quota, progress."""

from decimal import Decimal

import pytest

from accounts.models import Membership
from competitions import selectors, services
from competitions.models import Assignment, Conflict, Entry, RoundResult
from tests.competitions.factories import (
    AssignmentFactory,
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    JudgeFactory,
    RoundFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round():
    return RoundFactory(order=1)


@pytest.fixture
def judges(round):
    return [JudgeFactory(contest=round.contest) for _ in range(4)]


def _entry(round, code, **kwargs):
    return EntryFactory(
        contest=round.contest, status=Entry.Status.IN_COMPETITION, round=round, code=code, lead=False, **kwargs
    )


def _card(round, judge, entry, total=None, status=Assignment.Status.SUBMITTED, **kwargs):
    if total is not None:
        kwargs["total"] = Decimal(str(total))
    return AssignmentFactory(round=round, judge=judge, entry=entry, status=status, **kwargs)


def _scored(round, judges, code, *totals):
    entry = _entry(round, code)
    for judge, total in zip(judges, totals, strict=False):
        _card(round, judge, entry, total)
    return entry


def _rows(round):
    return {row.entry_id: row for row in selectors.round_ranking(round=round)}


@pytest.mark.parametrize(
    ("totals", "mean", "median", "spread"),
    [
        ((70, 80, 95), "81.67", "80.00", "25"),
        ((70, 80), "75.00", "75.00", "10"),
        (("88.5", "61.25", "90", "72"), "77.94", "80.25", "28.75"),
        ((64,), "64.00", "64.00", "0"),
    ],
)
def test_round_ranking_mean_median_spread_exact(round, judges, totals, mean, median, spread):
    entry = _scored(round, judges, "2026-001", *totals)

    row = _rows(round)[entry.pk]

    assert (row.mean, row.median, row.spread) == (Decimal(mean), Decimal(median), Decimal(spread))
    assert row.totals == [Decimal(str(t)) for t in totals]
    assert (row.scored, row.assigned, row.missing, row.rank) == (len(totals), len(totals), 0, 1)
    assert (row.code, row.title, row.unit_name) == ("2026-001", entry.title, entry.unit.name)


def test_round_ranking_tie_break_mean_then_median_then_scorecards_then_code(round, judges):
    best = _scored(round, judges, "2026-009", 85, 85)
    higher_median = _scored(round, judges, "2026-008", 60, 90, 90)  # mean 80, median 90
    more_cards = _scored(round, judges, "2026-007", 70, 90, 80)  # mean 80, median 80, three cards
    lower_code = _scored(round, judges, "2026-005", 80, 80)  # mean 80, median 80, two cards
    higher_code = _scored(round, judges, "2026-006", 80, 80)
    unscored = _entry(round, "2026-001")

    ranking = selectors.round_ranking(round=round)

    assert [row.entry_id for row in ranking] == [
        best.pk,
        higher_median.pk,
        more_cards.pk,
        lower_code.pk,
        higher_code.pk,
        unscored.pk,
    ]
    assert [row.rank for row in ranking] == [1, 2, 3, 4, 5, 6]
    assert selectors.TIE_BREAK == ("mean", "median", "scored", "code")


def test_round_ranking_puts_entries_without_scorecards_last(round, judges):
    waiting = _entry(round, "2026-001")
    _card(round, judges[0], waiting, status=Assignment.Status.PENDING)
    never_assigned = _entry(round, "2026-002")
    low = _scored(round, judges, "2026-003", 1)

    ranking = selectors.round_ranking(round=round)

    assert [row.entry_id for row in ranking] == [low.pk, waiting.pk, never_assigned.pk]
    assert [(row.mean, row.median, row.spread, row.normalised) for row in ranking[1:]] == [(None,) * 4] * 2


def test_round_ranking_counts_missing_scorecards_and_abstentions(round, judges):
    entry = _entry(round, "2026-001")
    _card(round, judges[0], entry, status=Assignment.Status.PENDING)
    _card(round, judges[1], entry, status=Assignment.Status.DRAFT)
    _card(round, judges[2], entry, total=70)
    _card(round, judges[3], entry, status=Assignment.Status.ABSTAINED, abstain_reason="Quen biết nhóm")

    row = _rows(round)[entry.pk]

    assert (row.assigned, row.abstained, row.scored, row.missing) == (4, 1, 1, 2)
    assert (row.mean, row.median) == (Decimal("70.00"), Decimal("70.00"))


def test_round_ranking_abstentions_leave_the_mean_to_the_others(round, judges):
    entry = _scored(round, judges, "2026-001", 60, 90)
    _card(round, judges[2], entry, status=Assignment.Status.ABSTAINED, abstain_reason="Người nhà")

    row = _rows(round)[entry.pk]

    assert (row.mean, row.missing, row.abstained) == (Decimal("75.00"), 0, 1)


def test_round_ranking_normalises_a_harsh_and_a_lenient_judge(round):
    harsh, lenient = JudgeFactory(contest=round.contest), JudgeFactory(contest=round.contest)
    harsh_best = _scored(round, [harsh], "2026-001", 60)
    harsh_mid = _scored(round, [harsh], "2026-002", 50)
    harsh_low = _scored(round, [harsh], "2026-003", 40)
    lenient_best = _scored(round, [lenient], "2026-004", 95)
    lenient_low = _scored(round, [lenient], "2026-005", 85)

    ranking = selectors.round_ranking(round=round)

    # The raw ranking stays the ranking; the z-score sits beside it.
    assert [row.entry_id for row in ranking] == [
        lenient_best.pk,
        lenient_low.pk,
        harsh_best.pk,
        harsh_mid.pk,
        harsh_low.pk,
    ]
    assert {row.entry_id: row.normalised for row in ranking} == {
        lenient_best.pk: 1.0,
        lenient_low.pk: -1.0,
        harsh_best.pk: 1.225,  # (60 − 50) / pstdev(40, 50, 60) = 10 / 8.165
        harsh_mid.pk: 0.0,
        harsh_low.pk: -1.225,
    }


def test_round_ranking_normalised_averages_the_judges_z_scores(round):
    a, b = JudgeFactory(contest=round.contest), JudgeFactory(contest=round.contest)
    first = _entry(round, "2026-001")
    second = _entry(round, "2026-002")
    _card(round, a, first, 80)
    _card(round, a, second, 60)  # a: first +1, second −1
    _card(round, b, first, 70)
    _card(round, b, second, 70)  # b gave equal totals: no spread, z = 0

    rows = _rows(round)

    assert (rows[first.pk].normalised, rows[second.pk].normalised) == (0.5, -0.5)


def test_round_ranking_one_entry_per_judge_has_no_z_spread(round, judges):
    entry = _scored(round, judges[:1], "2026-001", 77)

    assert _rows(round)[entry.pk].normalised == 0.0


def test_round_ranking_keeps_decided_entries_after_they_moved_on(round, judges, staff_user):
    round.advance_count = 1
    round.judges_per_entry = 2
    round.save()
    RoundFactory(contest=round.contest, order=2, name="Chung kết")
    kept = _scored(round, judges, "2026-001", 90, 90)
    stopped = _scored(round, judges, "2026-002", 50, 50)
    services.round_advance(round=round, actor=staff_user)

    ranking = selectors.round_ranking(round=round)

    assert [(row.entry_id, row.mean) for row in ranking] == [
        (kept.pk, Decimal("90.00")),
        (stopped.pk, Decimal("50.00")),
    ]
    assert selectors.round_outcomes(round=round) == {
        kept.pk: RoundResult.Outcome.ADVANCED,
        stopped.pk: RoundResult.Outcome.ELIMINATED,
    }


def test_round_ranking_ignores_other_rounds_and_contests(round, judges):
    entry = _scored(round, judges, "2026-001", 70)
    elsewhere = RoundFactory(contest=round.contest, order=2)
    _scored(elsewhere, [JudgeFactory(contest=round.contest)], "2026-002", 99)
    _scored(RoundFactory(), [JudgeFactory()], "2026-001", 99)

    assert [row.entry_id for row in selectors.round_ranking(round=round)] == [entry.pk]


@pytest.mark.parametrize("entries", [1, 12])
def test_round_ranking_query_count_is_fixed(round, judges, django_assert_num_queries, entries):
    for n in range(entries):
        _scored(round, judges, f"2026-{n:03d}", 70, 80, 90)

    with django_assert_num_queries(2):
        ranking = selectors.round_ranking(round=round)

    assert len(ranking) == entries


def test_high_disagreement_threshold_is_a_quarter_of_the_weighted_maximum(round):
    CriterionFactory(round=round, max_points=Decimal("20"), weight=Decimal("1"))
    CriterionFactory(round=round, max_points=Decimal("25"), weight=Decimal("2"))
    CriterionFactory(round=round, max_points=Decimal("10"), weight=Decimal("0.5"))

    assert selectors.high_disagreement_threshold(round=round) == Decimal("18.75")  # (20 + 50 + 5) / 4


def test_judge_paths_count_affiliation_and_officer_roles_only(province, commune, branch, other_commune):
    contest = ContestFactory()
    affiliated = JudgeFactory(contest=contest, affiliation=commune)
    Membership.objects.create(user=affiliated.user, unit=branch, role=Membership.Role.OFFICER)
    officer_only = JudgeFactory(contest=contest)
    Membership.objects.create(user=officer_only.user, unit=other_commune, role=Membership.Role.OFFICER)
    province_judge = JudgeFactory(contest=contest)
    Membership.objects.create(user=province_judge.user, unit=province, role=Membership.Role.JUDGE)
    JudgeFactory()  # another contest

    paths = selectors.judge_paths_for_contest(contest_id=contest.pk)

    assert paths == {
        affiliated.pk: (commune.path, branch.path),
        officer_only.pk: (other_commune.path,),
        province_judge.pk: (),
    }


def test_declared_conflicts_of_one_contest(round, judges):
    entry = _entry(round, "2026-001")
    Conflict.objects.create(judge=judges[0], entry=entry, reason="Anh em họ")
    other = AssignmentFactory()
    Conflict.objects.create(judge=other.judge, entry=other.entry, reason="Đồng nghiệp")

    assert selectors.declared_conflicts(contest_id=round.contest_id) == {(judges[0].pk, entry.pk)}


def test_quota_by_unit_counts_what_the_quota_counts(commune, other_commune, branch):
    contest = ContestFactory()
    for status in (Entry.Status.SUBMITTED, Entry.Status.REJECTED, Entry.Status.DRAFT, Entry.Status.WITHDRAWN):
        EntryFactory(contest=contest, unit=commune, status=status, lead=False)
    EntryFactory(contest=contest, unit=other_commune, status=Entry.Status.IN_COMPETITION, lead=False)
    EntryFactory(contest=contest, unit=branch, status=Entry.Status.SUBMITTED, lead=False)
    EntryFactory(unit=commune, status=Entry.Status.SUBMITTED, lead=False)  # another contest

    counts = selectors.quota_by_unit(contest=contest, units=[commune, other_commune])

    assert counts == {commune.pk: 2, other_commune.pk: 1}


def test_judge_progress_counts_submitted_and_abstained_as_done(round, judges):
    judge = judges[0]
    statuses = [
        Assignment.Status.PENDING,
        Assignment.Status.DRAFT,
        Assignment.Status.SUBMITTED,
        Assignment.Status.ABSTAINED,
    ]
    for n, status in enumerate(statuses):
        total = 50 if status == Assignment.Status.SUBMITTED else None
        _card(round, judge, _entry(round, f"2026-{n:03d}"), total, status=status)
    _card(round, judges[1], _entry(round, "2026-100"), 60)

    found, progress = selectors.judge_round_progress(user=judge.user, round_pk=round.pk)

    assert found == round
    assert found.contest == round.contest
    assert progress == selectors.JudgeProgress(judge_id=judge.pk, done=2, total=4)
    assert selectors.judge_round_progress(user=UserFactory(), round_pk=round.pk) is None
    assert selectors.judge_round_progress(user=judge.user, round_pk=round.pk + 1000) is None


def test_entries_in_round_only_those_in_competition(round):
    current = _entry(round, "2026-001")
    EntryFactory(contest=round.contest, round=round, status=Entry.Status.ELIMINATED, lead=False)

    assert list(selectors.entries_in_round(round=round)) == [current]
