"""Permission predicates about roles and the union tree, shared by every app."""

from __future__ import annotations

import rules

from .scoping import access_of

STAFF = "staff"
OFFICER = "officer"
JUDGE = "judge"
COUNCIL = "council"
BANK_LIAISON = "bank_liaison"


@rules.predicate
def is_provincial_staff(user) -> bool:
    return access_of(user).has_role(STAFF)


@rules.predicate
def is_unit_officer(user) -> bool:
    return access_of(user).has_role(OFFICER)


@rules.predicate
def is_judge(user) -> bool:
    return access_of(user).has_role(JUDGE)


@rules.predicate
def is_council_member(user) -> bool:
    return access_of(user).has_role(COUNCIL)


@rules.predicate
def is_bank_liaison(user) -> bool:
    return access_of(user).has_role(BANK_LIAISON)


@rules.predicate
def manages_unit(user, unit) -> bool:
    """The user holds a staff or officer role at this unit or above it."""
    if unit is None:
        return False
    return access_of(user).reaches_path(unit.path)


@rules.predicate
def manages_unit_of(user, obj) -> bool:
    """Like `manages_unit`, for any object with a `unit` attribute."""
    if obj is None:
        return False
    return access_of(user).reaches_path(obj.unit.path)


@rules.predicate
def reaches_unit_or_list(user, unit) -> bool:
    """For the admin of units: a list (no object) passes, a unit must be in the user's reach."""
    return unit is None or access_of(user).reaches_path(unit.path)


@rules.predicate
def reaches_membership_or_list(user, membership) -> bool:
    return membership is None or access_of(user).reaches_path(membership.unit.path)


@rules.predicate
def reaches_person_or_list(user, person) -> bool:
    """A person whose roles all sit in the user's reach (or who has no role yet: just created,
    to be given one). Someone holding a role elsewhere is managed there, or by a superuser."""
    if person is None:
        return True
    access = access_of(user)
    if access.is_superuser:
        return True
    paths = [m.unit.path for m in person.memberships.all()]
    return all(access.reaches_path(path) for path in paths)


@rules.predicate
def runs_programme(user, programme) -> bool:
    """The user is staff of the unit that owns this programme object (a contest, a plan...).
    Without an object (list pages, the admin's module check), any staff role will do; the
    object check then narrows it."""
    if programme is None:
        return access_of(user).has_role(STAFF)
    return access_of(user).runs(programme.owner)


# Module access in the admin: only provincial staff enter these apps' admin pages.
rules.add_perm("accounts", is_provincial_staff)
rules.add_perm("accounts.view_unit_tree", is_provincial_staff | is_unit_officer)
