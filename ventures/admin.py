from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import KeepRecordsAdminMixin, ManagePermissionAdminMixin, ReadOnlyAdminMixin, void_action
from common.search import FoldedSearchAdminMixin

from . import services
from .forms import clean_birth_date
from .models import (
    Entrepreneur,
    ErasureRequest,
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
class EntrepreneurAdmin(
    FoldedSearchAdminMixin, KeepRecordsAdminMixin, ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin
):
    form = EntrepreneurAdminForm
    list_display = ["full_name", "date_of_birth", "gender", "ethnicity", "phone", "unit"]
    list_filter = ["gender", "ethnicity", "unit__kind"]
    search_fields = ["search_text", "citizen_id"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


@admin.register(Venture)
class VentureAdmin(
    FoldedSearchAdminMixin, KeepRecordsAdminMixin, ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin
):
    list_display = ["name", "kind", "sector", "unit", "employees", "annual_revenue", "status"]
    list_filter = ["kind", "sector", "status"]
    search_fields = ["search_text", "tax_code", "owners__search_text"]
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


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdminMixin, ManagePermissionAdminMixin, admin.ModelAdmin):
    """The log of personal-data erasures (Decree 13/2023): made on the person's page only."""

    manage_permission = "ventures.anonymise_entrepreneur"
    list_display = ["person", "reference", "done_at", "done_by"]
    search_fields = ["reference"]
    list_select_related = ["person", "done_by"]
