"""Plain records staff and units keep: programmes, branches, mobilisation events, agreements."""

from __future__ import annotations

from django.db import transaction

from ..models import BankBranch, LoanProgramme, MobilisationEvent, PartnerAgreement


def programme_save(*, programme: LoanProgramme, actor) -> LoanProgramme:
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def branch_save(*, branch: BankBranch, units=None, liaisons=None, actor) -> BankBranch:
    branch.full_clean()
    branch.save()
    if units is not None:
        branch.units.set(units)
    if liaisons is not None:
        branch.liaisons.set(liaisons)
    return branch


def event_save(*, event: MobilisationEvent, actor) -> MobilisationEvent:
    if event.pk is None:
        event.created_by = actor
    event.full_clean()
    event.save()
    return event


def agreement_save(*, agreement: PartnerAgreement, actor) -> PartnerAgreement:
    if agreement.pk is None:
        agreement.created_by = actor
    agreement.full_clean()
    agreement.save()
    return agreement
