"""Entries (to read: every change goes through services) and units' extra submission time."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import HistoryWithoutRevertMixin, KeepRecordsAdminMixin
from common.formatting import format_moment
from common.search import FoldedSearchAdminMixin

from .. import services
from ..models import Entry, EntryAttachment, TeamMember, UnitExtension
from .base import ContestStaffPermissionsMixin, ReadOnlyInlineMixin, RoundFilter


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
class EntryAdmin(
    FoldedSearchAdminMixin,
    KeepRecordsAdminMixin,
    ContestStaffPermissionsMixin,
    HistoryWithoutRevertMixin,
    SimpleHistoryAdmin,
):
    """Entries as units sent them. Staff only mark capital support and link a venture here;
    screening, advancing and withdrawing happen on the staff pages, through the services."""

    contest_lookup = "contest"
    list_display = ["code", "title", "contest", "unit", "category", "status", "round", "submitted_at"]
    list_filter = ["contest", "status", RoundFilter, ("unit", admin.RelatedOnlyFieldListFilter), "capital_support"]
    list_select_related = ["contest", "unit", "category", "round__contest"]
    search_fields = ["search_text", "team__entrepreneur__search_text"]
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

    def get_queryset(self, request):
        # In a contest run above the user, only their units' entries (as on every other page).
        return super().get_queryset(request).filter(pk__in=Entry.objects.visible_to(request.user).values("pk"))

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # units send entries through their web form, inside the window and quota

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a unit withdraws its entry; scorecards and results keep pointing at it


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
    FoldedSearchAdminMixin,
    KeepRecordsAdminMixin,
    ContestStaffPermissionsMixin,
    HistoryWithoutRevertMixin,
    SimpleHistoryAdmin,
):
    form = UnitExtensionForm
    contest_lookup = "contest"
    list_display = ["unit", "contest", "until_local", "reason", "granted_by"]
    list_filter = ["contest"]
    list_select_related = ["unit", "contest", "granted_by"]
    search_fields = ["unit__search_text", "reason"]
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
