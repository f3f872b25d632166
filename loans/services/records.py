"""Plain records staff and units keep: programmes, branches, mobilisation events, agreements."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from common.history import records_actor

from ..models import BankBranch, LoanProgramme, MobilisationEvent, PartnerAgreement


@records_actor
def programme_save(*, programme: LoanProgramme, actor: User) -> LoanProgramme:
    programme.full_clean()
    programme.save()
    return programme


@records_actor
@transaction.atomic
def branch_save(*, branch: BankBranch, units=None, liaisons=None, actor: User) -> BankBranch:
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
