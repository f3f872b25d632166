from __future__ import annotations

from django.db.models import Count

from common.models import Notification

from .models import Unit


def unit_tree_for(*, user):
    """Units the user reaches, in tree order, with how many children each has."""
    return Unit.objects.visible_to(user).select_related("successor").annotate(child_count=Count("children"))


def todo_notifications_for(*, user, limit: int = 10):
    return Notification.objects.visible_to(user).unread()[:limit]
