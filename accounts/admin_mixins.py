"""Admin pieces for programme objects owned by a unit (`OwnedByUnit`) and their children:
the owner's choices are the units the user runs; the changelist shows the programmes the user
sees (`OwnedQuerySet.visible_to`), change and delete only those they run (`runs_programme`)."""

from __future__ import annotations

from .rules import runs_programme
from .scoping import owner_scope_q
from .selectors import units_run_by


class OwnerChoicesAdminMixin:
    """The `owner` field offers the units the user runs, as on the portal's forms; its queryset
    refuses a forged id."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = units_run_by(user=request.user).order_by("path")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OwnedProgrammeAdminMixin(OwnerChoicesAdminMixin):
    """Put it before the app's permission mixin. `owner_lookup` is the path from the model to
    its programme's owner; `programme_of(obj)` returns the programme object of a row."""

    owner_lookup = "owner"

    def programme_of(self, obj):
        return obj

    def get_queryset(self, request):
        return super().get_queryset(request).filter(owner_scope_q(request.user, lookup=self.owner_lookup))

    def _runs(self, request, obj) -> bool:
        return obj is None or runs_programme(request.user, self.programme_of(obj))

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._runs(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._runs(request, obj)


class OwnedInlineMixin:
    """An inline of a programme's child rows: editable only when the user runs the parent
    (Django passes the parent object to an inline's permission checks)."""

    def _runs(self, request, obj) -> bool:
        return obj is None or runs_programme(request.user, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self._runs(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._runs(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._runs(request, obj)
