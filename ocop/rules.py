"""Who may do what in OCOP.

A cycle is run by the unit that owns it: the staff of that very unit set it up, grant
extensions, reopen lists, rate and certify its products and record its promotion events
(`runs_cycle_of`); staff of other units see it at most (`Cycle.objects.visible_to`). Unit
officers see their units' lists and products (and the units' below), build and send
their list, and move their products through the preparation stages. Everything else
signed in sees nothing; the public sees the catalogue of certified products only.
Lists start from `visible_to(user)`, so another unit's id is a 404.
"""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer, manages_unit, runs_programme


@rules.predicate
def manages_record_unit(user, obj) -> bool:
    if obj is None:
        return True
    return manages_unit(user, obj.unit)


@rules.predicate
def list_is_draft(user, candidate_list) -> bool:
    return candidate_list is None or not candidate_list.is_submitted


@rules.predicate
def runs_cycle_of(user, obj) -> bool:
    """The user runs the cycle itself, or the cycle of this list, product or event.

    Without an object (list and create pages) any staff role will do. A promotion event
    recorded without a cycle has no owner: any staff manage it, as before cycles had owners.
    """
    if obj is None:
        return runs_programme(user, None)
    cycle = obj if obj._meta.model_name == "cycle" else obj.cycle
    if cycle is None:
        return runs_programme(user, None)
    return runs_programme(user, cycle)


has_unit_role = is_provincial_staff | is_unit_officer

rules.add_perm("ocop", is_provincial_staff)
rules.add_perm("ocop.view_cycles", has_unit_role)
rules.add_perm("ocop.manage_cycle", runs_cycle_of)
rules.add_perm("ocop.view_list", has_unit_role & manages_record_unit)
rules.add_perm("ocop.change_list", has_unit_role & manages_record_unit & list_is_draft)
rules.add_perm("ocop.reopen_list", runs_cycle_of)
rules.add_perm("ocop.view_product", has_unit_role & manages_record_unit)
rules.add_perm("ocop.change_product", has_unit_role & manages_record_unit)
rules.add_perm("ocop.rate_product", runs_cycle_of)
rules.add_perm("ocop.manage_events", runs_cycle_of)
rules.add_perm("ocop.export", has_unit_role)
