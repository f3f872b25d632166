"""Contests in the admin, with their categories, prize tiers, rounds and judges inline."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.forms import limit_owner_field
from common.admin import HistoryWithoutRevertMixin, KeepRecordsAdminMixin
from common.formatting import format_moment

from .. import services
from ..models import Category, Contest, Judge, PrizeTier, Round
from .base import ContestStaffPermissionsMixin, refused_text, run_service


class CategoryInline(ContestStaffPermissionsMixin, admin.TabularInline):
    model = Category
    extra = 0
    fields = ["order", "name"]


class PrizeTierInline(ContestStaffPermissionsMixin, admin.TabularInline):
    model = PrizeTier
    extra = 0
    fields = ["rank", "name", "count", "amount"]


class KeepScoredRowsFormSet(forms.BaseInlineFormSet):
    """Refuses to delete, from the contest's page, a round or judge that has scorecards.

    Scorecards follow their round and judge on delete, and an inline deletion asks for
    no confirmation, so one ticked box would silently take submitted scores with it.
    """

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.assignments.exists():
                raise ValidationError(
                    gettext("Không xoá được “%(name)s”: đã có phiếu chấm gắn với mục này.") % {"name": form.instance}
                )


class KeepDecidedRoundsFormSet(KeepScoredRowsFormSet):
    """Also refuses to change, from the contest's page, what a decided round's result rested on."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.instance.pk and form.instance.decided_at is not None and form.has_changed():
                raise ValidationError(
                    gettext("“%(name)s” đã chốt kết quả; không sửa được thiết lập của vòng.")
                    % {"name": form.instance.name}
                )


class RoundInline(ContestStaffPermissionsMixin, admin.TabularInline):
    model = Round
    formset = KeepDecidedRoundsFormSet
    extra = 0
    show_change_link = True  # criteria and mentors are set on the round's own page
    fields = [
        "order",
        "name",
        "kind",
        "opens_at",
        "closes_at",
        "judges_per_entry",
        "is_blind",
        "is_live",
        "advance_count",
        "advance_threshold",
    ]
    ordering = ["order"]


class JudgeInline(ContestStaffPermissionsMixin, admin.TabularInline):
    model = Judge
    formset = KeepScoredRowsFormSet
    extra = 0
    fields = ["user", "affiliation", "title"]
    autocomplete_fields = ["user", "affiliation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "affiliation")


CONTEST_TRACKING = [
    "results_published_at",
    "results_published_by",
    "no_prizes_reason",
    "no_prizes_at",
    "no_prizes_by",
    "created_by",
    "created_at",
    "updated_at",
]


@admin.register(Contest)
class ContestAdmin(KeepRecordsAdminMixin, ContestStaffPermissionsMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    """A contest's settings. Its status changes only through the actions (services), never by hand."""

    contest_lookup = ""
    list_display = ["name", "owner", "year", "status", "window", "min_entries_per_unit", "max_entries_per_unit"]
    list_select_related = ["owner"]
    list_filter = ["status", "year"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status", "certificates_issued", *CONTEST_TRACKING]
    fieldsets = (
        (None, {"fields": ["owner", "name", "year", "slug", "status", "description", "rules_document"]}),
        (
            _("Nhận bài dự thi"),
            {
                "fields": [
                    "submission_opens_at",
                    "submission_closes_at",
                    "min_entries_per_unit",
                    "max_entries_per_unit",
                ]
            },
        ),
        (_("Điều kiện dự thi"), {"fields": ["max_team_size", "min_age", "max_age", "age_reference_date"]}),
        (
            _("Giấy chứng nhận"),
            {"fields": ["signer_name", "signer_title", "certificate_symbol", "certificates_issued"]},
        ),
        (
            _("Theo dõi"),
            {"fields": CONTEST_TRACKING},
        ),
    )
    inlines = [CategoryInline, PrizeTierInline, RoundInline, JudgeInline]
    actions = ["copy_to_next_year", "open_contests", "publish_results"]

    @admin.action(description=_("Mở cuộc thi (công khai, nhận bài theo thời gian đã đặt)"), permissions=["change"])
    def open_contests(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            lambda contest, actor: services.contest_open(contest=contest, actor=actor),
            gettext("Đã mở %(count)d cuộc thi."),
        )

    @admin.action(description=_("Công bố kết quả"), permissions=["change"])
    def publish_results(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            lambda contest, actor: services.contest_publish_results(contest=contest, actor=actor),
            gettext("Đã công bố kết quả %(count)d cuộc thi."),
        )

    @admin.display(description=_("Thời gian nhận bài"), ordering="submission_opens_at")
    def window(self, obj: Contest) -> str:
        return f"{format_moment(obj.submission_opens_at, '%d/%m/%Y')} – {format_moment(obj.submission_closes_at)}"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class OwnerLimitedForm(form_class):
            """The owner is a unit the user runs (the only one, chosen, when there is one)."""

            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                if "owner" in self.fields:
                    limit_owner_field(self, user=request.user)

        return OwnerLimitedForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Sao chép thành cuộc thi năm sau"), permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        """Each selected contest becomes next year's draft: same categories, prizes, rounds, criteria."""
        for source in queryset.order_by("year", "pk"):
            if not request.user.has_perm(self.manage_permission, source):
                self.message_user(request, refused_text(source), messages.ERROR)
                continue
            try:
                copy = services.contest_copy(source=source, year=source.year + 1, actor=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("Không sao chép “%(name)s” (%(year)d): %(reason)s")
                    % {"name": source.name, "year": source.year, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            self.message_user(
                request,
                format_html(
                    gettext('Đã tạo <a href="{}">{} – năm {}</a> (bản nháp); hãy xem lại tên, ngày tháng và thể lệ.'),
                    reverse("admin:competitions_contest_change", args=[copy.pk]),
                    copy.name,
                    copy.year,
                ),
                messages.SUCCESS,
            )
