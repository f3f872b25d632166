"""Loans in the admin: staff keep programmes and branches here too; referrals, their steps and
grades are there to read (they change through the services, so the limits and the order of
steps hold), with their history."""

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


class ReadOnlyMixin(ReadOnlyAdminMixin, LoansStaffMixin):
    pass


@admin.register(LoanProgramme)
class LoanProgrammeAdmin(LoansStaffMixin, admin.ModelAdmin):
    list_display = ["name", "lender", "max_per_borrower", "max_per_project", "max_term_months", "is_active"]
    list_filter = ["lender", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(BankBranch)
class BankBranchAdmin(LoansStaffMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["units", "liaisons"]


class GroupGradeInline(ReadOnlyMixin, admin.TabularInline):
    model = GroupGrade
    extra = 0
    fields = ["year", "grade", "graded_on", "recorded_by", "note"]
    readonly_fields = fields


@admin.register(SavingsGroup)
class SavingsGroupAdmin(KeepRecordsAdminMixin, LoansStaffMixin, admin.ModelAdmin):
    list_display = ["name", "unit", "hamlet", "member_count", "outstanding_balance", "overdue_balance", "is_active"]
    list_filter = ["is_active", ("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "leader_name", "hamlet"]
    autocomplete_fields = ["unit"]
    inlines = [GroupGradeInline]
    readonly_fields = ["created_by"]


@admin.register(GroupGrade)
class GroupGradeAdmin(ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    list_display = ["group", "year", "grade", "graded_on", "recorded_by"]
    list_filter = ["year", "grade"]
    search_fields = ["group__name"]


class ReferralStepInline(ReadOnlyMixin, admin.TabularInline):
    model = ReferralStep
    extra = 0
    fields = ["from_status", "to_status", "on", "amount", "term_months", "recorded_by", "note"]
    readonly_fields = fields


@admin.register(Referral)
class ReferralAdmin(ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    list_display = ["entrepreneur", "unit", "programme", "amount", "status", "status_on"]
    list_filter = ["status", "programme", ("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["entrepreneur__full_name"]
    inlines = [ReferralStepInline]
    readonly_fields = ["source_label"]  # the contest entry it was made from (not a form field)


@admin.register(MobilisationEvent)
class MobilisationEventAdmin(KeepRecordsAdminMixin, LoansStaffMixin, admin.ModelAdmin):
    list_display = ["title", "unit", "held_on", "participants", "amount_mobilised"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["created_by"]


@admin.register(PartnerAgreement)
class PartnerAgreementAdmin(KeepRecordsAdminMixin, LoansStaffMixin, admin.ModelAdmin):
    list_display = ["partner_name", "partner_kind", "signed_on", "amount_committed", "projects_supported"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["created_by"]
