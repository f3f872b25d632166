"""The admin of programme objects (plans, schedules) and their children: the changelist shows
the programmes the user sees (`OwnedQuerySet.visible_to`), change and delete only those they
run (`accounts.rules.runs_programme`, staff of the owner)."""

from __future__ import annotations

from accounts.rules import runs_programme
from accounts.scoping import owner_scope_q
from accounts.selectors import units_run_by


class OwnedProgrammeAdminMixin:
    """Put it before the app's permission mixin. `owner_lookup` is the path from the model to
    its programme's owner; `programme_of(obj)` returns the programme object of a row."""

    owner_lookup = "owner"

    def programme_of(self, obj):
        return obj

    def get_queryset(self, request):
        return super().get_queryset(request).filter(owner_scope_q(request.user, lookup=self.owner_lookup))

    def _runs(self, request, obj) -> bool:
        return obj is None or runs_programme(request.user, self.programme_of(obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The `owner` field offers the units the user runs, as on the portal's forms."""
        form = super().get_form(request, obj, change=change, **kwargs)
        if "owner" in form.base_fields:
            form.base_fields["owner"].queryset = units_run_by(user=request.user).order_by("path")
        return form

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
