"""What the staff's contest pages share: the permission, the page mixin, the round tabs."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from common.views import post_with_permission

from ...models import Round

MANAGE = "competitions.manage_contest"
SCREENING_PAGE_SIZE = 50
RANKING_PAGE_SIZE = 100


staff_only = post_with_permission(MANAGE)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = MANAGE


def contest_rounds(contest_id: int) -> list[dict]:
    """The contest's rounds for the tabs at the top of the staff pages."""
    return list(Round.objects.filter(contest_id=contest_id).order_by("order").values("pk", "name", "kind", "order"))


def round_or_404(pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("contest"), pk=pk)
