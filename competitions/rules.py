"""Who may do what in a contest.

Staff run contests. Unit officers see and edit their units' entries. A judge sees
only the entries assigned to them, and only while the round is open; a mentor only
the entries of their coaching round. Lists start from `Entry.objects.visible_to`
for staff and officers, and from the judge's assignments for judges.
"""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer, manages_unit


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
rules.add_perm("competitions.manage_contest", is_provincial_staff)
rules.add_perm("competitions.score", is_assigned_judge)
rules.add_perm("competitions.judge", is_judge_of_any_contest | is_provincial_staff)
rules.add_perm("competitions.give_feedback", mentors_entry_round | is_provincial_staff)
