from __future__ import annotations

import logging

from axes.utils import reset as axes_reset
from django.db import transaction

from common.history import records_actor
from common.layout import forget_frame

from .models import Membership, Unit, User
from .scoping import forget_access

log = logging.getLogger(__name__)


def user_sync_admin_access(*, user: User) -> User:
    """Provincial staff enter the admin; nobody else does (superusers keep their flag).

    Called after every change of a user's memberships (services and admin, one row or a
    bulk delete): also forgets their cached roles and renews their navigation bar.
    """
    should_be_staff = user.is_superuser or user.memberships.filter(role=Membership.Role.STAFF).exists()
    if user.is_staff != should_be_staff:
        user.is_staff = should_be_staff
        user.save(update_fields=["is_staff"])
    forget_access(user)
    forget_frame(user.pk)
    return user


@transaction.atomic
def membership_grant(*, user: User, unit: Unit, role: str, title: str = "") -> Membership:
    """Give a user a role at a unit (once; a new title replaces the old); staff roles open the admin."""
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role, defaults={"title": title})
    if not created and title and membership.title != title:
        membership.title = title
        membership.save(update_fields=["title", "updated_at"])
    user_sync_admin_access(user=user)
    return membership


@records_actor
def user_sign_in_unlock(*, user: User, actor: User) -> int:
    """Lift every sign-in lock-out of `user`, from whatever address it was earned.

    Called when a new password is set from the emailed reset link (the link proves who
    the person is, so "reset your password" is a real way back in), and by provincial
    staff from the admin's user list for someone who called the office. Removes axes'
    failure records for the username and logs who lifted them; returns how many.
    """
    removed = axes_reset(username=user.get_username())
    if removed:
        log.info("Sign-in lock-out of %s lifted by %s (%d records)", user, actor, removed)
    return removed
