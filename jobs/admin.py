"""Jobs in the admin: provincial staff read and correct fairs, employers, vacancies,
seekers, applications and counselling sessions. Approving employers, check-in and
outcomes go through the staff pages (and their services).

Each list shows what the user sees (`visible_to`); a fair and what hangs off it change or
delete only for the staff of the fair's owner (`jobs.link_venture` with the object), and a
new fair's owner is one of the units they run."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_mixins import OwnerChoicesAdminMixin
from common.admin import HistoryWithoutRevertMixin, KeepRecordsAdminMixin, ManagePermissionAdminMixin, void_action
from common.search import FoldedSearchAdminMixin

from . import services
from .models import Application, CounsellingSession, Employer, JobFair, JobSeeker, Vacancy
from .views.staff import FairArchiveView


class JobsAdminMixin(ManagePermissionAdminMixin):
    manage_permission = "jobs.link_venture"  # any staff role; with an object, the fair owner's staff

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(self.manage_permission, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(self.manage_permission, obj)


class SchoolAdminMixin(ManagePermissionAdminMixin):
    """Counselling sessions belong to a school, not to a fair: staff correct those they see."""

    manage_permission = "jobs.link_venture"

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class VacancyInline(KeepRecordsAdminMixin, admin.TabularInline):
    model = Vacancy
    extra = 0
    fields = ["position", "openings", "education", "salary_min", "salary_max", "work_location", "is_overseas"]


@admin.register(JobFair)
class JobFairAdmin(OwnerChoicesAdminMixin, KeepRecordsAdminMixin, JobsAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "starts_at", "owner", "unit", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["unit"]
    list_select_related = ["owner", "unit"]
    readonly_fields = ["created_by", "voided_at", "voided_by", "void_reason"]

    actions = [
        void_action(
            service=services.fair_archive,
            object_kwarg="fair",
            name="archive_fairs",
            title=_("Lưu trữ ngày hội (ghi lý do)"),
            explanation=FairArchiveView.explanation,  # the same words as its page
        )
    ]


@admin.register(Employer)
class EmployerAdmin(KeepRecordsAdminMixin, JobsAdminMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    list_display = ["name", "tax_code", "fair", "status", "venture"]
    list_filter = ["status", "sector", "fair"]
    search_fields = ["name", "tax_code"]
    autocomplete_fields = ["venture"]
    readonly_fields = ["status", "decided_at", "decided_by", "rejection_reason"]
    inlines = [VacancyInline]


@admin.register(JobSeeker)
class JobSeekerAdmin(FoldedSearchAdminMixin, KeepRecordsAdminMixin, JobsAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "fair", "education", "checked_in_at"]
    list_filter = ["fair", "education"]
    search_fields = ["search_text", "ticket_code"]
    readonly_fields = [
        "ticket_code",
        "consent_text",
        "consented_at",
        "checked_in_at",
        "checked_in_by",
        "registered_by",
    ]


@admin.register(Application)
class ApplicationAdmin(
    FoldedSearchAdminMixin, KeepRecordsAdminMixin, JobsAdminMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    list_display = ["seeker", "vacancy", "status", "hired_at"]
    list_filter = ["status", "vacancy__employer__fair"]
    search_fields = ["seeker__search_text", "vacancy__position", "vacancy__employer__name"]
    raw_id_fields = ["seeker", "vacancy"]
    readonly_fields = ["updated_by"]


@admin.register(CounsellingSession)
class CounsellingSessionAdmin(KeepRecordsAdminMixin, SchoolAdminMixin, admin.ModelAdmin):
    list_display = ["title", "school", "held_on", "attendance"]
    list_filter = ["held_on"]
    search_fields = ["title", "school__name"]
    autocomplete_fields = ["school"]
    readonly_fields = ["created_by"]
