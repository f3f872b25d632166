"""Who may do what with events, registrations, clubs and spaces.

Provincial staff and unit officers create events for their units. An event is
managed (edited, people checked in, attendance imported, materials and booths added)
by staff and by the officers of its organising unit or a unit above it. Every staff or
officer sees the province's published events and registers their own people. Clubs
and spaces are kept by the unit they belong to. Lists start from `visible_to`.
"""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer
from accounts.scoping import access_of


@rules.predicate
def reaches_unit_of(user, obj) -> bool:
    """Staff or officer at the object's unit or above it; without an object, of any unit."""
    if obj is None:
        return bool(access_of(user).scoped_paths) or access_of(user).is_superuser
    return access_of(user).reaches_path(obj.unit.path)


@rules.predicate
def event_is_published(user, event) -> bool:
    from .models import Event

    return event is not None and event.status == Event.Status.PUBLISHED


has_unit_role = is_provincial_staff | is_unit_officer

rules.add_perm("events", is_provincial_staff)
rules.add_perm("events.browse", has_unit_role)
rules.add_perm("events.create_event", has_unit_role)
rules.add_perm("events.manage_event", has_unit_role & reaches_unit_of)
rules.add_perm("events.register_people", has_unit_role & event_is_published)
rules.add_perm("events.manage_club", has_unit_role & reaches_unit_of)
rules.add_perm("events.admin_events", is_provincial_staff)
