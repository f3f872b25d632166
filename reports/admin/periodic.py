"""Admin of schedules, unit reports and reminders.

Staff define reporting schedules here (frequency, due rule, the units that report,
the form's lines) and the reminder offsets. Unit reports are here to read: units
fill them and staff review them on the portal's pages, through the services.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_mixins import OwnedInlineMixin, OwnedProgrammeAdminMixin
from accounts.models import Unit
from common.admin import HistoryWithoutRevertMixin, KeepRecordsAdminMixin, ManagePermissionAdminMixin, void_action
from common.search import FoldedSearchAdminMixin

from ..models import (
    ReminderLog,
    ReminderOffset,
    ReportField,
    ReportingPeriod,
    ReportingSchedule,
    ReportValue,
    UnitReport,
)
from ..periodic.services import periods_ensure, report_void
from ..periodic.views import ReportVoidView

# Periods are made this far ahead when a schedule is saved (the daily job goes on).
PERIODS_AHEAD = datetime.timedelta(days=370)


class StaffOnly(ManagePermissionAdminMixin):
    manage_permission = "reports.review_unitreport"


class ScheduleForm(forms.ModelForm):
    unit_kinds = forms.MultipleChoiceField(
        label=_("Loại đơn vị phải báo cáo"), choices=Unit.Kind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ReportingSchedule
        fields = [
            "owner",
            "name",
            "basis",
            "description",
            "is_active",
            "active_from",
            "active_until",
            "frequency",
            "due_kind",
            "due_day",
            "due_last_day",
            "due_month_offset",
            "due_month",
            "unit_kinds",
        ]


class ReportFieldInline(OwnedInlineMixin, StaffOnly, admin.TabularInline):
    model = ReportField
    extra = 1
    fields = ["order", "code", "label", "kind", "unit_label", "required", "indicator_code", "help_text"]


@admin.register(ReportingSchedule)
class ReportingScheduleAdmin(KeepRecordsAdminMixin, OwnedProgrammeAdminMixin, StaffOnly, admin.ModelAdmin):
    form = ScheduleForm
    list_display = ["name", "owner", "frequency", "due_rule", "active_from", "active_until", "is_active"]
    list_filter = ["owner", "frequency", "is_active"]
    search_fields = ["name", "basis"]
    inlines = [ReportFieldInline]
    fieldsets = [
        (None, {"fields": ["owner", "name", "basis", "description", "is_active", "active_from", "active_until"]}),
        (
            _("Kỳ và hạn nộp"),
            {
                "fields": ["frequency", "due_kind", "due_day", "due_last_day", "due_month_offset", "due_month"],
                "description": _(
                    "Ví dụ: báo cáo quý trước ngày 05 tháng cuối quý = hằng quý, ngày 5, tháng hạn 0. "
                    "Báo cáo năm trước 15/11 = hằng năm, ngày/tháng cố định, ngày 15, tháng 11. "
                    "Ngày không có trong tháng (31/2) bị từ chối; muốn ngày cuối tháng thì chọn “ngày cuối tháng”."
                ),
            },
        ),
        (_("Đơn vị phải báo cáo"), {"fields": ["unit_kinds"]}),
    ]

    @admin.display(description=_("hạn nộp"))
    def due_rule(self, obj):
        return obj.due_rule_display

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        periods = periods_ensure(
            schedule=form.instance, until=timezone.localdate() + PERIODS_AHEAD, actor=request.user
        )
        messages.info(
            request,
            ngettext("Lịch có %(n)d kỳ báo cáo.", "Lịch có %(n)d kỳ báo cáo.", len(periods)) % {"n": len(periods)},
        )


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(KeepRecordsAdminMixin, OwnedProgrammeAdminMixin, StaffOnly, admin.ModelAdmin):
    owner_lookup = "schedule__owner"

    list_display = ["schedule", "label", "start", "end", "due"]
    list_filter = ["schedule"]
    date_hierarchy = "due"
    readonly_fields = ["schedule", "start", "end", "label"]
    fields = ["schedule", "label", "start", "end", "due"]

    def has_add_permission(self, request) -> bool:
        return False

    def programme_of(self, obj):
        return obj.schedule


class ReportValueInline(KeepRecordsAdminMixin, StaffOnly, admin.TabularInline):
    model = ReportValue
    extra = 0
    can_delete = False
    fields = ["field", "number", "text", "prefilled"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(UnitReport)
class UnitReportAdmin(
    FoldedSearchAdminMixin, KeepRecordsAdminMixin, StaffOnly, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    list_display = ["unit", "period", "status", "submitted_at", "submitted_late", "reviewed_by"]
    list_filter = ["status", "submitted_late", "period__schedule"]
    search_fields = ["unit__search_text", "period__label"]
    list_select_related = ["unit", "period__schedule", "reviewed_by"]
    inlines = [ReportValueInline]
    readonly_fields = [
        "period",
        "unit",
        "status",
        "notes",
        "submitted_at",
        "submitted_by",
        "submitted_late",
        "reviewed_at",
        "reviewed_by",
        "review_comment",
        "created_by",
        "voided_at",
        "voided_by",
        "void_reason",
    ]
    actions = [
        void_action(
            service=report_void,
            object_kwarg="report",
            name="void_reports",
            title=_("Hủy báo cáo (ghi lý do)"),
            explanation=ReportVoidView.explanation,  # the same words as its page
        )
    ]

    def get_queryset(self, request):
        # A unit's reports stay with the unit: staff see those of the units they reach.
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Readable; every change goes through the portal's pages and the services.
        return False


@admin.register(ReminderOffset)
class ReminderOffsetAdmin(StaffOnly, admin.ModelAdmin):
    list_display = ["days", "__str__", "is_active"]
    list_editable = ["is_active"]

    def changelist_view(self, request, extra_context=None):
        if not ReminderOffset.objects.exists():
            messages.info(
                request,
                gettext("Chưa cấu hình mốc nào: hệ thống nhắc 7, 3, 1 ngày trước hạn và 1 ngày sau hạn."),
            )
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(ReminderLog)
class ReminderLogAdmin(KeepRecordsAdminMixin, StaffOnly, admin.ModelAdmin):
    list_display = ["created_at", "user", "programme", "title", "due", "offset", "notified_at"]
    list_filter = ["programme", "sent_on"]
    search_fields = ["deadline_key", "title", "user__username"]
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
