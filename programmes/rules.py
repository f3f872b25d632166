"""Who may see and run model programmes, register models in them and record their support.

A programme belongs to the unit that runs it (its `owner`): that unit's staff run it
(select, train, evaluate, edit); it is seen by the units of the owner's subtree (to
register) and by the units above; a unit's staff never run another unit's programme.
A commune officer registers, the owner's staff decide.
"""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer, manages_unit
from accounts.rules import runs_programme as _runs

# A participant is a unit's record like a venture: the registry's predicates decide.
from ventures.rules import (  # noqa: F401 - the models' rules_permissions read them from here
    can_edit_unit_record,
    can_register,
    can_view_unit_record,
    has_unit_role,
    is_staff_for_record,
)


def _programme_of(obj):
    """A programme is itself; sessions and participants name theirs; support records
    and attendances reach it through their participant."""
    if hasattr(obj, "participant"):
        return obj.participant.programme
    return getattr(obj, "programme", obj)


def _participant_unit(obj):
    return obj.participant.unit if hasattr(obj, "participant") else obj.unit


@rules.predicate
def sees_programme(user, obj) -> bool:
    if obj is None:
        return True
    from accounts.scoping import access_of

    programme = _programme_of(obj)
    access = access_of(user)
    path = programme.owner.path
    if access.reaches_path(path):
        return True
    return programme.status != "draft" and any(p.startswith(path) for p in access.scoped_paths)


@rules.predicate
def runs_programme_of(user, obj) -> bool:
    """The user is staff of the unit that owns the programme (of this session, participant
    or support record). Without an object, any staff role: the object check narrows it."""
    return _runs(user, None if obj is None else _programme_of(obj))


@rules.predicate
def reaches_participant(user, obj) -> bool:
    if obj is None:
        return True
    return manages_unit(user, _participant_unit(obj))


can_view_programme = has_unit_role & sees_programme
can_view_participant_record = has_unit_role & reaches_participant
# The registering unit's officers (and those above them) or the programme's runners:
# provincial staff above a school's programme see its models but do not act on them.
acts_for_participant = runs_programme_of | (is_unit_officer & reaches_participant)

rules.add_perm("programmes", is_provincial_staff)
# The list of programmes: anyone with a unit role (the rows come from visible_to).
rules.add_perm("programmes.list_programmes", has_unit_role)
# Objects: a programme for manage/register; a participant for the others.
rules.add_perm("programmes.manage_programme", runs_programme_of)
rules.add_perm("programmes.register_participant", can_view_programme)
rules.add_perm("programmes.select_participant", runs_programme_of)
rules.add_perm("programmes.evaluate_participant", runs_programme_of)
rules.add_perm("programmes.record_support", acts_for_participant)
rules.add_perm("programmes.withdraw_participant", acts_for_participant)
