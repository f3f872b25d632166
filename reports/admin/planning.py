"""Admin of plans, targets and outputs."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_mixins import OwnedInlineMixin, OwnedProgrammeAdminMixin
from common.admin import HistoryWithoutRevertMixin, KeepRecordsAdminMixin, ManagePermissionAdminMixin

from ..models import ConsolidatedReport, ExportJob, Plan, PlanActivity, Target

MANAGE = "reports.manage_plans"


class PlanActivityInline(OwnedInlineMixin, admin.TabularInline):
    model = PlanActivity
    extra = 0
    fields = ["order", "content", "timeline", "starts_on", "ends_on", "responsible", "units_note"]


class TargetInline(OwnedInlineMixin, admin.TabularInline):
    model = Target
    extra = 0
    fields = [
        "order",
        "label",
        "source",
        "indicator_code",
        "report_field_code",
        "scope",
        "unit_kinds",
        "comparison",
        "value",
    ]


@admin.register(Plan)
class PlanAdmin(
    KeepRecordsAdminMixin,
    OwnedProgrammeAdminMixin,
    ManagePermissionAdminMixin,
    HistoryWithoutRevertMixin,
    SimpleHistoryAdmin,
):
    manage_permission = MANAGE
    list_display = ["number", "issued_on", "title", "owner", "issuer", "start_date", "end_date"]
    list_filter = ["owner", "issuer"]
    search_fields = ["number", "title"]
    date_hierarchy = "issued_on"
    inlines = [PlanActivityInline, TargetInline]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ConsolidatedReport)
class ConsolidatedReportAdmin(KeepRecordsAdminMixin, ManagePermissionAdminMixin, admin.ModelAdmin):
    manage_permission = MANAGE
    list_display = ["__str__", "owner", "status", "scheduled", "generated_at", "created_by"]

    list_filter = ["status", "kind", "scheduled"]
    readonly_fields = [
        "status",
        "excel_file",
        "pdf_file",
        "error",
        "generated_at",
        "claimed_at",
        "attempts",
        "created_by",
        "owner",
    ]

    def get_queryset(self, request):
        # The same reports as the portal's list: the units whose plans the user sees.
        return super().get_queryset(request).filter(pk__in=ConsolidatedReport.objects.visible_to(request.user))


@admin.register(ExportJob)
class ExportJobAdmin(ManagePermissionAdminMixin, admin.ModelAdmin):
    manage_permission = MANAGE
    list_display = ["__str__", "kind", "status", "progress", "requested_by", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [
        "kind",
        "params",
        "status",
        "progress",
        "file",
        "report",
        "error",
        "finished_at",
        "claimed_at",
        "attempts",
        "requested_by",
    ]

    def get_queryset(self, request):
        from ..planning.selectors import export_jobs_visible_to

        return super().get_queryset(request).filter(pk__in=export_jobs_visible_to(request.user))
