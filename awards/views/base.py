"""What the award pages share: who may browse and which programmes they see, the
officer's units and their quotas, the mixins, and turning a service's refusal into a
message or a form error."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rules.contrib.views import PermissionRequiredMixin

from accounts.models import Unit
from accounts.rules import OFFICER, STAFF
from accounts.scoping import access_of, unit_scope_q
from common.views import post_with_permission

from .. import selectors
from ..eligibility import eligibility_checks
from ..models import AwardProgramme, FieldVerification, Nomination

MANAGE = "awards.manage_programme"
NOMINATION_RELATED = ("programme", "entrepreneur__unit", "venture", "unit", "category")


def is_staff(user) -> bool:
    return access_of(user).has_role(STAFF)


def officer_units(user) -> list[Unit]:
    """The active units where the user is an officer: whose quota their pages show."""
    today = timezone.localdate()
    return [u for u in access_of(user).units_by_role.get(OFFICER, ()) if u.is_active_on(today)]


def programmes_visible_to(user):
    """The programmes of the signed-in pages.

    Staff and officers: the published programmes run by a unit in their reach or above
    one of their units (`AwardProgramme.objects.visible_to`); staff also see the drafts
    of the units they reach. A council member: the published programmes whose council
    they sit on; a verifying officer: the programme of the nomination they verify,
    whichever unit runs it."""
    access = access_of(user)
    if access.is_superuser:
        return AwardProgramme.objects.all()
    assigned = Q(pk__in=AwardProgramme.objects.filter(council=user).values("pk")) | Q(
        pk__in=FieldVerification.objects.filter(officer=user).values("nomination__programme_id")
    )
    draft = Q(status=AwardProgramme.Status.DRAFT)
    if not access.scoped_paths:
        return AwardProgramme.objects.filter(~draft & assigned)
    visible = Q(pk__in=AwardProgramme.objects.visible_to(user).values("pk"))
    shown = ~draft & (visible | assigned)
    if access.has_role(STAFF):
        shown |= draft & unit_scope_q(user, lookup="owner")
    return AwardProgramme.objects.filter(shown)


def runs(user, programme: AwardProgramme) -> bool:
    """The user manages this programme: staff of the unit that owns it."""
    return user.has_perm(MANAGE, programme)


def managed_programme_or_404(user, pk: int) -> AwardProgramme:
    """A programme the user manages: one they may not see is a 404, one they see but
    another unit runs is a 403 (so a forged POST changes nothing)."""
    programme = get_object_or_404(programmes_visible_to(user).select_related("owner"), pk=pk)
    if not runs(user, programme):
        raise PermissionDenied
    return programme


def may_browse(user) -> bool:
    """Who has award pages at all: units (nominate), council members (vote), verifiers."""
    return (
        user.has_perm("awards.nominate") or user.has_perm("awards.vote") or user.has_perm("awards.record_verification")
    )


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


staff_only = post_with_permission(MANAGE)


def programme_rules(programme: AwardProgramme) -> list[str]:
    """The programme's eligibility rules in plain Vietnamese, as the checks name them."""
    checks = eligibility_checks(
        programme=programme,
        entrepreneur=None,
        venture=None,
        no_violations_declared=False,
        annual_revenue=0,
        jobs_created=0,
    )
    return [check.label for check in checks]


@dataclass(frozen=True)
class UnitQuota:
    """One unit's nominations in one programme against the programme's quota."""

    programme: AwardProgramme
    unit: Unit
    counted: int
    drafts: int

    @property
    def quota(self) -> int | None:
        return self.programme.quota_per_unit

    @property
    def is_full(self) -> bool:
        return self.quota is not None and self.counted >= self.quota


def unit_quotas(*, programmes: list[AwardProgramme], units: list[Unit]) -> list[UnitQuota]:
    """Each (programme, unit) pair with its counted nominations and drafts, in one query.

    Counted as `selectors.unit_quota` counts: sent and decided nominations, not drafts
    nor withdrawn ones.
    """
    if not programmes or not units:
        return []
    not_counted = [Nomination.Status.DRAFT, Nomination.Status.WITHDRAWN]
    counts = {
        (row["programme_id"], row["unit_id"]): row
        for row in Nomination.objects.filter(programme__in=programmes, unit__in=units)
        .order_by()
        .values("programme_id", "unit_id")
        .annotate(
            counted=Count("pk", filter=~Q(status__in=not_counted)),
            drafts=Count("pk", filter=Q(status=Nomination.Status.DRAFT)),
        )
    }
    result = []
    for programme in programmes:
        for unit in units:
            row = counts.get((programme.pk, unit.pk), {})
            result.append(UnitQuota(programme, unit, row.get("counted", 0), row.get("drafts", 0)))
    return result


class ReaderMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Pages for anyone with a part in award programmes; others (a judge, a bank liaison) get a 403."""

    def has_permission(self) -> bool:
        return may_browse(self.request.user)


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Staff pages: a staff role first (others get a 403 before any lookup), then the
    programme of `get_permission_object()` must be run by the user's unit."""

    permission_required = MANAGE

    def has_permission(self) -> bool:
        user = self.request.user
        return user.has_perm(MANAGE) and user.has_perm(MANAGE, self.get_permission_object())


class ProgrammeStaffMixin(StaffMixin):
    """A staff page of one programme (`programme_pk` in the URL), set as `self.programme`."""

    def get_permission_object(self):
        if not hasattr(self, "programme"):
            self.programme = get_object_or_404(
                programmes_visible_to(self.request.user).select_related("owner"), pk=self.kwargs["programme_pk"]
            )
        return self.programme


def _readable(user, queryset, lookup: str):
    """Rows of `queryset` whose nomination (through `lookup`) the user may open."""
    return queryset.filter(**{f"{lookup}__in": selectors.nominations_visible_to(user=user).values("pk")})
