"""Rounds with their criteria, and the recorded decisions with missing scorecards."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import HistoryWithoutRevertMixin, KeepRecordsAdminMixin, ReadOnlyAdminMixin

from .. import services
from ..models import Criterion, Round, RoundDecisionException
from .base import ContestStaffPermissionsMixin, run_service


class CriterionInline(ContestStaffPermissionsMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "name", "max_points", "weight", "description"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


@admin.register(Round)
class RoundAdmin(KeepRecordsAdminMixin, ContestStaffPermissionsMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    """A round's settings. Opening and deciding it go through the actions (services), never by hand."""

    contest_lookup = "contest"
    list_display = ["name", "contest", "order", "kind", "status", "opens_at", "closes_at", "judges_per_entry"]
    list_filter = ["kind", "status", "contest"]
    list_select_related = ["contest"]
    search_fields = ["name", "contest__name"]
    ordering = ["-contest__year", "contest_id", "order"]
    autocomplete_fields = ["contest", "mentors"]
    readonly_fields = [
        "status",
        "on_stage",
        "ranking_revealed_at",
        "decided_at",
        "decided_by",
        "created_at",
        "updated_at",
    ]
    actions = ["open_rounds", "decide_rounds"]
    # Once decided, what the decision rested on stays as it was.
    decided_readonly = [
        "contest",
        "order",
        "kind",
        "opens_at",
        "closes_at",
        "judges_per_entry",
        "is_live",
        "advance_count",
        "advance_threshold",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.decided_at is not None:
            fields += self.decided_readonly
        return fields

    @admin.action(description=_("Mở vòng cho giám khảo, chuyên gia"), permissions=["change"])
    def open_rounds(self, request, queryset):
        run_service(
            self,
            request,
            queryset.order_by("contest_id", "order"),
            lambda round, actor: services.round_open(round=round, actor=actor),
            gettext("Đã mở %(count)d vòng."),
        )

    @admin.action(description=_("Chốt kết quả vòng (khi đủ phiếu chấm)"), permissions=["change"])
    def decide_rounds(self, request, queryset):
        def decide(round, actor):
            if round.is_scoring:
                services.round_advance(round=round, actor=actor)
            else:
                services.coaching_round_complete(round=round, actor=actor)

        run_service(
            self, request, queryset.order_by("contest_id", "order"), decide, gettext("Đã chốt kết quả %(count)d vòng.")
        )

    fieldsets = (
        (None, {"fields": ["contest", "order", "name", "kind", "status", "opens_at", "closes_at"]}),
        (
            _("Chấm điểm"),
            {"fields": ["judges_per_entry", "is_blind", "is_live", "advance_count", "advance_threshold"]},
        ),
        (_("Tư vấn, hoàn thiện"), {"fields": ["mentors"]}),
        (
            _("Theo dõi"),
            {"fields": ["on_stage", "ranking_revealed_at", "decided_at", "decided_by", "created_at", "updated_at"]},
        ),
    )
    inlines = [CriterionInline]


@admin.register(RoundDecisionException)
class RoundDecisionExceptionAdmin(ReadOnlyAdminMixin, ContestStaffPermissionsMixin, SimpleHistoryAdmin):
    """Rounds decided with scorecards missing: to read; they are made on the round's page only."""

    contest_lookup = "round__contest"
    list_display = ["round", "decided_by", "decided_at", "reason"]
    list_select_related = ["round__contest", "decided_by"]
    fields = ["round", "reason", "missing", "decided_by", "decided_at"]
