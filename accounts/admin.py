from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rules.contrib.admin import ObjectPermissionsModelAdmin

from common.search import FoldedSearchAdminMixin

from . import services
from .models import Membership, Unit, User
from .scoping import access_of, unit_scope_q


class UnitsInReachMixin:
    """Unit choices (selects and autocompletes) limited to the units the user reaches: staff of
    one province never place anyone or anything in another's tree."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Unit:
            kwargs["queryset"] = Unit.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(UnitsInReachMixin, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]
    fields = ["unit", "role", "title"]

    def get_queryset(self, request):
        # Roles held elsewhere (a person with roles in two provinces) are not shown to staff of
        # one of them; the person's change page is refused to them anyway (reaches_person_or_list).
        return super().get_queryset(request).filter(unit_scope_q(request.user)).select_related("unit")


@admin.register(User)
class UserAdmin(FoldedSearchAdminMixin, ObjectPermissionsModelAdmin, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "phone", "roles", "is_active", "last_login"]
    list_filter = ["is_active", "memberships__role", "is_superuser"]
    search_fields = ["username", "full_name", "email", "phone", "memberships__unit__search_text"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone", "language")}),
        (_("Quyền hạn"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "email", "password1", "password2")}),
    )

    actions = ["unlock_sign_in"]

    def get_queryset(self, request):
        people = super().get_queryset(request).prefetch_related("memberships__unit")
        if access_of(request.user).is_superuser:
            return people
        # People with a role in the user's reach, and people with no role yet (just created).
        in_reach = Membership.objects.filter(unit_scope_q(request.user)).values("user_id")
        return people.filter(Q(pk__in=in_reach) | Q(memberships__isnull=True)).distinct()

    @admin.action(description=_("Mở khoá đăng nhập (bị khoá do nhập sai mật khẩu)"), permissions=["change"])
    def unlock_sign_in(self, request, queryset):
        """Lift the chosen accounts' sign-in lock-outs, from every address (a user who called the office)."""
        unlocked = [
            user
            for user in queryset
            if self.has_change_permission(request, user)
            and services.user_sign_in_unlock(user=user, actor=request.user)
        ]
        if unlocked:
            message = ngettext(
                "Đã mở khoá đăng nhập cho %(count)d tài khoản: %(names)s.",
                "Đã mở khoá đăng nhập cho %(count)d tài khoản: %(names)s.",
                len(unlocked),
            ) % {"count": len(unlocked), "names": ", ".join(user.username for user in unlocked)}
            self.message_user(request, message, messages.SUCCESS)
        else:
            self.message_user(request, _("Không tài khoản nào đang bị khoá đăng nhập."), messages.INFO)

    @admin.display(description=_("Vai trò"))
    def roles(self, obj):
        return "; ".join(f"{m.role_title} – {m.unit}" for m in obj.memberships.all())

    def get_readonly_fields(self, request, obj=None):
        # Admin access follows the staff role (synced on save); only a superuser
        # may make another superuser.
        readonly = ["is_staff", "last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.user_sync_admin_access(user=form.instance)


class ActiveFilter(admin.SimpleListFilter):
    title = _("tình trạng hoạt động")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Đang hoạt động")), ("no", _("Đã giải thể, sáp nhập"))]

    def queryset(self, request, queryset):
        active = Unit.objects.active().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=active)
        if self.value() == "no":
            return queryset.exclude(pk__in=active)
        return queryset


@admin.register(Unit)
class UnitAdmin(FoldedSearchAdminMixin, UnitsInReachMixin, ObjectPermissionsModelAdmin):
    list_display = ["indented_name", "code", "official_code", "kind", "active_from", "active_to", "successor"]
    list_filter = ["kind", ActiveFilter]
    search_fields = ["search_text", "code", "official_code"]
    autocomplete_fields = ["parent", "successor"]
    fields = [
        "name",
        "code",
        "official_code",
        "kind",
        "parent",
        "active_from",
        "active_to",
        "successor",
        "address",
        "phone",
        "email",
    ]
    list_select_related = ["successor"]
    list_per_page = 200

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit_scope_q(request.user, lookup=""))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not access_of(request.user).is_superuser and "parent" in form.base_fields:
            # Only a superuser adds a root (a province, the national union): staff place units
            # under one of theirs.
            form.base_fields["parent"].required = True
        return form

    @admin.display(description=_("Tên đơn vị"), ordering="path")
    def indented_name(self, obj):
        return ("— " * obj.depth) + obj.name

    def save_model(self, request, obj, form, change):
        """Through the services, which keep the tree's paths (a moved unit takes its subtree)."""
        if change:
            services.unit_update(unit=obj, actor=request.user)
            return
        fields = {name: getattr(obj, name) for name in self.fields}
        saved = services.unit_create(actor=request.user, **fields)
        obj.pk, obj.path, obj.created_at, obj.updated_at = saved.pk, saved.path, saved.created_at, saved.updated_at
        obj._state.adding = False


@admin.register(Membership)
class MembershipAdmin(FoldedSearchAdminMixin, UnitsInReachMixin, ObjectPermissionsModelAdmin):
    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "unit__search_text"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit_scope_q(request.user))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.user_sync_admin_access(user=obj.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.user_sync_admin_access(user=obj.user)

    def delete_queryset(self, request, queryset):
        users = list({m.user for m in queryset.select_related("user")})
        super().delete_queryset(request, queryset)
        for user in users:
            services.user_sync_admin_access(user=user)
