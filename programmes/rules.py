"""Who may see and run model programmes, register models in them and record their support.

A programme is seen by the units of its organiser's subtree (to register) and run by
the organiser and the units above it (to select, train and evaluate): a commune
officer registers, the district or province decides.
"""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, manages_unit

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
    path = programme.unit.path
    if access.reaches_path(path):
        return True
    return programme.status != "draft" and any(p.startswith(path) for p in access.scoped_paths)


@rules.predicate
def manages_programme(user, obj) -> bool:
    """The user works at the programme's organising unit or above it."""
    if obj is None:
        return True
    return manages_unit(user, _programme_of(obj).unit)


@rules.predicate
def reaches_participant(user, obj) -> bool:
    if obj is None:
        return True
    return manages_unit(user, _participant_unit(obj))


can_view_programme = has_unit_role & sees_programme
can_manage_programme = has_unit_role & manages_programme
is_staff_for_programme = is_provincial_staff & manages_programme
can_view_participant_record = has_unit_role & reaches_participant
can_edit_participant_record = has_unit_role & reaches_participant
is_staff_for_participant_record = is_provincial_staff & reaches_participant

rules.add_perm("programmes", is_provincial_staff)
# The list of programmes: anyone with a unit role (the rows come from visible_to).
rules.add_perm("programmes.list_programmes", has_unit_role)
# Objects: a programme for manage/register; a participant for the others.
rules.add_perm("programmes.manage_programme", can_manage_programme)
rules.add_perm("programmes.register_participant", can_view_programme)
rules.add_perm("programmes.select_participant", can_manage_programme)
rules.add_perm("programmes.evaluate_participant", can_manage_programme)
rules.add_perm("programmes.record_support", can_edit_participant_record)
rules.add_perm("programmes.withdraw_participant", can_edit_participant_record)
