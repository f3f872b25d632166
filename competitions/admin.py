"""The contest in the admin: provincial staff set up contests, rounds, criteria and the panel.

Entries, scorecards and their history are here to read: every change of state goes
through `services` (from the staff pages or the admin actions below), never through
a model form, so the window, quota, conflict and lock rules hold everywhere.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import (
    HistoryWithoutRevertMixin,
    KeepRecordsAdminMixin,
    ManagePermissionAdminMixin,
    ReadOnlyAdminMixin,
)
from common.formatting import format_moment

from . import services
from .models import (
    Assignment,
    Category,
    Conflict,
    Contest,
    Criterion,
    Entry,
    EntryAttachment,
    Judge,
    PrizeTier,
    Round,
    RoundDecisionException,
    Score,
    TeamMember,
    UnitExtension,
)

# --- permissions -----------------------------------------------------------------------


class ContestStaffPermissionsMixin(ManagePermissionAdminMixin):
    """Provincial staff, and only they, manage contests here."""

    manage_permission = "competitions.manage_contest"


class ReadOnlyInlineMixin(ReadOnlyAdminMixin, ContestStaffPermissionsMixin):
    """An inline to look at, not to edit: rows change through services only."""

    extra = 0
    can_delete = False
    show_change_link = False


class RoundFilter(admin.SimpleListFilter):
    """Rounds named with their contest, listed in one query (the default filter asks once per round)."""

    title = _("vòng thi")
    parameter_name = "round"

    def lookups(self, request, model_admin):
        rounds = Round.objects.select_related("contest").order_by("-contest__year", "contest_id", "order")
        return [(str(r.pk), str(r)) for r in rounds]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(round_id=int(value))
        return queryset


# --- contests --------------------------------------------------------------------------


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


def _run_service(model_admin, request, queryset, service, done: str) -> None:
    """Call `service(obj, actor)` for each selected row; report each refusal and the count done."""
    count = 0
    for obj in queryset:
        try:
            service(obj, request.user)
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        else:
            count += 1
    if count:
        model_admin.message_user(request, done % {"count": count}, messages.SUCCESS)


# What the services record about a contest: shown, never edited, in the admin.
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

    list_display = ["name", "year", "status", "window", "min_entries_per_unit", "max_entries_per_unit"]
    list_filter = ["status", "year"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status", *CONTEST_TRACKING]
    fieldsets = (
        (None, {"fields": ["name", "year", "slug", "status", "description", "rules_document"]}),
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
            _("Theo dõi"),
            {"fields": CONTEST_TRACKING},
        ),
    )
    inlines = [CategoryInline, PrizeTierInline, RoundInline, JudgeInline]
    actions = ["copy_to_next_year", "open_contests", "publish_results"]

    @admin.action(description=_("Mở cuộc thi (công khai, nhận bài theo thời gian đã đặt)"), permissions=["change"])
    def open_contests(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda contest, actor: services.contest_open(contest=contest, actor=actor),
            gettext("Đã mở %(count)d cuộc thi."),
        )

    @admin.action(description=_("Công bố kết quả"), permissions=["change"])
    def publish_results(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda contest, actor: services.contest_publish_results(contest=contest, actor=actor),
            gettext("Đã công bố kết quả %(count)d cuộc thi."),
        )

    @admin.display(description=_("Thời gian nhận bài"), ordering="submission_opens_at")
    def window(self, obj: Contest) -> str:
        return f"{format_moment(obj.submission_opens_at, '%d/%m/%Y')} – {format_moment(obj.submission_closes_at)}"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Sao chép thành cuộc thi năm sau"), permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        """Each selected contest becomes next year's draft: same categories, prizes, rounds, criteria."""
        for source in queryset.order_by("year", "pk"):
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


# --- rounds ----------------------------------------------------------------------------


