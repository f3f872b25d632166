"""Who may do what with job fairs and counselling sessions.

Provincial staff and the officers of a fair's organising unit (or a unit above it)
run the fair: edit it, approve employers, see and check in seekers, record
applications and outcomes. Only provincial staff link an employer to a youth
venture. Unit officers record counselling sessions at the schools under them.
Employers and seekers have no accounts: their private pages are reached through
unguessable links, not through these rules. Lists start from `visible_to(user)`.
"""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer
from accounts.scoping import access_of


def fair_of(obj):
    """The fair an object belongs to: a fair, an employer, a seeker, a vacancy or an application."""
    for attribute in ("fair", "employer", "seeker", "vacancy"):
        if hasattr(obj, attribute) and not hasattr(obj, "slug"):
            return fair_of(getattr(obj, attribute))
    return obj


@rules.predicate
def runs_fair(user, obj) -> bool:
    """Staff or officer at the fair's organising unit or above it (any fair, without an object)."""
    access = access_of(user)
    if obj is None:
        return access.is_superuser or bool(access.scoped_paths)
    return access.reaches_path(fair_of(obj).unit.path)


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
rules.add_perm("jobs.link_venture", is_provincial_staff)
rules.add_perm("jobs.record_counselling", has_unit_role)
rules.add_perm("jobs.view_counselling", has_unit_role & reaches_school)
