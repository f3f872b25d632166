"""Plain records staff and units keep: programmes, branches, mobilisation events, agreements."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.scoping import require_runs
from common.history import records_actor

from ..models import BankBranch, LoanProgramme, MobilisationEvent, PartnerAgreement


@records_actor
def programme_save(*, programme: LoanProgramme, owner: Unit, actor: User) -> LoanProgramme:
    """Create or update a loan programme owned by `owner`, a unit where the actor is staff.

    An edit is refused unless the actor keeps the programme as it stands, so a programme is
    never taken over by moving it to a unit of one's own."""
    if programme.pk is not None:
        require_runs(actor=actor, owner=LoanProgramme.objects.select_related("owner").get(pk=programme.pk).owner)
    require_runs(actor=actor, owner=owner)
    programme.owner = owner
    programme.full_clean()
    programme.save()
    return programme


@records_actor
@transaction.atomic
def branch_save(*, branch: BankBranch, province: Unit, units=None, liaisons=None, actor: User) -> BankBranch:
    """Create or update a branch or office of `province`, whose staff the actor is; it serves
    units of that province only. An edit is refused unless the actor keeps the branch as it stands."""
    if branch.pk is not None:
        require_runs(actor=actor, owner=BankBranch.objects.select_related("province").get(pk=branch.pk).province)
    require_runs(actor=actor, owner=province)
    branch.province = province
    outside = [unit.name for unit in units or () if not unit.is_within(province)]
    if outside:
        raise ValidationError(
            {
                "units": _("%(units)s không thuộc %(province)s.")
                % {"units": ", ".join(outside), "province": province.name}
            }
        )
    branch.full_clean()
    branch.save()
    if units is not None:
        branch.units.set(units)
    if liaisons is not None:
        branch.liaisons.set(liaisons)
    return branch


@records_actor
def event_save(*, event: MobilisationEvent, actor: User) -> MobilisationEvent:
    if event.pk is None:
        event.created_by = actor
    event.full_clean()
    event.save()
    return event


@records_actor
def agreement_save(*, agreement: PartnerAgreement, actor: User) -> PartnerAgreement:
    if agreement.pk is None:
        agreement.created_by = actor
    agreement.full_clean()
    agreement.save()
    return agreement
