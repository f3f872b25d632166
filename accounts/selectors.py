from __future__ import annotations

from django.db.models import Count

from common.models import Notification
from common.search import search

from .models import Unit


def unit_tree_for(*, user, q: str = ""):
    """Units the user reaches, in tree order, with how many children each has; `q` keeps
    those whose name (whatever the diacritics), code or administrative code has it."""
    units = Unit.objects.visible_to(user).select_related("successor").order_by("path")
    units = search(units, q, plain=["code", "official_code"], rank=False)
    return units.annotate(child_count=Count("children"))


def todo_notifications_for(*, user, limit: int = 10):
    return Notification.objects.visible_to(user).unread()[:limit]


def officer_ids_by_unit(unit_ids) -> dict[int, list[int]]:
    """Active unit officers' user ids for each of these units (the unit itself, not above)."""
    from .models import Membership

    rows = Membership.objects.filter(
        unit_id__in=list(unit_ids), role=Membership.Role.OFFICER, user__is_active=True
    ).values_list("unit_id", "user_id")
    result: dict[int, list[int]] = {}
    for unit_id, user_id in rows:
        result.setdefault(unit_id, []).append(user_id)
    return result


def units_run_by(*, user):
    """Units whose programmes the user runs (staff role there), the choices of a form's
    `owner` field. Superusers may place a programme at any unit."""
    from .scoping import access_of

    access = access_of(user)
    if access.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(path__in=access.staff_paths)
