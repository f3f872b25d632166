"""OCOP in the admin: staff set up cycles, extensions and promotion events here.

Lists, products and ratings are here to read: their changes go through `services`
(the staff and unit pages), so the deadline, pipeline and star rules hold everywhere.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import (
    HistoryWithoutRevertMixin,
    KeepRecordsAdminMixin,
    ManagePermissionAdminMixin,
    ReadOnlyAdminMixin,
)

from .models import (
    CandidateCommune,
    CandidateList,
    Cycle,
    Participation,
    Product,
    ProductPhoto,
    PromotionEvent,
    Rating,
    StageChange,
    UnitExtension,
)


class OcopStaffMixin(ManagePermissionAdminMixin):
    manage_permission = "ocop.manage_cycle"


class ReadOnlyMixin(ReadOnlyAdminMixin, OcopStaffMixin):
    pass


class UnitExtensionInline(KeepRecordsAdminMixin, OcopStaffMixin, admin.TabularInline):
    model = UnitExtension
    extra = 0
    autocomplete_fields = ["unit"]
    readonly_fields = ["granted_by"]


@admin.register(Cycle)
class CycleAdmin(KeepRecordsAdminMixin, OcopStaffMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    list_display = ["name", "year", "status", "list_deadline", "target_per_unit"]
    list_filter = ["status"]
    inlines = [UnitExtensionInline]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, UnitExtension) and instance.granted_by_id is None:
                instance.granted_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


class CandidateCommuneInline(ReadOnlyMixin, admin.TabularInline):
    model = CandidateCommune
    extra = 0
    fields = ["commune", "note"]
    readonly_fields = fields


@admin.register(CandidateList)
class CandidateListAdmin(ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    list_display = ["unit", "cycle", "status", "submitted_at"]
    list_filter = ["cycle", "status"]
    search_fields = ["unit__name"]
    inlines = [CandidateCommuneInline]


class StageChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ["from_stage", "to_stage", "changed_on", "changed_by", "responsible", "note"]
    readonly_fields = fields


class RatingInline(ReadOnlyMixin, admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["rated_on", "level", "score_a", "score_b", "score_c", "total", "stars", "certificate_number"]
    readonly_fields = fields


@admin.register(Product)
class ProductAdmin(ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    list_display = ["name", "group", "venture", "commune", "unit", "stage", "cycle"]
    list_filter = ["cycle", "stage", "group"]
    search_fields = ["name", "venture__name", "owner__full_name"]
    list_select_related = ["venture", "commune", "unit", "cycle"]
    inlines = [StageChangeInline, RatingInline]


@admin.register(Rating)
class RatingAdmin(ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    list_display = ["product", "rated_on", "level", "total", "stars", "certificate_number", "certificate_expires_on"]
    list_filter = ["level", "stars"]
    search_fields = ["product__name", "certificate_number"]
    list_select_related = ["product"]


@admin.register(ProductPhoto)
class ProductPhotoAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["product", "caption", "created_at"]


class ParticipationInline(ReadOnlyMixin, admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["product", "sales", "orders", "note"]
    readonly_fields = fields


@admin.register(PromotionEvent)
class PromotionEventAdmin(KeepRecordsAdminMixin, OcopStaffMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on", "cycle"]
    list_filter = ["kind", "cycle"]
    search_fields = ["name"]
    inlines = [ParticipationInline]
    readonly_fields = ["created_by"]
