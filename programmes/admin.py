"""The model programmes in the admin: staff correct records here; the pages run the workflow."""

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import KeepRecordsAdminMixin

from .models import ModelProgramme, ProgrammeParticipant, SupportRecord, TrainingAttendance, TrainingSession


class TrainingSessionInline(KeepRecordsAdminMixin, admin.TabularInline):
    model = TrainingSession
    extra = 0
    fields = ["title", "date", "place", "trainer"]


@admin.register(ModelProgramme)
class ModelProgrammeAdmin(KeepRecordsAdminMixin, ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ["name", "unit", "start_date", "end_date", "registration_deadline", "target_models", "status"]
    list_filter = ["status"]
    search_fields = ["name", "plan_number", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [TrainingSessionInline]


class SupportRecordInline(KeepRecordsAdminMixin, admin.TabularInline):
    model = SupportRecord
    extra = 0
    fields = ["kind", "date", "amount", "provider", "recorded_by"]
    readonly_fields = ["recorded_by"]


@admin.register(ProgrammeParticipant)
class ProgrammeParticipantAdmin(KeepRecordsAdminMixin, ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["venture", "programme", "unit", "sector", "status", "is_successful", "to_commend", "to_replicate"]
    list_filter = ["programme", "status", "sector", "is_successful", "to_commend", "to_replicate"]
    search_fields = ["venture__name", "venture__owners__full_name", "branch_name"]
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
class TrainingSessionAdmin(KeepRecordsAdminMixin, ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ["title", "programme", "date", "place"]
    list_filter = ["programme"]
    search_fields = ["title", "topic", "trainer"]
    list_select_related = ["programme"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [TrainingAttendanceInline]


@admin.register(SupportRecord)
class SupportRecordAdmin(KeepRecordsAdminMixin, ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ["participant", "kind", "date", "amount", "provider"]
    list_filter = ["kind"]
    search_fields = ["participant__venture__name", "provider", "description"]
    list_select_related = ["participant__venture", "participant__programme"]
    raw_id_fields = ["participant"]
    readonly_fields = ["recorded_by", "created_at", "updated_at"]
