"""Writes to the entrepreneur and venture registry."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scoping import access_of

from .models import Entrepreneur, Venture, VentureDocument, VentureUpdate


def _require_reach(*, actor, unit) -> None:
    # Forms already limit units to the actor's subtree; this guards imports and
    # any other caller that passes a unit it built itself.
    if not access_of(actor).reaches_path(unit.path):
        raise PermissionDenied(_("Bạn không quản lý đơn vị %(unit)s.") % {"unit": unit})


def entrepreneur_save(*, entrepreneur: Entrepreneur, actor) -> Entrepreneur:
    """Create or update an entrepreneur registered under a unit the actor manages."""
    _require_reach(actor=actor, unit=entrepreneur.unit)
    if entrepreneur.pk is None:
        entrepreneur.created_by = actor
    entrepreneur.full_clean()
    entrepreneur.save()
    return entrepreneur


@transaction.atomic
def venture_save(*, venture: Venture, owners, actor) -> Venture:
    """Create or update a venture and set its owners (all visible to the actor)."""
    _require_reach(actor=actor, unit=venture.unit)
    if venture.pk is None:
        venture.created_by = actor
    venture.full_clean()
    venture.save()
    venture.owners.set(owners)
    return venture


@transaction.atomic
def venture_record_update(*, update: VentureUpdate, actor) -> VentureUpdate:
    """Record a venture's progress for a period.

    The venture's headline figures follow the newest report: its job count always,
    its annual revenue when the report covers a whole year.
    """
    venture = update.venture
    _require_reach(actor=actor, unit=venture.unit)
    update.submitted_by = actor
    update.full_clean()
    update.save()
    newest = venture.updates.order_by("-year", "-period_number", "-created_at").first()
    if newest == update:
        venture.employees = update.jobs
        fields = ["employees", "updated_at"]
        if update.period_kind == VentureUpdate.PeriodKind.YEAR:
            venture.annual_revenue = update.revenue
            fields.append("annual_revenue")
        venture.save(update_fields=fields)
    return update


def venture_add_document(*, document: VentureDocument, actor) -> VentureDocument:
    _require_reach(actor=actor, unit=document.venture.unit)
    document.uploaded_by = actor
    document.full_clean()
    document.save()
    return document
