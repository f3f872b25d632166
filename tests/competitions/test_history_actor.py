"""The contest's audit trail: every history row names the person who acted, called
outside any request (a shell, a task), for entries, judge assignments, scorecards and
the round's result."""

from decimal import Decimal

import pytest

from competitions import services
from competitions.models import Assignment
from tests.competitions.factories import ContestFactory, CriterionFactory, EntryFactory, JudgeFactory, RoundFactory
from tests.history import HistoryWatch, assert_all_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest_setup(commune, other_commune):
    contest = ContestFactory()
    preliminary = RoundFactory(contest=contest, order=1, judges_per_entry=2, advance_count=1)
    RoundFactory(contest=contest, order=2, name="Chung kết", is_live=True)
    criteria = [CriterionFactory(round=preliminary, max_points=Decimal("50")) for _ in range(2)]
    for n in range(3):
        JudgeFactory(contest=contest, affiliation=other_commune if n == 0 else None)
    entries = [EntryFactory(contest=contest, unit=commune) for _ in range(2)]
    return preliminary, criteria, entries


def test_each_step_of_the_contest_names_its_actor(contest_setup, officer, staff_user):
    preliminary, criteria, entries = contest_setup

    watch = HistoryWatch()
    for entry in entries:
        services.entry_submit(entry=entry, actor=officer)
    assert_all_by(watch, officer, models={"competitions.Entry"})

    watch = HistoryWatch()
    for entry in entries:
        services.entry_screen(entry=entry, eligible=True, actor=staff_user)
    services.judges_assign_automatically(round=preliminary, actor=staff_user)
    assert_all_by(watch, staff_user, models={"competitions.Entry", "competitions.Assignment"})
    assert len([r for r in watch.new_rows() if r.model == "competitions.Assignment"]) == 4

    for assignment in Assignment.objects.filter(round=preliminary).select_related("judge__user"):
        watch = HistoryWatch()
        services.scorecard_save(
            assignment=assignment,
            scores={c.pk: services.ScoreInput(Decimal(30)) for c in criteria},
            version=assignment.version,
            submit=True,
            actor=assignment.judge.user,
        )
        assert_all_by(watch, assignment.judge.user, models={"competitions.Assignment", "competitions.Score"})
        submitted = [r for r in watch.new_rows() if r.model == "competitions.Assignment"]
        assert [(r.object_id, r.history_type) for r in submitted] == [(assignment.pk, "~")]

    watch = HistoryWatch()
    services.round_advance(round=preliminary, actor=staff_user)
    assert_all_by(watch, staff_user, models={"competitions.Entry"})


def test_a_judge_abstaining_is_kept_with_the_judge(contest_setup, staff_user):
    preliminary, _criteria, entries = contest_setup
    for entry in entries:
        entry.status = entry.Status.SUBMITTED
        entry.save()
        services.entry_screen(entry=entry, eligible=True, actor=staff_user)
    services.judges_assign_automatically(round=preliminary, actor=staff_user)
    assignment = Assignment.objects.select_related("judge__user").first()
    watch = HistoryWatch()

    services.scorecard_abstain(assignment=assignment, reason="Người thân trong nhóm", actor=assignment.judge.user)

    assert_all_by(watch, assignment.judge.user, models={"competitions.Assignment"})
    history = assignment.history.order_by("-history_id").first()
    assert (history.status, history.abstain_reason) == (Assignment.Status.ABSTAINED, "Người thân trong nhóm")
