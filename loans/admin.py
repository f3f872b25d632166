"""Loans in the admin: staff keep programmes and branches here too; referrals, their steps and
grades are there to read (they change through the services, so the limits and the order of
steps hold), with their history.

Each list shows what the user sees (`visible_to`); a programme changes or goes only for the
staff of its owner, a branch for the staff of its province, and a new one's owner (province)
is one of the units they run."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.forms import limit_owner_field
from accounts.models import Unit
from common.admin import (
    HistoryWithoutRevertMixin,
    KeepRecordsAdminMixin,
    ManagePermissionAdminMixin,
    ReadOnlyAdminMixin,
)
from common.search import FoldedSearchAdminMixin

from .models import (
    BankBranch,
    GroupGrade,
    LoanProgramme,
    MobilisationEvent,
    PartnerAgreement,
    Referral,
    ReferralStep,
    SavingsGroup,
)


class LoansStaffMixin(ManagePermissionAdminMixin):
    manage_permission = "loans.manage"


class VisibleMixin:
    """A list of what the user sees in the signed-in pages, nothing of another province."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class ReadOnlyMixin(ReadOnlyAdminMixin, LoansStaffMixin):
    pass


class KeptAdmin(VisibleMixin, LoansStaffMixin, admin.ModelAdmin):
    """Programmes and branches: changed and deleted by the staff who keep them; the owner field
    (`owner_field`) offers the units the user runs."""

    manage_permission = "loans.keep_programme"
    owner_field = "owner"

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(self.manage_permission, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(self.manage_permission, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if self.owner_field not in form_class.base_fields:
            return form_class  # read-only: one the user sees and does not keep
        owner_field = self.owner_field

        class OwnerLimitedForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                limit_owner_field(self, user=request.user, name=owner_field)
                field = self.fields[owner_field]
                field.queryset = field.queryset.complex_filter(field.get_limit_choices_to() or {})

        return OwnerLimitedForm


@admin.register(LoanProgramme)
class LoanProgrammeAdmin(KeptAdmin):
    list_display = ["name", "owner", "lender", "max_per_borrower", "max_per_project", "max_term_months", "is_active"]
    list_filter = ["lender", "is_active"]
    list_select_related = ["owner"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(BankBranch)
class BankBranchAdmin(KeptAdmin):
    owner_field = "province"
    list_display = ["name", "province", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["province", "parent"]
    search_fields = ["name"]
    filter_horizontal = ["units", "liaisons"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "units":
            kwargs["queryset"] = Unit.objects.visible_to(request.user).order_by("path")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GroupGradeInline(ReadOnlyMixin, admin.TabularInline):
    model = GroupGrade
    extra = 0
    fields = ["year", "grade", "graded_on", "recorded_by", "note"]
    readonly_fields = fields


@admin.register(SavingsGroup)
class SavingsGroupAdmin(
    FoldedSearchAdminMixin, VisibleMixin, KeepRecordsAdminMixin, LoansStaffMixin, admin.ModelAdmin
):
    list_display = ["name", "unit", "hamlet", "member_count", "outstanding_balance", "overdue_balance", "is_active"]
    list_filter = ["is_active", ("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["search_text"]
    autocomplete_fields = ["unit"]
    inlines = [GroupGradeInline]
    readonly_fields = ["created_by"]


@admin.register(GroupGrade)
class GroupGradeAdmin(
    FoldedSearchAdminMixin, VisibleMixin, ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    list_display = ["group", "year", "grade", "graded_on", "recorded_by"]
    list_filter = ["year", "grade"]
    search_fields = ["group__search_text"]


class ReferralStepInline(ReadOnlyMixin, admin.TabularInline):
    model = ReferralStep
    extra = 0
    fields = ["from_status", "to_status", "on", "amount", "term_months", "recorded_by", "note"]
    readonly_fields = fields


@admin.register(Referral)
class ReferralAdmin(
    FoldedSearchAdminMixin, VisibleMixin, ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    list_display = ["entrepreneur", "unit", "programme", "amount", "status", "status_on"]
    list_filter = ["status", "programme", ("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["entrepreneur__search_text"]
    inlines = [ReferralStepInline]
    readonly_fields = ["source_label"]  # the contest entry it was made from (not a form field)


@admin.register(MobilisationEvent)
class MobilisationEventAdmin(VisibleMixin, KeepRecordsAdminMixin, LoansStaffMixin, admin.ModelAdmin):
    list_display = ["title", "unit", "held_on", "participants", "amount_mobilised"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["created_by"]


@admin.register(PartnerAgreement)
class PartnerAgreementAdmin(VisibleMixin, KeepRecordsAdminMixin, LoansStaffMixin, admin.ModelAdmin):
    list_display = ["partner_name", "partner_kind", "signed_on", "amount_committed", "projects_supported"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["created_by"]
