"""Who may see and change entrepreneurs, ventures and their updates."""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer, manages_unit

has_unit_role = is_provincial_staff | is_unit_officer


def _unit_of(obj):
    """Entrepreneurs and ventures carry a unit; updates and documents reach it through the venture."""
    return obj.unit if hasattr(obj, "unit") else obj.venture.unit


@rules.predicate
def reaches_record(user, obj) -> bool:
    # Without an object the question is "may this user open the list at all";
    # the rows themselves are filtered by visible_to().
    if obj is None:
        return True
    return manages_unit(user, _unit_of(obj))


can_register = has_unit_role
can_view_unit_record = has_unit_role & reaches_record
can_edit_unit_record = has_unit_role & reaches_record
is_staff_for_record = is_provincial_staff & reaches_record

rules.add_perm("ventures", is_provincial_staff)
rules.add_perm("ventures.list_records", has_unit_role)
rules.add_perm("ventures.export_records", has_unit_role)
rules.add_perm("ventures.import_records", has_unit_role)
rules.add_perm("ventures.record_update", can_edit_unit_record)
rules.add_perm("ventures.view_document", can_view_unit_record)
# Erasing a person's data on request (Decree 13/2023): provincial staff only.
rules.add_perm("ventures.anonymise_entrepreneur", is_staff_for_record)
rules.add_perm("ventures.archive_venture", is_staff_for_record)


# --- Model programmes ---------------------------------------------------------------
# A programme is seen by the units of its organiser's subtree (to register) and run by
# the organiser and the units above it (to select, train and evaluate): a commune
# officer registers, the district or province decides.


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

# Objects: a programme for manage/register; a participant for the others.
rules.add_perm("ventures.manage_programme", can_manage_programme)
rules.add_perm("ventures.register_participant", can_view_programme)
rules.add_perm("ventures.select_participant", can_manage_programme)
rules.add_perm("ventures.evaluate_participant", can_manage_programme)
rules.add_perm("ventures.record_support", can_edit_participant_record)
rules.add_perm("ventures.withdraw_participant", can_edit_participant_record)
