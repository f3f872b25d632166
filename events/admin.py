"""Events in the admin: provincial staff look rows up and fix plain fields.

Registrations change state through `services` only (the waiting list, check-in and
feedback rules hold there), so they are read-only here.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import HistoryWithoutRevertMixin, KeepRecordsAdminMixin, ManagePermissionAdminMixin, void_action
from common.search import FoldedSearchAdminMixin

from . import services
from .models import Booth, Event, EventMaterial, Registration, StartupClub, StartupSpace
from .views.manage import EventVoidView


class EventsStaffMixin(ManagePermissionAdminMixin):
    manage_permission = "events.admin_events"


class BoothInline(KeepRecordsAdminMixin, EventsStaffMixin, admin.TabularInline):
    model = Booth
    extra = 0
    autocomplete_fields = ["venture"]
    fields = ["number", "venture", "products"]


class MaterialInline(EventsStaffMixin, admin.TabularInline):
    model = EventMaterial
    extra = 0
    fields = ["kind", "title", "file"]


@admin.register(Event)
class EventAdmin(
    FoldedSearchAdminMixin, KeepRecordsAdminMixin, EventsStaffMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    list_display = ["title", "kind", "starts_at", "unit", "capacity", "counts_as_training", "status"]
    list_filter = ["kind", "status", "counts_as_training", "is_public"]
    search_fields = ["search_text", "plan_reference", "unit__search_text"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["unit"]
    readonly_fields = [
        "attendance_closed_at",
        "attendance_closed_by",
        "created_by",
        "created_at",
        "updated_at",
        "voided_at",
        "voided_by",
        "void_reason",
    ]
    inlines = [BoothInline, MaterialInline]
    actions = [
        void_action(
            service=services.event_void,
            object_kwarg="event",
            name="void_events",
            title=_("Hủy bỏ sự kiện (ghi lý do)"),
            explanation=EventVoidView.explanation,  # the same words as its page
        )
    ]


@admin.register(Registration)
class RegistrationAdmin(
    FoldedSearchAdminMixin, KeepRecordsAdminMixin, EventsStaffMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    list_display = ["__str__", "status", "waiting_position", "phone", "unit", "checked_in_at", "rating"]
    list_filter = ["status", "source", "event__kind"]
    search_fields = ["search_text", "entrepreneur__search_text", "ticket_code", "event__search_text"]
    list_select_related = ["event", "entrepreneur", "unit"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StartupClub)
class StartupClubAdmin(FoldedSearchAdminMixin, KeepRecordsAdminMixin, EventsStaffMixin, admin.ModelAdmin):
    list_display = ["name", "unit", "school", "members", "founded_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "unit__search_text", "school__name", "mentor"]
    autocomplete_fields = ["unit", "school"]


@admin.register(StartupSpace)
class StartupSpaceAdmin(FoldedSearchAdminMixin, KeepRecordsAdminMixin, EventsStaffMixin, admin.ModelAdmin):
    list_display = ["name", "unit", "school", "opened_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "unit__search_text", "school__name"]
    autocomplete_fields = ["unit", "school"]
