"""Award programmes in the admin: staff set up programmes, categories and the council.

Staff see the programmes visible to them (their units', the units' above and below) and
change only those their own unit runs (`awards.manage_programme` with the programme);
a new programme's owner is one of the units where they are staff.

Nominations, field verifications and votes are here to read. Every change of
state goes through `services` (from the staff pages or the admin actions below),
never through a model form, so the window, quota, eligibility and council rules
hold everywhere. Votes are private while the council sits: the admin lists only
the votes of closed councils.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.forms import limit_owner_field
from common.admin import (
    HistoryWithoutRevertMixin,
    KeepRecordsAdminMixin,
    ManagePermissionAdminMixin,
    ReadOnlyAdminMixin,
)
from common.formatting import format_moment
from common.search import FoldedSearchAdminMixin

from . import selectors, services
from .models import (
    AwardCategory,
    AwardProgramme,
    CouncilVote,
    FieldVerification,
    Nomination,
    NominationEvidence,
    VerificationPhoto,
)

# --- permissions -----------------------------------------------------------------------


class AwardsStaffPermissionsMixin(ManagePermissionAdminMixin):
    """Staff, and only they, enter; a row (or an inline's parent programme) is changed only
    by the staff of the unit that runs its programme."""

    manage_permission = "awards.manage_programme"

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_manage_permission(request) and request.user.has_perm(self.manage_permission, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_manage_permission(request) and request.user.has_perm(self.manage_permission, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        # An inline is given its parent programme; a model admin no object.
        return self.has_manage_permission(request) and request.user.has_perm(self.manage_permission, obj)


class VisibleNominationsMixin:
    """Rows whose nomination (through `nomination_lookup`) the user may open, and only
    of programmes they see."""

    nomination_lookup = "pk"

    def get_queryset(self, request):
        visible = selectors.nominations_visible_to(user=request.user).values("pk")
        return super().get_queryset(request).filter(**{f"{self.nomination_lookup}__in": visible})


class ReadOnlyMixin(ReadOnlyAdminMixin, AwardsStaffPermissionsMixin):
    """Rows to look at, not to edit: they change through services only."""


class ReadOnlyInlineMixin(ReadOnlyMixin):
    extra = 0
    can_delete = False
    show_change_link = False


# --- programmes ------------------------------------------------------------------------


class AwardCategoryInline(AwardsStaffPermissionsMixin, admin.TabularInline):
    model = AwardCategory
    extra = 0
    fields = ["order", "name"]


@admin.register(AwardProgramme)
class AwardProgrammeAdmin(KeepRecordsAdminMixin, AwardsStaffPermissionsMixin, admin.ModelAdmin):
    list_display = ["name", "year", "status", "window", "quota_per_unit", "approval_rule", "decision"]
    list_filter = ["status", "year", "approval_rule"]
    search_fields = ["name", "slug", "decision_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["council"]
    readonly_fields = [
        "certificates_issued",
        "council_closed_at",
        "honour_roll_published_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = (
        (None, {"fields": ["name", "year", "slug", "status", "description", "guideline_document"]}),
        (_("Nhận hồ sơ đề nghị"), {"fields": ["nomination_opens_at", "nomination_closes_at", "quota_per_unit"]}),
        (
            _("Điều kiện tuyên dương"),
            {
                "fields": [
                    "min_age",
                    "max_age",
                    "age_reference_date",
                    "min_years_in_operation",
                    "min_annual_revenue",
                    "min_jobs",
                    "require_no_violations",
                ]
            },
        ),
        (_("Hội đồng xét chọn"), {"fields": ["council", "approval_rule", "approval_share", "approval_top_n"]}),
        (
            _("Quyết định và tuyên dương"),
            {"fields": ["decision_number", "decision_date", "ceremony_date", "ceremony_place"]},
        ),
        (
            _("Giấy chứng nhận"),
            {"fields": ["signer_name", "signer_title", "certificate_symbol", "certificates_issued"]},
        ),
        (
            _("Theo dõi"),
            {"fields": ["council_closed_at", "honour_roll_published_at", "created_by", "created_at", "updated_at"]},
        ),
    )
    inlines = [AwardCategoryInline]
    actions = ["open_council", "close_council", "publish_honour_roll"]
    list_select_related = ["owner"]

    def get_queryset(self, request):
        return AwardProgramme.objects.visible_to(request.user).select_related("owner")

    def get_list_display(self, request):
        return ["name", "owner", *self.list_display[1:]]

    def get_fieldsets(self, request, obj=None):
        (name, first), *rest = super().get_fieldsets(request, obj)
        return ((name, {**first, "fields": ["owner", *first["fields"]]}), *rest)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if "owner" not in form_class.base_fields:
            return form_class  # read-only (a programme another unit runs)

        class OwnerLimitedForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                limit_owner_field(self, user=request.user)

        return OwnerLimitedForm

    @admin.display(description=_("Thời gian nhận hồ sơ"), ordering="nomination_opens_at")
    def window(self, obj: AwardProgramme) -> str:
        return f"{format_moment(obj.nomination_opens_at, '%d/%m/%Y')} – {format_moment(obj.nomination_closes_at)}"

    @admin.display(description=_("Quyết định"), ordering="decision_date")
    def decision(self, obj: AwardProgramme) -> str:
        if not obj.decision_number:
            return "–"
        return gettext("Số %(number)s ngày %(date)s") % {
            "number": obj.decision_number,
            "date": obj.decision_date.strftime("%d/%m/%Y") if obj.decision_date else "",
        }

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status in (AwardProgramme.Status.REVIEWING, AwardProgramme.Status.DECIDED):
            # Once the council sits, its rule and its status move through the actions only.
            fields += ["status", "approval_rule", "approval_share", "approval_top_n"]
        if obj is not None and obj.council_closed_at is not None:
            fields += ["council", "decision_number", "decision_date"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def _run(self, request, queryset, action, done: str) -> None:
        succeeded = 0
        for programme in queryset.exclude(pk__in=queryset.run_by(request.user).values("pk")):
            self.message_user(
                request,
                gettext("%(programme)s: chương trình do %(owner)s điều hành.")
                % {"programme": programme, "owner": programme.owner},
                messages.ERROR,
            )
        for programme in queryset.run_by(request.user).order_by("pk"):
            try:
                action(programme=programme, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{programme}: {' '.join(error.messages)}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, done % {"count": succeeded}, messages.SUCCESS)

    @admin.action(description=_("Mở Hội đồng xét chọn (kết thúc nhận hồ sơ)"), permissions=["change"])
    def open_council(self, request, queryset):
        done = gettext("Đã mở Hội đồng: %(count)d chương trình.")
        self._run(request, queryset, services.programme_open_council, done)

    @admin.action(description=_("Kết thúc Hội đồng và áp dụng cách xét chọn"), permissions=["change"])
    def close_council(self, request, queryset):
        self._run(request, queryset, services.council_close, gettext("Đã kết thúc Hội đồng: %(count)d chương trình."))

    @admin.action(description=_("Công bố danh sách tuyên dương"), permissions=["change"])
    def publish_honour_roll(self, request, queryset):
        self._run(
            request, queryset, services.honour_roll_publish, gettext("Đã công bố danh sách: %(count)d chương trình.")
        )


# --- nominations -----------------------------------------------------------------------


class NominationEvidenceInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = NominationEvidence
    fields = ["title", "file_name", "uploaded_by", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("tệp"))
    def file_name(self, obj: NominationEvidence) -> str:
        # Uploads are private; the name only, the file is opened from the nomination's page.
        return obj.file.name.rsplit("/", 1)[-1]


class ProgrammeFilter(admin.SimpleListFilter):
    """Programmes listed in one query, newest first."""

    title = _("chương trình")
    parameter_name = "programme"
    lookup = "programme_id"  # the path from the listed model to its programme

    def lookups(self, request, model_admin):
        programmes = AwardProgramme.objects.visible_to(request.user).order_by("-year", "name")
        return [(str(pk), name) for pk, name in programmes.values_list("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{self.lookup: int(value)})
        return queryset


@admin.register(Nomination)
class NominationAdmin(
    FoldedSearchAdminMixin, VisibleNominationsMixin, ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    """Nominations as units sent them, with their history. Exceptions to the eligibility
    rules, field verification and the council happen on the staff pages, through the services."""

    list_display = ["entrepreneur", "programme", "unit", "category", "status", "submitted_at", "verification_code"]
    list_filter = [ProgrammeFilter, "status", ("unit", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["entrepreneur", "programme", "unit", "category"]
    search_fields = ["entrepreneur__search_text", "entrepreneur__citizen_id", "verification_code", "unit__search_text"]
    fieldsets = (
        (None, {"fields": ["programme", "category", "unit", "entrepreneur", "venture", "status"]}),
        (
            _("Thành tích"),
            {"fields": [*Nomination.ACHIEVEMENT_FIELDS, "story"]},
        ),
        (
            _("Đề nghị và điều kiện"),
            {
                "fields": [
                    "no_violations_declared",
                    "endorsement",
                    "submitted_at",
                    "eligibility_override_reason",
                    "eligibility_overridden_by",
                    "created_by",
                ]
            },
        ),
        (_("Chứng nhận"), {"fields": ["certificate_serial", "verification_code"]}),
    )
    inlines = [NominationEvidenceInline]


class VerificationPhotoInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = VerificationPhoto
    fields = ["file_name", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("ảnh"))
    def file_name(self, obj: VerificationPhoto) -> str:
        return obj.file.name.rsplit("/", 1)[-1]


@admin.register(FieldVerification)
class FieldVerificationAdmin(
    FoldedSearchAdminMixin, VisibleNominationsMixin, ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    nomination_lookup = "nomination"

    list_display = ["nomination", "officer", "visited_on", "confirmed", "assigned_by"]
    list_filter = ["confirmed"]
    list_select_related = ["nomination__entrepreneur", "nomination__programme", "officer", "assigned_by"]
    search_fields = ["nomination__entrepreneur__search_text", "officer__full_name", "officer__username"]
    fields = ["nomination", "officer", "visited_on", "findings", "confirmed", "assigned_by"]
    inlines = [VerificationPhotoInline]


class ClosedCouncilFilter(ProgrammeFilter):
    lookup = "nomination__programme_id"

    def lookups(self, request, model_admin):
        closed = (
            AwardProgramme.objects.visible_to(request.user)
            .filter(council_closed_at__isnull=False)
            .order_by("-year", "name")
        )
        return [(str(pk), name) for pk, name in closed.values_list("pk", "name")]


@admin.register(CouncilVote)
class CouncilVoteAdmin(
    FoldedSearchAdminMixin, VisibleNominationsMixin, ReadOnlyMixin, HistoryWithoutRevertMixin, SimpleHistoryAdmin
):
    """The council's votes, for staff to read once the council has closed (never before)."""

    nomination_lookup = "nomination"

    list_display = ["nomination", "member", "choice", "score", "created_at"]
    list_filter = [ClosedCouncilFilter, "choice"]
    search_fields = ["nomination__entrepreneur__search_text", "member__full_name", "member__username"]
    fields = ["nomination", "member", "choice", "score", "comment", "created_at"]

    def has_view_permission(self, request, obj=None) -> bool:
        if not self.has_manage_permission(request):
            return False
        return obj is None or obj.nomination.programme.council_closed_at is not None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(nomination__programme__council_closed_at__isnull=False)
            .select_related("nomination__entrepreneur", "nomination__programme", "member")
        )

    def get_readonly_fields(self, request, obj=None):
        return self.fields
