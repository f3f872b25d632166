"""Creating, editing, publishing and cancelling job fairs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common.history import records_actor

from ..models import JobFair

FAIR_FIELDS = (
    "name",
    "slug",
    "kind",
    "starts_at",
    "ends_at",
    "venue",
    "unit",
    "partners",
    "capacity",
    "description",
)


@records_actor
@transaction.atomic
def fair_save(*, fair: JobFair, actor: User) -> JobFair:
    """Validate and save a new or edited fair (a draft until published)."""
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
    fair.record_void(reason=reason, actor=actor, now=now)
    return fair
