"""What the contest's admin pages share: who may change them, the round filter, running a service from an action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.admin import ManagePermissionAdminMixin, ReadOnlyAdminMixin

from ..models import Contest, Round
from ..rules import contest_of

# --- permissions -----------------------------------------------------------------------


class ContestStaffPermissionsMixin(ManagePermissionAdminMixin):
    """Staff enter these pages; each row is listed when its contest is visible to them
    (`Contest.objects.visible_to`) and changed or deleted only by the staff of the unit that
    runs the contest (`competitions.manage_contest` with the row). A contest chosen in a form
    is one they run.

    `contest_lookup` is the path from the model to its contest ("contest", "round__contest");
    "" for Contest itself; None for an inline, which its parent's page already scopes.
    """

    manage_permission = "competitions.manage_contest"
    contest_lookup: str | None = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.contest_lookup is None:
            return queryset
        if self.contest_lookup == "":
            return queryset.filter(pk__in=Contest.objects.visible_to(request.user).values("pk"))
        return queryset.filter(**{f"{self.contest_lookup}__in": Contest.objects.visible_to(request.user)})

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(self.manage_permission, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(self.manage_permission, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        # An inline's `obj` is the page's contest or round: rows are added to one the user runs.
        return request.user.has_perm(self.manage_permission, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is Contest:
            kwargs["queryset"] = Contest.objects.run_by(request.user)
        elif any(field.name == "contest" for field in related._meta.fields):  # a round, judge, entry...
            kwargs["queryset"] = related._default_manager.filter(contest__in=Contest.objects.run_by(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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


def refused_text(obj) -> str:
    contest = contest_of(obj)
    return gettext("%(obj)s: cuộc thi do %(owner)s điều hành, bạn không thay đổi được.") % {
        "obj": obj,
        "owner": contest.owner,
    }


def run_service(model_admin, request, queryset, service, done: str) -> None:
    """Call `service(obj, actor)` for each selected row the user runs; report each refusal and
    the count done."""
    count = 0
    for obj in queryset:
        if not request.user.has_perm(model_admin.manage_permission, obj):
            model_admin.message_user(request, refused_text(obj), messages.ERROR)
            continue
        try:
            service(obj, request.user)
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        else:
            count += 1
    if count:
        model_admin.message_user(request, done % {"count": count}, messages.SUCCESS)


# What the services record about a contest: shown, never edited, in the admin.
