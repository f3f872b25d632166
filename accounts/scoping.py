"""What part of the union tree a user reaches, computed once per user object.

Every `visible_to(user)` in the portal narrows its queryset with `unit_scope_q`, so a
unit officer sees their unit and the units below it, provincial staff see the whole
province, and nobody reaches another unit's data by changing an id in a URL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from common.deadlines import Deadline

_CACHE_ATTR = "_portal_access"


@dataclass(frozen=True)
class Access:
    roles: frozenset[str] = frozenset()
    # Paths of the units whose subtree the user reaches (staff and officer roles).
    scoped_paths: tuple[str, ...] = ()
    # Units per role, for home pages and default choices.
    units_by_role: dict[str, tuple] = field(default_factory=dict)
    is_superuser: bool = False
    # Paths of the units where the user holds the staff role: the programmes they run.
    staff_paths: tuple[str, ...] = ()

    def has_role(self, role: str) -> bool:
        return self.is_superuser or role in self.roles

    def reaches_path(self, path: str) -> bool:
        return self.is_superuser or any(path.startswith(p) for p in self.scoped_paths)

    def runs(self, owner) -> bool:
        """True when the user runs programmes owned by this unit: staff of that very unit."""
        return self.is_superuser or (owner is not None and owner.path in self.staff_paths)

    @property
    def ancestor_paths(self) -> tuple[str, ...]:
        """Paths of the units above the user's scoped units (their own units included)."""
        paths = set()
        for path in self.scoped_paths:
            parts = path.strip("/").split("/")
            paths.update("/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
        return tuple(sorted(paths))


def access_of(user) -> Access:
    """The user's roles and reach; one query, then cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Access()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from .models import Membership

    memberships = list(Membership.objects.filter(user=user).select_related("unit").order_by("unit__path"))
    units_by_role: dict[str, list] = {}
    for m in memberships:
        units_by_role.setdefault(m.role, []).append(m.unit)
    scoped = sorted({m.unit.path for m in memberships if m.role in Membership.SCOPED_ROLES})
    # Drop paths already covered by a shorter one so the SQL stays small.
    minimal = tuple(p for p in scoped if not any(p != q and p.startswith(q) for q in scoped))
    access = Access(
        roles=frozenset(units_by_role),
        scoped_paths=minimal,
        units_by_role={role: tuple(units) for role, units in units_by_role.items()},
        is_superuser=user.is_superuser,
        staff_paths=tuple(sorted({m.unit.path for m in memberships if m.role == Membership.Role.STAFF})),
    )
    setattr(user, _CACHE_ATTR, access)
    return access


def role_kind(user) -> str:
    """The user's roles in a word, for logs ("staff", "judge+officer", "superuser", "user"
    with no role, "anonymous"): what kind of user, never who."""
    if not getattr(user, "is_authenticated", False):
        return "anonymous"
    access = access_of(user)
    if access.is_superuser:
        return "superuser"
    return "+".join(sorted(access.roles)) or "user"


def scope_key(user) -> str:
    """What the figures a user sees depend on (`common.figures.counted`): the units they
    reach (two staff members of one province share theirs), or everything for a superuser."""
    access = access_of(user)
    scope = "*" if access.is_superuser else "|".join(access.scoped_paths)
    return hashlib.sha1(scope.encode(), usedforsecurity=False).hexdigest()[:16]


def forget_access(user) -> None:
    """Drop the cached access, after a membership of this user changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def require_reach(*, actor, unit) -> None:
    """Refuse a service call for a unit outside the actor's subtree.

    Forms already limit units to the actor's subtree; this guards imports and any other
    caller that passes a unit it built itself.
    """
    if not access_of(actor).reaches_path(unit.path):
        raise PermissionDenied(_("Bạn không quản lý đơn vị %(unit)s.") % {"unit": unit.name})


def unit_scope_q(user, *, lookup: str = "unit") -> Q:
    """A filter matching rows whose unit (reached through `lookup`) the user may see.

    `lookup` is the path from the filtered model to a Unit ("unit", "venture__unit");
    an empty string filters Unit itself.
    """
    access = access_of(user)
    if access.is_superuser:
        return Q()
    if not access.scoped_paths:
        return Q(pk__in=[])
    field_name = f"{lookup}__path__startswith" if lookup else "path__startswith"
    q = Q()
    for path in access.scoped_paths:
        q |= Q(**{field_name: path})
    return q


def province_scope_q(user, *, lookup: str = "unit") -> Q:
    """A filter matching rows whose unit lies in the province of one of the user's units (an
    officer of a commune reaches its whole province this way), or in their own reach (staff of
    the national unit reach every province). For what a province shares with all its units, as
    its published events; never what belongs to another province."""
    access = access_of(user)
    if access.is_superuser:
        return Q()
    if not access.scoped_paths:
        return Q(pk__in=[])
    from .models import Unit

    provinces = Unit.objects.filter(path__in=access.ancestor_paths, kind=Unit.Kind.PROVINCE).values_list(
        "path", flat=True
    )
    q = unit_scope_q(user, lookup=lookup)
    for path in provinces:
        q |= Q(**{f"{lookup}__path__startswith": path})
    return q


def require_runs(*, actor, owner) -> None:
    """Refuse a service call on a programme the actor does not run (see `Access.runs`).

    No actor, or a service account (the demo's, a scheduled task's: inactive, it cannot sign
    in), is trusted: its caller decided. A signed-in person must be staff of the owner."""
    if actor is None or not actor.is_active:
        return
    if not access_of(actor).runs(owner):
        raise PermissionDenied(_("Chương trình này do %(unit)s điều hành.") % {"unit": owner.name})


def owner_scope_q(user, *, lookup: str = "owner") -> Q:
    """A filter matching programme objects (owner reached through `lookup`) the user may see:
    run by a unit in their reach, or by a unit above one of their units."""
    access = access_of(user)
    if access.is_superuser:
        return Q()
    if not access.scoped_paths:
        return Q(pk__in=[])
    field_name = f"{lookup}__path" if lookup else "path"  # "": filter Unit itself
    q = Q(**{f"{field_name}__in": access.ancestor_paths})
    for path in access.scoped_paths:
        q |= Q(**{f"{field_name}__startswith": path})
    return q


class UnitScopedQuerySet(models.QuerySet):
    """Base queryset of every model whose rows belong to a unit.

    `unit_lookup` is the path from the model to its Unit; a subclass sets it when
    the unit is reached through a relation ("venture__unit").
    """

    unit_lookup = "unit"

    def visible_to(self, user):
        return self.filter(unit_scope_q(user, lookup=self.unit_lookup))


def visible_deadlines(deadlines: list[Deadline], user) -> list[Deadline]:
    """The deadlines a user may see on the staff pages: of programmes they may see (run by a
    unit in their reach or above it) and of units they reach. One query, for the units' paths."""
    from .models import Unit

    access = access_of(user)
    if access.is_superuser:
        return list(deadlines)
    above = set(access.ancestor_paths)
    paths = dict(Unit.objects.filter(pk__in={d.unit_id for d in deadlines if d.unit_id}).values_list("pk", "path"))

    def sees(deadline: Deadline) -> bool:
        if deadline.owner_path and not (deadline.owner_path in above or access.reaches_path(deadline.owner_path)):
            return False
        if deadline.unit_id is not None:
            path = paths.get(deadline.unit_id)
            return path is not None and access.reaches_path(path)
        # Neither a programme nor a unit: only its debtors' business, not a page's.
        return bool(deadline.owner_path)

    return [d for d in deadlines if sees(d)]
