"""Startup clubs and spaces that units register."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from common.history import records_actor

from ..models import StartupClub, StartupSpace


def _check_school(obj) -> None:
    if obj.school_id and obj.school.kind != Unit.Kind.SCHOOL:
        raise ValidationError({"school": _("Chỉ chọn đơn vị là Đoàn trường.")})
    # A club counts towards its school's figure: it must be a school of the registering unit.
    if obj.school_id and obj.unit_id and not obj.school.is_within(obj.unit):
        raise ValidationError({"school": _("Trường phải thuộc đơn vị đăng ký.")})


@records_actor
def club_save(*, club: StartupClub, actor: User) -> StartupClub:
    if club.pk is None:
        club.created_by = actor
    _check_school(club)
    club.full_clean()
    club.save()
    return club


@records_actor
def space_save(*, space: StartupSpace, actor: User) -> StartupSpace:
    if space.pk is None:
        space.created_by = actor
    _check_school(space)
    space.full_clean()
    space.save()
    return space
