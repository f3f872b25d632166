"""Promotion events (trade fairs, "phiên chợ online") and the products that took part."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.history import records_actor

from ..models import Participation, Product, PromotionEvent
from .lists import _require_runs_cycle
from .pipeline import _record_move


def _require_runs_event(*, actor: User | None, event: PromotionEvent) -> None:
    """An event of a cycle is managed by the staff who run the cycle; one without a cycle
    (recorded before cycles had owners) by any staff, as the view checks."""
    if event.cycle_id is not None:
        _require_runs_cycle(actor=actor, cycle=event.cycle)


@records_actor
@transaction.atomic
def event_save(*, event: PromotionEvent, actor: User) -> PromotionEvent:
    """Create or update an event; the actor must run its cycle, before and after the change."""
    if event.pk is None:
        event.created_by = actor
    else:
        _require_runs_event(actor=actor, event=PromotionEvent.objects.select_related("cycle__owner").get(pk=event.pk))
    _require_runs_event(actor=actor, event=event)
    if event.starts_on and event.ends_on and event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc không được trước ngày bắt đầu.")})
    event.full_clean()
    event.save()
    return event


@records_actor
@transaction.atomic
def participation_record(
    *, event: PromotionEvent, product: Product, sales: int = 0, orders: int = 0, note: str = "", actor: User
) -> Participation:
    """Record (or update) a certified product's part in an event with its reported sales.

    A certified product that takes part for the first time moves to "promoted".
    """
    _require_runs_event(actor=actor, event=event)
    product = Product.objects.select_for_update(of=("self",)).get(pk=product.pk)
    if not product.is_certified:
        raise ValidationError({"product": _("Chỉ ghi nhận sản phẩm đã được công nhận OCOP.")})
    if sales is None or sales < 0 or orders is None or orders < 0:
        raise ValidationError(_("Doanh số và số đơn hàng không được âm."))
    participation, _created = Participation.objects.update_or_create(
        event=event,
        product=product,
        defaults={"sales": sales, "orders": orders, "note": (note or "").strip(), "recorded_by": actor},
    )
    if product.stage == Product.Stage.CERTIFIED:
        on = max(min(event.ends_on, timezone.localdate()), product.stage_changed_on)
        _record_move(product=product, to_stage=Product.Stage.PROMOTED, on=on, actor=actor, note=str(event))
        product.save(update_fields=["stage", "stage_changed_on", "updated_at"])
    return participation


@records_actor
@transaction.atomic
def participation_remove(*, participation: Participation, actor: User) -> None:
    _require_runs_event(actor=actor, event=participation.event)
    participation.delete()
