"""Who may do what in a contest.

Staff run contests: the staff of the unit that owns the contest, and only they, manage it
and everything in it (`runs_contest`, with the contest, a round, a judge, an entry...).
Unit officers see and edit their units' entries. A judge sees
only the entries assigned to them, and only while the round is open; a mentor only
the entries of their coaching round. Lists start from `Entry.objects.visible_to`
for staff and officers, and from the judge's assignments for judges.
"""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer, manages_unit, runs_programme


def contest_of(obj):
    """The contest a contest's object belongs to: the contest itself, or the contest of a
    round, judge, entry, extension (`.contest`) or of a scorecard, criterion (`.round`)."""
    if obj is None or hasattr(obj, "owner_id"):
        return obj
    if hasattr(obj, "contest_id"):
        return obj.contest
    if hasattr(obj, "round_id"):
        return obj.round.contest
    if hasattr(obj, "judge_id"):
        return obj.judge.contest
    raise TypeError(f"No contest for {type(obj).__name__}")


@rules.predicate
def runs_contest(user, obj) -> bool:
    """Staff of the contest's owner unit; without an object (list pages, the admin's module
    check), any staff role."""
    return runs_programme(user, contest_of(obj))


@rules.predicate
def manages_entry_unit(user, entry) -> bool:
    if entry is None:
        return True
    return manages_unit(user, entry.unit)


@rules.predicate
def entry_is_draft(user, entry) -> bool:
    return entry is not None and entry.is_editable


@rules.predicate
def is_assigned_judge(user, assignment) -> bool:
    return assignment is not None and assignment.judge.user_id == user.pk


@rules.predicate
def is_judge_of_any_contest(user) -> bool:
    return user.is_authenticated and user.judgeships.exists()


@rules.predicate
def mentors_entry_round(user, entry) -> bool:
    if entry is None or entry.round_id is None:
        return False
    return entry.round.mentors.filter(pk=user.pk).exists()


has_unit_role = is_provincial_staff | is_unit_officer

rules.add_perm("competitions", is_provincial_staff)
rules.add_perm("competitions.list_contests", has_unit_role)
rules.add_perm("competitions.view_entry", (has_unit_role & manages_entry_unit) | mentors_entry_round)
rules.add_perm("competitions.add_entry", has_unit_role)
rules.add_perm("competitions.change_entry", has_unit_role & manages_entry_unit & entry_is_draft)
rules.add_perm("competitions.submit_entry", has_unit_role & manages_entry_unit)
rules.add_perm("competitions.manage_contest", runs_contest)
rules.add_perm("competitions.score", is_assigned_judge)
rules.add_perm("competitions.judge", is_judge_of_any_contest | is_provincial_staff)
rules.add_perm("competitions.give_feedback", mentors_entry_round | is_provincial_staff)
