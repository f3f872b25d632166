"""Creating, editing, publishing and cancelling job fairs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.scoping import require_runs
from common.history import records_actor

from ..models import JobFair
from ..rules import officer_reaches, runs_fair

FAIR_FIELDS = (
    "name",
    "slug",
    "kind",
    "starts_at",
    "ends_at",
    "venue",
    "owner",
    "unit",
    "partners",
    "capacity",
    "description",
)


def _require_runs_fair(*, actor: User, fair: JobFair) -> None:
    """Refuse a change to a fair the actor does not run (`jobs.rules.runs_fair`); the demo and
    tasks pass no actor."""
    if actor is not None and not runs_fair(actor, fair):
        raise PermissionDenied(_("Ngày hội này do %(unit)s điều hành.") % {"unit": fair.owner.name})


@records_actor
@transaction.atomic
def fair_create(*, fair: JobFair, owner: Unit | None, actor: User) -> JobFair:
    """Create a fair (a draft until published) owned by `owner`, a unit whose staff the actor is.
    An officer, who runs no unit, names no owner: the fair is then their own unit's (`fair.unit`,
    which they reach as an officer), run by its officers and not by the province's staff."""
    if owner is None:
        if actor is not None and not (fair.unit_id and officer_reaches(actor, fair.unit)):
            raise PermissionDenied(_("Chọn đơn vị chủ trì của ngày hội."))
        owner = fair.unit
    else:
        require_runs(actor=actor, owner=owner)
    fair.owner = owner
    return fair_save(fair=fair, actor=actor)


@records_actor
@transaction.atomic
def fair_save(*, fair: JobFair, actor: User) -> JobFair:
    """Validate and save a new or edited fair; the actor must run it."""
    if fair.owner_id is None:
        raise ValidationError({"owner": _("Chọn đơn vị chủ trì của ngày hội.")})
    _require_runs_fair(actor=actor, fair=fair)
    if fair.pk is None:
        fair.created_by = actor
    elif fair.capacity is not None:
        registered = fair.seekers.count()
        if fair.capacity < registered:
            raise ValidationError(
                {"capacity": _("Đã có %(n)s người đăng ký; số tối đa không được nhỏ hơn.") % {"n": registered}}
            )
    fair.full_clean()
    fair.save()
    return fair


@records_actor
@transaction.atomic
def fair_set_status(*, fair: JobFair, status: str, actor: User) -> JobFair:
    """Publish a fair (its public page and registration forms open), cancel it, or take it back to draft."""
    fair = JobFair.objects.select_for_update(of=("self",)).get(pk=fair.pk)
    _require_runs_fair(actor=actor, fair=fair)
    if status not in JobFair.Status.values:
        raise ValidationError(_("Trạng thái không hợp lệ."))
    if status == JobFair.Status.PUBLISHED and fair.has_ended():
        raise ValidationError(_("Ngày hội đã kết thúc, không công bố được nữa."))
    fair.status = status
    fair.save(update_fields=["status", "updated_at"])
    return fair


@records_actor
@transaction.atomic
def fair_archive(*, fair: JobFair, reason: str, actor: User, now=None) -> JobFair:
    """Archive a fair with a reason: it stays with its employers, vacancies, seekers,
    applications and hires (and their history), leaves the lists and the public pages, and
    its figures stop counting from today (periods that ended before still count it)."""
    fair = JobFair.objects.select_for_update(of=("self",)).get(pk=fair.pk)
    require_runs(actor=actor, owner=fair.owner)
    fair.record_void(reason=reason, actor=actor, now=now)
    return fair
