from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import Entrepreneur, Venture, VentureDocument, VentureUpdate


class VentureUpdateInline(admin.TabularInline):
    model = VentureUpdate
    extra = 0
    fields = ["period_kind", "year", "period_number", "revenue", "jobs", "submitted_by"]
    readonly_fields = ["submitted_by"]


class VentureDocumentInline(admin.TabularInline):
    model = VentureDocument
    extra = 0
    fields = ["title", "file", "uploaded_by"]
    readonly_fields = ["uploaded_by"]


@admin.register(Entrepreneur)
class EntrepreneurAdmin(ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["full_name", "date_of_birth", "gender", "ethnicity", "phone", "unit"]
    list_filter = ["gender", "ethnicity", "unit__kind"]
    search_fields = ["full_name", "phone", "citizen_id", "email"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


@admin.register(Venture)
class VentureAdmin(ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "sector", "unit", "employees", "annual_revenue", "status"]
    list_filter = ["kind", "sector", "status"]
    search_fields = ["name", "tax_code", "owners__full_name"]
    autocomplete_fields = ["unit", "owners"]
    list_select_related = ["unit"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [VentureUpdateInline, VentureDocumentInline]
