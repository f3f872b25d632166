"""Who may do what with job fairs and counselling sessions.

A fair is run by the staff of the unit that owns it (`runs_programme`), helped on the ground
by the officers of the unit holding it or of a unit above that one: they edit and publish it,
approve employers, see and check in seekers, record applications and outcomes. Archiving a
fair and linking an employer to a youth venture are for the owner's staff only. Units above
and below a fair's unit see it (`JobFair.objects.visible_to`), read-only unless they run it.
Unit officers record counselling sessions at the schools under them. Employers and seekers
have no accounts: their private pages are reached through unguessable links, not through
these rules. Lists start from `visible_to(user)`.
"""

from __future__ import annotations

import rules

from accounts.rules import OFFICER, is_provincial_staff, is_unit_officer, runs_programme
from accounts.scoping import access_of


def fair_of(obj):
    """The fair an object belongs to: a fair, an employer, a seeker, a vacancy or an application."""
    for attribute in ("fair", "employer", "seeker", "vacancy"):
        if hasattr(obj, attribute) and not hasattr(obj, "slug"):
            return fair_of(getattr(obj, attribute))
    return obj


def officer_reaches(user, unit) -> bool:
    """The user is an officer of this unit or of a unit above it (a staff role does not count)."""
    return any(unit.path.startswith(u.path) for u in access_of(user).units_by_role.get(OFFICER, ()))


@rules.predicate
def runs_fair(user, obj) -> bool:
    """Staff of the fair's owner, or an officer at the fair's unit or above it (any staff or
    officer role, without an object: the list and create pages)."""
    if obj is None:
        access = access_of(user)
        return access.is_superuser or bool(access.scoped_paths)
    fair = fair_of(obj)
    return runs_programme(user, fair) or officer_reaches(user, fair.unit)


@rules.predicate
def owns_fair(user, obj) -> bool:
    """Staff of the unit owning the fair of this object (any staff role, without an object)."""
    return runs_programme(user, None if obj is None else fair_of(obj))


@rules.predicate
def reaches_school(user, session) -> bool:
    if session is None:
        return bool(access_of(user).scoped_paths) or access_of(user).is_superuser
    return access_of(user).reaches_path(session.school.path)


has_unit_role = is_provincial_staff | is_unit_officer

rules.add_perm("jobs", is_provincial_staff)
rules.add_perm("jobs.browse", has_unit_role)
rules.add_perm("jobs.add_fair", has_unit_role)
rules.add_perm("jobs.manage_fair", has_unit_role & runs_fair)
rules.add_perm("jobs.archive_fair", owns_fair)
rules.add_perm("jobs.link_venture", owns_fair)
rules.add_perm("jobs.record_counselling", has_unit_role)
rules.add_perm("jobs.view_counselling", has_unit_role & reaches_school)
