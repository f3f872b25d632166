"""OCOP in the admin: staff set up cycles, extensions and promotion events here.

Lists, products and ratings are here to read: their changes go through `services`
(the staff and unit pages), so the deadline, pipeline and star rules hold everywhere.
Staff see the rows they may see on the pages (`visible_to`) and change or delete only
the cycles, and the events of the cycles, they run.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_mixins import OwnerChoicesAdminMixin
from common.admin import (
    HistoryWithoutRevertMixin,
    KeepRecordsAdminMixin,
    ManagePermissionAdminMixin,
    ReadOnlyAdminMixin,
)
from common.search import FoldedSearchAdminMixin

from . import selectors
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
    """Changes to a row (or to the inlines of a parent row) need the staff who run its cycle."""

    manage_permission = "ocop.manage_cycle"

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(self.manage_permission, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(self.manage_permission, obj)


class VisibleRowsMixin:
    """The changelist starts from the rows the user may see on the pages."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class ReadOnlyMixin(ReadOnlyAdminMixin, OcopStaffMixin):
    pass


class UnitExtensionInline(KeepRecordsAdminMixin, OcopStaffMixin, admin.TabularInline):
    model = UnitExtension
    extra = 0
    autocomplete_fields = ["unit"]
    readonly_fields = ["granted_by"]


@admin.register(Cycle)
class CycleAdmin(
    OwnerChoicesAdminMixin, KeepRecordsAdminMixin, OcopStaffMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    list_display = ["name", "owner", "year", "status", "list_deadline", "target_per_unit"]
    list_filter = ["status"]
    list_select_related = ["owner"]
    inlines = [UnitExtensionInline]
    readonly_fields = ["created_by"]

    def get_queryset(self, request):
        return selectors.cycles_visible_to(user=request.user)

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
class CandidateListAdmin(
    FoldedSearchAdminMixin, VisibleRowsMixin, ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    list_display = ["unit", "cycle", "status", "submitted_at"]
    list_filter = ["cycle", "status"]
    search_fields = ["unit__search_text"]
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
class ProductAdmin(
    FoldedSearchAdminMixin, VisibleRowsMixin, ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    list_display = ["name", "group", "venture", "commune", "unit", "stage", "cycle"]
    list_filter = ["cycle", "stage", "group"]
    search_fields = ["search_text", "venture__search_text", "owner__search_text"]
    list_select_related = ["venture", "commune", "unit", "cycle"]
    inlines = [StageChangeInline, RatingInline]


@admin.register(Rating)
class RatingAdmin(
    FoldedSearchAdminMixin, VisibleRowsMixin, ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    list_display = ["product", "rated_on", "level", "total", "stars", "certificate_number", "certificate_expires_on"]
    list_filter = ["level", "stars"]
    search_fields = ["product__search_text", "certificate_number"]
    list_select_related = ["product"]


@admin.register(ProductPhoto)
class ProductPhotoAdmin(VisibleRowsMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["product", "caption", "created_at"]


class ParticipationInline(ReadOnlyMixin, admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["product", "sales", "orders", "note"]
    readonly_fields = fields


@admin.register(PromotionEvent)
class PromotionEventAdmin(VisibleRowsMixin, KeepRecordsAdminMixin, OcopStaffMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on", "cycle"]
    list_filter = ["kind", "cycle"]
    search_fields = ["name"]
    inlines = [ParticipationInline]
    readonly_fields = ["created_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cycle":
            kwargs["queryset"] = selectors.cycles_run_by(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
