"""A walk through the contest's services, end to end, as the foundation for finer tests."""

from decimal import Decimal

import pytest

from competitions import selectors, services
from competitions.models import Assignment, Entry, RoundResult
from tests.competitions.factories import ContestFactory, CriterionFactory, EntryFactory, JudgeFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_contest_from_submission_to_advancement(staff_user, officer, commune, province, other_commune):
    contest = ContestFactory()
    preliminary = RoundFactory(contest=contest, order=1, judges_per_entry=2, advance_count=1)
    final = RoundFactory(contest=contest, order=2, name="Chung kết", is_live=True)
    criteria = [CriterionFactory(round=preliminary, max_points=Decimal("50")) for _ in range(2)]
    for n in range(3):
        JudgeFactory(contest=contest, affiliation=other_commune if n == 0 else None)
    entries = [EntryFactory(contest=contest, unit=commune) for _ in range(2)]

    for entry in entries:
        services.entry_submit(entry=entry, actor=officer)
        services.entry_screen(entry=entry, eligible=True, actor=staff_user)
    report = services.judges_assign_automatically(round=preliminary, actor=staff_user)

    assert report.created == 4
    assert not report.unfilled
    assert sorted(report.loads.values()) == [1, 1, 2]  # the conflicted-free spread, differing by at most one
    for n, assignment in enumerate(Assignment.objects.filter(round=preliminary).select_related("round")):
        points = Decimal(40 if assignment.entry_id == entries[0].pk else 20) + n % 2
        services.scorecard_save(
            assignment=assignment,
            scores={c.pk: services.ScoreInput(points) for c in criteria},
            version=assignment.version,
            submit=True,
            actor=assignment.judge.user,
        )

    ranking = selectors.round_ranking(round=preliminary)
    results = services.round_advance(round=preliminary, actor=staff_user)
    again = services.round_advance(round=preliminary, actor=staff_user)

    assert [row.entry_id for row in ranking] == [entries[0].pk, entries[1].pk]
    assert [r.outcome for r in results] == [RoundResult.Outcome.ADVANCED, RoundResult.Outcome.ELIMINATED]
    assert len(again) == 2
    entries[0].refresh_from_db()
    entries[1].refresh_from_db()
    assert entries[0].round == final
    assert entries[1].status == Entry.Status.ELIMINATED
    assert entries[0].code == "2026-001"
