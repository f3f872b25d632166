"""What the contest's admin pages share: who may change them, the round filter, running a service from an action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.admin import ManagePermissionAdminMixin, ReadOnlyAdminMixin

from ..models import Round

# --- permissions -----------------------------------------------------------------------


class ContestStaffPermissionsMixin(ManagePermissionAdminMixin):
    """Provincial staff, and only they, manage contests here."""

    manage_permission = "competitions.manage_contest"


class ReadOnlyInlineMixin(ReadOnlyAdminMixin, ContestStaffPermissionsMixin):
    """An inline to look at, not to edit: rows change through services only."""

    extra = 0
    can_delete = False
    show_change_link = False


class RoundFilter(admin.SimpleListFilter):
    """Rounds named with their contest, listed in one query (the default filter asks once per round)."""

    title = _("vòng thi")
    parameter_name = "round"

    def lookups(self, request, model_admin):
        rounds = Round.objects.select_related("contest").order_by("-contest__year", "contest_id", "order")
        return [(str(r.pk), str(r)) for r in rounds]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(round_id=int(value))
        return queryset


def run_service(model_admin, request, queryset, service, done: str) -> None:
    """Call `service(obj, actor)` for each selected row; report each refusal and the count done."""
    count = 0
    for obj in queryset:
        try:
            service(obj, request.user)
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        else:
            count += 1
    if count:
        model_admin.message_user(request, done % {"count": count}, messages.SUCCESS)


# What the services record about a contest: shown, never edited, in the admin.