class CriterionInline(ContestStaffPermissionsMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "name", "max_points", "weight", "description"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


@admin.register(Round)
class RoundAdmin(KeepRecordsAdminMixin, ContestStaffPermissionsMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    """A round's settings. Opening and deciding it go through the actions (services), never by hand."""

    list_display = ["name", "contest", "order", "kind", "status", "opens_at", "closes_at", "judges_per_entry"]
    list_filter = ["kind", "status", "contest"]
    list_select_related = ["contest"]
    search_fields = ["name", "contest__name"]
    ordering = ["-contest__year", "contest_id", "order"]
    autocomplete_fields = ["contest", "mentors"]
    readonly_fields = [
        "status",
        "on_stage",
        "ranking_revealed_at",
        "decided_at",
        "decided_by",
        "created_at",
        "updated_at",
    ]
    actions = ["open_rounds", "decide_rounds"]
    # Once decided, what the decision rested on stays as it was.
    decided_readonly = [
        "contest",
        "order",
        "kind",
        "opens_at",
        "closes_at",
        "judges_per_entry",
        "is_live",
        "advance_count",
        "advance_threshold",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.decided_at is not None:
            fields += self.decided_readonly
        return fields

    @admin.action(description=_("Mở vòng cho giám khảo, chuyên gia"), permissions=["change"])
    def open_rounds(self, request, queryset):
        _run_service(
            self,
            request,
            queryset.order_by("contest_id", "order"),
            lambda round, actor: services.round_open(round=round, actor=actor),
            gettext("Đã mở %(count)d vòng."),
        )

    @admin.action(description=_("Chốt kết quả vòng (khi đủ phiếu chấm)"), permissions=["change"])
    def decide_rounds(self, request, queryset):
        def decide(round, actor):
            if round.is_scoring:
                services.round_advance(round=round, actor=actor)
            else:
                services.coaching_round_complete(round=round, actor=actor)

        _run_service(
            self, request, queryset.order_by("contest_id", "order"), decide, gettext("Đã chốt kết quả %(count)d vòng.")
        )

    fieldsets = (
        (None, {"fields": ["contest", "order", "name", "kind", "status", "opens_at", "closes_at"]}),
        (
            _("Chấm điểm"),
            {"fields": ["judges_per_entry", "is_blind", "is_live", "advance_count", "advance_threshold"]},
        ),
        (_("Tư vấn, hoàn thiện"), {"fields": ["mentors"]}),
        (
            _("Theo dõi"),
            {"fields": ["on_stage", "ranking_revealed_at", "decided_at", "decided_by", "created_at", "updated_at"]},
        ),
    )
    inlines = [CriterionInline]


@admin.register(RoundDecisionException)
class RoundDecisionExceptionAdmin(ReadOnlyAdminMixin, ContestStaffPermissionsMixin, SimpleHistoryAdmin):
    """Rounds decided with scorecards missing: to read; they are made on the round's page only."""

    list_display = ["round", "decided_by", "decided_at", "reason"]
    list_select_related = ["round__contest", "decided_by"]
    fields = ["round", "reason", "missing", "decided_by", "decided_at"]


# --- entries ---------------------------------------------------------------------------


class TeamMemberInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = TeamMember
    fields = ["entrepreneur", "role", "responsibility"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entrepreneur")


class EntryAttachmentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = EntryAttachment
    fields = ["kind", "download", "revision_round", "uploaded_by", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("revision_round__contest", "uploaded_by")

    @admin.display(description=_("tệp"))
    def download(self, obj: EntryAttachment) -> str:
        # Uploads are private: the link goes through the permission-checked download view.
        url = reverse("competitions:entry-attachment-download", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.file.name.rsplit("/", 1)[-1])


@admin.register(Entry)
class EntryAdmin(KeepRecordsAdminMixin, ContestStaffPermissionsMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    """Entries as units sent them. Staff only mark capital support and link a venture here;
    screening, advancing and withdrawing happen on the staff pages, through the services."""

    list_display = ["code", "title", "contest", "unit", "category", "status", "round", "submitted_at"]
    list_filter = ["contest", "status", RoundFilter, ("unit", admin.RelatedOnlyFieldListFilter), "capital_support"]
    list_select_related = ["contest", "unit", "category", "round__contest"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["venture"]
    fieldsets = (
        (None, {"fields": ["contest", "code", "title", "unit", "category", "status", "round"]}),
        (
            _("Nội dung"),
            {"fields": ["summary", "problem", "solution", "market", "business_model", "capital_needed", "video_url"]},
        ),
        (
            _("Nộp và thẩm định"),
            {"fields": ["submitted_at", "screened_by", "screened_at", "rejection_reason", "created_by"]},
        ),
        (_("Sau cuộc thi"), {"fields": ["capital_support", "venture"]}),
    )
    readonly_fields = [
        "contest",
        "code",
        "title",
        "unit",
        "category",
        "status",
        "round",
        "summary",
        "problem",
        "solution",
        "market",
        "business_model",
        "capital_needed",
        "video_url",
        "submitted_at",
        "screened_by",
        "screened_at",
        "rejection_reason",
        "created_by",
    ]
    inlines = [TeamMemberInline, EntryAttachmentInline]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # units send entries through their web form, inside the window and quota

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a unit withdraws its entry; scorecards and results keep pointing at it


# --- judging ---------------------------------------------------------------------------


@admin.register(Judge)
class JudgeAdmin(KeepRecordsAdminMixin, ContestStaffPermissionsMixin, admin.ModelAdmin):
    """The panel is edited on the contest's page; this list serves search and autocomplete."""

    list_display = ["user", "contest", "affiliation", "title"]
    list_filter = ["contest"]
    search_fields = ["user__full_name", "user__username", "title"]
    autocomplete_fields = ["contest", "user", "affiliation"]

    def get_queryset(self, request):
        # For the list and for autocomplete answers alike (a judge is shown by their user's name).
        return super().get_queryset(request).select_related("user", "contest", "affiliation")


@admin.register(Conflict)
class ConflictAdmin(ContestStaffPermissionsMixin, admin.ModelAdmin):
    """Conflicts of interest a judge declared; automatic and manual assignment both respect them."""

    list_display = ["judge", "entry", "reason", "created_at"]
    list_select_related = ["judge__user", "entry"]
    search_fields = ["judge__user__full_name", "entry__code", "entry__title"]
    autocomplete_fields = ["judge", "entry"]


class ScoreInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Score
    fields = ["criterion", "points", "criterion_max", "comment"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


@admin.register(Assignment)
class AssignmentAdmin(ContestStaffPermissionsMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    """Scorecards to look at, with their history; staff may reopen a submitted one."""

    list_display = ["entry", "judge", "round", "status", "total", "submitted_at"]
    list_filter = ["status", RoundFilter]
    search_fields = ["entry__code", "entry__title", "judge__user__full_name", "judge__user__username"]
    fields = ["round", "entry", "judge", "status", "total", "abstain_reason", "submitted_at", "version"]
    readonly_fields = fields
    inlines = [ScoreInline]
    actions = ["reopen_scorecards"]

    def get_queryset(self, request):
        # The list and the change page both show the round (with its contest), the entry and the judge.
        return super().get_queryset(request).select_related("round__contest", "entry", "judge__user")

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # assignments come from the round's page, with the conflict rules

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A judge who cannot serve may be taken off a card they have not started.
        return obj is not None and obj.status == Assignment.Status.PENDING and self.has_manage_permission(request)

    @admin.action(description=_("Mở lại phiếu chấm đã nộp để giám khảo sửa"))
    def reopen_scorecards(self, request, queryset):
        reopened = 0
        for assignment in queryset.select_related("round", "entry", "judge__user"):
            try:
                services.scorecard_reopen(assignment=assignment, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{assignment}: {' '.join(error.messages)}", messages.WARNING)
            else:
                reopened += 1
        if reopened:
            self.message_user(
                request,
                ngettext("Đã mở lại %(count)d phiếu chấm.", "Đã mở lại %(count)d phiếu chấm.", reopened)
                % {"count": reopened},
                messages.SUCCESS,
            )


# --- extensions ------------------------------------------------------------------------


class UnitExtensionForm(forms.ModelForm):
    class Meta:
        model = UnitExtension
        fields = ["contest", "unit", "until", "reason"]

    def clean(self):
        cleaned = super().clean()
        contest = cleaned.get("contest") or getattr(self.instance, "contest", None)
        until = cleaned.get("until")
        # The same rule `services.extension_grant` enforces, shown on the field instead of as an error page.
        if contest is not None and until is not None and until <= contest.submission_closes_at:
            self.add_error("until", gettext("Ngày gia hạn phải sau hạn nộp bài chung của cuộc thi."))
        if "reason" in cleaned and not cleaned["reason"].strip():
            self.add_error("reason", gettext("Cần ghi lý do gia hạn."))
        return cleaned


@admin.register(UnitExtension)
class UnitExtensionAdmin(
    KeepRecordsAdminMixin, ContestStaffPermissionsMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    form = UnitExtensionForm
    list_display = ["unit", "contest", "until_local", "reason", "granted_by"]
    list_filter = ["contest"]
    list_select_related = ["unit", "contest", "granted_by"]
    search_fields = ["unit__name", "reason"]
    autocomplete_fields = ["contest", "unit"]

    @admin.display(description=_("gia hạn đến"), ordering="until")
    def until_local(self, obj: UnitExtension) -> str:
        return format_moment(obj.until)

    def get_readonly_fields(self, request, obj=None):
        # Another unit or contest is another extension: add it, do not move this one.
        return ["contest", "unit", "granted_by"] if obj is not None else ["granted_by"]

    def save_model(self, request, obj, form, change):
        saved = services.extension_grant(
            contest=obj.contest, unit=obj.unit, until=obj.until, reason=obj.reason, actor=request.user
        )
        obj.pk, obj.granted_by, obj.reason = saved.pk, saved.granted_by, saved.reason
        obj._state.adding = False
