"""Admin pieces every programme app shares."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from rules.contrib.admin import ObjectPermissionsModelAdminMixin


class ManagePermissionAdminMixin(ObjectPermissionsModelAdminMixin):
    """Admin access to an app's models follows one rule: the `manage_permission` of the subclass.

    The programme apps' models declare no `rules_permissions` (their object rules live
    with the views), so the rules admin mixin alone would look for permissions that do
    not exist; whoever holds the one "manage" permission (provincial staff), and only
    they, view, add, change and delete here.
    """

    manage_permission: str  # e.g. "competitions.manage_contest"

    # Links people paste without a scheme are web addresses (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_manage_permission(self, request) -> bool:
        return request.user.has_perm(self.manage_permission)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_manage_permission(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return self.has_manage_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_manage_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_manage_permission(request)


class ReadOnlyAdminMixin:
    """Rows to look at, not to edit: they change through the app's services only.
    Put it before the app's permission mixin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HistoryWithoutRevertMixin:
    """History to read, never to revert: a revert writes an old row back past the
    services' checks (an entry back to "in competition", a scorecard unlocked, a
    nomination back to a draft after the council), so it is refused."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class KeepRecordsAdminMixin:
    """Recorded work is never deleted by one click (DESIGN §5).

    An accepted unit report with its figures, an event with its check-ins, a job fair
    with its employers and hires, a venture with its progress reports, an entry, a
    referral: deleting one in the admin would take the figures of a period with it.
    Staff void or archive such a record with a reason instead (the apps' services and
    admin actions); only a superuser, repairing data by hand, may still delete. The
    bulk "delete selected" action goes with the permission. Put it first among the bases.
    """

    def has_delete_permission(self, request, obj=None) -> bool:
        if not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions
