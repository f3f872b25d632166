"""What a judge's scorecard page and its actions read: the judge's own assignment and the entry's material."""

from __future__ import annotations

from pathlib import PurePath

from django.db.models import Q

from ..models import Assignment, EntryAttachment, MentorFeedback, Round
from .judging import SCORECARD_DONE


def judge_own_assignment(*, user, pk: int) -> Assignment | None:
    """The user's own assignment with what its pages show; another judge's is None (a 404).

    The judge comes along, so the `competitions.score` rule (`is_assigned_judge`)
    decides without a query of its own.
    """
    return (
        Assignment.objects.select_related("round__contest", "entry__category", "entry__unit", "judge")
        .filter(judge__user=user, pk=pk)
        .first()
    )


def _before(round: Round) -> Q:
    """Attachments sent with the entry or revised in an earlier round."""
    return Q(revision_round__isnull=True) | Q(revision_round__order__lt=round.order)


def scorecard_attachments(*, assignment: Assignment) -> list[tuple[EntryAttachment, str]]:
    """The entry's files the judge may open in this round, each with its file name."""
    attachments = assignment.entry.attachments.filter(_before(assignment.round)).select_related("revision_round")
    return [(a, PurePath(a.file.name).name) for a in attachments]


def scorecard_attachment(*, assignment: Assignment, attachment_pk: int) -> EntryAttachment | None:
    return (
        EntryAttachment.objects.filter(entry_id=assignment.entry_id)
        .filter(_before(assignment.round))
        .filter(pk=attachment_pk)
        .first()
    )


def scorecard_earlier_feedback(*, assignment: Assignment) -> list[MentorFeedback]:
    """Mentors' feedback on the entry in the contest's earlier rounds."""
    round = assignment.round
    return list(
        MentorFeedback.objects.filter(
            entry_id=assignment.entry_id, round__contest_id=round.contest_id, round__order__lt=round.order
        ).select_related("round")
    )


def scorecard_team(*, assignment: Assignment) -> list:
    """The entry's team, or nobody in a blind round."""
    if assignment.round.is_blind:
        return []
    return list(assignment.entry.team.select_related("entrepreneur"))


def next_pending_pk(*, assignment: Assignment) -> int | None:
    """The judge's next scorecard in this round still to do, by entry code."""
    return (
        Assignment.objects.filter(judge_id=assignment.judge_id, round_id=assignment.round_id)
        .exclude(status__in=SCORECARD_DONE)
        .exclude(pk=assignment.pk)
        .order_by("entry__code", "pk")
        .values_list("pk", flat=True)
        .first()
    )
