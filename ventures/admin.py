from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import KeepRecordsAdminMixin, ManagePermissionAdminMixin, ReadOnlyAdminMixin, void_action

from . import services
from .forms import clean_birth_date
from .models import (
    Entrepreneur,
    ErasureRequest,
    ModelProgramme,
    ProgrammeParticipant,
    SupportRecord,
    TrainingAttendance,
    TrainingSession,
    Venture,
    VentureDocument,
    VentureUpdate,
)
from .views import VentureArchiveView


class VentureUpdateInline(KeepRecordsAdminMixin, admin.TabularInline):
    model = VentureUpdate
    extra = 0
    fields = ["period_kind", "year", "period_number", "revenue", "jobs", "submitted_by"]
    readonly_fields = ["submitted_by"]


class VentureDocumentInline(KeepRecordsAdminMixin, admin.TabularInline):
    model = VentureDocument
    extra = 0
    fields = ["title", "file", "uploaded_by"]
    readonly_fields = ["uploaded_by"]


class EntrepreneurAdminForm(forms.ModelForm):
    class Meta:
        model = Entrepreneur
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets decide what is shown

    def clean_date_of_birth(self):
        return clean_birth_date(self)


@admin.register(Entrepreneur)
class EntrepreneurAdmin(KeepRecordsAdminMixin, ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin):
    form = EntrepreneurAdminForm
    list_display = ["full_name", "date_of_birth", "gender", "ethnicity", "phone", "unit"]
    list_filter = ["gender", "ethnicity", "unit__kind"]
    search_fields = ["full_name", "phone", "citizen_id", "email"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


@admin.register(Venture)
class VentureAdmin(KeepRecordsAdminMixin, ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "sector", "unit", "employees", "annual_revenue", "status"]
    list_filter = ["kind", "sector", "status"]
    search_fields = ["name", "tax_code", "owners__full_name"]
    autocomplete_fields = ["unit", "owners"]
    list_select_related = ["unit"]
    readonly_fields = ["created_by", "created_at", "updated_at", "voided_at", "voided_by", "void_reason"]
    inlines = [VentureUpdateInline, VentureDocumentInline]
    actions = [
        void_action(
            service=services.venture_archive,
            object_kwarg="venture",
            name="archive_ventures",
            title=_("Lưu trữ mô hình (ghi lý do)"),
            explanation=VentureArchiveView.explanation,  # the same words as its page
        )
    ]


# --- Model programmes ---------------------------------------------------------------


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


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdminMixin, ManagePermissionAdminMixin, admin.ModelAdmin):
    """The log of personal-data erasures (Decree 13/2023): made on the person's page only."""

    manage_permission = "ventures.anonymise_entrepreneur"
    list_display = ["person", "reference", "done_at", "done_by"]
    search_fields = ["reference"]
    list_select_related = ["person", "done_by"]
