"""Who may see and change entrepreneurs, ventures and their updates."""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer, manages_unit
from accounts.scoping import access_of

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


@rules.predicate
def staff_reach_record(user, obj) -> bool:
    """The user holds the staff role at the record's unit or above it (an officer role there is not enough)."""
    if obj is None:
        return True
    access = access_of(user)
    path = _unit_of(obj).path
    return access.is_superuser or any(path.startswith(p) for p in access.staff_paths)


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
# Merging two records of one person: staff whose own unit reaches the record (asked of both).
rules.add_perm("ventures.merge_entrepreneur", is_provincial_staff & staff_reach_record)
