"""What the events pages share: the events a user may open and the mixins."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from ..models import Event

MANAGE = "events.manage_event"


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def visible_event(user, pk: int) -> Event:
    """An event the user may open (another unit's draft is a 404)."""
    return get_object_or_404(Event.objects.visible_to(user).select_related("unit"), pk=pk)


def managed_event(user, pk: int) -> Event:
    """An event the user manages: a 404 when they cannot see it, a 403 when they only see it."""
    event = visible_event(user, pk)
    if not user.has_perm(MANAGE, event):
        raise PermissionDenied
    return event


class BrowseMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Staff and unit officers; judges, council members and bank liaisons get a 403."""

    permission_required = "events.browse"
