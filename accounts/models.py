from __future__ import annotations

import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModelBase, RulesModelMixin

from common.models import TimeStampedModel
from common.search import FoldedTextIndex, SearchTextMixin, SearchTextQuerySet
from common.validators import validate_vietnamese_phone

from . import rules as r


class User(RulesModelMixin, AbstractUser, metaclass=RulesModelBase):
    """A person who signs in. What they may do comes from their memberships."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True, validators=[validate_vietnamese_phone])
    # The language the person chose: their pages, the admin, their emails and the documents they
    # download follow it (accounts.middleware, common.i18n), whatever their browser asks for.
    language = models.CharField(_("ngôn ngữ"), max_length=10, choices=settings.LANGUAGES, default="vi")

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        rules_permissions = {
            "view": r.is_provincial_staff & r.reaches_person_or_list,
            "add": r.is_provincial_staff,
            "change": r.is_provincial_staff & r.reaches_person_or_list,
            "delete": r.is_provincial_staff & r.reaches_person_or_list,
        }

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def get_short_name(self) -> str:
        return self.get_full_name().split()[-1] if self.get_full_name() else self.username


# Where the Central Youth Union (Trung ương Đoàn) dates its documents.
NATIONAL_SEAT = "Hà Nội"
# How a provincial union's name starts ("Tỉnh đoàn Sơn La", "Thành đoàn Hà Nội"), longest first.
PROVINCE_UNION_PREFIXES = ("ban chấp hành tỉnh đoàn ", "tỉnh đoàn ", "thành đoàn ", "đoàn tncs hồ chí minh tỉnh ")


def province_short_name(union_name: str) -> str:
    """ "Tỉnh đoàn Sơn La" -> "Sơn La", "Thành đoàn Hà Nội" -> "Hà Nội"; another name as it is."""
    lowered = union_name.casefold()
    for prefix in PROVINCE_UNION_PREFIXES:
        if lowered.startswith(prefix):
            return union_name[len(prefix) :].strip()
    return union_name


class UnitQuerySet(SearchTextQuerySet):
    def active(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=on)
        )

    def subtree_of(self, unit: Unit):
        """The unit and every unit below it, at any depth, in one query."""
        return self.filter(path__startswith=unit.path)

    def visible_to(self, user):
        """Units a user may see data of: the subtrees of their staff and officer roles."""
        from .scoping import unit_scope_q

        return self.filter(unit_scope_q(user, lookup=""))


class Unit(SearchTextMixin, RulesModelMixin, TimeStampedModel, metaclass=RulesModelBase):
    """A Youth Union organisation at any level.

    The tree has no fixed depth: the province, commune and ward unions, directly
    affiliated unions (agencies, schools, enterprises), branches below them, and the
    district unions dissolved on 1 July 2025 kept as inactive units with a successor.

    `path` is a materialised path of zero-padded ids ("/00000001/00000007/") so the
    descendants of any unit are one `startswith` query whatever the depth. It is
    derived from `parent` by the services that place a unit (`accounts.services.
    unit_create`, and `unit_update`, which moves the subtree too); `save()` is plain.
    """

    class Kind(models.TextChoices):
        NATIONAL = "national", _("Trung ương Đoàn")
        PROVINCE = "province", _("Tỉnh đoàn / Thành đoàn trực thuộc Trung ương")
        COMMUNE = "commune", _("Đoàn xã, phường, đặc khu")
        DISTRICT = "district", _("Huyện đoàn, Thành đoàn, Thị đoàn (trước 07/2025)")
        AFFILIATED = "affiliated", _("Đoàn trực thuộc")
        BLOC = "bloc", _("Đoàn Khối")
        SCHOOL = "school", _("Đoàn trường")
        ENTERPRISE = "enterprise", _("Đoàn cơ sở doanh nghiệp, cơ quan")
        BRANCH = "branch", _("Chi đoàn")
        OTHER = "other", _("Khác")

    PATH_STEP = 9  # eight digits and a slash

    search_text_from = ("name",)

    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices)
    code = models.SlugField(
        _("mã đơn vị"),
        max_length=50,
        unique=True,
        help_text=_("Mã ngắn, không dấu, dùng trong tệp nhập/xuất Excel, ví dụ: to-hieu."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    official_code = models.CharField(
        _("mã hành chính"),
        max_length=10,
        blank=True,
        db_index=True,
        help_text=_(
            "Mã tỉnh hoặc mã xã, phường, đặc khu theo danh mục của Cục Thống kê (sau sắp xếp 07/2025); "
            "để trống với đoàn trực thuộc và chi đoàn."
        ),
    )
    active_from = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    active_to = models.DateField(
        _("hoạt động đến ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu đơn vị còn hoạt động."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("Đơn vị tiếp nhận khi đơn vị này giải thể hoặc sáp nhập."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, validators=[validate_vietnamese_phone])
    email = models.EmailField(_("email"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [FoldedTextIndex(name="accounts_unit_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="accounts_unit_active_dates_in_order",
            ),
            models.CheckConstraint(condition=~Q(successor=models.F("id")), name="accounts_unit_not_own_successor"),
        ]
        rules_permissions = {
            "view": r.is_provincial_staff & r.reaches_unit_or_list,
            "add": r.is_provincial_staff,
            "change": r.is_provincial_staff & r.reaches_unit_or_list,
            "delete": r.is_provincial_staff & r.reaches_unit_or_list,
        }

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return len(self.path) // self.PATH_STEP - 1 if self.path else 0

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or self.active_to >= day
        )

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    @cached_property
    def lineage(self) -> list[Unit]:
        """The units above this one, top first, then this one; one query (none for a root)."""
        above = self.ancestor_ids
        if not above:
            return [self]
        return [*Unit.objects.filter(pk__in=above).order_by("path"), self]

    @property
    def province(self) -> Unit | None:
        """The provincial union this unit belongs to (itself for a province); None above or
        beside any province (the national unit, a union run directly by it)."""
        if self.kind == self.Kind.PROVINCE:
            return self
        return next((unit for unit in reversed(self.lineage) if unit.kind == self.Kind.PROVINCE), None)

    @property
    def home_union(self) -> Unit:
        """The union a page names for this unit's people: its province, else the national
        unit above it, else the root of its tree."""
        if self.kind in (self.Kind.PROVINCE, self.Kind.NATIONAL):
            return self
        return self.province or next(
            (unit for unit in self.lineage if unit.kind == self.Kind.NATIONAL), self.lineage[0]
        )

    @property
    def place_name(self) -> str:
        """Where this unit dates its documents ("Sơn La, ngày ... "): its province's name
        without "Tỉnh đoàn"; the national union's seat for a unit under no province."""
        province = self.province
        if province is not None:
            return province_short_name(province.name)
        if any(unit.kind == self.Kind.NATIONAL for unit in self.lineage):
            return NATIONAL_SEAT
        return settings.PORTAL_PROVINCE

    def is_within(self, other: Unit) -> bool:
        """True when this unit is `other` or sits anywhere below it."""
        return bool(other.path) and self.path.startswith(other.path)

    def clean(self) -> None:
        super().clean()
        # A unit cannot sit under itself or under one of its own descendants.
        if (
            self.parent_id
            and self.pk
            and (self.parent_id == self.pk or (self.parent.path or "").startswith(self.path or "\0"))
        ):
            raise ValidationError({"parent": _("Không thể chọn chính đơn vị này hoặc đơn vị cấp dưới làm cấp trên.")})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Đơn vị không thể kế thừa chính nó.")})
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("Ngày kết thúc hoạt động phải sau ngày bắt đầu.")})

    def get_absolute_url(self) -> str:
        return reverse("accounts:unit-detail", kwargs={"pk": self.pk})


