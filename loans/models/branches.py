"""NHCSXH branches and transaction offices, and the union units each serves.

A branch is the policy bank's branch of one province, and belongs to that province's union
(`province`): its staff keep the branch, its offices, the units they serve and their liaisons;
another province's staff see none of it (`BankBranchQuerySet.visible_to`)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.scoping import access_of, owner_scope_q
from common.models import TimeStampedModel
from common.validators import validate_vietnamese_phone


class BankBranchQuerySet(models.QuerySet):
    def of_liaison(self, user):
        """Branches where the user is a liaison, and the transaction offices under them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(liaisons=user) | Q(parent__liaisons=user)).distinct()

    def visible_to(self, user):
        """Branches of a province the user reaches or sits under (a commune's officer sees the
        branch of its province), and those where the user is a liaison; never another province's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if access_of(user).is_superuser:
            return self.all()  # `Q() | Q(...)` would narrow a superuser's empty filter to the second part
        liaison_of = BankBranch.objects.of_liaison(user).values("pk")
        return self.filter(owner_scope_q(user, lookup="province") | Q(pk__in=liaison_of))

    def run_by(self, user):
        """Branches the user keeps: those of a province where they hold the staff role."""
        access = access_of(user)
        if access.is_superuser:
            return self.all()
        return self.filter(province__path__in=access.staff_paths)


class BankBranch(TimeStampedModel):
    """An NHCSXH branch or transaction office and the union units it serves."""

    class Kind(models.TextChoices):
        BRANCH = "branch", _("Chi nhánh")
        OFFICE = "office", _("Phòng giao dịch")

    province = models.ForeignKey(
        Unit,
        verbose_name=_("tỉnh đoàn"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Unit.Kind.PROVINCE},
        help_text=_("Tỉnh đoàn, Thành đoàn có chi nhánh này; cán bộ của đơn vị này quản lý thông tin chi nhánh."),
    )
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("chi nhánh cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, validators=[validate_vietnamese_phone])
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị được phục vụ"), blank=True, related_name="bank_branches"
    )
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ ngân hàng phụ trách"),
        blank=True,
        related_name="bank_branches",
        help_text=_("Người có vai trò cán bộ Ngân hàng CSXH."),
    )

    objects = BankBranchQuerySet.as_manager()

    class Meta:
        verbose_name = _("chi nhánh, phòng giao dịch NHCSXH")
        verbose_name_plural = _("chi nhánh, phòng giao dịch NHCSXH")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="loans_bankbranch_not_own_parent"),
            models.UniqueConstraint(
                fields=["province", "name"],
                name="loans_bankbranch_unique_name",
                violation_error_message=_("Tỉnh đoàn đã có chi nhánh, phòng giao dịch trùng tên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.province_id and self.parent.province_id != self.province_id:
            raise ValidationError({"parent": _("Phòng giao dịch thuộc chi nhánh của cùng tỉnh.")})
