"""Who may do what in OCOP.

Staff run cycles, rate and certify products and record promotion events. Unit
officers see their units' lists and products (and the units' below), build and send
their list, and move their products through the preparation stages. Everything else
signed in sees nothing; the public sees the catalogue of certified products only.
Lists start from `visible_to(user)`, so another unit's id is a 404.
"""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer, manages_unit


@rules.predicate
def manages_record_unit(user, obj) -> bool:
    if obj is None:
        return True
    return manages_unit(user, obj.unit)


@rules.predicate
def list_is_draft(user, candidate_list) -> bool:
    return candidate_list is None or not candidate_list.is_submitted


has_unit_role = is_provincial_staff | is_unit_officer

rules.add_perm("ocop", is_provincial_staff)
rules.add_perm("ocop.view_cycles", has_unit_role)
rules.add_perm("ocop.manage_cycle", is_provincial_staff)
rules.add_perm("ocop.view_list", has_unit_role & manages_record_unit)
rules.add_perm("ocop.change_list", has_unit_role & manages_record_unit & list_is_draft)
rules.add_perm("ocop.reopen_list", is_provincial_staff)
rules.add_perm("ocop.view_product", has_unit_role & manages_record_unit)
rules.add_perm("ocop.change_product", has_unit_role & manages_record_unit)
rules.add_perm("ocop.rate_product", is_provincial_staff)
rules.add_perm("ocop.manage_events", is_provincial_staff)
rules.add_perm("ocop.export", has_unit_role)
