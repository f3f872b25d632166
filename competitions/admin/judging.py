"""Judges, their conflicts, and scorecards with their scores (to read)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from common.admin import HistoryWithoutRevertMixin, KeepRecordsAdminMixin
from common.search import FoldedSearchAdminMixin

from .. import services
from ..models import Assignment, Conflict, Judge, Score
from .base import ContestStaffPermissionsMixin, ReadOnlyInlineMixin, RoundFilter, refused_text


@admin.register(Judge)
class JudgeAdmin(KeepRecordsAdminMixin, ContestStaffPermissionsMixin, admin.ModelAdmin):
    """The panel is edited on the contest's page; this list serves search and autocomplete."""

    contest_lookup = "contest"
    list_display = ["user", "contest", "affiliation", "title"]
    list_filter = ["contest"]
    search_fields = ["user__full_name", "user__username", "title"]
    autocomplete_fields = ["contest", "user", "affiliation"]

    def get_queryset(self, request):
        # For the list and for autocomplete answers alike (a judge is shown by their user's name).
        return super().get_queryset(request).select_related("user", "contest", "affiliation")


@admin.register(Conflict)
class ConflictAdmin(FoldedSearchAdminMixin, ContestStaffPermissionsMixin, admin.ModelAdmin):
    """Conflicts of interest a judge declared (an entry, a unit and those below it, a person of the
    registry); automatic and manual assignment both respect them."""

    contest_lookup = "judge__contest"
    list_display = ["judge", "entry", "unit", "entrepreneur", "reason", "created_at"]
    list_select_related = ["judge__user", "entry", "unit", "entrepreneur"]
    search_fields = ["judge__user__full_name", "entry__search_text", "unit__search_text", "entrepreneur__search_text"]
    autocomplete_fields = ["judge", "entry", "unit", "entrepreneur"]


class ScoreInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Score
    fields = ["criterion", "points", "criterion_max", "comment"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


@admin.register(Assignment)
class AssignmentAdmin(
    FoldedSearchAdminMixin, ContestStaffPermissionsMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    """Scorecards to look at, with their history; staff may reopen a submitted one."""

    contest_lookup = "round__contest"
    list_display = ["entry", "judge", "round", "status", "total", "submitted_at"]
    list_filter = ["status", RoundFilter]
    search_fields = ["entry__search_text", "judge__user__full_name", "judge__user__username"]
    fields = ["round", "entry", "judge", "status", "total", "abstain_reason", "submitted_at", "version"]
    readonly_fields = fields
    inlines = [ScoreInline]
    actions = ["reopen_scorecards"]

    def get_queryset(self, request):
        # The list and the change page both show the round (with its contest), the entry and the judge.
        return super().get_queryset(request).select_related("round__contest", "entry", "judge__user")

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # assignments come from the round's page, with the conflict rules

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A judge who cannot serve may be taken off a card they have not started.
        return (
            obj is not None
            and obj.status == Assignment.Status.PENDING
            and request.user.has_perm(self.manage_permission, obj)
        )

    @admin.action(description=_("Mở lại phiếu chấm đã nộp để giám khảo sửa"))
    def reopen_scorecards(self, request, queryset):
        reopened = 0
        for assignment in queryset.select_related("round__contest__owner", "entry", "judge__user"):
            if not request.user.has_perm(self.manage_permission, assignment):
                self.message_user(request, refused_text(assignment), messages.WARNING)
                continue
            try:
                services.scorecard_reopen(assignment=assignment, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{assignment}: {' '.join(error.messages)}", messages.WARNING)
            else:
                reopened += 1
        if reopened:
            self.message_user(
                request,
                ngettext("Đã mở lại %(count)d phiếu chấm.", "Đã mở lại %(count)d phiếu chấm.", reopened)
                % {"count": reopened},
                messages.SUCCESS,
            )
