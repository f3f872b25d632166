"""What the staff's contest pages share: the permission, the page mixin, the round tabs.

A page or action on a contest (or on one of its rounds, entries, scorecards) first finds the
object among the contests the user sees (`Contest.objects.visible_to`: another province's
contest is a 404), then asks `competitions.manage_contest` with the object: only the staff of
the contest's owner unit pass, anyone else who sees it gets a 403.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from common.views import post_with_permission

from ...models import Contest, Round

MANAGE = "competitions.manage_contest"
SCREENING_PAGE_SIZE = 50
RANKING_PAGE_SIZE = 100


staff_only = post_with_permission(MANAGE)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def require_manage(user, obj) -> None:
    """403 unless the user runs the contest of `obj` (a contest or any object in one)."""
    if not user.has_perm(MANAGE, obj):
        raise PermissionDenied


def visible_contests(user):
    return Contest.objects.visible_to(user)


def contest_or_404(pk: int, *, user) -> Contest:
    """A contest the user sees (404 otherwise) and runs (403 otherwise)."""
    contest = get_object_or_404(visible_contests(user).select_related("owner"), pk=pk)
    require_manage(user, contest)
    return contest


def managed_or_404(queryset, *, user, contest_lookup: str = "contest", **lookups):
    """One object of `queryset` in a contest the user sees (404 otherwise) and runs (403 otherwise)."""
    obj = get_object_or_404(queryset.filter(**{f"{contest_lookup}__in": visible_contests(user)}), **lookups)
    require_manage(user, obj)
    return obj


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A staff page: `get_permission_object` gives the contest the page works on."""

    permission_required = MANAGE

    def has_permission(self) -> bool:
        # Without a staff role: 403 before any lookup; with one, the contest (404 when it is not
        # visible), then whether the user runs it.
        return self.request.user.has_perm(MANAGE) and super().has_permission()

    def get_permission_object(self):
        if "contest_pk" in self.kwargs:
            contests = visible_contests(self.request.user).select_related("owner")
            return get_object_or_404(contests, pk=self.kwargs["contest_pk"])
        # Kept for the page, which then needs no second query for its round.
        self.permission_round = get_object_or_404(
            Round.objects.filter(contest__in=visible_contests(self.request.user)).select_related("contest__owner"),
            pk=self.kwargs["pk"],
        )
        return self.permission_round.contest


def contest_rounds(contest_id: int) -> list[dict]:
    """The contest's rounds for the tabs at the top of the staff pages."""
    return list(Round.objects.filter(contest_id=contest_id).order_by("order").values("pk", "name", "kind", "order"))


def round_or_404(pk: int, *, user) -> Round:
    """A round of a contest the user sees (404 otherwise) and runs (403 otherwise)."""
    return managed_or_404(Round.objects.select_related("contest__owner"), user=user, pk=pk)
