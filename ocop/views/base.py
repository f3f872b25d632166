"""Helpers every OCOP view module shares."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from ..models import CandidateList, Product
from ..selectors import cycles_visible_to


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def cycle_or_404(user, pk: int):
    return get_object_or_404(cycles_visible_to(user=user), pk=pk)


def list_or_404(user, pk: int) -> CandidateList:
    return get_object_or_404(CandidateList.objects.visible_to(user).select_related("cycle", "unit"), pk=pk)


def product_or_404(user, pk: int) -> Product:
    return get_object_or_404(
        Product.objects.visible_to(user).select_related(
            "cycle", "unit", "commune", "venture", "owner", "responsible", "current_rating", "entry__candidate_list"
        ),
        pk=pk,
    )
