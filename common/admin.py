"""Admin pieces every programme app shares."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import ngettext
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from .forms import VoidReasonForm


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


def void_action(*, service: Callable, object_kwarg: str, name: str, title, explanation) -> Callable:
    """An admin action that voids or archives the selected rows through the app's service,
    after a page asking for the reason (the rows stay, with their history)."""

    def action(modeladmin, request, queryset):
        form = VoidReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for obj in queryset:
                try:
                    service(**{object_kwarg: obj}, reason=form.cleaned_data["reason"], actor=request.user)
                except ValidationError as error:
                    text = " ".join(error.messages)
                    modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
                else:
                    done += 1
            if done:
                modeladmin.message_user(
                    request,
                    ngettext("Đã xử lý %(n)d bản ghi.", "Đã xử lý %(n)d bản ghi.", done) % {"n": done},
                    messages.SUCCESS,
                )
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "explanation": explanation,
            "queryset": queryset,
            "form": form,
            "action": name,
            "opts": modeladmin.model._meta,
        }
        return TemplateResponse(request, "admin/void_confirm.html", context)

    action.__name__ = name
    action.short_description = title
    return action
