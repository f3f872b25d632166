"""Who may do what with loans.

A loan programme is kept by the staff of the unit that owns it, a bank branch by the staff of
the province it serves (`keeps_lending_record`); another province's staff see neither. Staff keep
the partner agreements and may do any step of the referrals they see. Unit officers manage
their units' savings-and-loan groups, refer young people of their units, and record the
union's steps. A bank liaison sees the referrals sent to
their branch (and its transaction offices) and records the bank's steps. Lists start
from `Referral.objects.visible_to(user)`.
"""

from __future__ import annotations

import rules

from accounts.rules import is_bank_liaison, is_provincial_staff, is_unit_officer, runs_programme
from accounts.scoping import access_of


@rules.predicate
def reaches_unit_of(user, obj) -> bool:
    """Staff or officer at the object's unit or above it (any unit, without an object)."""
    access = access_of(user)
    if obj is None:
        return access.is_superuser or bool(access.scoped_paths)
    return access.reaches_path(obj.unit.path)


@rules.predicate
def is_liaison_of_branch(user, referral) -> bool:
    """Liaison of the branch the referral was sent to (or of its parent branch)."""
    from .models import BankBranch

    if referral is None:
        return is_bank_liaison(user)
    if referral.branch_id is None or not user.is_authenticated:
        return False
    return BankBranch.objects.of_liaison(user).filter(pk=referral.branch_id).exists()


@rules.predicate
def keeps_lending_record(user, obj) -> bool:
    """Staff of the unit a loan programme belongs to (its owner) or of a branch's province
    (any staff role, without an object: the list and create pages)."""
    from .models import BankBranch

    if isinstance(obj, BankBranch):
        return access_of(user).runs(obj.province)
    return runs_programme(user, obj)


has_unit_role = is_provincial_staff | is_unit_officer

rules.add_perm("loans", is_provincial_staff)
rules.add_perm("loans.manage", is_provincial_staff)
rules.add_perm("loans.keep_programme", keeps_lending_record)
rules.add_perm("loans.browse", has_unit_role | is_bank_liaison)
rules.add_perm("loans.refer", has_unit_role)
rules.add_perm("loans.manage_group", has_unit_role & reaches_unit_of)
rules.add_perm("loans.record_union_step", is_provincial_staff | (is_unit_officer & reaches_unit_of))
rules.add_perm("loans.record_bank_step", is_provincial_staff | (is_bank_liaison & is_liaison_of_branch))