class OwnedQuerySet(models.QuerySet):
    """Queryset of a programme object (a contest, an award programme, a plan...) run by a unit."""

    def visible_to(self, user):
        """Programmes the user may see in the signed-in pages: those run by a unit they reach
        (their own and the units below it) or by a unit above one of theirs (the province's
        contest, for a commune's officer). Public pages use each app's `published()`."""
        from .scoping import owner_scope_q

        return self.filter(owner_scope_q(user))

    def run_by(self, user):
        """Programmes the user runs: those owned by a unit where they hold the staff role."""
        from .scoping import access_of

        access = access_of(user)
        if access.is_superuser:
            return self.all()
        return self.filter(owner__path__in=access.staff_paths)


class OwnedByUnit(models.Model):
    """A programme object owned by the unit that runs it.

    Its staff are the staff of that unit (`Access.runs`); it is seen by the units above and
    below (`OwnedQuerySet.visible_to`); a unit's staff never manage another unit's programme.
    """

    owner = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị tổ chức; cán bộ của đơn vị này điều hành chương trình."),
    )

    class Meta:
        abstract = True


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own roles, plus the roles held in the units they manage."""
        from .scoping import unit_scope_q

        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(user=user) | unit_scope_q(user, lookup="unit"))


class Membership(RulesModelMixin, TimeStampedModel, metaclass=RulesModelBase):
    """A role a user holds in a unit. Staff and officer roles reach the unit's subtree."""

    class Role(models.TextChoices):
        # Staff run programmes at the unit they belong to: a province, the Central Union, a
        # school union with its own contest (`role_title` names them after their unit).
        STAFF = "staff", _("Cán bộ điều hành chương trình")
        OFFICER = "officer", _("Cán bộ đơn vị")
        JUDGE = "judge", _("Giám khảo")
        COUNCIL = "council", _("Thành viên Hội đồng xét chọn")
        BANK_LIAISON = "bank_liaison", _("Cán bộ Ngân hàng CSXH")

    # Roles whose holder sees the data of the unit and the units below it.
    SCOPED_ROLES = (Role.STAFF, Role.OFFICER)

    user = models.ForeignKey(User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    title = models.CharField(
        _("chức vụ"), max_length=100, blank=True, help_text=_("Ví dụ: Phó Bí thư, Trưởng ban Phong trào.")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("vai trò tại đơn vị")
        verbose_name_plural = _("vai trò tại đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="accounts_membership_unique_role"),
        ]
        rules_permissions = {
            "view": r.is_provincial_staff & r.reaches_membership_or_list,
            "add": r.is_provincial_staff,
            "change": r.is_provincial_staff & r.reaches_membership_or_list,
            "delete": r.is_provincial_staff & r.reaches_membership_or_list,
        }

    def __str__(self) -> str:
        return f"{self.user} · {self.role_title} · {self.unit}"

    @property
    def role_title(self) -> str:
        """The role as people say it: staff are named after the level of their unit."""
        if self.role == self.Role.STAFF:
            titles = {
                Unit.Kind.NATIONAL: _("Cán bộ Trung ương Đoàn"),
                Unit.Kind.PROVINCE: _("Cán bộ Tỉnh đoàn"),
            }
            if self.unit.kind in titles:
                return str(titles[self.unit.kind])
        return str(self.get_role_display())
