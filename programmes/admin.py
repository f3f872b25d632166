"""The model programmes in the admin: staff correct records here; the pages run the workflow.

Each list shows what the user sees (`visible_to`); a programme and its children change
only for the staff of the programme's owner (the models' `rules_permissions`)."""

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsInlineModelAdminMixin, ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_mixins import OwnerChoicesAdminMixin
from common.admin import KeepRecordsAdminMixin
from common.search import FoldedSearchAdminMixin

from .models import ModelProgramme, ProgrammeParticipant, SupportRecord, TrainingAttendance, TrainingSession


class VisibleToMixin(OwnerChoicesAdminMixin):
    """The changelist (and the objects one may open) start from `visible_to(user)`; a
    choice of owner or programme offers only those the user runs."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme":
            kwargs["queryset"] = ModelProgramme.objects.run_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TrainingSessionInline(KeepRecordsAdminMixin, ObjectPermissionsInlineModelAdminMixin, admin.TabularInline):
    model = TrainingSession
    extra = 0
    fields = ["title", "date", "place", "trainer"]


@admin.register(ModelProgramme)
class ModelProgrammeAdmin(KeepRecordsAdminMixin, VisibleToMixin, ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ["name", "owner", "start_date", "end_date", "registration_deadline", "target_models", "status"]
    list_filter = ["status"]
    search_fields = ["name", "plan_number", "owner__name"]
    list_select_related = ["owner"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [TrainingSessionInline]


class SupportRecordInline(KeepRecordsAdminMixin, ObjectPermissionsInlineModelAdminMixin, admin.TabularInline):
    model = SupportRecord
    extra = 0
    fields = ["kind", "date", "amount", "provider", "recorded_by"]
    readonly_fields = ["recorded_by"]


@admin.register(ProgrammeParticipant)
class ProgrammeParticipantAdmin(
    FoldedSearchAdminMixin, KeepRecordsAdminMixin, VisibleToMixin, ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin
):
    list_display = ["venture", "programme", "unit", "sector", "status", "is_successful", "to_commend", "to_replicate"]
    list_filter = ["programme", "status", "sector", "is_successful", "to_commend", "to_replicate"]
    search_fields = ["venture__search_text", "venture__owners__search_text", "branch_name"]
    autocomplete_fields = ["venture", "unit"]
    list_select_related = ["venture", "programme", "unit"]
    readonly_fields = [
        "registered_by",
        "selected_by",
        "selected_at",
        "evaluated_by",
        "evaluated_at",
        "created_at",
        "updated_at",
    ]
    inlines = [SupportRecordInline]


class TrainingAttendanceInline(KeepRecordsAdminMixin, admin.TabularInline):
    model = TrainingAttendance
    extra = 0
    fields = ["participant", "attended", "note"]
    raw_id_fields = ["participant"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(KeepRecordsAdminMixin, VisibleToMixin, ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ["title", "programme", "date", "place"]
    list_filter = ["programme"]
    search_fields = ["title", "topic", "trainer"]
    list_select_related = ["programme"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [TrainingAttendanceInline]


@admin.register(SupportRecord)
class SupportRecordAdmin(
    FoldedSearchAdminMixin, KeepRecordsAdminMixin, VisibleToMixin, ObjectPermissionsModelAdminMixin, admin.ModelAdmin
):
    list_display = ["participant", "kind", "date", "amount", "provider"]
    list_filter = ["kind"]
    search_fields = ["participant__venture__search_text", "provider", "description"]
    list_select_related = ["participant__venture", "participant__programme"]
    raw_id_fields = ["participant"]
    readonly_fields = ["recorded_by", "created_at", "updated_at"]
