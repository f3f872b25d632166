from __future__ import annotations

import logging
from typing import Any

from axes.utils import reset as axes_reset
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

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


@records_actor
def user_language_set(*, user: User, language: str, actor: User) -> User:
    """Save the language `user` reads the portal in ("vi" or "en", settings.LANGUAGES).

    From then on their pages and the admin (accounts.middleware), the emails and
    notifications sent to them and the documents they download or have made follow it,
    whatever their browser asks for. Raises ValidationError for a language the portal
    does not speak.
    """
    user.language = language
    user.clean_fields(exclude=[f.name for f in User._meta.concrete_fields if f.name != "language"])
    user.save(update_fields=["language"])
    log.info("Language of %s set to %s by %s", user, language, actor)
    return user


# The unit tree keeps its own materialised path (`Unit.path`, "/00000001/00000007/") rather
# than django-treebeard's MP_Node: every `visible_to` in the portal filters on
# `unit__path__startswith`, its paths are zero-padded ids that a backup or an import can
# check by eye, and treebeard would rewrite every tree query and the path column for no
# query it does better. The upkeep lives here, in the two writes that place a unit.


def _unit_columns() -> list[str]:
    """Every column `unit_update` writes: all but the path, which only the tree upkeep
    writes (a copy of the row loaded before a move must not put the old path back)."""
    return [f.name for f in Unit._meta.concrete_fields if not f.primary_key and f.name != "path"]


def _path_under(parent_id: int | None, pk: int) -> str:
    """The path of unit `pk` under its parent, read from the database (not a stale copy)."""
    prefix = Unit.objects.values_list("path", flat=True).get(pk=parent_id) if parent_id else "/"
    return f"{prefix}{pk:08d}/"


@records_actor
@transaction.atomic
def unit_create(*, actor: User, name: str, code: str, kind: str, parent: Unit | None = None, **details: Any) -> Unit:
    """Create a unit under `parent` (None: a root of the tree) with its path.

    The path ends with the row's own id, so the row is inserted and then given its path.
    `details` are the other fields (`active_from`, `active_to`, `successor`, `address`...).
    """
    unit = Unit(name=name, code=code, kind=kind, parent=parent, **details)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = _path_under(unit.parent_id, unit.pk)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


@records_actor
@transaction.atomic
def unit_update(*, unit: Unit, actor: User, **changes: Any) -> Unit:
    """Change a unit's fields (`changes`, or those already set on `unit`, as the admin's
    form does) and, when its parent changed, move it with its whole subtree.

    A move rewrites the paths of the unit and of every unit below it, at any depth, in
    one UPDATE on the old prefix; their depths follow from the paths.
    """
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.full_clean(exclude=["path"])
    old_path, old_parent_id = Unit.objects.select_for_update().values_list("path", "parent_id").get(pk=unit.pk)
    unit.save(update_fields=_unit_columns())
    new_path = _path_under(unit.parent_id, unit.pk) if unit.parent_id != old_parent_id else old_path
    if new_path != old_path:
        Unit.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
        )
        log.info("Unit %s moved from %s to %s by %s", unit.code, old_path, new_path, actor)
    unit.path = new_path
    return unit
